"""Files and rows in step: a photo's or recording's files are written *before* its row is
committed, and removed again if the commit fails (`StagedFiles`); files of deleted rows are
removed only *after* the commit that deleted the rows (`remove_after_commit`). So a crash
leaves at worst a file without a row, never a row without a file, and
`verhalenkaart media check --fix` (media/check.py) clears such files.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from verhalenkaart.media.models import Audio, Photo, PhotoUpload
from verhalenkaart.media.storage import Storage, StorageError, current_storage

log = logging.getLogger(__name__)


class StagedFiles:
    """Files written for rows not yet committed: removed again unless the block succeeds.

    Use around the service call *and* the commit::

        with StagedFiles(storage) as staged:
            add_photo(session, staged, story, upload, data, rules, editor)
            session.commit()

    Every key is this upload's own (storage.upload_key), so each one put is removed on failure —
    also one whose write failed halfway or whose answer was lost: the store may hold the bytes
    although `put` raised, and no other row can use that key.
    """

    def __init__(self, storage: Storage):
        self.storage = storage
        self.created: list[str] = []

    def put(self, key: str, data: bytes) -> None:
        self.created.append(key)  # before the write: a failed write may still have stored it
        self.storage.put(key, data)

    def discard(self) -> None:
        """Remove the files put so far (their row will not be committed)."""
        keys, self.created = self.created, []
        for key in keys:
            try:
                self.storage.delete(key)
            except StorageError:
                # An orphan that `verhalenkaart media check --fix` clears.
                log.exception("Could not remove %s after a failed upload", key)

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.discard()


_PENDING = "verhalenkaart.media.remove_after_commit"


def remove_after_commit(session: Session, storage: Storage | None, keys: Iterable[str]) -> None:
    """Remove the files of `keys` that no row uses any more, once the session commits.

    Call after the rows were deleted and flushed. A rollback forgets them (the rows are back).
    """
    unused = set(keys) - keys_in_use(session, set(keys))
    if not unused:
        return
    pending = session.info.setdefault(_PENDING, {"storage": storage, "keys": set()})
    pending["keys"] |= unused


@event.listens_for(Session, "after_commit")
def _remove_files_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    storage = pending["storage"] or current_storage()
    for key in sorted(pending["keys"]):
        try:
            storage.delete(key)
        except StorageError:
            # The row is gone; the file is an orphan that `media check --fix` will clear.
            log.exception("Could not remove %s", key)


@event.listens_for(Session, "after_soft_rollback")
def _forget_files_after_rollback(session: Session, _previous_transaction) -> None:
    # Any rollback, savepoints included: the rows may be back, so their files must stay. (At
    # worst a file is kept that `media check --fix` clears later; never a row loses its file.)
    session.info.pop(_PENDING, None)


def keys_in_use(session: Session, keys: set[str]) -> set[str]:
    """Which of `keys` some photo, recording or waiting upload row refers to."""
    if not keys:
        return set()
    used: set[str] = set()
    for column in (
        Photo.thumb_key,
        Photo.medium_key,
        Photo.large_key,
        Audio.key,
        PhotoUpload.source_key,
    ):
        used |= set(session.scalars(sa.select(column).where(column.in_(list(keys)))))
    return used

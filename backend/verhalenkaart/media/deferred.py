"""HEIC photos are made by a job, not in the request (decision 22): decoding a phone's HEIC takes
a worker about 1.5 s, where a JPEG decodes at reduced size in a fraction of that. The upload is
checked from its header, kept as sent under `incoming/` (never served) with a PhotoUpload row,
and answered 202; the job `media.finish-photo` makes the derivatives, adds the Photo with the
same uuid, and deletes the row and the upload. Until then the story shows no such photo, and
the upload counts towards the story's photo limit.

Files and rows stay in step as in media/files.py: the upload is written before its row is
committed and removed if the commit fails; the derivatives are written before the photo row
and removed if the story or the upload went meanwhile (a withdrawn story, an erased account).
"""

from __future__ import annotations

import logging
import uuid

import sqlalchemy as sa
from flask import current_app
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import User
from verhalenkaart.errors import Busy, Conflict, DomainError, PayloadTooLarge
from verhalenkaart.extensions import db
from verhalenkaart.jobs import services as jobs
from verhalenkaart.media.files import StagedFiles, remove_after_commit
from verhalenkaart.media.images import decode_slot, file_problem, open_photo, process_photo
from verhalenkaart.media.kinds import PHOTOS
from verhalenkaart.media.models import Photo, PhotoUpload
from verhalenkaart.media.services import (
    MediaRules,
    _check_room,
    _edited,
    _existing_for_retry,
    _insert,
)
from verhalenkaart.media.storage import Storage, current_storage, upload_key
from verhalenkaart.stories.models import Status, Story, lock_story
from verhalenkaart.stories.signals import story_deleted

log = logging.getLogger(__name__)

FINISH_JOB = "media.finish-photo"
#: Formats made by the job rather than in the request (Pillow's names).
DEFERRED_FORMATS = frozenset({"HEIF"})


def deferred_format(upload: bytes, rules: MediaRules) -> bool:
    """Whether this upload is made by the job: a HEIC (header checked; raises as
    process_photo does for an upload that is no photo we read)."""
    return open_photo(upload, rules.photo_max_pixels).format in DEFERRED_FORMATS


def accept_photo(
    session: Session,
    staged: StagedFiles,
    story: Story,
    upload: bytes,
    data: dict,
    rules: MediaRules,
    editor: User,
) -> tuple[Photo | PhotoUpload, bool]:
    """Keep a HEIC upload for the job. Returns (photo or upload, accepted): a retry with a
    client id answers with the photo made already, or the upload still waiting (accepted =
    False). Raises as add_photo does (413, 415, 422, 409 when the story is full)."""
    lock_story(session, story)
    client_id = data.get("id")
    existing = _waiting(session, story, client_id) or _existing_for_retry(
        session, PHOTOS, story, client_id
    )
    if existing is not None:
        return existing, False
    if len(upload) > rules.photo_max_bytes:
        raise file_problem(
            PayloadTooLarge, _(PHOTOS.too_large, megabytes=rules.photo_max_bytes // 2**20)
        )
    open_photo(upload, rules.photo_max_pixels)
    _check_room(session, PHOTOS, story, rules.max_photos)
    key = upload_key("incoming", "heic")
    staged.put(key, upload)
    pending = PhotoUpload(
        uuid=client_id or uuid.uuid4(),
        story_id=story.id,
        editor_id=editor.id,
        caption=(data.get("caption") or "").strip(),
        alt=(data.get("alt") or "").strip(),
        source_key=key,
    )
    winner = _insert(session, PHOTOS, story, pending, lambda u: _waiting(session, story, u))
    if winner is not None:  # a concurrent retry with the same client id went in first
        staged.discard()
        return winner, False
    _edited(story, editor, rules)
    return pending, True


def queue_finishing(pending: PhotoUpload) -> None:
    """After the commit that kept the upload: queue its job (decision 20's order)."""
    jobs.enqueue(FINISH_JOB, upload=str(pending.uuid))


def queue_waiting(session: Session) -> int:
    """Queue the job of every upload still waiting; returns how many."""
    waiting = list(session.scalars(sa.select(PhotoUpload).order_by(PhotoUpload.id)))
    for pending in waiting:
        queue_finishing(pending)
    return len(waiting)


def _waiting(session: Session, story: Story, client_id: uuid.UUID | None) -> PhotoUpload | None:
    if client_id is None:
        return None
    pending = session.scalar(sa.select(PhotoUpload).where(PhotoUpload.uuid == client_id))
    if pending is not None and pending.story_id != story.id:
        raise Conflict(_(PHOTOS.taken), {"id": [_("This id is taken.")]})
    return pending


@jobs.job(FINISH_JOB)
def finish_photo(upload: str) -> None:
    """Make the derivatives of a kept upload and add its photo. An upload that turns out not to
    decode is dropped (no retry helps); anything else raises and the job is tried again."""
    session, storage = db.session, current_storage()
    rules = MediaRules.from_config(current_app.config)
    pending = _pending(session, uuid.UUID(upload))
    if pending is None:
        return  # its story was deleted or withdrawn; the upload went with it
    story_id, source_key = pending.story_id, pending.source_key
    session.commit()  # no transaction open while the photo is decoded
    try:
        data = storage.read(source_key)
    except FileNotFoundError:
        log.warning("Upload %s lost its file; dropping it", upload)
        _drop(session, storage, uuid.UUID(upload))
        return
    try:
        with decode_slot(rules.photo_concurrency, rules.photo_queue_seconds):
            processed = process_photo(data, rules.photo_max_pixels)
    except Busy:
        raise
    except DomainError as problem:
        log.warning("Upload %s is no photo we can make (%s); dropping it", upload, problem)
        _drop(session, storage, uuid.UUID(upload))
        return
    with StagedFiles(storage) as staged:
        keys = {}
        for name, derivative in processed.derivatives.items():
            keys[name] = upload_key("photos", derivative.extension)
            staged.put(keys[name], derivative.data)
        # The story first (a deletion holds it while it removes the upload), then the upload.
        _write_transaction(session)
        story = session.get(Story, story_id, populate_existing=True)
        if story is not None:
            lock_story(session, story)
            session.refresh(story)
        pending = _pending(session, uuid.UUID(upload))
        if pending is None or story is None or story.status == Status.DELETED:
            staged.discard()
            session.rollback()
            return
        position = session.scalar(sa.select(sa.func.count()).where(Photo.story_id == story.id))
        session.add(
            Photo(
                uuid=pending.uuid,
                story_id=story.id,
                position=position or 0,
                caption=pending.caption,
                alt=pending.alt,
                width=processed.width,
                height=processed.height,
                thumb_key=keys["thumb"],
                medium_key=keys["medium"],
                large_key=keys["large"],
            )
        )
        _forget(session, storage, pending)
        session.commit()


def _pending(session: Session, upload: uuid.UUID) -> PhotoUpload | None:
    return session.scalar(
        sa.select(PhotoUpload)
        .where(PhotoUpload.uuid == upload)
        .execution_options(populate_existing=True)
    )


def _write_transaction(session: Session) -> None:
    """Begin the job's writing transaction as a writing request's: on SQLite with the write
    lock taken at BEGIN (db.py), so it waits its turn instead of failing under other writers."""
    session.connection(execution_options={"sqlite_begin": "immediate"})


def _forget(session: Session, storage: Storage | None, pending: PhotoUpload) -> None:
    """Delete the row; its upload goes once that is committed."""
    session.delete(pending)
    session.flush()
    remove_after_commit(session, storage, pending.keys)


def _drop(session: Session, storage: Storage, upload: uuid.UUID) -> None:
    _write_transaction(session)
    pending = _pending(session, upload)
    if pending is not None:
        _forget(session, storage, pending)
    session.commit()


@story_deleted.connect
def _remove_story_uploads(story: Story, *, session: Session, **_) -> None:
    """A deleted story takes its waiting uploads with it (the job then finds nothing)."""
    for pending in session.scalars(sa.select(PhotoUpload).where(PhotoUpload.story_id == story.id)):
        _forget(session, None, pending)

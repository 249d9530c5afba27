"""`verhalenkaart media check`: stored files against photo and recording rows."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart.db import utcnow
from verhalenkaart.media.files import remove_after_commit
from verhalenkaart.media.models import Audio, Photo, PhotoUpload
from verhalenkaart.media.storage import Storage


@dataclass
class MediaCheck:
    """What `verhalenkaart media check` found (and, with fix, removed)."""

    files_without_rows: list[str]
    recent_files_skipped: int
    photos_without_files: list[uuid.UUID]
    recordings_without_files: list[uuid.UUID]

    @property
    def clean(self) -> bool:
        return not (
            self.files_without_rows or self.photos_without_files or self.recordings_without_files
        )


def check_media(session: Session, storage: Storage, *, fix: bool, grace_seconds: int) -> MediaCheck:
    """Compare stored files with photo and recording rows.

    Files younger than `grace_seconds` are left alone: an upload writes its files before its row
    is committed. With `fix`, orphaned files are deleted and rows whose files are gone are
    removed (their story then shows the rest); the caller commits.
    """

    stored = {f.key: f.modified for f in storage.files()}
    photos = list(session.scalars(sa.select(Photo)))
    recordings = list(session.scalars(sa.select(Audio)))
    # A waiting upload's file is no orphan (its row goes when its job has made the photo).
    waiting = set(session.scalars(sa.select(PhotoUpload.source_key)))
    referenced = {key for row in [*photos, *recordings] for key in row.keys} | waiting
    cutoff = utcnow() - dt.timedelta(seconds=grace_seconds)
    orphans = sorted(
        k for k, modified in stored.items() if k not in referenced and modified < cutoff
    )
    recent = sum(1 for k, modified in stored.items() if k not in referenced and modified >= cutoff)
    broken_photos = [p for p in photos if any(k not in stored for k in p.keys)]
    broken_recordings = [a for a in recordings if a.key not in stored]
    report = MediaCheck(
        orphans, recent, [p.uuid for p in broken_photos], [a.uuid for a in broken_recordings]
    )
    if fix:
        for key in orphans:
            storage.delete(key)
        stories = {row.story_id for row in [*broken_photos, *broken_recordings]}
        for row in [*broken_photos, *broken_recordings]:
            session.delete(row)
        session.flush()
        for story_id in stories:
            remaining = session.scalars(
                sa.select(Photo).where(Photo.story_id == story_id).order_by(Photo.position)
            )
            for index, photo in enumerate(remaining):
                photo.position = index
        # The surviving files of a half-broken photo go once the row's removal is committed.
        leftover = {k for row in [*broken_photos, *broken_recordings] for k in row.keys}
        remove_after_commit(session, storage, leftover & set(stored))
        session.flush()
    return report

"""A user's photos and recordings in their GDPR export ZIP (me.services export providers)."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import User
from verhalenkaart.me.services import register_export_files
from verhalenkaart.media.features import photos_of, recordings_of
from verhalenkaart.media.storage import StorageError, current_storage
from verhalenkaart.stories.models import Status, Story


@register_export_files
def user_media_files(session: Session, user: User) -> Iterator[tuple[str, bytes]]:
    """The large size of every photo (the original is never kept) and every recording of the
    user's stories, as `media/<story id>/foto-<n>.jpg` and `media/<story id>/opname-<n>.<ext>`.
    A file that is missing from storage is left out and logged (`media check` reports it)."""
    storage = current_storage()
    stories = session.scalars(
        sa.select(Story)
        .where(Story.author_id == user.id, Story.status != Status.DELETED)
        .order_by(Story.id)
    )
    for story in stories:
        files = [
            (f"foto-{n}.jpg", photo.large_key)
            for n, photo in enumerate(photos_of(session, story), 1)
        ] + [
            (f"opname-{n}.{audio.key.rsplit('.', 1)[-1]}", audio.key)
            for n, audio in enumerate(recordings_of(session, story), 1)
        ]
        for name, key in files:
            try:
                content = storage.read(key)
            except (FileNotFoundError, StorageError):
                current_app.logger.warning("Export of user %s: %s is not in storage", user.id, key)
                continue
            yield f"media/{story.uuid}/{name}", content

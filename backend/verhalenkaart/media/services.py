"""Media services: attach, edit and remove a story's photos and recordings. No request state
here. Keeping files and rows in step is media/files.py's work; the photos and recordings in the
story Feature are media/features.py's; `media check` is media/check.py's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import User
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, Forbidden, NotFound, PayloadTooLarge
from verhalenkaart.media.audio import process_audio
from verhalenkaart.media.features import photos_of, recordings_of
from verhalenkaart.media.files import StagedFiles, remove_after_commit
from verhalenkaart.media.images import (
    ProcessedPhoto,
    decode_slot,
    file_problem,
    process_photo,
)
from verhalenkaart.media.kinds import PHOTOS, RECORDINGS, MediaKind
from verhalenkaart.media.models import Audio, Photo, PhotoUpload
from verhalenkaart.media.storage import Storage, upload_key
from verhalenkaart.moderation.services import record_event
from verhalenkaart.stories.models import Status, Story, lock_story, status_after_edit
from verhalenkaart.stories.signals import story_deleted

Media = Photo | Audio


@dataclass(frozen=True)
class MediaRules:
    """The configuration media writes depend on."""

    max_photos: int = 8
    photo_max_bytes: int = 25 * 1024 * 1024
    photo_max_pixels: int = 50_000_000
    photo_concurrency: int = 2
    photo_queue_seconds: float = 20
    max_audio: int = 3
    audio_max_bytes: int = 16 * 1024 * 1024
    audio_max_seconds: int = 300
    moderation: str = "pre"

    @classmethod
    def from_config(cls, config: dict) -> MediaRules:
        return cls(
            max_photos=config["MAX_PHOTOS_PER_STORY"],
            photo_max_bytes=config["PHOTO_MAX_BYTES"],
            photo_max_pixels=config["PHOTO_MAX_PIXELS"],
            photo_concurrency=config["PHOTO_CONCURRENCY"],
            photo_queue_seconds=config["PHOTO_QUEUE_SECONDS"],
            max_audio=config["MAX_AUDIO_PER_STORY"],
            audio_max_bytes=config["AUDIO_MAX_BYTES"],
            audio_max_seconds=config["AUDIO_MAX_SECONDS"],
            moderation=config["MODERATION"],
        )


# --- permissions ------------------------------------------------------------------------------


def _story_with_media(session: Session, story_uuid: uuid.UUID, user: User) -> Story:
    story = session.scalar(sa.select(Story).where(Story.uuid == story_uuid))
    if story is None or not story.visible_to(user) or story.status == Status.DELETED:
        raise NotFound(_("There is no story with this id."))
    return story


def story_for_upload(session: Session, story_uuid: uuid.UUID, user: User) -> Story:
    """The story `user` may add media to or edit media of: only its author.

    NotFound if the user may not see it, Forbidden if they see it but did not write it.
    """
    story = _story_with_media(session, story_uuid, user)
    if story.author_id is None or story.author_id != user.id:
        raise Forbidden(_("Only the story's author can add or change its photos and recordings."))
    return story


def story_for_media_removal(session: Session, story_uuid: uuid.UUID, user: User) -> Story:
    """The story whose media `user` may delete: its author, or a moderator."""
    story = _story_with_media(session, story_uuid, user)
    if not story.can_edit(user):
        raise Forbidden(_("Only the story's author or a moderator can remove its media."))
    return story


# --- the steps photos and recordings share ------------------------------------------------------


def _get(session: Session, kind: MediaKind, story: Story, item_uuid: uuid.UUID) -> Media:
    model = kind.model
    item = session.scalar(
        sa.select(model).where(model.uuid == item_uuid, model.story_id == story.id)
    )
    if item is None:
        raise NotFound(_(kind.missing))
    return item


def _existing_for_retry(
    session: Session, kind: MediaKind, story: Story, client_id: uuid.UUID | None
) -> Media | None:
    """The item with the client id, if it belongs to `story`; Conflict if it belongs to
    another story."""
    if client_id is None:
        return None
    existing = session.scalar(sa.select(kind.model).where(kind.model.uuid == client_id))
    if existing is not None and existing.story_id != story.id:
        raise Conflict(_(kind.taken), {"id": [_("This id is taken.")]})
    if existing is None and kind is PHOTOS:
        # A HEIC still being made holds this id (media/deferred.py): its photo will take it.
        waiting = sa.select(PhotoUpload.id).where(PhotoUpload.uuid == client_id)
        if session.scalar(waiting) is not None:
            raise Conflict(_(kind.taken), {"id": [_("This id is taken.")]})
    return existing


def _check_room(session: Session, kind: MediaKind, story: Story, limit: int) -> int:
    """How many items of `kind` the story has; Conflict if that is `limit` already. Photos
    still being made (media/deferred.py) count too."""
    count = session.scalar(sa.select(sa.func.count()).where(kind.model.story_id == story.id)) or 0
    if kind is PHOTOS:
        count += (
            session.scalar(sa.select(sa.func.count()).where(PhotoUpload.story_id == story.id)) or 0
        )
    if count >= limit:
        detail, error = kind.full(limit)
        raise Conflict(detail, {"file": [error]})
    return count


def _insert(
    session: Session,
    kind: MediaKind,
    story: Story,
    item: Media | PhotoUpload,
    find: Callable[[uuid.UUID], object] | None = None,
):
    """Add the new item; if a concurrent retry with the same client id won the race, return
    that one instead (None when the new item went in). `find(uuid)` looks the winner up
    (default: the kind's own rows)."""
    try:
        with session.begin_nested():
            session.add(item)
            session.flush()
    except IntegrityError:
        existing = (find or (lambda u: _existing_for_retry(session, kind, story, u)))(item.uuid)
        if existing is None:
            raise
        return existing
    return None


def _remove(session: Session, storage: Storage | None, rows: list[Media]) -> None:
    """Delete photo/recording rows; their files go once the deletion is committed."""
    keys = [key for row in rows for key in row.keys]
    for row in rows:
        session.delete(row)
    session.flush()
    remove_after_commit(session, storage, keys)


def _audit_removal(session: Session, story: Story, user: User, kind: MediaKind) -> None:
    """A moderator removing someone else's photo or recording is a moderation action: it goes
    into the audit trail as an event of the story (the photo row itself is gone)."""
    if story.author_id != user.id:
        action = "remove-photo" if kind is PHOTOS else "remove-audio"
        record_event(session, "story", story.id, user, action, story.status, story.status)


def _touch(story: Story) -> None:
    story.updated_at = utcnow()


def _edited(story: Story, editor: User, rules: MediaRules) -> None:
    """New or changed media are new content: the story's status follows the same rule as a text
    edit (stories.models.status_after_edit), so nothing unreviewed is ever public; a pupil's
    photo goes to their teacher under post-moderation too. Removing media needs no review."""
    _touch(story)
    story.status = status_after_edit(story.status, editor, rules.moderation)


def _add(
    session: Session,
    kind: MediaKind,
    story: Story,
    client_id: uuid.UUID | None,
    upload: bytes,
    limits: tuple[int, int],
    make: Callable[[int], Media],
) -> tuple[Media, bool]:
    """Add the item `make(position)` builds (it processes the upload and stages its files), or
    answer a retry with the existing one. `limits`: (largest upload in bytes, most items of
    this kind a story has). Returns (item, created).

    The story's row is locked first: counting, then inserting, would otherwise let concurrent
    uploads all see room for one more and all go in past the limit."""
    lock_story(session, story)
    existing = _existing_for_retry(session, kind, story, client_id)
    if existing is not None:
        return existing, False
    max_bytes, limit = limits
    if len(upload) > max_bytes:
        raise file_problem(PayloadTooLarge, _(kind.too_large, megabytes=max_bytes // 2**20))
    position = _check_room(session, kind, story, limit)
    item = make(position)
    winner = _insert(session, kind, story, item)
    return (winner, False) if winner is not None else (item, True)


# --- photos -----------------------------------------------------------------------------------


def get_photo(session: Session, story: Story, photo_uuid: uuid.UUID) -> Photo:
    return _get(session, PHOTOS, story, photo_uuid)


def add_photo(
    session: Session,
    staged: StagedFiles,
    story: Story,
    upload: bytes,
    data: dict,
    rules: MediaRules,
    editor: User,
) -> tuple[Photo, ProcessedPhoto | None, bool]:
    """Attach an uploaded photo to `story`: validate, make derivatives, write them, add the row.

    Returns (photo, processed, created); a retry with an existing client `id` returns the
    existing photo with created=False (and processes the upload only for its suggestion).
    Raises PayloadTooLarge (413), UnsupportedMediaType (415), ValidationProblem (422) and
    Conflict (409: photo limit reached, or the client id belongs to another story).
    """
    processed: ProcessedPhoto | None = None

    def make(position: int) -> Photo:
        nonlocal processed
        with decode_slot(rules.photo_concurrency, rules.photo_queue_seconds):
            processed = process_photo(upload, rules.photo_max_pixels)
        keys = {}
        for name, derivative in processed.derivatives.items():
            keys[name] = upload_key("photos", derivative.extension)
            staged.put(keys[name], derivative.data)
        return Photo(
            uuid=data.get("id") or uuid.uuid4(),
            story_id=story.id,
            position=position,
            caption=(data.get("caption") or "").strip(),
            alt=(data.get("alt") or "").strip(),
            width=processed.width,
            height=processed.height,
            thumb_key=keys["thumb"],
            medium_key=keys["medium"],
            large_key=keys["large"],
        )

    photo, created = _add(
        session,
        PHOTOS,
        story,
        data.get("id"),
        upload,
        (rules.photo_max_bytes, rules.max_photos),
        make,
    )
    if created:
        _edited(story, editor, rules)
    else:
        staged.discard()  # a concurrent retry's photo won: this upload's files are not used
    return photo, processed, created


def update_photo(
    session: Session, story: Story, photo: Photo, data: dict, rules: MediaRules, editor: User
) -> Photo:
    """Change caption, alt text or position (0 = first; the others move up or down)."""
    if "caption" in data:
        photo.caption = (data["caption"] or "").strip()
    if "alt" in data:
        photo.alt = (data["alt"] or "").strip()
    if data.get("position") is not None:
        ordered = [p for p in photos_of(session, story) if p.id != photo.id]
        position = max(0, min(data["position"], len(ordered)))
        ordered.insert(position, photo)
        for index, item in enumerate(ordered):
            item.position = index
    session.flush()
    _edited(story, editor, rules)
    return photo


def delete_photo(
    session: Session, storage: Storage | None, story: Story, photo: Photo, user: User
) -> None:
    """Remove a photo (`user`: its story's author or a moderator, recorded in the audit trail
    when not the author); its files go once the deletion is committed."""
    _audit_removal(session, story, user, PHOTOS)
    _remove(session, storage, [photo])
    for index, item in enumerate(photos_of(session, story)):
        item.position = index
    session.flush()
    _touch(story)


# --- recordings -------------------------------------------------------------------------------


def get_recording(session: Session, story: Story, audio_uuid: uuid.UUID) -> Audio:
    return _get(session, RECORDINGS, story, audio_uuid)


def add_recording(
    session: Session,
    staged: StagedFiles,
    story: Story,
    upload: bytes,
    data: dict,
    rules: MediaRules,
    editor: User,
) -> tuple[Audio, bool]:
    """Attach a voice recording to `story`. Returns (audio, created); raises like add_photo."""

    def make(position: int) -> Audio:
        processed = process_audio(upload, rules.audio_max_seconds)
        key = upload_key("audio", processed.extension)
        staged.put(key, processed.data)
        return Audio(
            uuid=data.get("id") or uuid.uuid4(),
            story_id=story.id,
            position=position,
            key=key,
            mime_type=processed.mime_type,
            duration=processed.duration,
            transcript=(data.get("transcript") or "").strip(),
        )

    audio, created = _add(
        session,
        RECORDINGS,
        story,
        data.get("id"),
        upload,
        (rules.audio_max_bytes, rules.max_audio),
        make,
    )
    if created:
        _edited(story, editor, rules)
    else:
        staged.discard()  # a concurrent retry's recording won: this upload's file is not used
    return audio, created


def update_recording(
    session: Session, story: Story, audio: Audio, data: dict, rules: MediaRules, editor: User
) -> Audio:
    if "transcript" in data:
        audio.transcript = (data["transcript"] or "").strip()
    session.flush()
    _edited(story, editor, rules)
    return audio


def delete_recording(
    session: Session, storage: Storage | None, story: Story, audio: Audio, user: User
) -> None:
    """Remove a recording (`user` as for delete_photo); its file goes after the commit."""
    _audit_removal(session, story, user, RECORDINGS)
    _remove(session, storage, [audio])
    _touch(story)


def remove_story_recordings(session: Session, story: Story) -> None:
    """Delete `story`'s voice recordings (a voice identifies its speaker); files after commit."""
    _remove(session, None, recordings_of(session, story))


@story_deleted.connect
def _remove_story_media(story: Story, *, session: Session, **_) -> None:
    """A deleted story takes every photo and recording with it; the files go after the commit."""
    _remove(session, None, photos_of(session, story) + recordings_of(session, story))

"""Media services: attach, edit and remove a story's photos and recordings, keep files and rows in
step, and describe them for the story Feature. No request state here (media URLs come from the
app's configuration).

Files and rows: files are written *before* the row is committed, and removed again if the commit
fails (`StagedFiles`); files of deleted rows are removed only *after* the commit that deleted the
rows (`remove_after_commit`). So a crash leaves at worst a file without a row, never a row without
a file, and `verhalenkaart media check --fix` clears such files.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from verhalenkaart import geo
from verhalenkaart.accounts.models import User
from verhalenkaart.errors import Conflict, Forbidden, NotFound, PayloadTooLarge
from verhalenkaart.media.audio import ProcessedAudio, process_audio
from verhalenkaart.media.images import ProcessedPhoto, file_problem, process_photo
from verhalenkaart.media.models import Audio, Photo
from verhalenkaart.media.storage import Storage, StorageError, content_key
from verhalenkaart.stories.models import Status, Story, status_after_edit

log = logging.getLogger(__name__)

DEFAULT_MEDIA_URL = "/media/"


@dataclass(frozen=True)
class MediaRules:
    """The configuration media writes depend on."""

    max_photos: int = 8
    photo_max_bytes: int = 25 * 1024 * 1024
    photo_max_pixels: int = 100_000_000
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
            max_audio=config["MAX_AUDIO_PER_STORY"],
            audio_max_bytes=config["AUDIO_MAX_BYTES"],
            audio_max_seconds=config["AUDIO_MAX_SECONDS"],
            moderation=config["MODERATION"],
        )


# --- files and rows in step -------------------------------------------------------------------


class StagedFiles:
    """Files written for rows not yet committed: removed again unless the block succeeds.

    Use around the service call *and* the commit::

        with StagedFiles(storage) as staged:
            add_photo(session, staged, story, upload, data, rules, editor)
            session.commit()
    """

    def __init__(self, storage: Storage):
        self.storage = storage
        self.created: list[str] = []

    def put(self, key: str, data: bytes) -> None:
        if self.storage.put(key, data):
            self.created.append(key)

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            return
        # Only files this request created: an existing file (the same photo elsewhere) stays.
        for key in self.created:
            try:
                self.storage.delete(key)
            except StorageError:
                log.exception("Could not remove %s after a failed upload", key)


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
    storage = pending["storage"] or _app_storage()
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


def _app_storage() -> Storage:
    from verhalenkaart.media.storage import current_storage

    return current_storage()


def keys_in_use(session: Session, keys: set[str]) -> set[str]:
    """Which of `keys` some photo or recording row refers to."""
    if not keys:
        return set()
    used: set[str] = set()
    for column in (Photo.thumb_key, Photo.medium_key, Photo.large_key, Audio.key):
        used |= set(session.scalars(sa.select(column).where(column.in_(list(keys)))))
    return used


# --- permissions ------------------------------------------------------------------------------


def story_for_upload(session: Session, story_uuid: uuid.UUID, user: User) -> Story:
    """The story `user` may add media to or edit media of: only its author.

    NotFound if the user may not see it, Forbidden if they see it but did not write it.
    """
    story = session.scalar(sa.select(Story).where(Story.uuid == story_uuid))
    if story is None or not story.visible_to(user) or story.status == Status.DELETED:
        raise NotFound("There is no story with this id.")
    if story.author_id is None or story.author_id != user.id:
        raise Forbidden("Only the story's author can add or change its photos and recordings.")
    return story


def story_for_media_removal(session: Session, story_uuid: uuid.UUID, user: User) -> Story:
    """The story whose media `user` may delete: its author, or a moderator."""
    story = session.scalar(sa.select(Story).where(Story.uuid == story_uuid))
    if story is None or not story.visible_to(user) or story.status == Status.DELETED:
        raise NotFound("There is no story with this id.")
    if not story.can_edit(user):
        raise Forbidden("Only the story's author or a moderator can remove its media.")
    return story


# --- photos -----------------------------------------------------------------------------------


def _in_order(session: Session, model: type[Photo] | type[Audio], story: Story) -> list:
    """A story's photos or recordings, in their order."""
    query = sa.select(model).where(model.story_id == story.id)
    return list(session.scalars(query.order_by(model.position, model.id)))


def _remove(session: Session, storage: Storage | None, rows: list) -> None:
    """Delete photo/recording rows; their files go once the deletion is committed."""
    keys = [key for row in rows for key in row.keys]
    for row in rows:
        session.delete(row)
    session.flush()
    remove_after_commit(session, storage, keys)


def photos_of(session: Session, story: Story) -> list[Photo]:
    return _in_order(session, Photo, story)


def get_photo(session: Session, story: Story, photo_uuid: uuid.UUID) -> Photo:
    photo = session.scalar(
        sa.select(Photo).where(Photo.uuid == photo_uuid, Photo.story_id == story.id)
    )
    if photo is None:
        raise NotFound("There is no photo with this id on this story.")
    return photo


def existing_photo_for_retry(
    session: Session, story: Story, client_id: uuid.UUID | None
) -> Photo | None:
    """The photo an idempotent retry with `client_id` refers to; Conflict if the id is taken by
    a photo of another story."""
    return _existing_for_retry(
        session,
        Photo,
        story,
        client_id,
        "A photo with this id exists already. Use a new UUID for a new photo.",
    )


def _existing_for_retry(
    session: Session,
    model: type[Photo] | type[Audio],
    story: Story,
    client_id: uuid.UUID | None,
    taken: str,
):
    """The row of `model` with the client id, if it belongs to `story`; Conflict (`taken`) if it
    belongs to another story."""
    if client_id is None:
        return None
    existing = session.scalar(sa.select(model).where(model.uuid == client_id))
    if existing is not None and existing.story_id != story.id:
        raise Conflict(taken, {"id": ["This id is taken."]})
    return existing


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
    existing = existing_photo_for_retry(session, story, data.get("id"))
    if existing is not None:
        return existing, None, False
    if len(upload) > rules.photo_max_bytes:
        raise file_problem(
            PayloadTooLarge, f"A photo may be at most {rules.photo_max_bytes // 2**20} MB."
        )
    count = session.scalar(sa.select(sa.func.count()).where(Photo.story_id == story.id)) or 0
    if count >= rules.max_photos:
        raise Conflict(
            f"A story can have at most {rules.max_photos} photos; remove one first.",
            {"file": [f"A story can have at most {rules.max_photos} photos."]},
        )
    processed = process_photo(upload, rules.photo_max_pixels)
    keys = {}
    for name, derivative in processed.derivatives.items():
        keys[name] = content_key("photos", derivative.data, derivative.extension)
        staged.put(keys[name], derivative.data)
    photo = Photo(
        uuid=data.get("id") or uuid.uuid4(),
        story_id=story.id,
        position=count,
        caption=(data.get("caption") or "").strip(),
        alt=(data.get("alt") or "").strip(),
        width=processed.width,
        height=processed.height,
        thumb_key=keys["thumb"],
        medium_key=keys["medium"],
        large_key=keys["large"],
    )
    try:
        with session.begin_nested():
            session.add(photo)
            session.flush()
    except IntegrityError:
        # A concurrent retry with the same client id won the race: answer with its photo.
        existing = existing_photo_for_retry(session, story, data.get("id"))
        if existing is None:
            raise
        return existing, processed, False
    _edited(story, editor, rules)
    return photo, processed, True


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


def delete_photo(session: Session, storage: Storage | None, story: Story, photo: Photo) -> None:
    """Remove a photo; its files go once the deletion is committed."""
    _remove(session, storage, [photo])
    for index, item in enumerate(photos_of(session, story)):
        item.position = index
    session.flush()
    _touch(story)


# --- audio ------------------------------------------------------------------------------------


def recordings_of(session: Session, story: Story) -> list[Audio]:
    return _in_order(session, Audio, story)


def get_recording(session: Session, story: Story, audio_uuid: uuid.UUID) -> Audio:
    audio = session.scalar(
        sa.select(Audio).where(Audio.uuid == audio_uuid, Audio.story_id == story.id)
    )
    if audio is None:
        raise NotFound("There is no recording with this id on this story.")
    return audio


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
    client_id = data.get("id")
    existing = _recording_for_retry(session, story, client_id)
    if existing is not None:
        return existing, False
    if len(upload) > rules.audio_max_bytes:
        raise file_problem(
            PayloadTooLarge, f"A recording may be at most {rules.audio_max_bytes // 2**20} MB."
        )
    count = session.scalar(sa.select(sa.func.count()).where(Audio.story_id == story.id)) or 0
    if count >= rules.max_audio:
        raise Conflict(
            f"A story can have at most {rules.max_audio} recordings; remove one first.",
            {"file": [f"A story can have at most {rules.max_audio} recordings."]},
        )
    processed: ProcessedAudio = process_audio(upload, rules.audio_max_seconds)
    key = content_key("audio", processed.data, processed.extension)
    staged.put(key, processed.data)
    audio = Audio(
        uuid=client_id or uuid.uuid4(),
        story_id=story.id,
        position=count,
        key=key,
        mime_type=processed.mime_type,
        duration=processed.duration,
        transcript=(data.get("transcript") or "").strip(),
    )
    try:
        with session.begin_nested():
            session.add(audio)
            session.flush()
    except IntegrityError:
        existing = _recording_for_retry(session, story, client_id)
        if existing is None:
            raise
        return existing, False
    _edited(story, editor, rules)
    return audio, True


def _recording_for_retry(
    session: Session, story: Story, client_id: uuid.UUID | None
) -> Audio | None:
    return _existing_for_retry(
        session,
        Audio,
        story,
        client_id,
        "A recording with this id exists already. Use a new UUID for a new one.",
    )


def update_recording(
    session: Session, story: Story, audio: Audio, data: dict, rules: MediaRules, editor: User
) -> Audio:
    if "transcript" in data:
        audio.transcript = (data["transcript"] or "").strip()
    session.flush()
    _edited(story, editor, rules)
    return audio


def delete_recording(session: Session, storage: Storage | None, story: Story, audio: Audio) -> None:
    _remove(session, storage, [audio])
    _touch(story)


def remove_story_recordings(session: Session, story: Story) -> None:
    """Delete `story`'s voice recordings (a voice identifies its speaker); files after commit."""
    _remove(session, None, recordings_of(session, story))


def remove_story_media(session: Session, story: Story, storage: Storage | None = None) -> None:
    """Delete every photo and recording of `story`; the files go after the commit."""
    _remove(session, storage, photos_of(session, story) + recordings_of(session, story))


def _touch(story: Story) -> None:
    from verhalenkaart.db import utcnow

    story.updated_at = utcnow()


def _edited(story: Story, editor: User, rules: MediaRules) -> None:
    """New or changed media are new content: the story's status follows the same rule as a text
    edit (stories.models.status_after_edit), so nothing unreviewed is ever public; a pupil's
    photo goes to their teacher under post-moderation too. Removing media needs no review."""
    _touch(story)
    story.status = status_after_edit(story.status, editor, rules.moderation)


# --- serialisation ----------------------------------------------------------------------------


def media_url() -> str:
    """Where clients fetch media files: `/media/` (served by us) or a bucket or CDN URL."""
    if has_app_context():
        return str(current_app.config.get("MEDIA_URL") or DEFAULT_MEDIA_URL)
    return DEFAULT_MEDIA_URL


def photo_json(photo: Photo, base_url: str | None = None) -> dict:
    """A photo as the story Feature lists it (same keys, same order as photos_json_sql)."""
    base = base_url if base_url is not None else media_url()
    return {
        "id": str(photo.uuid),
        "position": photo.position,
        "urls": {
            "thumb": base + photo.thumb_key,
            "medium": base + photo.medium_key,
            "large": base + photo.large_key,
        },
        "width": photo.width,
        "height": photo.height,
        "caption": photo.caption,
        "alt": photo.alt,
    }


def audio_json(audio: Audio, base_url: str | None = None) -> dict:
    base = base_url if base_url is not None else media_url()
    return {
        "id": str(audio.uuid),
        "url": base + audio.key,
        "duration": audio.duration,
        "mime_type": audio.mime_type,
        "transcript": audio.transcript,
    }


def story_media(session: Session, story: Story) -> tuple[list[dict], list[dict]]:
    """The photos and recordings of `story` as the Feature's properties list them."""
    base = media_url()
    if story.id is None:
        return [], []
    return (
        [photo_json(p, base) for p in photos_of(session, story)],
        [audio_json(a, base) for a in recordings_of(session, story)],
    )


class _JsonArrayAgg(FunctionElement):
    """A JSON array of `value` over the group, in `order_by` order, on either dialect."""

    inherit_cache = True
    name = "json_array_agg"

    def __init__(self, value: sa.ColumnElement, order_by: sa.ColumnElement):
        super().__init__(value, order_by)


@compiles(_JsonArrayAgg, "postgresql")
def _json_array_agg_pg(element: _JsonArrayAgg, compiler, **kw) -> str:
    value, order_by = list(element.clauses)
    return f"json_agg({compiler.process(value, **kw)} ORDER BY {compiler.process(order_by, **kw)})"


@compiles(_JsonArrayAgg, "sqlite")
def _json_array_agg_sqlite(element: _JsonArrayAgg, compiler, **kw) -> str:
    value, order_by = list(element.clauses)
    return (
        f"json_group_array({compiler.process(value, **kw)} "
        f"ORDER BY {compiler.process(order_by, **kw)})"
    )


def _uuid_text(dialect: str, column: sa.ColumnElement) -> sa.ColumnElement:
    if dialect == "postgresql":
        return sa.cast(column, sa.Text)
    from verhalenkaart.stories.services import _sqlite_uuid_text

    return _sqlite_uuid_text(column)


def photos_json_sql(dialect: str, story_id: sa.ColumnElement) -> sa.ScalarSelect:
    """The photos of the story `story_id` as a JSON array (NULL if none), written by the
    database in the shape photo_json() gives.

    A correlated subquery, one index lookup per story: planners keep it cheap whatever they
    believe about the table's size (a join to a grouped subquery was planned as a nested loop
    over all photos on a freshly filled PostGIS table, 4.6 s for a page of 1000).
    """
    t = Photo.__table__
    base = sa.literal(media_url(), sa.String)
    item = geo.json_object(
        dialect,
        {
            "id": _uuid_text(dialect, t.c.uuid),
            "position": t.c.position,
            "urls": geo.json_object(
                dialect,
                {
                    "thumb": base + t.c.thumb_key,
                    "medium": base + t.c.medium_key,
                    "large": base + t.c.large_key,
                },
            ),
            "width": t.c.width,
            "height": t.c.height,
            "caption": t.c.caption,
            "alt": t.c.alt,
        },
    )
    return (
        sa.select(_JsonArrayAgg(item, t.c.position * 1_000_000 + t.c.id))
        .where(t.c.story_id == story_id)
        .scalar_subquery()
    )


def audio_json_sql(dialect: str, story_id: sa.ColumnElement) -> sa.ScalarSelect:
    """The recordings of the story `story_id` as a JSON array, shaped like audio_json()."""
    t = Audio.__table__
    base = sa.literal(media_url(), sa.String)
    item = geo.json_object(
        dialect,
        {
            "id": _uuid_text(dialect, t.c.uuid),
            "url": base + t.c.key,
            "duration": t.c.duration,
            "mime_type": t.c.mime_type,
            "transcript": t.c.transcript,
        },
    )
    return (
        sa.select(_JsonArrayAgg(item, t.c.position * 1_000_000 + t.c.id))
        .where(t.c.story_id == story_id)
        .scalar_subquery()
    )


# --- consistency check ------------------------------------------------------------------------


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
    import datetime as dt

    from verhalenkaart.db import utcnow

    stored = {f.key: f.modified for f in storage.files()}
    photos = list(session.scalars(sa.select(Photo)))
    recordings = list(session.scalars(sa.select(Audio)))
    referenced = {key for row in [*photos, *recordings] for key in row.keys}
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

"""The ZIP export, written while it streams: stories.geojson, each story's photos, a README.

zipfile writes to a stream it cannot seek (sizes go into data descriptors), so each entry's
bytes leave as soon as they are written; nothing holds the whole archive. The stories are
read twice (the GeoJSON, then the README's list), the photos once, each from a server-side
cursor.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from verhalenkaart import sqljson
from verhalenkaart.exports import services
from verhalenkaart.media.models import Photo
from verhalenkaart.media.storage import StorageError, current_storage
from verhalenkaart.stories import feature_sets, features
from verhalenkaart.stories.models import Story


class _Pipe(io.RawIOBase):
    """A write-only, unseekable file whose bytes are taken out as they come."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # noqa: ANN001 - bytes-like
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def _photo_keys(
    session: Session, filters: features.StoryFilters, every_status: bool
) -> Iterator[tuple[str, int, str]]:
    """(story id, n, storage key of the large size) of every photo of the matching stories."""
    ids = feature_sets.story_ids(filters, every_status=every_status).subquery()
    stmt = (
        sa.select(sqljson.uuid_text(Story.uuid).label("story"), Photo.position, Photo.large_key)
        .join(Story, Story.id == Photo.story_id)
        .where(Photo.story_id.in_(sa.select(ids.c.id)))
        .order_by(Photo.story_id, Photo.position, Photo.id)
        .execution_options(yield_per=500)  # a server-side cursor, 500 rows at a time
    )
    previous, n = None, 0
    for story, _position, key in session.connection().execute(stmt):
        n = n + 1 if story == previous else 1
        previous = story
        yield story, n, key


def zip_chunks(
    session: Session,
    filters: features.StoryFilters,
    every_status: bool,
    source: services.Source,
    read: Callable[[str], bytes] | None = None,
) -> Iterator[bytes]:
    read = read or current_storage().read
    pipe = _Pipe()
    archive = zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED)

    def entry(name: str, parts: Iterable[bytes]) -> Iterator[bytes]:
        with archive.open(name, "w", force_zip64=True) as out:
            for part in parts:
                out.write(part)
                yield pipe.take()
        yield pipe.take()

    stories = services.stream(session, filters, every_status)
    yield from entry("stories.geojson", services.chunked(services.geojson_parts(stories, source)))
    for story, n, key in _photo_keys(session, filters, every_status):
        try:
            content = read(key)
        except (FileNotFoundError, StorageError):
            current_app.logger.warning("Export: photo %s of story %s is not in storage", key, story)
            continue
        archive.writestr(
            zipfile.ZipInfo(f"photos/{story}/{n}.jpg", date_time=(1980, 1, 1, 0, 0, 0)), content
        )
        yield pipe.take()
    listed = services.stream(session, filters, every_status)
    yield from entry("README.md", services.chunked(services.readme(source, listed)))
    archive.close()
    yield pipe.take()

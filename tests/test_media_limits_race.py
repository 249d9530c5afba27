"""Photo and recording limits hold under concurrent uploads (a real threaded server).

On PostGIS six simultaneous uploads onto a story with room for one more all went in (13 photos,
limit 8): the count and the insert ran without a lock. The story's row is locked now
(SELECT … FOR UPDATE); on SQLite a writing request's BEGIN IMMEDIATE serialises them.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from tests.conftest import feature
from tests.live import live_server
from tests.media_files import jpeg, recording
from verhalenkaart.media.models import Audio, Photo
from verhalenkaart.stories.models import Story

UPLOADS = 6


@pytest.fixture
def server(tmp_path):
    with live_server(tmp_path, MAX_PHOTOS_PER_STORY=3, MAX_AUDIO_PER_STORY=2) as live:
        yield live


def _concurrently(count: int, work) -> list[int]:
    barrier = threading.Barrier(count)

    def start(_index: int) -> int:
        barrier.wait(timeout=60)
        return work()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(start, range(count)))


@pytest.mark.parametrize(
    ("kind", "model", "limit"), [("photos", Photo, 3), ("audio", Audio, 2)], ids=["photo", "audio"]
)
def test_concurrent_uploads_never_pass_the_limit(server, tmp_path, kind, model, limit):
    (email,) = server.make_users(1)
    author = server.client(email)
    created = author.post("/api/v1/stories", json=feature())
    assert created.status_code == 201, created.text
    story_id = created.json()["id"]
    if kind == "photos":
        name, data, mime = "foto.jpg", jpeg((64, 48)), "image/jpeg"
    else:
        name, data, mime = "opname.ogg", recording(tmp_path, "ogg", 1.0), "audio/ogg"
    first = author.post(f"/api/v1/stories/{story_id}/{kind}", files={"file": (name, data, mime)})
    assert first.status_code == 201, first.text  # room for limit - 1 more
    # Each uploader has its own connection (a browser tab each), as racing clients would.
    tabs = [server.client(email) for _ in range(UPLOADS)]
    counter = iter(range(UPLOADS))
    lock = threading.Lock()

    def upload() -> int:
        with lock:
            tab = tabs[next(counter)]
        path = f"/api/v1/stories/{story_id}/{kind}"
        return tab.post(path, files={"file": (name, data, mime)}).status_code

    statuses = _concurrently(UPLOADS, upload)

    assert sorted(statuses) == [201] * (limit - 1) + [409] * (UPLOADS - limit + 1), statuses
    with server.app.app_context(), server.session() as session:
        story = session.scalar(sa.select(Story).where(Story.uuid == uuid.UUID(story_id)))
        count = session.scalar(
            sa.select(sa.func.count()).select_from(model).where(model.story_id == story.id)
        )
    assert count == limit

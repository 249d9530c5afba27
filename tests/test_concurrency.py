"""Concurrent writers against a real server: no 5xx, and every acknowledged write is stored.

The embedded default (SpatiaLite) once answered "database is locked" (500) to most of five
simultaneous story creations: a deferred transaction cannot wait for the write lock it needs
later. These tests run the app under werkzeug's threaded server and hit it from 30 threads at
once with a real HTTP client; scripts/test.sh runs them on both databases.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from tests.conftest import feature
from tests.live import LiveServer, live_server
from tests.media_files import jpeg
from verhalenkaart.community.models import Comment, Reaction
from verhalenkaart.media.models import Photo
from verhalenkaart.stories.models import Story

WRITERS = 30


@pytest.fixture
def server(tmp_path):
    with live_server(tmp_path, MODERATION="post") as live:
        yield live


def _run_at_once(count: int, work) -> list:
    """Run work(i) for i in range(count) on `count` threads released together."""
    barrier = threading.Barrier(count)

    def start(index: int):
        barrier.wait(timeout=60)
        return work(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(start, range(count)))


def _published_story(server: LiveServer, email: str) -> str:
    browser = server.client(email)
    response = browser.post("/api/v1/stories", json=feature(title="Samen op de Brink"))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_thirty_concurrent_writers_lose_nothing_and_get_no_5xx(server: LiveServer):
    emails = server.make_users(WRITERS + 1)
    target = _published_story(server, emails[-1])  # reactions and comments go here
    browsers = [server.client(address) for address in emails[:WRITERS]]
    # The photo writers need a story of their own first (created one after the other).
    photo_writers = range(8, 16)
    own_story = {i: _published_story(server, emails[i]) for i in photo_writers}

    def write(index: int) -> tuple[str, int, str]:
        browser = browsers[index]
        client_id = str(uuid.uuid4())
        if index < 8:
            body = feature(title=f"Verhaal {index}") | {"id": client_id}
            response = browser.post("/api/v1/stories", json=body)
            return "story", response.status_code, client_id
        if index < 16:
            response = browser.post(
                f"/api/v1/stories/{own_story[index]}/photos",
                files={"file": ("foto.jpg", jpeg(), "image/jpeg")},
                data={"id": client_id, "alt": "Een foto"},
            )
            return "photo", response.status_code, client_id
        if index < 23:
            response = browser.post(f"/api/v1/stories/{target}/reactions")
            return "reaction", response.status_code, emails[index]
        response = browser.post(
            f"/api/v1/stories/{target}/comments",
            json={"id": client_id, "body": f"Dat weet ik nog! ({index})"},
        )
        return "comment", response.status_code, client_id

    results = _run_at_once(WRITERS, write)

    assert [r for r in results if r[1] >= 500] == []
    assert {status for _, status, _ in results} == {201}, results
    acknowledged = {kind: {key for k, _, key in results if k == kind} for kind, _, _ in results}
    with server.app.app_context(), server.session() as session:
        stored = {
            "story": {str(u) for u in session.scalars(sa.select(Story.uuid))},
            "photo": {str(u) for u in session.scalars(sa.select(Photo.uuid))},
            "comment": {str(u) for u in session.scalars(sa.select(Comment.uuid))},
            "reaction": session.scalar(sa.select(sa.func.count()).select_from(Reaction)),
        }
    for kind in ("story", "photo", "comment"):
        assert acknowledged[kind] <= stored[kind], kind
    assert stored["reaction"] == len(acknowledged["reaction"])  # one per account

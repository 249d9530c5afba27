"""Concurrent retries of one comment (the PWA's outbox replaying a request whose answer was
lost) store it once and answer each retry with it, on a real threaded server.

On PostGIS the losers of the race hit the unique client id and answered 500: create_comment had
no fallback for the race that stories, photos and reactions have.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from tests.conftest import feature
from tests.live import live_server
from verhalenkaart.community.models import Comment

RETRIES = 8


@pytest.fixture
def server(tmp_path):
    with live_server(tmp_path, MODERATION="post") as live:
        yield live


def test_concurrent_retries_of_a_comment_store_it_once(server):
    writer, commenter = server.make_users(2)
    created = server.client(writer).post("/api/v1/stories", json=feature())
    assert created.status_code == 201, created.text
    story_id = created.json()["id"]
    tabs = [server.client(commenter) for _ in range(RETRIES)]
    client_id = str(uuid.uuid4())
    barrier = threading.Barrier(RETRIES)

    def retry(index: int):
        barrier.wait(timeout=60)
        return tabs[index].post(
            f"/api/v1/stories/{story_id}/comments", json={"id": client_id, "body": "Ik ook!"}
        )

    with ThreadPoolExecutor(max_workers=RETRIES) as pool:
        responses = list(pool.map(retry, range(RETRIES)))

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (RETRIES - 1) + [201], [r.text for r in responses]
    assert {r.json()["id"] for r in responses} == {client_id}
    with server.app.app_context(), server.session() as session:
        count = session.scalar(
            sa.select(sa.func.count()).where(Comment.uuid == uuid.UUID(client_id))
        )
    assert count == 1

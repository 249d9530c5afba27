"""Fault: PostgreSQL is restarted (crashed: `pg_ctl stop -m immediate`, then started again)
while residents create stories against a real server. Every story the server acknowledged is
there afterwards, every request during the outage got a 503 problem+json with Retry-After
(never a 500 or a dropped connection), and the same app process serves again by itself."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from tests.conftest import database_kind, empty_postgis_database, feature
from tests.live import live_server
from tests.throwaway_pg import throwaway_cluster
from verhalenkaart import create_app
from verhalenkaart.extensions import db

WRITERS = 4

# A PostgreSQL fault: once per scripts/test.sh, in its PostGIS pass.
pytestmark = pytest.mark.skipif(
    database_kind() != "postgis",
    reason="PostgreSQL fault (runs with VERHALENKAART_TEST_DATABASE=postgis)",
)


@pytest.fixture
def cluster():
    with throwaway_cluster() as running:
        admin = sa.create_engine(running.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql("CREATE DATABASE verhalenkaart")
        admin.dispose()
        engine = sa.create_engine(running.url("verhalenkaart"))
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE EXTENSION postgis")
        engine.dispose()
        yield running


def test_a_postgres_restart_loses_no_acknowledged_story(cluster, tmp_path):
    with live_server(
        tmp_path, database_url=cluster.url("verhalenkaart"), MODERATION="post"
    ) as server:
        (email,) = server.make_users(1)
        acknowledged: list[str] = []
        refused: list[tuple[int, str, str | None, dict]] = []
        unexpected: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def write() -> None:
            client = server.client(email)
            while not stop.is_set():
                try:
                    answer = client.post("/api/v1/stories", json=feature(title="Herstart"))
                except Exception as error:  # noqa: BLE001 - a dropped connection is a failure
                    with lock:
                        unexpected.append(repr(error))
                    continue
                with lock:
                    if answer.status_code == 201:
                        acknowledged.append(answer.json()["id"])
                    elif answer.status_code == 503:
                        refused.append(
                            (
                                503,
                                answer.headers.get("Content-Type", ""),
                                answer.headers.get("Retry-After"),
                                answer.json(),
                            )
                        )
                    else:
                        unexpected.append(f"{answer.status_code} {answer.text[:300]}")

        def wait_for(condition, seconds: float = 60) -> None:
            deadline = time.monotonic() + seconds
            while not condition():
                assert time.monotonic() < deadline, "timed out"
                assert not unexpected, unexpected[:3]
                time.sleep(0.05)

        threads = [threading.Thread(target=write) for _ in range(WRITERS)]
        for thread in threads:
            thread.start()
        try:
            wait_for(lambda: len(acknowledged) >= 10)
            cluster.stop("immediate")
            wait_for(lambda: len(refused) >= WRITERS * 2)
            before_start = len(acknowledged)
            cluster.start()
            wait_for(lambda: len(acknowledged) >= before_start + 10)
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)

        assert not unexpected, unexpected[:3]
        for _status, content_type, retry_after, body in refused:
            assert content_type.startswith("application/problem+json")
            assert int(retry_after) > 0
            assert body["type"] == "urn:verhalenkaart:problem:database-unavailable"
        with server.app.app_context(), server.session() as session:
            stored = set(
                str(value) for value in session.scalars(sa.text("SELECT uuid FROM stories"))
            )
        assert set(acknowledged) <= stored


def test_a_connection_lost_after_the_answer_does_not_turn_it_into_a_500(tmp_path):
    """The server drops the request's connection between the view's work and the request's
    end (a restart at that moment): closing the session must not raise out of the teardown,
    where it would replace an acknowledged answer by the server's bare 500 page."""
    with empty_postgis_database("_teardown") as url:
        app = create_app({"DATABASE_URL": url, "DATA_DIR": str(tmp_path), "SECRET_KEY": "x"})
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with app.test_request_context("/"):
                pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
                with admin.connect() as conn:
                    conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            # The next request gets a working connection from the same pool.
            with app.test_request_context("/"):
                assert db.session.execute(sa.text("SELECT 1")).scalar_one() == 1
        finally:
            admin.dispose()
            with app.app_context():
                db.engine.dispose()

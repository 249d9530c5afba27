"""Fault: an app worker is killed with SIGKILL while residents write (gunicorn, two workers, on
the suite's database: SpatiaLite or PostGIS). No acknowledged write is lost, and the server
goes on serving (gunicorn's master starts a new worker)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
import sqlalchemy as sa

from tests.conftest import CHEAP_ARGON2, feature
from tests.live import UNREACHABLE_LIMITS, Browser, LiveServer, database_for
from verhalenkaart import create_app, migrate
from verhalenkaart.extensions import db

WRITERS = 6
KILLS = 2


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _workers(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def _wait(condition, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_worker_killed_during_writes_loses_no_acknowledged_story(tmp_path):
    with database_for(tmp_path, "_sigkill") as url:
        config = {
            "DATABASE_URL": url,
            "DATA_DIR": str(tmp_path / "data"),
            "SECRET_KEY": "sigkill-secret",
            "MODERATION": "post",
            **UNREACHABLE_LIMITS,
            **CHEAP_ARGON2,
        }
        app = create_app(config)
        with app.app_context():
            migrate.upgrade(db.engine)
        server = LiveServer(app, "")
        (email,) = server.make_users(1)

        port = _free_port()
        env = os.environ | {f"VERHALENKAART_{key}": str(value) for key, value in config.items()}
        master = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "2",
                "-k",
                "gthread",
                "--threads",
                "4",
                "-b",
                f"127.0.0.1:{port}",
                "--graceful-timeout",
                "5",
                "verhalenkaart:create_app()",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        acknowledged: list[str] = []
        unexpected: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def write() -> None:
            client = None
            while not stop.is_set():
                try:
                    if client is None:
                        client = Browser(base)
                        client.login(email)
                    answer = client.post("/api/v1/stories", json=feature(title="Tijdens kill"))
                except (requests.RequestException, AssertionError):
                    client = None  # our worker died mid-request: not acknowledged, try again
                    continue
                with lock:
                    if answer.status_code == 201:
                        acknowledged.append(answer.json()["id"])
                    elif answer.status_code != 503:
                        unexpected.append(f"{answer.status_code} {answer.text[:300]}")

        try:

            def up() -> bool:
                try:
                    return requests.get(f"{base}/healthz", timeout=10).status_code == 200
                except requests.RequestException:
                    return False

            _wait(up)
            threads = [threading.Thread(target=write) for _ in range(WRITERS)]
            for thread in threads:
                thread.start()
            try:
                for round_ in range(KILLS):
                    _wait(lambda n=round_: len(acknowledged) >= 15 * (n + 1))
                    os.kill(_workers(master.pid)[0], signal.SIGKILL)
                before = len(acknowledged)
                _wait(lambda: len(acknowledged) >= before + 15)  # served on afterwards
            finally:
                stop.set()
                for thread in threads:
                    thread.join(60)
        finally:
            master.terminate()
            master.wait(timeout=30)

        assert not unexpected, unexpected[:3]
        with app.app_context():
            with db.engine.connect() as conn:
                query = sa.text("SELECT uuid FROM stories")
                stored = {str(value) for value in conn.execute(query).scalars()}
            # After the connection went back: a connection checked out during dispose() stays
            # open in the old pool until garbage collection (a ResourceWarning in another test).
            db.engine.dispose()
        if app.extensions["verhalenkaart.db"]["engine"].dialect.name == "sqlite":
            stored = {value.replace("-", "") for value in stored}
            acknowledged = [value.replace("-", "") for value in acknowledged]
        assert set(acknowledged) <= stored

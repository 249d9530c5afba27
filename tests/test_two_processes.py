"""More than one machine, proven (issue 14, item 6): two app processes under gunicorn on
different ports share PostGIS, Redis (rate limits, response cache, jobs) and an S3-compatible
store (moto's server), as two machines behind a proxy would. A story and a photo made through
one are served by the other; a publish through one is seen at once through the other's cache;
rate limits count both; and a process killed with SIGKILL in the middle of a burst of story
creations and registrations loses no acknowledged story and no queued mail — a worker process
started afterwards delivers them all.

PostGIS only: the embedded SpatiaLite default is one file on one machine."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy.orm import Session

from tests.conftest import (
    ASSEN,
    CHEAP_ARGON2,
    PASSWORD,
    cheap_hash,
    database_kind,
    empty_postgis_database,
    feature,
)
from tests.live import Browser
from tests.media_files import jpeg
from tests.test_media_s3 import _storage, s3_endpoint  # noqa: F401 - the moto server fixture
from verhalenkaart import migrate
from verhalenkaart.accounts.models import User
from verhalenkaart.db import make_engine
from verhalenkaart.stories.models import Story

pytestmark = pytest.mark.skipif(
    database_kind() != "postgis",
    reason="two app processes share a server database: PostGIS only (SpatiaLite is one file)",
)

REPO_ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("VERHALENKAART_TEST_REDIS_MULTI_URL", "redis://127.0.0.1:6379/8")
BASE_URL = "https://verhalenkaart.test"
STORIES = "/api/v1/stories"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis():
    import redis

    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.RedisError:
        if os.environ.get("VERHALENKAART_TEST_REDIS") == "required":
            pytest.fail(f"no Redis answers at {REDIS_URL} (VERHALENKAART_TEST_REDIS=required)")
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    return server


class Machine:
    """One app process: gunicorn (1 worker, 4 threads) in a process group of its own."""

    def __init__(self, env: dict, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [
            sys.executable, "-m", "gunicorn", "-w", "1", "-k", "gthread", "--threads", "4",
            "--timeout", "60", "-b", f"127.0.0.1:{self.port}", "verhalenkaart:create_app()",
        ]  # fmt: skip
        with log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our interpreter, our app
                command, cwd=REPO_ROOT, env=env, stdout=out, stderr=out, start_new_session=True
            )

    def wait_ready(self, timeout: float = 45) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if requests.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.url} did not start:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL the master and its worker at once: nothing gets to clean up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, s3_endpoint, smtp_server) -> Iterator[dict]:  # noqa: F811
    mailbox, smtp_port = smtp_server
    server = _redis()
    server.flushdb()  # this database number is the multi-process tests' own
    tmp = tmp_path_factory.mktemp("two-processes")
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    _storage(s3_endpoint, bucket).client.create_bucket(Bucket=bucket)
    with ExitStack() as stack:
        database_url = stack.enter_context(empty_postgis_database("_two"))
        engine = make_engine(database_url)
        migrate.upgrade(engine)
        with Session(engine) as session:
            for role in ("resident", "curator"):
                session.add(
                    User(
                        email=f"{role}@example.org",
                        display_name=role.title(),
                        role=role,
                        password_hash=cheap_hash(PASSWORD),
                    )
                )
            session.commit()
        settings = {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "two-processes-secret",
            "BASE_URL": BASE_URL,
            "JOBS_URL": REDIS_URL,
            "CACHE_URL": REDIS_URL,
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "MEDIA_STORAGE": "s3",
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": s3_endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "testing",
            "S3_SECRET_ACCESS_KEY": "testing",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": smtp_port,
            "SMTP_SECURITY": "none",
            "RATELIMIT_STORY_CREATE": "100000 per hour",
            "RATELIMIT_REGISTER": "100000 per hour",
            "RATELIMIT_LOGIN": "100000 per hour",
            **CHEAP_ARGON2,
        }
        env = dict(os.environ) | {f"VERHALENKAART_{k}": str(v) for k, v in settings.items()}
        machines = []
        for name in ("a", "b"):
            data_dir = tmp / name
            data_dir.mkdir()
            machine = Machine(env | {"VERHALENKAART_DATA_DIR": str(data_dir)}, tmp / f"{name}.log")
            stack.callback(machine.stop)
            machines.append(machine)
        for machine in machines:
            machine.wait_ready()
        mailbox.clear()
        yield {
            "a": machines[0],
            "b": machines[1],
            "env": env | {"VERHALENKAART_DATA_DIR": str(tmp / "worker")},
            "engine": engine,
            "mailbox": mailbox,
            "redis": server,
        }
        engine.dispose()
    server.flushdb()
    server.close()


def _browser(machine: Machine, email: str | None = None) -> Browser:
    browser = Browser(machine.url)
    if email:
        browser.login(email)
    return browser


def test_a_story_and_photo_made_through_one_are_served_by_the_other(cluster):
    a, b = cluster["a"], cluster["b"]
    author_a = _browser(a, "resident@example.org")
    made = author_a.post(STORIES, json=feature(title="Over twee machines"))
    assert made.status_code == 201, made.text
    story_id = made.json()["id"]
    photo = author_a.post(
        f"{STORIES}/{story_id}/photos", files={"file": ("foto.jpg", jpeg(), "image/jpeg")}
    )
    assert photo.status_code == 201, photo.text
    # The same cookie on the other machine: sessions live in the shared database.
    author_b = Browser(b.url)
    author_b.http.cookies = author_a.http.cookies
    seen = author_b.get(f"{STORIES}/{story_id}")
    assert seen.status_code == 200
    assert seen.json()["properties"]["title"] == "Over twee machines"
    served = requests.get(b.url + photo.json()["urls"]["medium"], timeout=30)
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/webp"


def test_a_publish_through_one_is_seen_at_once_through_the_others_cache(cluster):
    a, b = cluster["a"], cluster["b"]
    lon, lat = ASSEN[0] + 0.2, ASSEN[1] - 0.1
    made = _browser(a, "resident@example.org").post(
        STORIES, json=feature(lon, lat, title="Net gepubliceerd")
    )
    assert made.status_code == 201, made.text
    story_id = made.json()["id"]
    bbox = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    url = f"{b.url}{STORIES}?bbox={bbox}"
    before = requests.get(url, timeout=30)
    again = requests.get(url, timeout=30)  # a cache hit on b
    assert before.status_code == again.status_code == 200
    assert before.headers["ETag"] == again.headers["ETag"]
    assert story_id not in {f["id"] for f in before.json()["features"]}
    decided = _browser(a, "curator@example.org").post(
        f"/api/v1/moderation/stories/{story_id}", json={"action": "approve"}
    )
    assert decided.status_code == 200, decided.text
    after = requests.get(url, headers={"If-None-Match": before.headers["ETag"]}, timeout=30)
    assert after.status_code == 200
    assert story_id in {f["id"] for f in after.json()["features"]}


def test_rate_limits_count_the_requests_of_both_processes(cluster):
    a, b = cluster["a"], cluster["b"]
    address = f"grens-{uuid.uuid4().hex[:8]}@example.org"
    answers = [
        _browser(machine).post("/api/v1/auth/password-reset", json={"email": address})
        for machine in (a, b, a, b)
    ]
    # RATELIMIT_PASSWORD_RESET_ACCOUNT is 3 per hour per address, over both machines.
    assert [r.status_code for r in answers] == [202, 202, 202, 429]


def test_a_killed_process_loses_no_acknowledged_story_and_no_queued_mail(cluster):
    a, b = cluster["a"], cluster["b"]
    mailbox, engine = cluster["mailbox"], cluster["engine"]
    author = _browser(a, "resident@example.org")
    acknowledged_stories: list[str] = []
    acknowledged_mails: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def create_stories() -> None:
        while not stop.is_set():
            story_id = str(uuid.uuid4())
            try:
                answer = author.post(STORIES, json=feature(title="Burst") | {"id": story_id})
            except requests.RequestException:
                return  # the process is gone
            if answer.status_code == 201:
                with lock:
                    acknowledged_stories.append(story_id)

    def register() -> None:
        visitor = Browser(a.url)
        while not stop.is_set():
            address = f"nieuw-{uuid.uuid4().hex[:10]}@example.org"
            body = {"email": address, "password": "Een lang wachtwoord 2026", "display_name": "N"}
            try:
                answer = visitor.post("/api/v1/auth/register", json=body)
            except requests.RequestException:
                return
            if answer.status_code == 202:
                with lock:
                    acknowledged_mails.append(address)

    threads = [threading.Thread(target=f) for f in (create_stories, create_stories, register)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 90  # a loaded CI machine; it takes a few seconds alone
    while time.monotonic() < deadline and (
        len(acknowledged_stories) < 10 or len(acknowledged_mails) < 5
    ):
        time.sleep(0.05)
    a.kill()  # in the middle of the burst
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged_stories) >= 10
    assert len(acknowledged_mails) >= 5

    with engine.connect() as conn:
        stored = {
            str(u)
            for u in conn.scalars(sa.select(Story.uuid).where(Story.uuid.in_(acknowledged_stories)))
        }
    assert stored == set(acknowledged_stories)
    reader = Browser(b.url)
    reader.http.cookies = author.http.cookies
    assert reader.get(f"{STORIES}/{acknowledged_stories[-1]}").status_code == 200

    # Nothing was sent yet (no worker ran); the queue outlived the process that filled it.
    assert not any(mailbox.to(address) for address in acknowledged_mails)
    worker = subprocess.run(  # noqa: S603 - our interpreter, our app
        [sys.executable, "-m", "verhalenkaart", "worker", "--burst"],
        cwd=REPO_ROOT, env=cluster["env"], capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr.decode()
    for address in acknowledged_mails:
        assert "/registreren?token=" in mailbox.wait_for(address, timeout=5).get_content()

"""Test fixtures: a real SpatiaLite or PostGIS database built by the migrations, per-test
rollback, and factory fixtures.

The database comes from VERHALENKAART_TEST_DATABASE: `spatialite` (default) or `postgis`
(at VERHALENKAART_TEST_PG_URL, default a `verhalenkaart_test` database on 127.0.0.1:5432,
dropped and re-created per run). scripts/test.sh runs the whole suite once on each.

The test client sends a valid CSRF token on writes by itself (CsrfClient); `mailbox` points the
app's mail at a real SMTP server on loopback.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import functools
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from urllib.parse import unquote

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.datastructures import Headers
from werkzeug.security import generate_password_hash

from verhalenkaart import create_app, mail, migrate
from verhalenkaart.accounts.models import User
from verhalenkaart.db import Database, utcnow
from verhalenkaart.extensions import db, limiter
from verhalenkaart.pagination import seal_cursor
from verhalenkaart.places.services import geonames_records, upsert_places
from verhalenkaart.stories.models import Status, Story
from verhalenkaart.stories.services import StoryRules, create_story

PASSWORD = "correct horse battery"
CSRF_HEADER = "X-CSRF-Token"
#: Cheap argon2 for the test app: the real cost (~0.1 s a hash) would dominate the suite.
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 8, "ARGON2_PARALLELISM": 1}
ASSEN = (6.5625, 52.9925)  # the Brink in Assen, inside the region
SECRET_KEY = "test-secret-key"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/verhalenkaart_test"


@functools.cache
def cheap_hash(password: str) -> str:
    """Factory users get a one-iteration (werkzeug) hash: the real KDF costs ~0.1 s a user and
    would dominate the suite. Their first login upgrades it to argon2id at CHEAP_ARGON2 cost;
    the real cost is tested in tests/test_passwords.py."""
    return generate_password_hash(password, method="pbkdf2:sha256:1")


def server_cursor(payload: object) -> str:
    """A page cursor as the test app writes it (encrypted with its key), holding `payload`:
    what the checks behind the encryption see of a cursor forged by someone with the key."""
    return seal_cursor(payload, SECRET_KEY)


def assert_problem(response, status: int, field: str | None = None) -> dict:
    """The response is an RFC 9457 problem with `status`, naming `field` in `errors`."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["type"].startswith("urn:verhalenkaart:problem:")
    assert body["title"]
    if field is not None:
        assert field in body["errors"], body
    return body


class CsrfClient(FlaskClient):
    """A test client that sends a valid X-CSRF-Token on POST/PUT/PATCH/DELETE, fetched from
    GET /api/v1/auth/csrf once per session, so tests write `client.post(...)` as a browser
    app would. `csrf=False` sends no token; an explicit X-CSRF-Token header is sent as given."""

    _UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._csrf: tuple[str, str] | None = None  # (the session's raw token, signed token)

    def open(self, *args, csrf: bool = True, **kwargs):  # noqa: A003
        method = str(kwargs.get("method", "GET")).upper()
        if csrf and method in self._UNSAFE and not (args and not isinstance(args[0], str)):
            headers = Headers(kwargs.pop("headers", None) or {})
            if CSRF_HEADER not in headers:
                headers[CSRF_HEADER] = self.csrf_token()
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        """A valid token for the current session (fetched when the session has none yet)."""
        raw = self._session_csrf()
        if raw is None or self._csrf is None or self._csrf[0] != raw:
            response = self.get("/api/v1/auth/csrf")
            assert response.status_code == 200, response.get_data(as_text=True)
            self._csrf = (self._session_csrf() or "", response.json["csrf_token"])
        return self._csrf[1]

    def _session_csrf(self) -> str | None:
        if self.get_cookie(self.application.config["SESSION_COOKIE_NAME"]) is None:
            return None
        with self.session_transaction() as session:
            return session.get("csrf_token")


# Every app made in the tests (the fixture's and the ones tests build) gets this client.
Flask.test_client_class = CsrfClient


def database_kind() -> str:
    kind = os.environ.get("VERHALENKAART_TEST_DATABASE", "spatialite")
    if kind not in {"spatialite", "postgis"}:
        raise pytest.UsageError("VERHALENKAART_TEST_DATABASE must be spatialite or postgis")
    return kind


def pytest_report_header(config: pytest.Config) -> str:
    return f"verhalenkaart test database: {database_kind()}"


@contextlib.contextmanager
def empty_postgis_database(suffix: str = "") -> Iterator[str]:
    """The URL of a new, empty PostGIS database named after VERHALENKAART_TEST_PG_URL's plus
    `suffix` (dropped first if a crashed run left it, and dropped again afterwards)."""
    url = sa.make_url(os.environ.get("VERHALENKAART_TEST_PG_URL", DEFAULT_PG_URL))
    url = url.set(database=f"{url.database}{suffix}")
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
    engine.dispose()
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if database_kind() == "spatialite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        return
    with empty_postgis_database() as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    application = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "DATA_DIR": str(tmp_path_factory.mktemp("data")),
            "SECRET_KEY": SECRET_KEY,
            # Jobs run in the request: its test shares one connection with every request, which
            # a job thread must not use at the same time (tests/test_jobs.py tests the thread).
            "JOBS_INLINE": True,
            **CHEAP_ARGON2,
        }
    )
    with application.app_context():
        migrate.upgrade(db.engine)
        # The gazetteer is reference data, like the themes the migration seeds.
        with Session(db.engine) as session:
            upsert_places(session, geonames_records(application.config["REGION_BBOX"]))
            session.commit()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Each test starts with unused rate limits (the storage is the limiter's current one)."""
    if limiter.initialized:
        limiter.reset()


@pytest.fixture
def connection(app: Flask) -> Iterator[sa.Connection]:
    """Every test runs inside one transaction that is rolled back at the end."""
    with app.app_context():
        engine = db.engine
    conn = engine.connect()
    transaction = conn.begin()
    Database.bind_to(app, conn)
    yield conn
    mail.wait_until_sent()  # background jobs of this test still use its connection
    Database.bind_to(app, engine)
    transaction.rollback()
    conn.close()


@pytest.fixture
def session(connection: sa.Connection) -> Iterator[Session]:
    with Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    ) as s:
        yield s


@pytest.fixture
def dialect(connection: sa.Connection) -> str:
    return connection.dialect.name


@pytest.fixture
def client(app: Flask, connection: sa.Connection) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_user(session: Session) -> Callable[..., User]:
    def factory(role: str = "resident", **overrides: object) -> User:
        values = {
            "email": f"{role}-{uuid.uuid4().hex[:8]}@example.org",
            "password": PASSWORD,
            "display_name": f"Test {role}",
            "role": role,
        } | overrides
        user = User(
            email=str(values["email"]).lower(),
            display_name=values["display_name"],
            role=values["role"],
            password_hash=cheap_hash(str(values["password"])),
        )
        session.add(user)
        session.commit()
        return user

    return factory


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User], None]:
    def do_login(user: User) -> None:
        response = client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
        )
        assert response.status_code == 200, response.json

    return do_login


def feature(lon: float = ASSEN[0], lat: float = ASSEN[1], **properties: object) -> dict:
    """A valid story Feature for POST /stories, with `properties` overriding defaults."""
    props = {
        "kind": "memory",
        "title": "Schaatsen op de Drentsche Aa",
        "body": "Elke winter schaatsten we hier met het hele dorp.",
        "themes": ["water-bodem", "naoberschap"],
        "era_from": 1963,
        "era_to": 1970,
        "location_precision": "exact",
        "consent": True,
    } | properties
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


@pytest.fixture
def make_story(app: Flask, session: Session, make_user) -> Callable[..., Story]:
    """Create a story through the service; published unless `status` says otherwise."""
    rules = StoryRules.from_config(app.config)

    def factory(
        *,
        author: User | None = None,
        status: str = Status.PUBLISHED,
        geometry: dict | None = None,
        story_id: uuid.UUID | None = None,
        **properties: object,
    ) -> Story:
        data = feature(**properties)
        data["id"] = story_id
        if geometry is not None:
            data["geometry"] = geometry
        data["properties"] = {
            "body": "",
            "language": "nl",
            "license": "CC-BY-4.0",
            "place_name": None,
            "origin_place": None,
            "project": None,
            "era_from": None,
            "era_to": None,
        } | data["properties"]
        story, _ = create_story(session, author or factory.default_author(), data, rules)
        story.status = status
        if status == Status.PUBLISHED:
            story.published_at = utcnow()
        session.commit()
        return story

    author_cache: list[User] = []

    def default_author() -> User:
        if not author_cache:
            author_cache.append(make_user("resident", display_name="Verteller"))
        return author_cache[0]

    factory.default_author = default_author  # type: ignore[attr-defined]
    return factory


@pytest.fixture
def author(make_user, login) -> User:
    """A resident, logged in: the author of `story`."""
    user = make_user("resident", display_name="Schrijver")
    login(user)
    return user


@pytest.fixture
def story(make_story, author: User) -> Story:
    """A published story by `author`."""
    return make_story(author=author, title="De Brink")


@pytest.fixture
def curator(make_user, login) -> User:
    """A curator, logged in."""
    user = make_user("curator", display_name="Redactie")
    login(user)
    return user


# --- e-mail: a real SMTP server on loopback ---------------------------------------------------


class Mailbox:
    """What the loopback SMTP server received. Mails leave the app from a background thread,
    so tests wait for them."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(message)  # type: ignore[arg-type]
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self._arrived:
            self.messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        with self._arrived:
            return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def wait_for(self, address: str, count: int = 1, timeout: float = 10.0) -> EmailMessage:
        """The latest of at least `count` mails to `address`, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.to(address)) < count:
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"no mail to {address} arrived; got {self.messages}"
                self._arrived.wait(remaining)
        return self.to(address)[-1]

    def assert_nothing_to(self, address: str, wait: float = 0.5) -> None:
        time.sleep(wait)
        assert self.to(address) == []


def mail_text(message: EmailMessage) -> str:
    return message.get_content()


def link_token(message: EmailMessage, path: str) -> str:
    """The token of the link to `path` in a mail."""
    match = re.search(re.escape(path) + r"\?token=(\S+)", mail_text(message))
    assert match, mail_text(message)
    return unquote(match.group(1))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture
def mailbox(app: Flask, smtp_server, monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """The app sends its mail to a real SMTP server on 127.0.0.1; links point at BASE_URL."""
    box, port = smtp_server
    mail.wait_until_sent()
    box.clear()
    for key, value in {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": port,
        "SMTP_SECURITY": "none",
        "BASE_URL": "https://verhalenkaart.test",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    yield box
    mail.wait_until_sent()  # nothing of this test arrives during the next one


@pytest.fixture
def media_storage(app: Flask, tmp_path) -> Iterator:
    """A fresh local media directory for one test (files outlive the rolled-back rows)."""
    from tests.media_files import local_media_storage

    yield from local_media_storage(app, tmp_path)


@pytest.fixture
def built(app, tmp_path):
    """A stand-in build of the PWA in FRONTEND_DIR (the real one is built after the Python
    tests, by scripts/test.sh, for the end-to-end tests)."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Verhalenkaart</title>")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (tmp_path / "icon-192.png").write_bytes(b"\x89PNG")
    previous = app.config["FRONTEND_DIR"]
    app.config["FRONTEND_DIR"] = str(tmp_path)
    yield tmp_path
    app.config["FRONTEND_DIR"] = previous

"""A real server for tests that need real concurrency: the app on its own database (a fresh
SpatiaLite file, or a fresh PostGIS database when the suite runs on PostGIS) under werkzeug's
threaded server on a free port, and clients that speak HTTP to it (requests) as a browser would."""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from tests.conftest import (
    CHEAP_ARGON2,
    PASSWORD,
    cheap_hash,
    database_kind,
    empty_postgis_database,
)
from verhalenkaart import create_app, migrate
from verhalenkaart.accounts.models import User
from verhalenkaart.extensions import db
from verhalenkaart.security.limits import LIMIT_DEFAULTS

#: Rate limits a test's crowd of clients from one address never reaches. Not
#: RATELIMIT_ENABLED=False: the limiter is one object for every app of the process, so that
#: would switch the limits off for the other tests too.
UNREACHABLE_LIMITS = {key: "1000000 per minute" for key in LIMIT_DEFAULTS}


@dataclass
class LiveServer:
    app: Flask
    url: str

    def session(self) -> Session:
        """A session on the server's database (call inside `self.app.app_context()`)."""
        return Session(db.engine)

    def make_users(self, count: int, role: str = "resident") -> list[str]:
        """`count` new accounts; returns their e-mail addresses (password: PASSWORD)."""
        emails = [f"{role}-{uuid.uuid4().hex[:10]}@example.org" for _ in range(count)]
        with self.app.app_context(), self.session() as session:
            for index, address in enumerate(emails):
                session.add(
                    User(
                        email=address,
                        display_name=f"Gebruiker {index}",
                        role=role,
                        password_hash=cheap_hash(PASSWORD),
                    )
                )
            session.commit()
        return emails

    def client(self, email: str | None = None) -> Browser:
        browser = Browser(self.url)
        if email is not None:
            browser.login(email)
        return browser


class Browser:
    """An HTTP client with a cookie jar that sends the CSRF token on writes, as the PWA does."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self._token: str | None = None

    def _csrf(self) -> str:
        if self._token is None:
            response = self.http.get(f"{self.base}/api/v1/auth/csrf", timeout=60)
            response.raise_for_status()
            self._token = response.json()["csrf_token"]
        return self._token

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if method.upper() in {"POST", "PUT", "PATCH", "DELETE"}:
            headers.setdefault("X-CSRF-Token", self._csrf())
        return self.http.request(method, self.base + path, headers=headers, timeout=60, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def login(self, email: str) -> None:
        response = self.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        self._token = None  # the session was renewed: fetch a fresh token


@contextlib.contextmanager
def database_for(tmp_path: Path, suffix: str) -> Iterator[str]:
    """A fresh database of the kind the suite runs on."""
    if database_kind() == "spatialite":
        yield f"sqlite:///{tmp_path / f'{suffix}.sqlite'}"
        return
    with empty_postgis_database(suffix) as url:
        yield url


@contextlib.contextmanager
def live_server(
    tmp_path: Path, database_url: str | None = None, **config: object
) -> Iterator[LiveServer]:
    """The app, migrated, served by werkzeug's threaded server on 127.0.0.1 and a free port."""
    with contextlib.ExitStack() as stack:
        if database_url is None:
            database_url = stack.enter_context(database_for(tmp_path, "_live"))
        app = create_app(
            {
                "DATABASE_URL": database_url,
                "DATA_DIR": str(tmp_path / "data"),
                "SECRET_KEY": "live-secret-key",
                **UNREACHABLE_LIMITS,
                **CHEAP_ARGON2,
                **config,
            }
        )
        with app.app_context():
            migrate.upgrade(db.engine)
        http = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=http.serve_forever, daemon=True)
        thread.start()
        try:
            yield LiveServer(app, f"http://127.0.0.1:{http.server_port}")
        finally:
            http.shutdown()
            http.server_close()
            with app.app_context():
                db.engine.dispose()

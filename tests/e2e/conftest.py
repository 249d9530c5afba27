"""End-to-end fixtures: the real Flask app on a real SpatiaLite database, serving the built PWA
on a free loopback port, driven by Debian's Chromium through Playwright.

Run with `pytest -m e2e tests/e2e` after `npm run build` in frontend/ (scripts/test.sh does both).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from verhalenkaart import create_app, migrate
from verhalenkaart.accounts.models import User
from verhalenkaart.db import utcnow
from verhalenkaart.extensions import db
from verhalenkaart.media.models import Photo
from verhalenkaart.places.services import geonames_records, upsert_places
from verhalenkaart.stories.models import Status, Story
from verhalenkaart.stories.services import StoryRules, create_story

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "frontend" / "dist"
CHROMIUM = os.environ.get("VERHALENKAART_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery"
EMAIL = "anna@example.org"

SEED = [
    ("memory", "Schaatsen op de Drentsche Aa", (6.5625, 52.9925), ["water-bodem"], 1963, 1970),
    ("wish", "Een bos bij Emmen", (6.9069, 52.7792), ["natuur"], 2030, 2040),
    ("story", "De markt in Hoogeveen", (6.4764, 52.7225), ["dorpen-steden"], 1990, 1990),
]


def publish_story(app, session, user, kind, title, point, themes, era_from, era_to) -> Story:
    """A published story, made by the same service as POST /stories."""
    story, _ = create_story(
        session,
        user,
        {
            "id": None,
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": list(point)},
            "properties": {
                "kind": kind,
                "title": title,
                "body": f"{title}: zo ging het.\n\nEn zo verder.",
                "themes": themes,
                "era_from": era_from,
                "era_to": era_to,
                "location_precision": "exact",
                "language": "nl",
                "license": "CC-BY-4.0",
                "place_name": None,
                "origin_place": None,
                "project": None,
                "consent": True,
            },
        },
        StoryRules.from_config(app.config),
    )
    story.status = Status.PUBLISHED
    story.published_at = utcnow()
    return story


class Server:
    def __init__(self, app, url: str):
        self.app = app
        self.url = url

    def stories_titled(self, title: str) -> list[Story]:
        with self.app.app_context(), Session(db.engine) as session:
            return list(session.scalars(sa.select(Story).where(Story.title == title)))

    def add_stories(self, title: str, points: list[tuple[float, float]]) -> list[int]:
        """Published stories at `points` (remove them with remove_stories)."""
        with self.app.app_context(), Session(db.engine) as session:
            user = session.scalar(sa.select(User).where(User.email == EMAIL))
            stories = [
                publish_story(self.app, session, user, "story", title, p, ["natuur"], 2000, 2000)
                for p in points
            ]
            session.commit()
            return [story.id for story in stories]

    def remove_stories(self, ids: list[int]) -> None:
        with self.app.app_context(), Session(db.engine) as session:
            for story in session.scalars(sa.select(Story).where(Story.id.in_(ids))):
                session.delete(story)
            session.commit()

    def photo_count(self, story_id) -> int:
        with self.app.app_context(), Session(db.engine) as session:
            query = sa.select(sa.func.count()).where(Photo.story_id == story_id)
            return session.scalar(query)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, smtp_server) -> Iterator[Server]:
    if not (DIST / "index.html").is_file():
        raise pytest.UsageError("Build the app first: cd frontend && npm ci && npm run build")
    data = tmp_path_factory.mktemp("e2e")
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{data / 'e2e.sqlite'}",
            "DATA_DIR": str(data),
            "SECRET_KEY": "e2e-secret-key",
            "FRONTEND_DIR": str(DIST),
            # The suite logs in a dozen times from one address; rate limits are tested elsewhere.
            "RATELIMIT_ENABLED": False,
            # Registration and reset mails go to a real SMTP server on loopback.
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": smtp_server[1],
            "SMTP_SECURITY": "none",
        }
    )

    with app.app_context():
        migrate.upgrade(db.engine)
        with Session(db.engine) as session:
            upsert_places(session, geonames_records(app.config["REGION_BBOX"]))
            user = User(
                email=EMAIL,
                display_name="Anna",
                role="resident",
                password_hash=generate_password_hash(PASSWORD),
            )
            session.add(user)
            session.flush()
            for kind, title, point, themes, era_from, era_to in SEED:
                publish_story(app, session, user, kind, title, point, themes, era_from, era_to)
            session.commit()
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{http.server_port}"
    app.config["BASE_URL"] = url  # links in mails lead back to this server
    yield Server(app, url)
    http.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def e2e_mailbox(smtp_server):
    """The mails the e2e server sent during one test."""
    box, _port = smtp_server
    box.clear()
    return box


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise pytest.UsageError(f"No Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        # A fake microphone (a beep) that needs no permission prompt: voice recording is tested.
        args = ["--no-sandbox", "--disable-dev-shm-usage"]
        args += ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, server) -> Iterator[Callable]:
    """Browser contexts under the real CSP; every CSP violation fails the test."""
    contexts = []
    violations: list[str] = []

    def watch(page):
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and violations.append(message.text)
            ),
        )

    def make(**options):
        options = {
            "base_url": server.url,
            "viewport": {"width": 390, "height": 800},
            "locale": "nl-NL",
        } | options
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert violations == [], violations


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def ensure_account(server, email: str, display_name: str, role: str) -> str:
    """An account with PASSWORD on the e2e server's database, made the first time it is asked
    for; returns its e-mail address."""
    with server.app.app_context(), Session(db.engine) as session:
        if session.scalar(sa.select(User).where(User.email == email)) is None:
            session.add(
                User(
                    email=email,
                    display_name=display_name,
                    role=role,
                    password_hash=generate_password_hash(PASSWORD),
                )
            )
            session.commit()
    return email


def login(page, email: str = EMAIL, password: str = PASSWORD) -> None:
    """Log in through the app's own form."""
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/mijn")
    page.locator(".account-link", has_text="Anna").wait_for()


def wait_until(predicate: Callable[[], object], timeout: float = 30.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()

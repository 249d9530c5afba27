"""Rate limits: 429 problem+json with Retry-After on login, registration, password reset and
story creation, per client address and per account; Redis storage when one answers (always
under scripts/test.sh)."""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from collections.abc import Iterator

import pytest

from tests.conftest import PASSWORD, assert_problem, feature
from verhalenkaart import create_app
from verhalenkaart.errors import ConfigurationError
from verhalenkaart.extensions import limiter
from verhalenkaart.security.limits import LIMIT_DEFAULTS

AUTH = "/api/v1/auth"
RATE_LIMITED = "urn:verhalenkaart:problem:rate-limited"
REDIS_URL = os.environ.get("VERHALENKAART_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def login(client, email: str, password: str = PASSWORD, **kwargs):
    return client.post(f"{AUTH}/login", json={"email": email, "password": password}, **kwargs)


def assert_rate_limited(response) -> dict:
    problem = assert_problem(response, 429)
    assert problem["type"] == RATE_LIMITED
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 3600
    return problem


def test_failed_logins_on_one_account_are_limited(client, make_user):
    make_user("resident", email="jan@example.org")
    for _ in range(5):
        assert_problem(login(client, "jan@example.org", "raden maar 1234"), 401)
    # Now even the right password waits: the attacker cannot tell it was right.
    assert_rate_limited(login(client, "jan@example.org"))
    assert login(client, "JAN@example.org ", "x" * 12).status_code == 429  # same address
    assert_problem(login(client, "piet@example.org", "raden maar 1234"), 401)  # another one


def test_successful_logins_do_not_use_up_the_account_limit(client, make_user):
    make_user("resident", email="jan@example.org")
    for _ in range(7):
        assert login(client, "jan@example.org").status_code == 200


def test_logins_from_one_address_are_limited(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "3 per minute")
    for index in range(3):
        assert_problem(login(client, f"iemand{index}@example.org"), 401)
    problem = assert_rate_limited(login(client, "nog-iemand@example.org"))
    assert problem["detail"].startswith("Too many attempts: try again in")


def test_the_limit_problem_speaks_dutch(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "1 per minute")
    login(client, "iemand@example.org")
    response = login(client, "iemand@example.org", headers={"Accept-Language": "nl"})
    problem = assert_rate_limited(response)
    assert problem["title"] == "Te veel verzoeken"
    assert problem["detail"].startswith("Te veel pogingen: probeer het over")


def test_registrations_for_one_address_are_limited(client, mailbox):
    body = {"email": "geesje@example.org", "password": PASSWORD, "display_name": "Geesje"}
    for _ in range(3):
        assert client.post(f"{AUTH}/register", json=body).status_code == 202
    assert_rate_limited(client.post(f"{AUTH}/register", json=body))
    other = body | {"email": "anne@example.org"}
    assert client.post(f"{AUTH}/register", json=other).status_code == 202


def test_registrations_from_one_address_are_limited(client, app, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_REGISTER", "2 per hour")
    for index in range(2):
        body = {"email": f"p{index}@example.org", "password": PASSWORD, "display_name": "P"}
        assert client.post(f"{AUTH}/register", json=body).status_code == 202
    body = {"email": "p9@example.org", "password": PASSWORD, "display_name": "P"}
    assert_rate_limited(client.post(f"{AUTH}/register", json=body))


def test_reset_requests_for_one_address_are_limited(client, make_user, mailbox):
    make_user("resident", email="jan@example.org")
    for _ in range(3):
        response = client.post(f"{AUTH}/password-reset", json={"email": "jan@example.org"})
        assert response.status_code == 202
    limited = client.post(f"{AUTH}/password-reset", json={"email": "jan@example.org"})
    assert_rate_limited(limited)
    mailbox.wait_for("jan@example.org", count=3)


def test_story_creation_is_limited_per_account(app, client, make_user, login, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_STORY_CREATE", "2 per hour")
    login(make_user("resident"))
    for _ in range(2):
        assert client.post("/api/v1/stories", json=feature()).status_code == 201
    assert_rate_limited(client.post("/api/v1/stories", json=feature()))
    # Reading is not limited by it, and a classmate behind the same address has their own.
    assert client.get("/api/v1/stories").status_code == 200
    classmate = app.test_client()
    classmate.post(
        f"{AUTH}/login",
        json={"email": make_user("resident").email, "password": PASSWORD},
    )
    assert classmate.post("/api/v1/stories", json=feature()).status_code == 201


def test_the_forwarded_client_address_counts_behind_a_trusted_proxy(tmp_path, database_url):
    app = create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(tmp_path),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "k",
            "TRUSTED_PROXIES": 1,
            "RATELIMIT_LOGIN": "1 per minute",
        }
    )
    try:
        first, second = app.test_client(), app.test_client()
        for client in (first, second):
            client.csrf_token()
        as_a = {"X-Forwarded-For": "192.0.2.1"}
        as_b = {"X-Forwarded-For": "192.0.2.2"}
        assert login(first, "a@example.org", headers=as_a).status_code == 401
        assert login(second, "b@example.org", headers=as_b).status_code == 401
        assert_rate_limited(login(first, "c@example.org", headers=as_a))
    finally:
        with app.app_context():
            from verhalenkaart.extensions import db

            db.engine.dispose()


@pytest.mark.parametrize("turn", [1, 2])
def test_limits_start_fresh_in_every_test(client, app, monkeypatch, turn):
    """Run twice: the second run would be throttled if the first one's count survived."""
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "1 per hour")
    assert_problem(login(client, "iemand@example.org"), 401)
    assert_rate_limited(login(client, "iemand@example.org"))


@pytest.mark.parametrize("key", sorted(LIMIT_DEFAULTS))
def test_a_limit_setting_that_cannot_be_parsed_stops_start_up(tmp_path, key):
    with pytest.raises(ConfigurationError, match=key):
        create_app({"DATA_DIR": str(tmp_path), key: "often"})


def _redis_answers(url: str) -> bool:
    import redis

    server = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        return bool(server.ping())
    except redis.RedisError:
        return False
    finally:
        server.close()


@pytest.fixture
def unreachable_limit_storage(app):
    """Limits kept in a Redis that does not answer (nothing listens on the port)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config["RATELIMIT_STORAGE_URI"] = f"redis://127.0.0.1:{port}/0"
    limiter.init_app(app)
    yield
    app.config["RATELIMIT_STORAGE_URI"] = "memory://"
    app.config.pop("RATELIMIT_STORAGE_OPTIONS", None)
    limiter.init_app(app)
    limiter._storage_dead = False  # noqa: SLF001 - one limiter for the process; see test_fault_redis


def test_an_unreachable_limit_storage_does_not_stop_logins(
    client, make_user, unreachable_limit_storage, caplog
):
    make_user("resident", email="jan@example.org")
    assert login(client, "jan@example.org").status_code == 200
    assert "falling back to in-memory storage" in caplog.text


@pytest.fixture
def redis_server() -> Iterator:
    """A client of the test Redis, VERHALENKAART_TEST_REDIS_URL (default 127.0.0.1:6379). The
    test is skipped when none answers, and fails instead with VERHALENKAART_TEST_REDIS=required:
    scripts/test.sh sets it after starting a Redis if none ran, so CI never skips it."""
    import redis

    if not _redis_answers(REDIS_URL):
        if os.environ.get("VERHALENKAART_TEST_REDIS") == "required":
            pytest.fail(f"no Redis answers at {REDIS_URL} (VERHALENKAART_TEST_REDIS=required)")
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    server = redis.Redis.from_url(REDIS_URL)
    yield server
    server.close()


@pytest.fixture
def redis_limits(app, redis_server):
    """The app's limits kept in the test Redis for one test."""

    def forget_test_client_counters() -> None:
        # The server outlives test runs, and every run logs in from 127.0.0.1: without this the
        # day's limit per address fills up over the runs and the test's first login is a 429.
        for key in redis_server.scan_iter("LIMITS:LIMITER/verhalenkaart/127.0.0.1/*"):
            redis_server.delete(key)

    forget_test_client_counters()
    app.config["RATELIMIT_STORAGE_URI"] = REDIS_URL
    limiter.init_app(app)
    yield limiter.storage
    forget_test_client_counters()
    app.config["RATELIMIT_STORAGE_URI"] = "memory://"
    limiter.init_app(app)


def test_limits_are_kept_in_redis_when_configured(client, make_user, redis_server, redis_limits):
    email = f"redis-{uuid.uuid4().hex}@example.org"  # keys of its own on a shared server
    make_user("resident", email=email)
    try:
        for _ in range(5):
            assert_problem(login(client, email, "raden maar 1234"), 401)
        assert_rate_limited(login(client, email))
        assert any(b"email:" in key for key in redis_server.keys("*verhalenkaart*"))
    finally:
        digest = hashlib.sha256(email.encode()).hexdigest()[:32]
        for key in redis_server.scan_iter(f"*{digest}*"):
            redis_server.delete(key)


@pytest.mark.parametrize(
    ("setting", "method", "path", "body", "accepted"),
    [
        ("RATELIMIT_REACTION", "post", "/reactions", None, 201),
        ("RATELIMIT_COMMENT_CREATE", "post", "/comments", {"body": "Herkenbaar!"}, 201),
        ("RATELIMIT_REPORT_CREATE", "post", "/reports", {"reason": "spam"}, 202),
    ],
)
def test_resident_responses_are_limited_per_account(
    app, client, make_user, make_story, login, monkeypatch, setting, method, path, body, accepted
):
    monkeypatch.setitem(app.config, setting, "2 per hour")
    login(make_user("resident"))
    stories = [make_story() for _ in range(3)]
    for story in stories[:2]:
        url = f"/api/v1/stories/{story.uuid}{path}"
        assert getattr(client, method)(url, json=body).status_code == accepted
    assert_rate_limited(
        getattr(client, method)(f"/api/v1/stories/{stories[2].uuid}{path}", json=body)
    )


def test_guessing_the_password_to_erase_an_account_is_limited(
    app, client, make_user, login, monkeypatch
):
    monkeypatch.setitem(app.config, "RATELIMIT_PASSWORD_CHANGE", "2 per hour")
    login(make_user("resident"))
    wrong = {"stories": "delete", "password": "niet het wachtwoord"}
    for _ in range(2):
        assert client.delete("/api/v1/me", json=wrong).status_code == 403
    assert_rate_limited(client.delete("/api/v1/me", json=wrong))


def test_an_address_that_is_not_utf8_is_still_limited_per_account(client, caplog):
    # A lone surrogate is valid JSON but cannot be encoded as UTF-8: the key function failed,
    # and the limiter then skipped the per-account limit (or took its storage for dead).
    body = {"email": "\ud800jan@example.org", "password": "raden maar 1234"}
    for _ in range(5):
        assert_problem(client.post(f"{AUTH}/login", json=body), 422)
    assert_rate_limited(client.post(f"{AUTH}/login", json=body))
    assert "falling back" not in caplog.text

"""Fault: the Redis that keeps the rate limits is down — from the start, or it dies while the app
runs. Fail safe (docs/security.md, "Rate limits"): no request fails because of it (no 5xx), and
the limits keep applying, counted in the process's memory until Redis answers again."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest
import redis

from tests.conftest import assert_problem
from tests.test_rate_limits import assert_rate_limited, login
from verhalenkaart.extensions import limiter

WRONG = "raden maar 1234"
ACCOUNT_LIMIT = 5  # RATELIMIT_LOGIN_ACCOUNT: 5 refused logins a minute per address


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _use_limit_storage(app, uri: str) -> None:
    app.config["RATELIMIT_STORAGE_URI"] = uri
    app.config.pop("RATELIMIT_STORAGE_OPTIONS", None)
    limiter.init_app(app)


@pytest.fixture
def limit_storage(app) -> Iterator:
    """Lets a test point the limits at a storage of its choice; memory:// again afterwards."""
    yield lambda uri: _use_limit_storage(app, uri)
    _use_limit_storage(app, "memory://")
    # The limiter is one object for the whole process: forget that its storage was down
    # (flask-limiter keeps that flag across init_app), so the next test starts clean.
    limiter._storage_dead = False  # noqa: SLF001


@pytest.fixture
def throwaway_redis() -> Iterator[tuple[str, subprocess.Popen]]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (scripts/test.sh installs it)")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, fixed arguments
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                assert time.monotonic() < deadline, "the throwaway Redis did not start"
                time.sleep(0.1)
        yield url, process
    finally:
        client.close()
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=10)


def _refused_until_limited(client, email: str, most: int) -> int:
    """Failed logins until a 429; how many were answered 401 first (never a 5xx)."""
    for attempt in range(most):
        response = login(client, email, WRONG)
        if response.status_code == 429:
            assert_rate_limited(response)
            return attempt
        assert_problem(response, 401)
    pytest.fail(f"no 429 after {most} failed logins")


def test_limits_hold_when_redis_is_down_from_the_start(client, make_user, limit_storage):
    limit_storage(f"redis://127.0.0.1:{_free_port()}/0")  # nothing listens there
    email = f"down-{uuid.uuid4().hex[:8]}@example.org"
    make_user("resident", email=email)
    assert login(client, email).status_code == 200  # logging in works
    # Counted in memory: without the fallback the limits were off while Redis was down (no 429).
    # (Flask-Limiter logs "falling back to in-memory storage" only the first time in a process,
    # so the log is no witness when an earlier test of the run already fell back.)
    assert _refused_until_limited(client, email, 20) == ACCOUNT_LIMIT


def test_limits_hold_when_redis_dies_while_the_app_runs(
    client, make_user, limit_storage, throwaway_redis
):
    url, process = throwaway_redis
    limit_storage(url)
    email = f"dies-{uuid.uuid4().hex[:8]}@example.org"
    make_user("resident", email=email)
    for _ in range(2):
        assert_problem(login(client, email, WRONG), 401)
    assert redis.Redis.from_url(url).keys("*verhalenkaart*")  # counted in Redis so far

    process.kill()
    process.wait(timeout=10)

    # The two refusals counted in Redis are out of reach; the process counts from zero in its
    # memory, so the account is limited again after at most the limit's five refusals.
    assert _refused_until_limited(client, email, 20) <= ACCOUNT_LIMIT
    # Requests that are not limited go on as before.
    assert client.get("/api/v1/stories").status_code == 200

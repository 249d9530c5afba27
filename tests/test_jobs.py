"""Background jobs (jobs/): mails and the password-reset lookup leave the request path, run in
a thread of the process in the embedded default and on RQ over Redis with a worker, and are
tried again when they fail."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from tests.conftest import link_token
from verhalenkaart import create_app
from verhalenkaart.jobs import services as jobs
from verhalenkaart.jobs.services import RqBackend, ThreadBackend
from verhalenkaart.jobs.worker import run_worker

AUTH = "/api/v1/auth"
REDIS_URL = os.environ.get("VERHALENKAART_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

#: A job that fails on its first attempt and then succeeds: what an SMTP hiccup looks like.
_flaky_runs: list[str] = []


@jobs.job("tests.flaky", retry_intervals=(0, 0))
def _flaky(key: str) -> None:
    _flaky_runs.append(key)
    if _flaky_runs.count(key) == 1:
        raise ConnectionError("the first attempt fails")


def _statements_of_this_thread(connection: sa.Connection) -> list[str]:
    """A list that fills with the SQL this thread runs on `connection` (the request's; the
    jobs' thread is left out)."""
    seen: list[str] = []
    me = threading.get_ident()

    @sa.event.listens_for(connection, "before_cursor_execute")
    def _record(_conn, _cursor, statement, _params, _context, _many):
        if threading.get_ident() == me:
            seen.append(statement)

    return seen


@pytest.fixture
def thread_jobs(app) -> Iterator[ThreadBackend]:
    """The embedded default's backend (a thread of the process) for one test (the suite's
    app runs jobs inline)."""
    previous = app.extensions[jobs.EXTENSION]
    backend = ThreadBackend(app)
    app.extensions[jobs.EXTENSION] = backend
    yield backend
    backend.wait_until_idle(10)
    app.extensions[jobs.EXTENSION] = previous


def test_a_reset_request_does_the_same_work_for_a_known_and_an_unknown_address(
    client, connection, make_user, mailbox, thread_jobs
):
    """Issue 15: the answer must not take longer for an address with an account. The request
    does no user lookup at all (the job does), so both answers are the same statements."""
    make_user("resident", email="jan@example.org")
    client.get(f"{AUTH}/csrf")  # the session and its token exist before we count
    work = {}
    seen = _statements_of_this_thread(connection)
    for address in ("jan@example.org", "piet@example.org"):
        response = client.post(f"{AUTH}/password-reset", json={"email": address})
        assert response.status_code == 202
        work[address] = list(seen)
        seen.clear()
    assert work["jan@example.org"] == work["piet@example.org"]
    assert not any("users" in statement for statement in work["jan@example.org"])
    # The job did the lookup: the owner gets the link, the unknown address nothing.
    assert "/wachtwoord/nieuw?token=" in mailbox.wait_for("jan@example.org").get_content()
    mailbox.assert_nothing_to("piet@example.org")


def test_a_registration_does_the_same_work_for_a_known_and_an_unknown_address(
    client, connection, make_user, mailbox, thread_jobs
):
    """Registering someone's address must neither tell that it has an account (by the time the
    answer takes) nor write anything on the request path (it used to count up the owner's
    reset links there). The job looks the address up and mails its owner instead."""
    owner = make_user("resident", email="jan@example.org")
    counter = owner.reset_counter
    client.get(f"{AUTH}/csrf")
    work = {}
    seen = _statements_of_this_thread(connection)
    for address in ("jan@example.org", "piet@example.org"):
        body = {"email": address, "password": "Een lang wachtwoord 2026", "display_name": "J"}
        assert client.post(f"{AUTH}/register", json=body).status_code == 202
        work[address] = [statement.split()[0] for statement in seen]
        # The job thread shares the test's connection: never beside a request.
        assert thread_jobs.wait_until_idle(10)
        seen.clear()
    assert work["jan@example.org"] == work["piet@example.org"]
    assert not any(verb in {"INSERT", "UPDATE", "DELETE"} for verb in work["jan@example.org"])
    assert "/wachtwoord/nieuw?token=" in mailbox.wait_for("jan@example.org").get_content()
    assert "/registreren?token=" in mailbox.wait_for("piet@example.org").get_content()
    counted = connection.scalar(
        sa.text("SELECT reset_counter FROM users WHERE id = :id"), {"id": owner.id}
    )
    assert counted == counter + 1  # by the job: the owner's mail carries the newest reset link


def test_a_failing_job_is_tried_again_in_process(app, thread_jobs):
    key = uuid.uuid4().hex
    with app.app_context():
        jobs.enqueue("tests.flaky", key=key)
        assert jobs.wait_until_idle(10)
    assert _flaky_runs.count(key) == 2


def test_the_embedded_default_runs_jobs_in_a_thread_and_redis_on_rq(app, tmp_path):
    base = {"DATABASE_URL": app.config["DATABASE_URL"], "DATA_DIR": str(tmp_path)}
    assert isinstance(jobs.backend_of(create_app(base)), ThreadBackend)
    with_redis = create_app(base | {"JOBS_URL": "redis://127.0.0.1:6379/6"})
    assert isinstance(jobs.backend_of(with_redis), RqBackend)


# --- RQ over Redis ----------------------------------------------------------------------------


@pytest.fixture
def redis_queue(app) -> Iterator[RqBackend]:
    """The app's jobs on an RQ queue in the test Redis for one test (emptied before and after)."""
    import redis

    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.RedisError:
        if os.environ.get("VERHALENKAART_TEST_REDIS") == "required":
            pytest.fail(f"no Redis answers at {REDIS_URL} (VERHALENKAART_TEST_REDIS=required)")
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    previous = app.extensions[jobs.EXTENSION]
    backend = RqBackend(REDIS_URL)
    _empty(backend)
    app.extensions[jobs.EXTENSION] = backend
    yield backend
    _empty(backend)
    app.extensions[jobs.EXTENSION] = previous
    server.close()


def _empty(backend: RqBackend) -> None:
    """The queue and its scheduled jobs (a worker schedules the daily purge when it starts)."""
    from rq.registry import ScheduledJobRegistry

    backend.queue.empty()
    scheduled = ScheduledJobRegistry(queue=backend.queue)
    for job_id in scheduled.get_job_ids():
        scheduled.remove(job_id, delete_job=True)


def test_with_redis_a_reset_mail_waits_in_the_queue_for_a_worker(
    app, client, make_user, mailbox, redis_queue
):
    make_user("resident", email="jan@example.org")
    response = client.post(f"{AUTH}/password-reset", json={"email": "jan@example.org"})
    assert response.status_code == 202
    assert redis_queue.queue.count == 1  # acknowledged: the job is in Redis, not in this process
    mailbox.assert_nothing_to("jan@example.org", wait=0.3)
    run_worker(app, burst=True)
    assert link_token(mailbox.wait_for("jan@example.org"), "/wachtwoord/nieuw")
    assert redis_queue.queue.count == 0


def test_with_redis_a_failing_job_is_retried_by_the_worker(app, redis_queue):
    key = uuid.uuid4().hex
    with app.app_context():
        job_id = jobs.enqueue("tests.flaky", key=key)
    run_worker(app, burst=True)
    assert _flaky_runs.count(key) == 2
    assert redis_queue.queue.fetch_job(job_id).get_status() == "finished"


def test_an_unreachable_queue_is_a_503_not_a_lost_mail(app, client, make_user):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    previous = app.extensions[jobs.EXTENSION]
    app.extensions[jobs.EXTENSION] = RqBackend(f"redis://127.0.0.1:{port}/0")
    try:
        response = client.post(f"{AUTH}/password-reset", json={"email": "jan@example.org"})
    finally:
        app.extensions[jobs.EXTENSION] = previous
    assert response.status_code == 503
    assert response.headers["Retry-After"]


def test_a_worker_schedules_the_daily_purge_of_ended_school_projects_once(app, redis_queue):
    from rq.registry import ScheduledJobRegistry

    from verhalenkaart.schools.purge import PURGE_JOB, PURGE_JOB_ID

    scheduled = ScheduledJobRegistry(queue=redis_queue.queue)
    run_worker(app, burst=True)
    run_worker(app, burst=True)  # a second worker, or a restart: still one purge
    assert scheduled.get_job_ids() == [PURGE_JOB_ID]
    soon = scheduled.get_scheduled_time(PURGE_JOB_ID)
    with app.app_context():
        jobs.perform(PURGE_JOB, {})  # a run purges, then schedules the next a day later
    later = scheduled.get_scheduled_time(PURGE_JOB_ID)
    assert scheduled.get_job_ids() == [PURGE_JOB_ID]
    assert 23 * 3600 < (later - soon).total_seconds() < 25 * 3600

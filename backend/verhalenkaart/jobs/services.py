"""Jobs: registered by name, enqueued with keyword arguments, retried on failure.

Two backends, chosen by configuration:

- `JOBS_URL=redis://…`: RQ. `enqueue()` writes the job to Redis and returns only then, so a
  request that enqueued a job answers after the job is in Redis; `verhalenkaart worker`
  processes run it, with RQ's `Retry` (intervals below) when it raises. An app process that
  dies after answering loses nothing: the job is no longer in it.
- no `JOBS_URL` (the embedded default): one thread per process runs the jobs in order, with
  the same retries (a timer puts a failed job back). Work in flight dies with the process,
  as the mails sent from a thread did before; a one-process laptop install accepts that.

Routes enqueue *after* their commit and before they answer (decision 0020): a job never runs
for a rolled-back change, and a job is queued for everything the client was told succeeded.
The window between the commit and the enqueue is documented there.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context

from verhalenkaart.errors import Busy

log = logging.getLogger(__name__)

#: Seconds between the attempts of a failing job (RQ's Retry intervals): about a day in all.
DEFAULT_RETRY_INTERVALS = (10, 60, 300, 1800, 7200, 14400)
QUEUE_NAME = "verhalenkaart"
EXTENSION = "verhalenkaart.jobs"


@dataclass(frozen=True)
class JobKind:
    name: str
    func: Callable[..., None]
    retry_intervals: tuple[int, ...]
    timeout_s: int


_REGISTRY: dict[str, JobKind] = {}
_worker_app: list[Flask] = []


def job(name: str, *, retry_intervals=DEFAULT_RETRY_INTERVALS, timeout_s: int = 300):
    """Register a function as the job `name`; its keyword arguments must be JSON-like (they
    travel through Redis)."""

    def register(func: Callable[..., None]) -> Callable[..., None]:
        _REGISTRY[name] = JobKind(name, func, tuple(retry_intervals), timeout_s)
        return func

    return register


def registered() -> dict[str, JobKind]:
    return dict(_REGISTRY)


def init_app(app: Flask) -> None:
    url = app.config.get("JOBS_URL") or ""
    if url:
        app.extensions[EXTENSION] = RqBackend(url)
    elif app.config.get("JOBS_INLINE"):
        app.extensions[EXTENSION] = InlineBackend()
    else:
        app.extensions[EXTENSION] = ThreadBackend(app)


def backend_of(app: Flask) -> RqBackend | ThreadBackend | InlineBackend:
    return app.extensions[EXTENSION]


def enqueue(name: str, **kwargs: object) -> str:
    """Queue the job `name` with `kwargs`; returns its id. Raises Busy (503) when the queue
    cannot take it (Redis unreachable)."""
    if name not in _REGISTRY:
        raise KeyError(f"no job named {name!r}")
    return backend_of(current_app).enqueue(name, kwargs)


def wait_until_idle(timeout: float = 10.0) -> bool:
    """Wait for this process's in-process jobs (tests; shutting down). True when idle."""
    if not has_app_context():
        return all(b.wait_until_idle(timeout) for b in ThreadBackend.instances)
    backend = backend_of(current_app)
    return backend.wait_until_idle(timeout) if isinstance(backend, ThreadBackend) else True


def perform(name: str, kwargs: dict) -> None:
    """Run one job in an app context of its own (RQ calls this by its dotted name)."""
    app = current_app._get_current_object() if has_app_context() else _worker_app[-1]
    kind = _REGISTRY[name]
    with app.app_context():
        kind.func(**kwargs)


def bind_worker_app(app: Flask) -> None:
    """The app whose configuration the jobs of this worker process run with."""
    _worker_app.append(app)


# --- RQ ---------------------------------------------------------------------------------------


class RqBackend:
    def __init__(self, url: str) -> None:
        from redis import Redis
        from rq import Queue

        self.url = url
        self.connection = Redis.from_url(url)
        self.queue = Queue(QUEUE_NAME, connection=self.connection)

    def enqueue(self, name: str, kwargs: dict) -> str:
        from redis.exceptions import RedisError
        from rq import Retry

        kind = _REGISTRY[name]
        try:
            queued = self.queue.enqueue(
                perform,
                name,
                kwargs,
                retry=Retry(max=len(kind.retry_intervals), interval=list(kind.retry_intervals)),
                job_timeout=kind.timeout_s,
                result_ttl=3600,
                failure_ttl=30 * 24 * 3600,
                description=name,
            )
        except RedisError as error:
            log.error("Could not queue the job %s: %s", name, error)
            raise Busy(_busy_detail(), retry_after=30) from error
        log.info("Queued job %s as %s", name, queued.id)
        return queued.id

    def schedule(self, name: str, kwargs: dict, *, seconds: int, job_id: str) -> None:
        """Run the job `name` in `seconds` (the worker's scheduler starts it), under a fixed
        `job_id`: scheduling it again replaces the earlier one instead of adding a second."""
        import datetime as dt

        from rq import Retry

        kind = _REGISTRY[name]
        self.queue.enqueue_in(
            dt.timedelta(seconds=seconds),
            perform,
            name,
            kwargs,
            job_id=job_id,
            retry=Retry(max=len(kind.retry_intervals), interval=list(kind.retry_intervals)),
            job_timeout=kind.timeout_s,
            result_ttl=3600,
            failure_ttl=30 * 24 * 3600,
            description=name,
        )
        log.info("Scheduled job %s as %s in %d s", name, job_id, seconds)


def _busy_detail() -> str:
    from flask_babel import _

    return _("The server cannot take this request now. Try again in a minute.")


# --- inline (tests) ---------------------------------------------------------------------------


class InlineBackend:
    """Each job runs at once in the caller, once (JOBS_INLINE, for tests: the suite's requests
    share one database connection, which a job thread must not use at the same time)."""

    def enqueue(self, name: str, kwargs: dict) -> str:
        job_id = str(uuid.uuid4())
        try:
            _REGISTRY[name].func(**kwargs)
        except Exception:
            log.exception("Job %s (%s) failed (inline: not tried again)", job_id, name)
        return job_id


# --- in-process -------------------------------------------------------------------------------


@dataclass
class _Attempt:
    name: str
    kwargs: dict
    job_id: str
    attempt: int = 0


class ThreadBackend:
    """One daemon thread per process runs the jobs in order; failures are retried later."""

    instances: list[ThreadBackend] = []

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.queue: queue.Queue[_Attempt] = queue.Queue()
        self.pending = 0
        self.idle = threading.Condition()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        ThreadBackend.instances.append(self)

    def enqueue(self, name: str, kwargs: dict) -> str:
        job_id = str(uuid.uuid4())
        with self.idle:
            self.pending += 1
        self._start()
        self.queue.put(_Attempt(name, dict(kwargs), job_id))
        log.debug("Queued job %s as %s (in process)", name, job_id)
        return job_id

    def _start(self) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="jobs", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            attempt = self.queue.get()
            kind = _REGISTRY[attempt.name]
            try:
                with self.app.app_context():
                    kind.func(**attempt.kwargs)
            except Exception:
                if attempt.attempt < len(kind.retry_intervals):
                    delay = kind.retry_intervals[attempt.attempt]
                    log.exception("Job %s failed; again in %s s", attempt.job_id, delay)
                    attempt.attempt += 1
                    timer = threading.Timer(delay, self.queue.put, args=(attempt,))
                    timer.daemon = True
                    timer.start()
                    continue
                log.exception("Job %s (%s) failed for good", attempt.job_id, attempt.name)
            self._done()

    def _done(self) -> None:
        with self.idle:
            self.pending -= 1
            self.idle.notify_all()

    def wait_until_idle(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        with self.idle:
            while self.pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.idle.wait(remaining)
        return True


@atexit.register
def _finish_in_process_jobs() -> None:
    for backend in ThreadBackend.instances:
        backend.wait_until_idle(10.0)

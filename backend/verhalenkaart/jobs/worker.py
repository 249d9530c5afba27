"""`verhalenkaart worker`: an RQ worker for the app's queue, with the scheduler that puts
failed jobs back after their retry interval."""

from __future__ import annotations

from flask import Flask

from verhalenkaart.jobs.services import QUEUE_NAME, RqBackend, backend_of, bind_worker_app

#: Called with the app when a worker starts (capabilities schedule their periodic jobs).
_ON_START: list = []


def on_worker_start(func):
    """Register `func(app)` to run when `verhalenkaart worker` starts."""
    _ON_START.append(func)
    return func


def run_worker(app: Flask, *, burst: bool = False) -> bool:
    """Work the queue until stopped (or, with `burst`, until it is empty). Jobs run in this
    process (RQ's SimpleWorker): each in an app context of its own."""
    from rq import SimpleWorker

    backend = backend_of(app)
    if not isinstance(backend, RqBackend):
        raise RuntimeError("VERHALENKAART_JOBS_URL is not set: jobs run inside the app process")
    bind_worker_app(app)
    for start in _ON_START:
        start(app)
    worker = SimpleWorker([backend.queue], connection=backend.connection, name=None)
    return worker.work(burst=burst, with_scheduler=True, logging_level="INFO")


__all__ = ["QUEUE_NAME", "on_worker_start", "run_worker"]

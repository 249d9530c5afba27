"""The daily purge of ended school projects as a job (issue 14): `verhalenkaart worker`
schedules it when it starts, and each run schedules the next a day later, under one fixed job
id, so several workers still purge once a day. Without a worker (the embedded default) the
same purge is `verhalenkaart schools purge` from cron (docs/schools.md)."""

from __future__ import annotations

import logging

from flask import Flask, current_app

from verhalenkaart.db import utcnow
from verhalenkaart.extensions import db
from verhalenkaart.jobs import services as jobs
from verhalenkaart.jobs.worker import on_worker_start
from verhalenkaart.schools.classwork import purge_ended_projects

log = logging.getLogger(__name__)

PURGE_JOB = "schools.purge"
#: The one scheduled purge: scheduling again replaces it (several workers, restarts).
PURGE_JOB_ID = "schools-purge-daily"
DAY_SECONDS = 24 * 3600


@jobs.job(PURGE_JOB)
def purge_daily() -> None:
    """Purge the pupils of long-ended projects, then schedule the next run."""
    done = purge_ended_projects(
        db.session, current_app.config["SCHOOLS_RETENTION_DAYS"], utcnow().date()
    )
    db.session.commit()
    log.info("Purged %(pupils)d pupil(s) of %(projects)d ended project(s)", done)
    _schedule(current_app, DAY_SECONDS)


@on_worker_start
def _first_purge_soon(app: Flask) -> None:
    _schedule(app, 60)


def _schedule(app: Flask, seconds: int) -> None:
    backend = jobs.backend_of(app)
    if isinstance(backend, jobs.RqBackend):
        backend.schedule(PURGE_JOB, {}, seconds=seconds, job_id=PURGE_JOB_ID)

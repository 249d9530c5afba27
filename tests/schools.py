"""Helpers for the school-project tests: a project with an area around Assen, and pupils who
join it through the service (their re-entry codes known to the test)."""

from __future__ import annotations

import datetime as dt
import uuid

from shapely import geometry as shp
from sqlalchemy.orm import Session

from tests.conftest import ASSEN, PASSWORD, SECRET_KEY
from verhalenkaart import geo
from verhalenkaart.accounts.models import User
from verhalenkaart.db import utcnow
from verhalenkaart.schools import codes, joining
from verhalenkaart.schools.models import Project

#: The project's area: a box of about 7 × 11 km around the Brink in Assen.
AREA = shp.box(ASSEN[0] - 0.05, ASSEN[1] - 0.05, ASSEN[0] + 0.05, ASSEN[1] + 0.05)
AREA_GEOJSON = geo.shape_to_geojson(AREA)
#: A place in the region, outside the area: Emmen.
OUTSIDE = (6.9, 52.78)


def make_project(
    session: Session,
    teacher: User | None,
    *,
    policy: str = "class",
    ends_in_days: int = 30,
    school: str = "De Esch",
    **overrides: object,
) -> Project:
    today = utcnow().date()
    values = {
        "slug": f"groep-{uuid.uuid4().hex[:8]}",
        "name": "Groep 7 Assen",
        "teacher_id": teacher.id if teacher is not None else None,
        "school": school,
        "class_name": "groep 7",
        "prompt": "Wat is jouw plek in het beekdal?",
        "area": geo.to_db(AREA),
        "starts_on": today - dt.timedelta(days=1),
        "ends_on": today + dt.timedelta(days=ends_in_days),
        "policy": policy,
        "join_code": codes.new_code(codes.JOIN_CODE_LENGTH),
    } | overrides
    project = Project(**values)
    session.add(project)
    session.commit()
    return project


def add_pupil(session: Session, project: Project, nickname: str | None = None):
    """(pupil user, re-entry code) of a new pupil of `project`."""
    nickname = nickname or f"Pupil {uuid.uuid4().hex[:6]}"
    membership, code = joining.join(session, project.join_code, nickname, SECRET_KEY)
    session.commit()
    return membership.user, code


def login_as(app, user):
    """A new client logged in as `user` (an account with the tests' password)."""
    other = app.test_client()
    response = other.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return other


def pupil_client(app, code):
    """A new client logged in as the pupil whose re-entry code is `code`."""
    other = app.test_client()
    response = other.post("/api/v1/auth/reenter", json={"code": code})
    assert response.status_code == 200, response.json
    return other

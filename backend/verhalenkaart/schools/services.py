"""School projects: create, read, change, rotate the join code, add a co-teacher (docs/schools.md).

Who sees a project: its teachers (the owner and co-teachers) and administrators; its pupils see
the pupil view; anyone else gets 404, so a project's existence is not revealed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import _
from geoalchemy2.shape import to_shape
from shapely import affinity
from shapely import geometry as shp
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from verhalenkaart import geo, permissions
from verhalenkaart.accounts.models import Role, User
from verhalenkaart.db import utcnow
from verhalenkaart.errors import NotFound, ProjectEnded, ValidationProblem
from verhalenkaart.places.models import Place
from verhalenkaart.schools import codes
from verhalenkaart.schools.models import (
    Policy,
    Project,
    ProjectStatus,
    Pupil,
    project_teachers,
)
from verhalenkaart.stories.models import Status, Story
from verhalenkaart.text import fold


def today() -> dt.date:
    return utcnow().date()


@dataclass(frozen=True)
class Links:
    """Where the web app's join and re-entry screens are (for QR codes and the teacher)."""

    base_url: str

    def join_url(self, code: str) -> str:
        return f"{self.base_url.rstrip('/')}/klas/doe-mee?code={code}"

    def reentry_url(self, code: str) -> str:
        return f"{self.base_url.rstrip('/')}/klas/terug?code={code}"


# --- reading ----------------------------------------------------------------------------------


def pupil_membership(session: Session, user: User | None) -> Pupil | None:
    if user is None or not user.is_authenticated or user.role != Role.PUPIL:
        return None
    return session.get(Pupil, user.id)


def is_member(session: Session, user: User | None, project: Project) -> bool:
    """Its teachers, administrators and its pupils: who sees the class map."""
    if permissions.teaches(user, project):
        return True
    membership = pupil_membership(session, user)
    return membership is not None and membership.project_id == project.id


def project_for_member(session: Session, slug: str, user: User | None) -> Project:
    """Project `slug` if `user` is a member; NotFound otherwise."""
    project = session.scalar(sa.select(Project).where(Project.slug == slug))
    if project is None or not is_member(session, user, project):
        raise NotFound(_("There is no project with this name."))
    return project


def project_for_teacher(session: Session, slug: str, user: User | None) -> Project:
    """Project `slug` if `user` teaches it (or is an administrator); NotFound otherwise."""
    project = session.scalar(sa.select(Project).where(Project.slug == slug))
    if project is None or not permissions.teaches(user, project):
        raise NotFound(_("There is no project with this name."))
    return project


def writable(project: Project) -> Project:
    """The project, if it has not ended; ProjectEnded (409) otherwise."""
    if project.status_on(today()) == ProjectStatus.ENDED:
        raise ProjectEnded(_("This project has ended: it can no longer be changed."))
    return project


def list_projects(session: Session, user: User) -> list[Project]:
    """The projects `user` teaches (all of them for an administrator), newest first."""
    stmt = sa.select(Project).order_by(Project.created_at.desc(), Project.id.desc())
    if user.role != Role.ADMIN:
        co_taught = sa.select(project_teachers.c.project_id).where(
            project_teachers.c.user_id == user.id
        )
        stmt = stmt.where(sa.or_(Project.teacher_id == user.id, Project.id.in_(co_taught)))
    return list(session.scalars(stmt))


def story_counts(session: Session, project: Project) -> dict[str, int]:
    """The project's pupils' stories per status as the teacher sees them."""
    rows = session.execute(
        sa.select(Story.status, sa.func.count())
        .where(Story.project_id == project.id)
        .group_by(Story.status)
    )
    found = dict(rows.all())
    return {s: int(found.get(s, 0)) for s in ("pending", "class", "published", "rejected")}


def project_view(session: Session, project: Project, links: Links) -> dict:
    """The teacher's view of a project (schools.schemas.ProjectOut)."""
    status = project.status_on(today())
    ended = status == ProjectStatus.ENDED
    teachers = [u for u in [session.get(User, project.teacher_id)] if u is not None]
    teachers += [u for u in project.co_teachers if u.id != project.teacher_id]
    pupils = session.scalar(
        sa.select(sa.func.count()).select_from(Pupil).where(Pupil.project_id == project.id)
    )
    return {
        **pupil_view(project),
        "place": project.place,
        "radius_m": project.radius_m,
        "policy": project.policy,
        "join_code": None if ended else codes.shown(project.join_code),
        "join_url": None if ended or not project.join_code else links.join_url(project.join_code),
        "teachers": [{"id": u.id, "display_name": u.display_name} for u in teachers],
        "pupil_count": int(pupils or 0),
        "counts": story_counts(session, project),
        "created_at": project.created_at,
    }


def pupil_view(project: Project) -> dict:
    """What a pupil sees of their own project (schools.schemas.PupilProjectOut)."""
    status = project.status_on(today())
    return {
        "slug": project.slug,
        "name": project.name,
        "school": project.school,
        "class": project.class_name,
        "prompt": project.prompt,
        "area": geo.shape_to_geojson(to_shape(project.area)) if project.area is not None else None,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "status": str(status),
        "read_only": status == ProjectStatus.ENDED,
    }


# --- writing ----------------------------------------------------------------------------------


def _area_shape(session: Session, data: dict, region: geo.BBox) -> tuple:
    """(shape, place name, radius) of the project's area: a drawn Polygon/MultiPolygon inside
    the region, or a gazetteer place with a radius. Raises ValidationProblem."""
    if data.get("area") is not None:
        area = data["area"]
        if not isinstance(area, dict) or area.get("type") not in {"Polygon", "MultiPolygon"}:
            raise ValidationProblem.field("area", _("Draw the area as a Polygon."))
        if area["type"] == "MultiPolygon" and not isinstance(area.get("coordinates"), list):
            raise ValidationProblem.field("area", _("Draw the area as a Polygon."))
        try:
            parts = (
                [{"type": "Polygon", "coordinates": c} for c in area["coordinates"]]
                if area["type"] == "MultiPolygon"
                else [area]
            )
            shapes = [geo.story_shape(part, region) for part in parts]
        except ValidationProblem as problem:
            messages = (problem.errors or {}).get("geometry") or [problem.detail]
            raise ValidationProblem.field("area", messages[0]) from None
        if not shapes:
            raise ValidationProblem.field("area", _("Draw the area as a Polygon."))
        shape = shapes[0] if len(shapes) == 1 else shp.MultiPolygon(shapes)
        if not shape.is_valid:
            raise ValidationProblem.field("area", _("The parts of the area overlap."))
        return shape, None, None
    place_name = (data.get("place") or "").strip()
    if not place_name:
        raise ValidationProblem.field(
            "area", _("Draw the project's area on the map, or choose a place and a radius.")
        )
    radius = data.get("radius_m")
    if radius is None:
        raise ValidationProblem.field("radius_m", _("Give the radius around the place."))
    place = session.scalar(
        sa.select(Place)
        .where(Place.search_name == fold(place_name))
        .order_by(Place.population.desc().nulls_last())
        .limit(1)
    )
    if place is None:
        raise ValidationProblem.field("place", _("Unknown place: %(place)s.", place=place_name))
    centre = to_shape(place.point)
    # A circle of `radius` metres: a unit circle scaled to degrees at this latitude.
    circle = affinity.scale(
        shp.Point(0, 0).buffer(1.0, quad_segs=16),
        xfact=radius / (111_320 * math.cos(math.radians(centre.y))),
        yfact=radius / 110_540,
        origin=(0, 0),
    )
    return affinity.translate(circle, centre.x, centre.y), place.name, radius


def _slug_for(session: Session, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60] or "project"
    slug, n = base, 1
    while session.scalar(sa.select(Project.id).where(Project.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_dates(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationProblem.field("ends_on", _("The end date must not be before the start."))


def _new_join_code(session: Session) -> str:
    while True:
        code = codes.new_code(codes.JOIN_CODE_LENGTH)
        if session.scalar(sa.select(Project.id).where(Project.join_code == code)) is None:
            return code


def create_project(session: Session, teacher: User, data: dict, region: geo.BBox) -> Project:
    """A new project led by `teacher`, with a fresh join code. Raises ValidationProblem."""
    _check_dates(data["starts_on"], data["ends_on"])
    shape, place, radius = _area_shape(session, data, region)
    project = Project(
        slug=_slug_for(session, data["name"]),
        name=data["name"].strip(),
        teacher_id=teacher.id,
        school=data.get("school", "").strip(),
        class_name=data.get("class", "").strip(),
        prompt=data.get("prompt", "").strip(),
        area=geo.to_db(shape),
        place=place,
        radius_m=radius,
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        policy=data.get("policy") or Policy.CLASS,
        join_code=_new_join_code(session),
    )
    session.add(project)
    session.flush()
    return project


def update_project(session: Session, project: Project, data: dict, region: geo.BBox) -> Project:
    """Change a project that has not ended. Raises ValidationProblem, ProjectEnded."""
    writable(project)
    for key, attribute in (
        ("name", "name"),
        ("school", "school"),
        ("class", "class_name"),
        ("prompt", "prompt"),
        ("policy", "policy"),
    ):
        if key in data and data[key] is not None:
            setattr(project, attribute, data[key].strip() if key != "policy" else data[key])
    if "starts_on" in data:
        project.starts_on = data["starts_on"]
    if "ends_on" in data:
        project.ends_on = data["ends_on"]
    _check_dates(project.starts_on, project.ends_on)
    if data.get("area") is not None or data.get("place"):
        shape, place, radius = _area_shape(session, data, region)
        project.area, project.place, project.radius_m = geo.to_db(shape), place, radius
    session.flush()
    return project


def rotate_join_code(session: Session, project: Project) -> Project:
    """A new join code; the old one stops working at once. Raises ProjectEnded."""
    writable(project).join_code = _new_join_code(session)
    session.flush()
    return project


def add_co_teacher(session: Session, project: Project, email: str) -> Project:
    """Add the teacher with this e-mail address; 422 on `email` if there is no such teacher."""
    writable(project)
    user = session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None or user.role != Role.TEACHER:
        raise ValidationProblem.field("email", _("There is no teacher with this e-mail address."))
    if user.id not in project.teacher_ids():
        try:
            with session.begin_nested():
                project.co_teachers.append(user)
                session.flush()
        except IntegrityError:  # added at the same moment by another request
            session.refresh(project)
    return project


def project_of_story(session: Session, project: Project, story_uuid) -> Story:
    story = session.scalar(
        sa.select(Story).where(
            Story.uuid == story_uuid,
            Story.project_id == project.id,
            Story.status != Status.DELETED,
        )
    )
    if story is None:
        raise NotFound(_("There is no story with this id."))
    return story

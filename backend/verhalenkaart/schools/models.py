"""School projects: the Project stories refer to, its teachers, its pupils and the stories a
teacher picked for the public map (docs/schools.md)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from verhalenkaart.accounts.models import User
from verhalenkaart.db import Base, utcnow

MIN_RADIUS_M, MAX_RADIUS_M = 100, 10_000  # a project's area around a place
MAX_NICKNAME_LENGTH = 40


class Policy(StrEnum):
    CLASS = "class"  # approved stories stay on the class map
    PUBLIC = "public"  # the teacher may pick stories for the public map


class ProjectStatus(StrEnum):
    UPCOMING = "upcoming"
    ACTIVE = "active"
    ENDED = "ended"


#: Co-teachers: teachers besides the owner (Project.teacher_id) who run the project too.
project_teachers = sa.Table(
    "project_teachers",
    Base.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    #: The teacher who made the project; co-teachers are in project_teachers.
    teacher_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    school: Mapped[str] = mapped_column(sa.String(160), default="", server_default="")
    class_name: Mapped[str] = mapped_column(sa.String(80), default="", server_default="")
    prompt: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: Where the pupils' stories must lie (None: anywhere in the region).
    area = mapped_column(Geometry("GEOMETRY", srid=4326, spatial_index=False), nullable=True)
    place: Mapped[str | None] = mapped_column(sa.String(160))
    radius_m: Mapped[int | None]
    starts_on: Mapped[dt.date | None]
    ends_on: Mapped[dt.date | None]
    policy: Mapped[str] = mapped_column(sa.String(8), default=Policy.CLASS, server_default="class")
    #: The current join code (8 characters of schools.codes.ALPHABET), None when none is valid.
    join_code: Mapped[str | None] = mapped_column(sa.String(16), unique=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    co_teachers: Mapped[list[User]] = relationship(secondary=project_teachers, lazy="selectin")

    def status_on(self, today: dt.date) -> ProjectStatus:
        if self.ends_on is not None and today > self.ends_on:
            return ProjectStatus.ENDED
        if self.starts_on is not None and today < self.starts_on:
            return ProjectStatus.UPCOMING
        return ProjectStatus.ACTIVE

    def teacher_ids(self) -> set[int]:
        ids = {u.id for u in self.co_teachers}
        if self.teacher_id is not None:
            ids.add(self.teacher_id)
        return ids


class Pupil(Base):
    """A pupil account's membership of its one project, and its re-entry code: looked up by a
    keyed hash (HMAC with the secret key) and kept sealed (encrypted with a key derived from
    the secret key) so the teacher can print it again (decision 0015)."""

    __tablename__ = "pupils"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    reentry_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    reentry_sealed: Mapped[str] = mapped_column(sa.String(255))
    joined_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    # User.pupil: the membership of a pupil account (None for everyone else); GET /auth/me.
    user: Mapped[User] = relationship(
        lazy="joined", backref=backref("pupil", uselist=False, lazy="select", viewonly=True)
    )
    project: Mapped[Project] = relationship(lazy="joined")


class PublicPick(Base):
    """A pupil's class story the teacher picked for the public map, waiting for the curators:
    the curators' queue shows a pupil's pending story only when it is picked."""

    __tablename__ = "public_picks"

    story_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    picked_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    picked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

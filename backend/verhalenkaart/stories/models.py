"""Story and Theme models."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from verhalenkaart.accounts.models import Role, User
from verhalenkaart.db import Base, TimestampMixin
from verhalenkaart.schools.models import Project


class Kind(StrEnum):
    MEMORY = "memory"
    STORY = "story"
    PHOTO = "photo"
    WISH = "wish"


class Status(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    HIDDEN = "hidden"
    DELETED = "deleted"
    #: A pupil's story its teacher approved: seen by the class only (schools), never public.
    CLASS = "class"


#: The one status the public ever sees. Every public view (list, map, detail, reactions,
#: comments, reports; later collections, exports and the OGC API) filters on it, so a story that
#: leaves it (deleted, consent withdrawn, hidden, rejected) leaves every view at once.
PUBLIC_STATUS = Status.PUBLISHED


def initial_status(author: User | None, moderation: str) -> Status:
    """The status new content starts in. Moderators publish directly; pupils' content always
    waits for their teacher (they are minors); others wait for review unless `moderation` is
    'post'."""
    if author is not None and author.is_moderator:
        return Status.PUBLISHED
    if author is not None and author.role == Role.PUPIL:
        return Status.PENDING
    return Status.PUBLISHED if moderation == "post" else Status.PENDING


def status_after_edit(status: str, editor: User, moderation: str) -> str:
    """A story's status once `editor` changed or added content (text, place, photos,
    recordings): the one rule for every kind of edit, so nothing unreviewed is ever public.

    A published story goes back to review when its editor's new content would wait for review
    (see initial_status); a rejected or hidden one ("needs a change") goes back to the queue
    unless a moderator made the change."""
    if status == Status.PUBLISHED and initial_status(editor, moderation) == Status.PENDING:
        return Status.PENDING
    if status in {Status.REJECTED, Status.HIDDEN, Status.CLASS} and not editor.is_moderator:
        return Status.PENDING
    return status


class Precision(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"


LICENSES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0")
LANGUAGES = ("nl", "en", "nds", "fy", "de")  # nds: Drèents / Nedersaksisch

story_themes = sa.Table(
    "story_themes",
    Base.metadata,
    sa.Column("story_id", sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "theme_id", sa.ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Theme(Base):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_nl: Mapped[str] = mapped_column(sa.String(80))
    name_en: Mapped[str] = mapped_column(sa.String(80))
    colour: Mapped[str] = mapped_column(sa.String(7))
    position: Mapped[int]


def _in(column: str, values: tuple[str, ...] | type[StrEnum]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Story(TimestampMixin, Base):
    __tablename__ = "stories"
    __table_args__ = (
        sa.CheckConstraint(_in("kind", Kind), name="kind"),
        sa.CheckConstraint(_in("status", Status), name="status"),
        sa.CheckConstraint(_in("location_precision", Precision), name="location_precision"),
        sa.CheckConstraint("era_to IS NULL OR era_from IS NULL OR era_to >= era_from", name="era"),
        sa.Index("ix_stories_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)  # internal; the API speaks `uuid`
    uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, unique=True, default=uuid.uuid4)
    # active_history: the map cells (stories/cells.py) need the value a change replaces.
    kind: Mapped[str] = mapped_column(sa.String(16), active_history=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(8), default="nl")
    era_from: Mapped[int | None]
    era_to: Mapped[int | None]
    place_name: Mapped[str | None] = mapped_column(sa.String(160))
    origin_place: Mapped[str | None] = mapped_column(sa.String(160))  # waar kom jij weg?
    geom = mapped_column(Geometry("GEOMETRY", srid=4326, spatial_index=True), nullable=False)
    # A point on the geometry: what clusters and distance queries use.
    point = mapped_column(
        Geometry("POINT", srid=4326, spatial_index=True), nullable=False, active_history=True
    )
    location_precision: Mapped[str] = mapped_column(sa.String(12), default=Precision.EXACT)
    status: Mapped[str] = mapped_column(sa.String(12), default=Status.PENDING, active_history=True)
    license: Mapped[str] = mapped_column(sa.String(32), default="CC-BY-4.0")
    consent_at: Mapped[dt.datetime | None]
    consent_version: Mapped[str | None] = mapped_column(sa.String(32))
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    is_demo: Mapped[bool] = mapped_column(default=False)
    # Lower-cased, diacritics-free title, body and place: what `q` searches.
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    published_at: Mapped[dt.datetime | None]

    author: Mapped[User | None] = relationship(lazy="joined")
    project: Mapped[Project | None] = relationship(lazy="select")
    themes: Mapped[list[Theme]] = relationship(
        secondary=story_themes, lazy="selectin", order_by=Theme.position
    )

    def visible_to(self, user: User | None) -> bool:
        """Published stories are public; others only to their author and moderators."""
        if self.status == PUBLIC_STATUS:
            return True
        if user is None or not user.is_authenticated:
            return False
        if self.status == Status.DELETED:
            return user.is_moderator
        return user.is_moderator or (self.author_id is not None and self.author_id == user.id)

    def can_edit(self, user: User | None) -> bool:
        if user is None or not user.is_authenticated or self.status == Status.DELETED:
            return False
        return user.is_moderator or (self.author_id is not None and self.author_id == user.id)


def lock_story(session: Session, story: Story) -> None:
    """Hold the story's row until the transaction ends, so concurrent requests that count
    something of the story before adding to it (photos, recordings) take turns.

    `SELECT … FOR UPDATE` on PostgreSQL; SQLite has no row locks and needs none: a writing
    request's BEGIN IMMEDIATE holds the database's one write lock already (db.py)."""
    session.execute(sa.select(Story.id).where(Story.id == story.id).with_for_update())


#: MapCell.theme_id of the rows that count a cell's stories of every theme (and none).
ALL_THEMES = 0

#: The properties of a public story's Feature, in order (features.story_feature and
#: feature_json; consent is never in a public answer): what GET /stories?properties= chooses.
FEATURE_PROPERTIES = (
    *("kind", "title", "body", "language", "themes", "era_from", "era_to", "place_name"),
    *("origin_place", "location_precision", "status", "license", "project", "author"),
    *("author_label", "demo", "photos", "audio", "reactions", "comments", "created_at"),
    *("updated_at", "published_at"),
)


class MapCell(Base):
    """The published stories of one map cell (grid.cell_of) at one zoom, of one kind, counted
    once for all themes (theme_id ALL_THEMES) and once per theme: what the map clusters are
    read from, kept current by stories/cells.py in the transaction that changes a story.

    `id_sum` is the sum of the stories' ids: for a cell of one story, that story's id."""

    __tablename__ = "map_cells"

    zoom: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    theme_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    cx: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    cy: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    n: Mapped[int]
    sum_x: Mapped[float] = mapped_column(sa.Double)
    sum_y: Mapped[float] = mapped_column(sa.Double)
    id_sum: Mapped[int] = mapped_column(sa.BigInteger)

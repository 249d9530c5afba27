"""Whole sets of published stories, for readers that take more than a page: the OGC API
(counts, extent, offset pages, single items), the exports (a stream of every story) and curated
collections (the stories of a chosen list the public may still see), and a school project's
class map (its `class` and published stories, for its members only). Built on the read side
(features.py): the same conditions, the same database-written Feature.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart import geo, sqljson
from verhalenkaart.errors import NotFound
from verhalenkaart.stories.features import (
    StoryFilters,
    class_map_conditions,
    features_of,
    published_conditions,
)
from verhalenkaart.stories.models import Story

# --- whole sets: the OGC API and the exports ---------------------------------------------------


def story_ids(filters: StoryFilters, *, every_status: bool = False) -> sa.Select:
    """SELECT id of the stories `published_conditions` lets through."""
    table = Story.__table__
    return sa.select(table.c.id).where(*published_conditions(filters, every_status=every_status))


def count_stories(session: Session, filters: StoryFilters, *, every_status: bool = False) -> int:
    """How many stories `published_conditions` lets through (OGC numberMatched)."""
    ids = story_ids(filters, every_status=every_status).subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(ids)) or 0


def published_extent(
    session: Session, filters: StoryFilters
) -> tuple[geo.BBox | None, tuple[str | None, str | None]]:
    """The bounding box of the published stories matching `filters` (None if there are none)
    and the first and last publication time (ISO 8601)."""
    c = Story.__table__.c
    row = session.execute(
        sa.select(
            sa.func.min(geo.x_min(c.geom)),
            sa.func.min(geo.y_min(c.geom)),
            sa.func.max(geo.x_max(c.geom)),
            sa.func.max(geo.y_max(c.geom)),
            sa.func.min(c.published_at),
            sa.func.max(c.published_at),
        ).where(*published_conditions(filters))
    ).one()
    bbox = None if row[0] is None else tuple(round(float(v), 6) for v in row[:4])
    first, last = (_as_datetime(v) for v in row[4:])
    return bbox, (sqljson.iso(first), sqljson.iso(last))


def _as_datetime(value: object) -> dt.datetime | None:
    """A MIN()/MAX() of a timestamp: SQLite answers the stored text, naive UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def published_features_at(
    session: Session, filters: StoryFilters, limit: int, offset: int
) -> list[str]:
    """A page of published stories as Feature texts, oldest first (a stable order for
    offset paging: OGC API items)."""
    table = Story.__table__
    page = (
        sa.select(table.c.id)
        .where(*published_conditions(filters))
        .order_by(table.c.id)
        .offset(offset)
        .limit(limit)
        .cte("page")
    )
    rows = session.connection().execute(features_of(page).order_by(page.c.id))
    return [row.feature for row in rows]


def published_feature(session: Session, story_uuid: uuid.UUID) -> str:
    """One published story's Feature text, written by the database; NotFound otherwise."""
    table = Story.__table__
    page = (
        sa.select(table.c.id)
        .where(table.c.uuid == story_uuid, *published_conditions(StoryFilters()))
        .cte("page")
    )
    row = session.connection().execute(features_of(page)).first()
    if row is None:
        raise NotFound(_("There is no story with this id."))
    return row.feature


def stream_features(
    session: Session, filters: StoryFilters, *, every_status: bool = False, batch: int = 1000
) -> Iterator[tuple[int, str]]:
    """(id, Feature text) of every matching story, oldest first, from a server-side cursor:
    memory stays bounded however many there are (the exports)."""
    ids = story_ids(filters, every_status=every_status).cte("page")
    # Options on the statement, not the connection (Connection.execution_options changes the
    # session's connection in place: its next SAVEPOINT would become a cursor).
    stmt = features_of(ids).order_by(ids.c.id).execution_options(yield_per=batch)
    for row in session.connection().execute(stmt):
        yield row.id, row.feature


def published_features_among(session: Session, story_ids: Sequence[int]) -> dict[int, str]:
    """{story id: Feature JSON text} of those of `story_ids` the public may see now: the
    projection for readers that choose stories themselves (a curated collection) and must still
    never show one that is hidden, rejected, deleted or withdrawn. Order is the caller's."""
    if not story_ids:
        return {}
    table = Story.__table__
    page = (
        sa.select(table.c.id)
        .where(table.c.id.in_(list(story_ids)), *published_conditions(StoryFilters()))
        .cte("chosen")
    )
    return {row.id: row.feature for row in session.connection().execute(features_of(page))}


def published_ids_among(session: Session, story_ids: Sequence[int]) -> set[int]:
    """Those of `story_ids` the public may see now (counting a collection's stories)."""
    if not story_ids:
        return set()
    table = Story.__table__
    stmt = sa.select(table.c.id).where(
        table.c.id.in_(list(story_ids)), *published_conditions(StoryFilters())
    )
    return set(session.scalars(stmt))


# --- a school project's class map (members only: the schools routes check) ---------------------


def class_map_features(session: Session, project_id: int) -> list[tuple[int | None, str]]:
    """(author id, Feature JSON text) of a project's class map stories, newest first."""
    table = Story.__table__
    page = (
        sa.select(table.c.id, table.c.author_id)
        .where(*class_map_conditions(project_id))
        .cte("class_page")
    )
    stmt = features_of(page).add_columns(page.c.author_id).order_by(page.c.id.desc())
    return [(row.author_id, row.feature) for row in session.connection().execute(stmt)]

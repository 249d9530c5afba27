"""The map cells: published stories counted per zoom, cell, kind and theme, kept current.

One mechanism for every writer: a SQLAlchemy `after_flush` listener looks at each Story the
flush wrote (created, published, hidden, rejected, deleted, moved, re-themed, re-kinded —
whichever service did it: stories, moderation, community's auto-hide, me's erasure) and moves
its count from the cells it was in to the cells it is in now, in the same transaction. Bulk
writers that bypass the ORM (the demo seed) call `rebuild_cells()` afterwards.

Old values come from the attribute history (Story.status, kind and point are
`active_history`, so the replaced value is loaded even after a commit expired it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from verhalenkaart import geo
from verhalenkaart.db import bulk_insert
from verhalenkaart.stories.models import ALL_THEMES, PUBLIC_STATUS, MapCell, Story, story_themes

#: Cells are kept for zooms 0..MAX_CELL_ZOOM; closer in, the map reads that zoom's cells.
MAX_CELL_ZOOM = 16

Key = tuple[int, int, int, int, str]  # zoom, theme_id, cx, cy, kind
#: What one published story adds to the cells: (kind, theme ids, lon, lat, id).
Contribution = tuple[str, frozenset[int], float, float, int]


def _keys(kind: str, theme_ids: Iterable[int], lon: float, lat: float) -> Iterator[Key]:
    themes = (ALL_THEMES, *theme_ids)
    # A cell's parent is the cell of its coordinates halved (exact: powers of two).
    fx, fy = geo.cell_of(lon, lat, MAX_CELL_ZOOM)
    for zoom in range(MAX_CELL_ZOOM + 1):
        shift = MAX_CELL_ZOOM - zoom
        cx, cy = fx >> shift, fy >> shift
        for theme_id in themes:
            yield zoom, theme_id, cx, cy, kind


def _point(value: object) -> tuple[float, float]:
    shape = to_shape(value)
    return shape.x, shape.y


def _before(story: Story) -> Contribution | None:
    """What `story` contributed before this flush (None if it was not published)."""
    state = sa.inspect(story)

    def old(name: str) -> object:
        history = state.attrs[name].history
        if history.deleted:
            return history.deleted[0]
        return history.unchanged[0] if history.unchanged else getattr(story, name)

    if old("status") != PUBLIC_STATUS:
        return None
    themes = state.attrs.themes.history
    if themes.empty() and "themes" in state.unloaded:
        old_themes = story.themes  # unchanged since it was loaded: load it now
    else:
        old_themes = (*themes.unchanged, *themes.deleted)
    theme_ids = frozenset(t.id for t in old_themes)
    return old("kind"), theme_ids, *_point(old("point")), story.id


def _after(story: Story) -> Contribution | None:
    if story.status != PUBLIC_STATUS:
        return None
    return story.kind, frozenset(t.id for t in story.themes), *_point(story.point), story.id


def _add(deltas: dict, contribution: Contribution, sign: int) -> None:
    kind, theme_ids, lon, lat, story_id = contribution
    for key in _keys(kind, theme_ids, lon, lat):
        d = deltas[key]
        d[0] += sign
        d[1] += sign * lon
        d[2] += sign * lat
        d[3] += sign * story_id


@event.listens_for(Session, "after_flush")
def _keep_cells_current(session: Session, _flush_context: object) -> None:
    deltas: dict[Key, list] = defaultdict(lambda: [0, 0.0, 0.0, 0])
    for story in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(story, Story):
            continue
        before = None if story in session.new else _before(story)
        after = None if story in session.deleted else _after(story)
        if before == after:
            continue
        if before is not None:
            _add(deltas, before, -1)
        if after is not None:
            _add(deltas, after, +1)
    if deltas:
        apply_deltas(session.connection(), deltas)


def apply_deltas(conn: sa.Connection, deltas: dict[Key, list]) -> None:
    """Add each key's (n, sum_x, sum_y, id_sum) to its cell; drop cells left empty."""
    table = MapCell.__table__
    c = table.c
    emptied = []
    for key, (dn, dx, dy, did) in sorted(deltas.items()):
        if dn == 0 and did == 0:
            continue
        zoom, theme_id, cx, cy, kind = key
        where = (c.zoom == zoom, c.theme_id == theme_id, c.cx == cx, c.cy == cy, c.kind == kind)
        update = (
            table.update()
            .where(*where)
            .values(n=c.n + dn, sum_x=c.sum_x + dx, sum_y=c.sum_y + dy, id_sum=c.id_sum + did)
        )
        if conn.execute(update).rowcount == 0:
            row = dict(zoom=zoom, theme_id=theme_id, cx=cx, cy=cy, kind=kind)
            try:
                with conn.begin_nested():
                    conn.execute(table.insert().values(**row, n=dn, sum_x=dx, sum_y=dy, id_sum=did))
            except IntegrityError:  # a concurrent transaction made the cell first
                conn.execute(update)
        if dn < 0:
            emptied.append(sa.and_(*where))
    if emptied:
        conn.execute(table.delete().where(c.n <= 0, sa.or_(*emptied)))


def rebuild_cells(conn: sa.Connection, batch: int = 20_000) -> int:
    """Count every published story into the cells afresh (after a bulk write); returns the
    number of cells written."""
    stories = Story.__table__
    x, y = geo.point_x(stories.c.point), geo.point_y(stories.c.point)
    themes: dict[int, list[int]] = defaultdict(list)
    published = sa.select(stories.c.id).where(stories.c.status == PUBLIC_STATUS)
    theme_rows = sa.select(story_themes.c.story_id, story_themes.c.theme_id).where(
        story_themes.c.story_id.in_(published)
    )
    for story_id, theme_id in conn.execute(theme_rows):
        themes[story_id].append(theme_id)
    cells: dict[Key, list] = defaultdict(lambda: [0, 0.0, 0.0, 0])
    rows = conn.execute(
        sa.select(stories.c.id, stories.c.kind, x, y).where(stories.c.status == PUBLIC_STATUS)
    )
    for story_id, kind, lon, lat in rows:
        _add(cells, (kind, frozenset(themes.get(story_id, ())), lon, lat, story_id), +1)
    table = MapCell.__table__
    conn.execute(table.delete())
    names = ("zoom", "theme_id", "cx", "cy", "kind", "n", "sum_x", "sum_y", "id_sum")
    values = [dict(zip(names, (*key, *v), strict=True)) for key, v in cells.items()]
    for start in range(0, len(values), batch):
        bulk_insert(conn, table, values[start : start + batch])
    return len(values)

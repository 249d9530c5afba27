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

from verhalenkaart import geo, grid
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
    fx, fy = grid.cell_of(lon, lat, MAX_CELL_ZOOM)
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
    number of cells written.

    Set-based, so it stays linear in the stories: each story's finest cell is computed once
    by grid.cell_of (the function the listener uses, so both agree at every cell edge) into a
    scratch table; SQL then groups that into zoom MAX_CELL_ZOOM's cells and each coarser
    zoom from the zoom below it (a parent cell is its children's coordinates halved), so the
    database does the counting. The Python per-key loop it replaces wrote ~8 cells a story
    through a dict and took most of a 100,000-story seed (docs/performance.md)."""
    stories = Story.__table__
    x, y = geo.point_x(stories.c.point), geo.point_y(stories.c.point)
    scratch = _scratch_table()
    scratch.create(conn)
    rows = conn.execute(
        sa.select(stories.c.id, stories.c.kind, x, y)
        .where(stories.c.status == PUBLIC_STATUS)
        .execution_options(yield_per=batch)
    )
    for part in rows.partitions():
        values = []
        for story_id, kind, lon, lat in part:
            fx, fy = grid.cell_of(lon, lat, MAX_CELL_ZOOM)
            values.append(dict(story_id=story_id, kind=kind, fx=fx, fy=fy, x=lon, y=lat))
        bulk_insert(conn, scratch, values)
    table = MapCell.__table__
    conn.execute(table.delete())
    for statement in _group_statements(table, scratch):
        conn.execute(statement)
    scratch.drop(conn)
    return conn.scalar(sa.select(sa.func.count()).select_from(table))


def _scratch_table() -> sa.Table:
    """A temporary table of (story, kind, finest cell, point): rebuild_cells' input."""
    return sa.Table(
        "map_cell_rebuild",
        sa.MetaData(),
        sa.Column("story_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("fx", sa.Integer, nullable=False),
        sa.Column("fy", sa.Integer, nullable=False),
        sa.Column("x", sa.Double, nullable=False),
        sa.Column("y", sa.Double, nullable=False),
        prefixes=["TEMPORARY"],
    )


def _group_statements(table: sa.Table, scratch: sa.Table) -> Iterator[sa.Executable]:
    """INSERT … SELECT … GROUP BY: the finest zoom from the scratch table (once for all
    themes, once per theme), then every coarser zoom from the one below it."""
    c, s = table.c, scratch.c
    names = ("zoom", "theme_id", "cx", "cy", "kind", "n", "sum_x", "sum_y", "id_sum")
    counts = (sa.func.count(), sa.func.sum(s.x), sa.func.sum(s.y), sa.func.sum(s.story_id))
    zoom = sa.literal_column(str(MAX_CELL_ZOOM))
    yield table.insert().from_select(
        names,
        sa.select(zoom, sa.literal_column(str(ALL_THEMES)), s.fx, s.fy, s.kind, *counts).group_by(
            s.fx, s.fy, s.kind
        ),
    )
    links = story_themes.c
    yield table.insert().from_select(
        names,
        sa.select(zoom, links.theme_id, s.fx, s.fy, s.kind, *counts)
        .join_from(scratch, story_themes, links.story_id == s.story_id)
        .group_by(links.theme_id, s.fx, s.fy, s.kind),
    )
    for level in range(MAX_CELL_ZOOM - 1, -1, -1):
        cx, cy = c.cx.op(">>")(1), c.cy.op(">>")(1)
        sums = (sa.func.sum(c.n), sa.func.sum(c.sum_x), sa.func.sum(c.sum_y), sa.func.sum(c.id_sum))
        children = (
            sa.select(sa.literal_column(str(level)), c.theme_id, cx, cy, c.kind, *sums)
            .where(c.zoom == level + 1)
            .group_by(c.theme_id, cx, cy, c.kind)
        )
        yield table.insert().from_select(names, children)

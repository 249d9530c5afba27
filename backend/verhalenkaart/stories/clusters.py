"""What the map draws: single stories where few are in view, clusters where many.

Clusters are read from the precomputed map cells (stories/cells.py): a cell is 64 screen
pixels (a quarter of a tile side), so a view costs what its answer costs, not what the table
holds. An answer never has more than `max_features` features: a bbox with more cells than that
at its zoom is answered with a coarser zoom's cells (clustered, never expanded). Only filters
the cells cannot answer (an era, several themes at once) group the stories in view on the fly.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart import geo, grid
from verhalenkaart.errors import ValidationProblem
from verhalenkaart.stories.cells import MAX_CELL_ZOOM
from verhalenkaart.stories.features import StoryFilters, published_conditions
from verhalenkaart.stories.models import ALL_THEMES, MapCell, Story, Theme
from verhalenkaart.stories.themes import themes_of

MAX_TILE_ZOOM = 22
Cells = tuple[int, int, int, int]  # x0, y0, x1, y1 (inclusive)


def map_of_tile(
    session: Session, zoom: int, x: int, y: int, filters: StoryFilters, threshold: int
) -> dict:
    """What the map draws on the tile zoom/x/y (at most 16 cells)."""
    if not 0 <= zoom <= MAX_TILE_ZOOM:
        raise ValidationProblem.field("z", _("Use a zoom from 0 to %(max)d.", max=MAX_TILE_ZOOM))
    if not (0 <= x < 2**zoom and 0 <= y < 2**zoom):
        message = _(
            "At zoom %(zoom)d, x and y run from 0 to %(last)d.", zoom=zoom, last=2**zoom - 1
        )
        raise ValidationProblem.field("x", message)
    if zoom <= MAX_CELL_ZOOM:
        return _map(session, zoom, grid.tile_cells(zoom, x, y), filters, threshold)
    # Closer than the cells go: the tile lies inside one cell of MAX_CELL_ZOOM; draw its
    # stories (up to the usual cap) in the tile itself.
    shift = zoom - MAX_CELL_ZOOM
    x0, y0, x1, y1 = grid.tile_cells(zoom, x, y)
    cells = (x0 >> shift, y0 >> shift, x1 >> shift, y1 >> shift)
    return _map(session, MAX_CELL_ZOOM, cells, filters, threshold)


def map_of_bbox(
    session: Session, zoom: int, filters: StoryFilters, threshold: int, max_features: int
) -> dict:
    """What the map draws for `filters.bbox` at `zoom`, snapped to whole cells; at most
    `max_features` cells (a coarser zoom when the bbox holds more)."""
    level = min(zoom, MAX_CELL_ZOOM)
    cells = grid.bbox_cells(filters.bbox, level)
    while level > 0 and (cells[2] - cells[0] + 1) * (cells[3] - cells[1] + 1) > max_features:
        level -= 1
        cells = grid.bbox_cells(filters.bbox, level)
    return _map(session, level, cells, filters, min(threshold, max_features))


def _map(session: Session, level: int, cells: Cells, filters: StoryFilters, threshold: int) -> dict:
    bbox = grid.cells_bbox(level, *cells)
    filters = dataclasses.replace(filters, bbox=bbox)
    # The cells count by kind and one theme only: anything else is counted from the stories.
    from_cells = (
        filters.era_from is None
        and filters.era_to is None
        and filters.frame is None
        and filters.place is None
        and len(filters.themes) <= 1
    )
    grouped = (
        _from_cells(session, level, cells, filters)
        if from_cells
        else _on_the_fly(session, level, filters)
    )
    total = sum(g[0] for g in grouped.values())
    envelope = {
        "type": "FeatureCollection",
        "total": total,
        "zoom": level,
        "bbox": [round(v, 6) for v in bbox],
    }
    if total <= threshold:
        conditions = published_conditions(filters, geom_column="point")
        stories = _stories(session, *conditions, limit=threshold)
        return {**envelope, "clustered": False, "features": [_story(s) for s in stories]}
    singles = {g[3] for g in grouped.values() if g[0] == 1}
    # The cells name the stories; the read side still decides they are public.
    public = published_conditions(StoryFilters())
    by_id = {s.id: s for s in _stories(session, Story.id.in_(singles), *public)} if singles else {}
    features = []
    for (cx, cy), (n, sum_x, sum_y, id_sum) in sorted(grouped.items()):
        if n == 1 and id_sum in by_id:
            features.append(_story(by_id[id_sum]))
        elif n > 0:
            features.append(_cluster(level, cx, cy, n, sum_x / n, sum_y / n))
    return {**envelope, "clustered": True, "features": features}


def _from_cells(session: Session, level: int, cells: Cells, filters: StoryFilters) -> dict:
    c = MapCell.__table__.c
    theme = (
        sa.select(Theme.id).where(Theme.slug == filters.themes[0]).scalar_subquery()
        if filters.themes
        else sa.literal(ALL_THEMES)
    )
    query = (
        sa.select(
            c.cx,
            c.cy,
            sa.func.sum(c.n),
            sa.func.sum(c.sum_x),
            sa.func.sum(c.sum_y),
            sa.func.sum(c.id_sum),
        )
        .where(
            c.zoom == level,
            c.theme_id == theme,
            c.cx.between(cells[0], cells[2]),
            c.cy.between(cells[1], cells[3]),
        )
        .group_by(c.cx, c.cy)
    )
    if filters.kinds:
        query = query.where(c.kind.in_(list(filters.kinds)))
    return {(cx, cy): (int(n), x, y, int(i)) for cx, cy, n, x, y, i in session.execute(query)}


def _on_the_fly(session: Session, level: int, filters: StoryFilters) -> dict:
    """The same cells, counted from the stories in view (filters the cells cannot answer)."""
    table = Story.__table__
    x, y = geo.point_x(table.c.point), geo.point_y(table.c.point)
    rows = session.execute(
        sa.select(table.c.id, x, y).where(*published_conditions(filters, geom_column="point"))
    )
    grouped: dict = defaultdict(lambda: [0, 0.0, 0.0, 0])
    for story_id, lon, lat in rows:
        g = grouped[grid.cell_of(lon, lat, level)]
        g[0] += 1
        g[1] += lon
        g[2] += lat
        g[3] += story_id
    return {key: tuple(g) for key, g in grouped.items()}


def _stories(
    session: Session, *where: sa.ColumnElement[bool], limit: int | None = None
) -> list[sa.Row]:
    table = Story.__table__
    query = (
        sa.select(
            table.c.id,
            table.c.uuid,
            table.c.kind,
            table.c.title,
            table.c.place_name,
            geo.point_x(table.c.point).label("x"),
            geo.point_y(table.c.point).label("y"),
            geo.json_geometry(table.c.geom).label("shape"),
            sa.cast(themes_of(table.c.id), sa.Text).label("themes"),
        )
        .where(*where)
        .order_by(table.c.id)
        .limit(limit)
    )
    return list(session.execute(query))


def _cluster(level: int, cx: int, cy: int, n: int, lon: float, lat: float) -> dict:
    return {
        "type": "Feature",
        "id": None,
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {
            "cluster": True,
            "count": n,
            "bbox": [round(v, 6) for v in grid.cells_bbox(level, cx, cy, cx, cy)],
        },
    }


def _story(row: sa.Row) -> dict:
    shape = json.loads(row.shape) if isinstance(row.shape, str) else row.shape
    # A route or an area keeps its marker at the representative point and brings its own
    # shape along, so the map draws the line or the area (at most 500 vertices each).
    extra = {"shape": shape} if shape and shape.get("type") != "Point" else {}
    return {
        "type": "Feature",
        "id": str(row.uuid),
        "geometry": {
            "type": "Point",
            "coordinates": [round(float(row.x), 6), round(float(row.y), 6)],
        },
        "properties": {
            "cluster": False,
            "count": 1,
            "kind": row.kind,
            "title": row.title,
            "place_name": row.place_name,
            "themes": json.loads(row.themes) if row.themes else [],
            **extra,
        },
    }

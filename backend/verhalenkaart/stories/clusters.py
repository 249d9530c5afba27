"""What the map draws: single stories where few are in view, grid clusters where many.

Reads through the read side (features.published_conditions), on the stories' stored points.
Each request aggregates the stories in view on the fly; the issue "Scale and speed" replaces
this module with precomputed cells.
"""

from __future__ import annotations

import json
import math

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart import geo
from verhalenkaart.stories.features import StoryFilters, published_conditions, themes_by_story
from verhalenkaart.stories.models import Story


def map_features(
    session: Session, zoom: int, filters: StoryFilters, threshold: int, cell_pixels: int
) -> dict:
    """What the map draws for `filters.bbox` (required) at `zoom`: single stories when at most
    `threshold` are in view, otherwise grid clusters of ~`cell_pixels` screen pixels with their
    count and extent. A cluster of one is drawn as that story."""
    table = Story.__table__
    bbox = filters.bbox
    conditions = published_conditions(filters, geom_column="point")
    x, y = geo.point_x(table.c.point), geo.point_y(table.c.point)

    def stories_where(*where: sa.ColumnElement[bool]) -> sa.Select:
        themes = themes_by_story(sa.select(table.c.id).where(*where))
        return (
            sa.select(
                table.c.id,
                table.c.uuid,
                table.c.kind,
                table.c.title,
                table.c.place_name,
                x.label("x"),
                y.label("y"),
                sa.cast(themes.c.themes, sa.Text).label("themes"),
            )
            .outerjoin(themes, themes.c.story_id == table.c.id)
            .where(*where)
        )

    cell = 360.0 / (256 * 2**zoom) * cell_pixels  # degrees of longitude per cell
    # Cells are square on screen in Web Mercator: scale the latitude step by cos(lat).
    cell_lat = cell * math.cos(math.radians((bbox[1] + bbox[3]) / 2))
    cx = geo.cell_index(x, bbox[0], cell).label("cx")
    cy = geo.cell_index(y, bbox[1], cell_lat).label("cy")
    grouped = (
        sa.select(
            cx,
            cy,
            sa.func.count().label("n"),
            sa.func.min(table.c.id).label("first_id"),
            sa.func.avg(x).label("ax"),
            sa.func.avg(y).label("ay"),
            sa.func.min(x).label("x1"),
            sa.func.min(y).label("y1"),
            sa.func.max(x).label("x2"),
            sa.func.max(y).label("y2"),
        )
        .where(*conditions)
        .group_by(cx, cy)
    )
    cells = session.execute(grouped).all()
    total = sum(c.n for c in cells)
    if total <= threshold:
        rows = session.execute(stories_where(*conditions).order_by(table.c.id)).all()
        return {
            "type": "FeatureCollection",
            "total": total,
            "clustered": False,
            "features": [_map_story(r) for r in rows],
        }

    singles = [c.first_id for c in cells if c.n == 1]
    single_rows = {}
    if singles:
        single_rows = {r.id: r for r in session.execute(stories_where(table.c.id.in_(singles)))}
    features = [_map_story(single_rows[c.first_id]) if c.n == 1 else _cluster(c) for c in cells]
    return {"type": "FeatureCollection", "total": total, "clustered": True, "features": features}


def _cluster(cell: sa.Row) -> dict:
    return {
        "type": "Feature",
        "id": None,
        "geometry": {
            "type": "Point",
            "coordinates": [round(float(cell.ax), 6), round(float(cell.ay), 6)],
        },
        "properties": {
            "cluster": True,
            "count": int(cell.n),
            "bbox": [round(float(v), 6) for v in (cell.x1, cell.y1, cell.x2, cell.y2)],
        },
    }


def _map_story(row: sa.Row) -> dict:
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
        },
    }

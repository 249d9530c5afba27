"""The bbox and radius queries are answered from the spatial indexes, on both dialects.

PostGIS: EXPLAIN shows the GiST index (sequential scans are switched off for the statement, so
the test proves the query *can* use the index — a transformed column would make that
impossible). SpatiaLite: EXPLAIN QUERY PLAN shows the SpatialIndex virtual table (the R*Tree);
SpatiaLite never consults the R*Tree by itself.
"""

import pytest
import sqlalchemy as sa

from verhalenkaart import geo
from verhalenkaart.stories.models import Story

BBOX = (6.5, 52.9, 6.6, 53.0)


def _plan(connection, dialect, condition) -> str:
    table = Story.__table__
    statement = sa.select(table.c.id).where(condition)
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    if dialect == "postgresql":
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql(f"EXPLAIN {compiled}").all()
        return "\n".join(r[0] for r in rows)
    rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return "\n".join(str(r[-1]) for r in rows)


def _assert_uses_index(plan: str, dialect: str, column: str) -> None:
    if dialect == "postgresql":
        assert f"idx_stories_{column}" in plan, plan
    else:
        assert "SpatialIndex" in plan, plan
        assert "VIRTUAL TABLE" in plan, plan
        # …and the stories are then looked up by the R*Tree's rowids, not scanned (a condition
        # written as "ROWID IN (…) = 1" scans the whole table).
        assert "SEARCH stories" in plan, plan
        assert "SCAN stories" not in plan, plan


@pytest.mark.parametrize("column", ["geom", "point"])
def test_bbox_query_uses_the_spatial_index(connection, dialect, column):
    condition = geo.in_bbox(Story.__table__.c[column], BBOX)
    _assert_uses_index(_plan(connection, dialect, condition), dialect, column)


def test_radius_query_uses_the_spatial_index(connection, dialect):
    condition = geo.within_distance(Story.__table__.c.point, 6.56, 52.99, 2000)
    _assert_uses_index(_plan(connection, dialect, condition), dialect, "point")


def test_bbox_query_finds_lines_crossing_the_box_without_a_vertex_inside(
    make_story, session, dialect
):
    route = {"type": "LineString", "coordinates": [[6.45, 52.95], [6.65, 52.95]]}
    story = make_story(geometry=route, title="De weg naar school")
    ids = session.scalars(
        sa.select(Story.id).where(geo.in_bbox(Story.__table__.c.geom, (6.54, 52.94, 6.56, 52.96)))
    ).all()
    assert story.id in ids


def test_bbox_and_near_filters_combine(make_story, client):
    inside = make_story(title="Bij de Brink")
    make_story(title="Ver weg", lon=6.9, lat=52.78)
    response = client.get("/api/v1/stories?bbox=6.5,52.9,6.6,53.1&near=6.5625,52.9925&radius=500")
    assert response.status_code == 200, response.json
    assert [f["id"] for f in response.json["features"]] == [str(inside.uuid)]

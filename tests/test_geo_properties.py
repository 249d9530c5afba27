"""Property-based tests (hypothesis) of the geo helpers: bbox parsing, snapping, GeoJSON round
trips, and the map's clusters, over inputs nobody here picked by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shapely import geometry as shp

from verhalenkaart import geo
from verhalenkaart.config import DRENTHE_BBOX
from verhalenkaart.errors import ValidationProblem

REGION = tuple(DRENTHE_BBOX)
MIN_LON, MIN_LAT, MAX_LON, MAX_LAT = REGION
GRIDS = st.sampled_from([50.0, 100.0, 250.0, 500.0, 1000.0])
lons = st.floats(MIN_LON, MAX_LON, allow_nan=False)
lats = st.floats(MIN_LAT, MAX_LAT, allow_nan=False)
points = st.tuples(lons, lats)
# Anything at all as text, and numbers near the interesting edges.
any_number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.sampled_from([-180, 180, -90, 90, 0, -0.0, 1e308]),
)


# --- bbox parsing ---------------------------------------------------------------------------


@given(st.text())
def test_parse_bbox_answers_a_bbox_or_a_422_for_any_text(text):
    try:
        bbox = geo.parse_bbox(text)
    except ValidationProblem as problem:
        assert "bbox" in problem.errors  # noqa: PT017 (any text: both outcomes are fine)
        return
    assert len(bbox) == 4
    assert all(math.isfinite(v) for v in bbox)


@given(st.lists(any_number, min_size=1, max_size=6))
def test_parse_bbox_of_numbers_is_valid_or_a_422(values):
    text = ",".join(str(v) for v in values)
    try:
        min_lon, min_lat, max_lon, max_lat = geo.parse_bbox(text)
    except ValidationProblem:
        return
    assert -180 <= min_lon <= max_lon <= 180
    assert -90 <= min_lat <= max_lat <= 90


@given(st.floats(-180, 180), st.floats(-180, 180), st.floats(-90, 90), st.floats(-90, 90))
def test_parse_bbox_round_trips_what_it_accepts(lon_a, lon_b, lat_a, lat_b):
    bbox = (min(lon_a, lon_b), min(lat_a, lat_b), max(lon_a, lon_b), max(lat_a, lat_b))
    assert geo.parse_bbox(",".join(repr(v) for v in bbox)) == bbox


# --- snapping -------------------------------------------------------------------------------


@given(points, GRIDS)
def test_a_snapped_point_lies_inside_the_region(point, grid):
    lon, lat = geo.snap_point_in_region(*point, grid, REGION)
    assert MIN_LON < lon < MAX_LON
    assert MIN_LAT < lat < MAX_LAT


@given(points, GRIDS)
def test_a_snapped_point_is_never_the_exact_point_and_stays_near_it(point, grid):
    lon, lat = point
    snapped = geo.snap_point_in_region(lon, lat, grid, REGION)
    # A point exactly on a cell centre is the one case where they coincide.
    assume(snapped != (round(lon, 6), round(lat, 6)))
    assert snapped != (lon, lat)
    # Within one cell (two at the region's edge, where it moves inwards) of the point.
    assert geo.haversine_m(lon, lat, *snapped) <= 2 * grid * math.sqrt(2) + 1


@given(points, GRIDS)
def test_snapping_reveals_no_more_than_the_grid(point, grid):
    """The answer depends only on the cell: snapping the answer gives the answer again, so
    every point of a cell (edge cells included) gets the same one."""
    snapped = geo.snap_point_in_region(*point, grid, REGION)
    assert geo.snap_point_in_region(*snapped, grid, REGION) == snapped


@given(st.floats(MIN_LAT, MAX_LAT), GRIDS)
def test_points_along_the_edge_do_not_end_on_the_edge(lat, grid):
    """Clamping put edge points on the region's boundary line, narrowing where they can be.
    The answer is a cell's centre inside the region: that centre may itself lie a hair inside
    the line (hypothesis found one 1e-6 degrees in, at lat 52.927734375 and a 100 m grid), which
    says nothing more than the grid does; what must not happen is landing on the line."""
    lon, _ = geo.snap_point_in_region(MAX_LON, lat, grid, REGION)
    assert lon < MAX_LON
    assert geo.snap_point_in_region(lon, lat, grid, REGION)[0] == lon  # a cell centre


# --- GeoJSON round trips --------------------------------------------------------------------


def _polygon_ring(centre, radius, corners):
    lon, lat = centre
    ring = [
        (
            lon + radius * math.cos(2 * math.pi * k / corners),
            lat + radius * math.sin(2 * math.pi * k / corners) * 0.6,
        )
        for k in range(corners)
    ]
    return [*ring, ring[0]]


shapes = st.one_of(
    points.map(lambda p: shp.Point(*p)),
    st.lists(points, min_size=2, max_size=20, unique=True).map(shp.LineString),
    st.builds(
        lambda c, r, n: shp.Polygon(_polygon_ring(c, r, n)),
        st.tuples(st.floats(6.3, 7.0), st.floats(52.7, 53.1)),
        st.floats(0.001, 0.1),
        st.integers(3, 40),
    ),
)


@given(shapes)
def test_geojson_round_trips_through_validation(shape):
    assume(shape.is_valid and not shape.is_empty and shape.length > 1e-5)
    geojson = geo.shape_to_geojson(shape)
    try:
        again = geo.story_shape(geojson, REGION)
    except ValidationProblem:
        # 6-decimal rounding can make a thin shape invalid or move a vertex out of the region.
        return
    assert again.geom_type == shape.geom_type
    assert geo.shape_to_geojson(again) == geojson
    assert again.hausdorff_distance(shape) < 2e-6


@given(st.recursive(any_number | st.text() | st.none(), st.lists, max_leaves=12))
def test_story_shape_answers_a_shape_or_a_422_for_any_coordinates(coordinates):
    for kind in ("Point", "LineString", "Polygon"):
        try:
            geo.story_shape({"type": kind, "coordinates": coordinates}, REGION)
        except ValidationProblem as problem:
            assert "geometry" in problem.errors  # noqa: PT017


# --- clusters -------------------------------------------------------------------------------


@pytest.fixture
def scattered(make_story):
    """Published stories spread over the region (fixed; the map's view varies below)."""
    import random

    rng = random.Random(7)
    spots = [
        (rng.uniform(MIN_LON + 0.01, MAX_LON - 0.01), rng.uniform(MIN_LAT + 0.01, MAX_LAT - 0.01))
        for _ in range(60)
    ]
    spots += [(6.5625 + k * 1e-4, 52.9925) for k in range(15)]  # a dense village
    for lon, lat in spots:
        make_story(lon=lon, lat=lat)
    return spots


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.floats(MIN_LON - 0.5, MAX_LON),
    st.floats(MIN_LAT - 0.5, MAX_LAT),
    st.floats(0.001, 3),
    st.integers(0, 18),
)
def test_cluster_counts_sum_to_the_stories_in_view(client, scattered, lon, lat, size, zoom):
    bbox = (lon, lat, min(lon + size, 180), min(lat + size * 0.6, 90))
    response = client.get(f"/api/v1/map?bbox={','.join(map(repr, bbox))}&zoom={zoom}")
    assert response.status_code == 200, response.json
    # The map answers whole cells: the view it drew (`bbox`) covers the one asked for.
    view = response.json["bbox"]
    assert view[0] <= bbox[0] + 1e-6
    assert view[1] <= bbox[1] + 1e-6
    assert view[2] >= bbox[2] - 1e-6
    assert view[3] >= bbox[3] - 1e-6
    in_view = sum(1 for x, y in scattered if view[0] <= x <= view[2] and view[1] <= y <= view[3])
    features = response.json["features"]
    assert sum(f["properties"]["count"] for f in features) == in_view == response.json["total"]
    for feature in features:
        x, y = feature["geometry"]["coordinates"]
        assert view[0] - 1e-6 <= x <= view[2] + 1e-6
        assert view[1] - 1e-6 <= y <= view[3] + 1e-6

"""GET /api/v1/map: single stories where few, clusters with counts where many."""

from __future__ import annotations

import pytest

from tests.conftest import assert_problem

MAP = "/api/v1/map"
REGION = "6.1,52.6,7.1,53.2"


@pytest.fixture
def cluster_threshold(app, monkeypatch):
    """Set MAP_CLUSTER_THRESHOLD for one test; the original comes back afterwards."""

    def set_threshold(value: int) -> None:
        monkeypatch.setitem(app.config, "MAP_CLUSTER_THRESHOLD", value)

    return set_threshold


def get_map(client, bbox: str = REGION, zoom: int = 8, extra: str = "") -> dict:
    response = client.get(f"{MAP}?bbox={bbox}&zoom={zoom}{extra}")
    assert response.status_code == 200, response.json
    return response.json


def test_map_with_few_stories_draws_single_stories(client, make_story):
    assen = make_story(title="De Brink", lon=6.5625, lat=52.9925, themes=["erfgoed"])
    emmen = make_story(title="Het Rensenpark", lon=6.9, lat=52.78)
    body = get_map(client)
    assert body["type"] == "FeatureCollection"
    assert body["clustered"] is False
    assert body["total"] == 2
    by_id = {f["id"]: f for f in body["features"]}
    assert set(by_id) == {str(assen.uuid), str(emmen.uuid)}
    brink = by_id[str(assen.uuid)]
    assert brink["geometry"] == {"type": "Point", "coordinates": [6.5625, 52.9925]}
    assert brink["properties"]["cluster"] is False
    assert brink["properties"]["title"] == "De Brink"
    assert brink["properties"]["themes"] == ["erfgoed"]
    assert brink["properties"]["place_name"] == "Assen"


def test_map_draws_route_at_its_representative_point(client, make_story):
    route = {"type": "LineString", "coordinates": [[6.50, 52.95], [6.52, 52.96]]}
    make_story(geometry=route)
    (item,) = get_map(client)["features"]
    assert item["geometry"]["type"] == "Point"
    # …and brings its own line along, so the map draws the route, not a dot.
    assert item["properties"]["shape"] == route


def test_map_brings_an_areas_shape_and_none_for_a_point(client, make_story):
    area = {
        "type": "Polygon",
        "coordinates": [[[6.50, 52.95], [6.52, 52.95], [6.52, 52.96], [6.50, 52.95]]],
    }
    make_story(geometry=area)
    make_story(geometry={"type": "Point", "coordinates": [6.56, 52.99]})
    shapes = [f["properties"].get("shape") for f in get_map(client)["features"]]
    assert area in shapes
    assert None in shapes  # a point needs no shape of its own


def test_map_only_draws_stories_in_the_bbox(client, make_story):
    inside = make_story(lon=6.5625, lat=52.9925)
    make_story(lon=6.9, lat=52.78)
    body = get_map(client, bbox="6.5,52.9,6.6,53.1", zoom=12)
    assert [f["id"] for f in body["features"]] == [str(inside.uuid)]
    assert body["total"] == 1


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden", "deleted"])
def test_map_never_draws_unpublished_stories(client, make_story, cluster_threshold, status):
    make_story(status=status)
    assert get_map(client)["features"] == []
    cluster_threshold(0)
    assert get_map(client)["features"] == []


def test_map_with_many_stories_draws_clusters_with_counts(client, make_story, cluster_threshold):
    cluster_threshold(3)
    for index in range(5):  # around Assen
        make_story(lon=6.56 + index * 0.002, lat=52.99 + index * 0.001)
    for index in range(3):  # around Emmen
        make_story(lon=6.90 + index * 0.002, lat=52.78)
    body = get_map(client, zoom=8)
    assert body["clustered"] is True
    assert body["total"] == 8
    clusters = [f for f in body["features"] if f["properties"]["cluster"]]
    assert sorted(c["properties"]["count"] for c in clusters) == [3, 5]
    for cluster in clusters:
        assert cluster["id"] is None
        assert cluster["geometry"]["type"] == "Point"
        min_lon, min_lat, max_lon, max_lat = cluster["properties"]["bbox"]
        lon, lat = cluster["geometry"]["coordinates"]
        assert min_lon <= lon <= max_lon
        assert min_lat <= lat <= max_lat


def test_map_cluster_counts_add_up_to_the_total(client, make_story, cluster_threshold):
    cluster_threshold(5)
    positions = [(6.2 + 0.09 * i, 52.65 + 0.05 * (i % 11)) for i in range(11)]
    positions += [(6.56 + 0.001 * i, 52.99) for i in range(6)]
    for lon, lat in positions:
        make_story(lon=lon, lat=lat)
    body = get_map(client, zoom=9)
    assert body["clustered"] is True
    assert (
        sum(f["properties"]["count"] for f in body["features"]) == body["total"] == len(positions)
    )
    assert len(body["features"]) < len(positions)


def test_map_draws_a_lone_story_among_clusters_as_itself(client, make_story, cluster_threshold):
    cluster_threshold(2)
    for index in range(3):
        make_story(lon=6.56 + index * 0.001, lat=52.99)
    lone = make_story(lon=6.95, lat=52.70)
    body = get_map(client, zoom=8)
    singles = [f for f in body["features"] if not f["properties"]["cluster"]]
    assert [f["id"] for f in singles] == [str(lone.uuid)]
    assert singles[0]["properties"]["count"] == 1


def test_map_splits_clusters_when_zooming_in(client, make_story, cluster_threshold):
    cluster_threshold(2)
    for index in range(4):
        make_story(lon=6.50 + index * 0.05, lat=52.99)
    assert len(get_map(client, zoom=6)["features"]) == 1
    # A view of the four at zoom 14 (the whole region at zoom 14 is answered coarser).
    assert len(get_map(client, bbox="6.49,52.98,6.66,53.0", zoom=14)["features"]) == 4


def test_map_filters_by_kind(client, make_story):
    wish = make_story(kind="wish")
    make_story(kind="memory")
    assert [f["id"] for f in get_map(client, extra="&kind=wish")["features"]] == [str(wish.uuid)]


def test_map_rejects_missing_zoom(client):
    assert_problem(client.get(f"{MAP}?bbox={REGION}"), 422, "zoom")


def test_map_rejects_missing_bbox(client):
    assert_problem(client.get(f"{MAP}?zoom=8"), 422, "bbox")


@pytest.mark.parametrize("zoom", ["-1", "23", "eight"])
def test_map_rejects_invalid_zoom(client, zoom):
    assert_problem(client.get(f"{MAP}?bbox={REGION}&zoom={zoom}"), 422, "zoom")


def test_map_rejects_invalid_bbox(client):
    assert_problem(client.get(f"{MAP}?bbox=7.1,53.2,6.1,52.6&zoom=8"), 422, "bbox")


def test_map_rejects_era_to_before_era_from(client):
    # As GET /stories does: this was an empty 200 map.
    response = client.get(f"{MAP}?bbox={REGION}&zoom=8&era_from=2000&era_to=1000")
    assert_problem(response, 422, "era_to")


def test_map_rejects_unknown_query_parameter(client):
    assert_problem(client.get(f"{MAP}?bbox={REGION}&zoom=8&q=turf"), 422, "q")

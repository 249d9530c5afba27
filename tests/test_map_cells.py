"""The map cells stay equal to an on-the-fly count of the published stories, whichever path
changes a story (create, publish, hide, move, re-theme, delete, report, erasure, bulk seed), and
the map never answers more than its cap of features."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest
import sqlalchemy as sa
from geoalchemy2.shape import to_shape

from tests.conftest import PASSWORD
from verhalenkaart import grid
from verhalenkaart.stories.cells import MAX_CELL_ZOOM, rebuild_cells
from verhalenkaart.stories.models import MapCell, Story

REGION = (6.1, 52.6, 7.1, 53.2)


def counted_on_the_fly(session) -> dict:
    """(zoom, theme_id, cx, cy, kind) → (n, id_sum) of the published stories, counted now."""
    cells: dict = defaultdict(lambda: [0, 0])
    for story in session.scalars(sa.select(Story).where(Story.status == "published")):
        point = to_shape(story.point)
        for zoom in range(MAX_CELL_ZOOM + 1):
            cx, cy = grid.cell_of(point.x, point.y, zoom)
            for theme_id in (0, *(t.id for t in story.themes)):
                cell = cells[(zoom, theme_id, cx, cy, story.kind)]
                cell[0] += 1
                cell[1] += story.id
    return {key: tuple(v) for key, v in cells.items()}


def stored_cells(session) -> dict:
    rows = session.execute(sa.select(MapCell)).scalars()
    return {(c.zoom, c.theme_id, c.cx, c.cy, c.kind): (c.n, c.id_sum) for c in rows}


def assert_cells_current(session) -> None:
    session.expire_all()
    assert stored_cells(session) == counted_on_the_fly(session)


def test_creating_and_publishing_counts_the_story(session, make_story):
    assert_cells_current(session)
    make_story(lon=6.56, lat=52.99, themes=["erfgoed", "natuur"])
    make_story(status="pending", lon=6.9, lat=52.78)
    assert_cells_current(session)
    assert stored_cells(session)


def test_moderation_decisions_move_the_counts(client, session, make_story, curator):
    pending = make_story(status="pending", lon=6.6, lat=52.9)
    published = make_story(lon=6.7, lat=52.95)
    url = "/api/v1/moderation/stories/{}"
    response = client.post(url.format(pending.uuid), json={"action": "approve"})
    assert response.status_code == 200, response.json
    assert_cells_current(session)
    response = client.post(url.format(published.uuid), json={"action": "hide"})
    assert response.status_code == 200, response.json
    assert_cells_current(session)
    items = [{"type": "story", "id": str(published.uuid)}]
    response = client.post(
        "/api/v1/moderation/bulk", json={"items": items, "action": "restore", "reason_code": "ok"}
    )
    assert response.status_code == 200, response.json
    assert_cells_current(session)


def test_moving_retheming_rekinding_and_deleting_move_the_counts(
    client, session, make_user, make_story, login
):
    author = make_user("curator")
    story = make_story(author=author, lon=6.5, lat=52.9, themes=["erfgoed"])
    login(author)
    url = f"/api/v1/stories/{story.uuid}"
    moved = {"geometry": {"type": "Point", "coordinates": [6.95, 52.75]}}
    assert client.patch(url, json=moved).status_code == 200
    assert_cells_current(session)
    changed = {"properties": {"themes": ["natuur", "wonen"], "kind": "wish"}}
    assert client.patch(url, json=changed).status_code == 200
    assert_cells_current(session)
    assert client.delete(url).status_code == 204
    assert_cells_current(session)
    assert not stored_cells(session)


def test_a_story_hidden_by_reports_leaves_the_cells(app, client, session, make_story, monkeypatch):
    story = make_story()
    monkeypatch.setitem(app.config, "REPORT_THRESHOLD", 1)
    response = client.post(
        f"/api/v1/stories/{story.uuid}/reports", json={"reason": "privacy", "note": "Adres"}
    )
    assert response.status_code == 202, response.json
    session.expire_all()
    assert story.status == "hidden"
    assert_cells_current(session)
    assert not stored_cells(session)


@pytest.mark.parametrize("choice", ["delete", "anonymise"])
def test_erasure_keeps_the_cells_current(client, session, make_user, make_story, login, choice):
    me = make_user("resident")
    make_story(author=me, lon=6.6, lat=52.8)
    make_story(author=me, status="pending")
    make_story(lon=6.7, lat=52.9)
    login(me)
    response = client.delete("/api/v1/me", json={"stories": choice, "password": PASSWORD})
    assert response.status_code in {200, 204}, response.get_data(as_text=True)
    assert_cells_current(session)


def test_rebuild_gives_what_the_hooks_kept(session, make_story, connection):
    for index in range(6):
        make_story(lon=6.2 + index * 0.1, lat=52.7 + index * 0.05, themes=["natuur"])
    kept = stored_cells(session)
    rebuild_cells(connection)
    session.expire_all()
    assert stored_cells(session) == kept


def test_seed_demo_bulk_path_keeps_the_cells_current(app, session, connection):
    from verhalenkaart.demo import seed_demo_stories

    written = seed_demo_stories(session, app.config, 300, random.Random(4))
    assert written == 300
    assert_cells_current(session)
    assert session.scalar(sa.select(sa.func.count()).where(Story.is_demo.is_(True))) == 300
    # The rebuild's coordinate sums (the clusters' positions) are the stories' too.
    points, sums = {}, defaultdict(lambda: [0.0, 0.0])
    for story in session.scalars(sa.select(Story)):
        point = to_shape(story.point)
        points[story.id] = (point.x, point.y)
        for zoom in range(MAX_CELL_ZOOM + 1):
            cell = sums[(zoom, *grid.cell_of(point.x, point.y, zoom), story.kind)]
            cell[0] += point.x
            cell[1] += point.y
    cells = session.scalars(sa.select(MapCell).where(MapCell.theme_id == 0)).all()
    assert len(cells) == len(sums)
    for cell in cells:
        expected = sums[(cell.zoom, cell.cx, cell.cy, cell.kind)]
        assert (cell.sum_x, cell.sum_y) == pytest.approx(expected, abs=1e-6)
    # Written in the Z-order of their points: the ids follow the space key.
    keys = [grid.space_key(*points[story_id]) for story_id in sorted(points)]
    assert keys == sorted(keys)


# --- the cap ------------------------------------------------------------------------------------


def test_the_map_never_exceeds_its_cap(app, client, session, make_story, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_MAX_FEATURES", 24)
    monkeypatch.setitem(app.config, "MAP_CLUSTER_THRESHOLD", 10)
    rng = random.Random(7)
    for _ in range(60):
        make_story(lon=rng.uniform(6.2, 7.0), lat=rng.uniform(52.65, 53.15))
    total = 60
    for _ in range(40):
        zoom = rng.randint(0, 22)
        lon1, lon2 = sorted(rng.uniform(REGION[0] - 1, REGION[2] + 1) for _ in range(2))
        lat1, lat2 = sorted(rng.uniform(REGION[1] - 1, REGION[3] + 1) for _ in range(2))
        body = client.get(f"/api/v1/map?bbox={lon1},{lat1},{lon2},{lat2}&zoom={zoom}").json
        assert len(body["features"]) <= 24
        assert sum(f["properties"]["count"] for f in body["features"]) == body["total"]
    whole = client.get("/api/v1/map?bbox=-180,-85,180,85&zoom=22").json
    assert len(whole["features"]) <= 24
    assert whole["total"] == total


def test_a_tile_has_at_most_sixteen_features(client, make_story, cluster_args):
    rng = random.Random(3)
    for _ in range(40):
        make_story(lon=6.5 + rng.uniform(0, 0.04), lat=52.95 + rng.uniform(0, 0.03))
    x, y = 132, 83  # the zoom-8 tile holding Assen
    body = client.get(f"/api/v1/map/8/{x}/{y}").json
    assert body["clustered"] is True
    assert 1 <= len(body["features"]) <= 16
    assert body["total"] == 40
    assert body["zoom"] == 8


def test_a_tile_equals_the_bbox_of_its_cells(client, make_story):
    for index in range(5):
        make_story(lon=6.55 + index * 0.01, lat=52.99, kind="wish" if index % 2 else "memory")
    tile = client.get("/api/v1/map/11/1061/667?kind=wish").json
    bbox = ",".join(str(v) for v in tile["bbox"])
    by_bbox = client.get(f"/api/v1/map?bbox={bbox}&zoom=11&kind=wish").json
    assert tile["total"] == by_bbox["total"] == 2


def test_theme_filter_from_cells_equals_the_on_the_fly_count(client, make_story, cluster_args):
    for index in range(30):
        themes = ["erfgoed"] if index % 3 else ["natuur", "erfgoed"]
        lon, lat = 6.3 + index * 0.02, 52.8 + (index % 5) * 0.03
        make_story(lon=lon, lat=lat, themes=themes, era_from=1950, era_to=1960)
    url = "/api/v1/map?bbox=6.1,52.6,7.1,53.2&zoom=9"
    from_cells = client.get(f"{url}&theme=natuur").json
    # An era filter that every story passes is counted on the fly from the stories.
    on_the_fly = client.get(f"{url}&theme=natuur&era_from=1000").json
    assert from_cells["total"] == 10
    assert from_cells["features"] == on_the_fly["features"]


@pytest.fixture
def cluster_args(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_CLUSTER_THRESHOLD", 3)


@pytest.mark.parametrize("path", ["/api/v1/map/3/8/1", "/api/v1/map/23/0/0", "/api/v1/map/2/-1/0"])
def test_tiles_outside_the_grid_are_refused(client, path):
    response = client.get(path)
    assert response.status_code in {404, 422}

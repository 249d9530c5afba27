"""POST /api/v1/stories: what a contributor sees when sharing a story, and what gets stored."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from geoalchemy2.shape import to_shape

from tests.conftest import ASSEN, assert_problem, feature
from verhalenkaart.geo import haversine_m
from verhalenkaart.stories.models import Story

STORIES = "/api/v1/stories"
ZUIDLAREN = (6.6819, 53.0942)


def story_count(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Story))


def stored(session, story_id: str) -> Story:
    """The story row as the database holds it now."""
    session.expire_all()
    return session.scalar(sa.select(Story).where(Story.uuid == uuid.UUID(story_id)))


@pytest.fixture
def resident(make_user, login):
    user = make_user("resident", display_name="Aaltje")
    login(user)
    return user


def line(n: int, start=(6.50, 52.95), step=0.0001) -> dict:
    return {
        "type": "LineString",
        "coordinates": [[start[0] + i * step, start[1] + (i % 2) * step] for i in range(n)],
    }


# --- the happy path -----------------------------------------------------------------------------


def test_create_story_answers_201_with_the_feature(client, session, resident):
    sent = feature(title="De oude melkfabriek")
    response = client.post(STORIES, json=sent)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["type"] == "Feature"
    uuid.UUID(body["id"])
    assert body["geometry"] == {"type": "Point", "coordinates": list(ASSEN)}
    props = body["properties"]
    assert props["title"] == "De oude melkfabriek"
    assert props["kind"] == "memory"
    assert props["themes"] == ["water-bodem", "naoberschap"]
    assert (props["era_from"], props["era_to"]) == (1963, 1970)
    assert props["author"] == {"display_name": "Aaltje"}
    assert response.headers["Location"].endswith(f"/api/v1/stories/{body['id']}")
    row = stored(session, body["id"])
    assert row.author_id == resident.id
    assert row.title == "De oude melkfabriek"
    assert row.consent_at is not None


def test_create_story_by_resident_is_pending_under_pre_moderation(client, session, resident):
    response = client.post(STORIES, json=feature())
    assert response.status_code == 201
    assert response.json["properties"]["status"] == "pending"
    assert response.json["properties"]["published_at"] is None
    assert stored(session, response.json["id"]).status == "pending"


def test_create_story_by_curator_is_published(client, session, make_user, login):
    login(make_user("curator"))
    response = client.post(STORIES, json=feature())
    assert response.status_code == 201
    assert response.json["properties"]["status"] == "published"
    row = stored(session, response.json["id"])
    assert row.status == "published"
    assert row.published_at is not None


def test_create_story_by_resident_is_published_under_post_moderation(
    app, client, session, resident, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION", "post")
    response = client.post(STORIES, json=feature())
    assert response.status_code == 201
    assert response.json["properties"]["status"] == "published"


def test_create_story_ignores_server_owned_properties(client, session, resident):
    sent = feature(
        status="published",
        author={"display_name": "Burgemeester"},
        created_at="2000-01-01T00:00:00Z",
        reactions=99,
        demo=True,
    )
    response = client.post(STORIES, json=sent)
    assert response.status_code == 201, response.json
    props = response.json["properties"]
    assert props["status"] == "pending"
    assert props["author"] == {"display_name": "Aaltje"}
    assert props["reactions"] == 0
    assert props["demo"] is False
    assert not props["created_at"].startswith("2000")
    row = stored(session, response.json["id"])
    assert (row.status, row.author_id, row.is_demo) == ("pending", resident.id, False)


# --- idempotent creation with a client id -------------------------------------------------------


def test_create_story_with_client_id_uses_that_id(client, resident):
    client_id = str(uuid.uuid4())
    response = client.post(STORIES, json=feature() | {"id": client_id})
    assert response.status_code == 201
    assert response.json["id"] == client_id


def test_create_story_repeated_with_same_client_id_returns_existing_story(
    client, session, resident
):
    client_id = str(uuid.uuid4())
    first = client.post(STORIES, json=feature() | {"id": client_id})
    second = client.post(STORIES, json=feature() | {"id": client_id})
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json["id"] == first.json["id"] == client_id
    assert second.json["properties"]["title"] == first.json["properties"]["title"]
    assert story_count(session) == 1


def test_create_story_with_client_id_of_another_users_story_is_409(
    client, session, make_user, login
):
    client_id = str(uuid.uuid4())
    login(make_user("resident"))
    assert client.post(STORIES, json=feature() | {"id": client_id}).status_code == 201
    login(make_user("resident"))
    response = client.post(STORIES, json=feature(title="Mijn verhaal") | {"id": client_id})
    assert_problem(response, 409, "id")
    assert story_count(session) == 1
    assert stored(session, client_id).title == "Schaatsen op de Drentsche Aa"


def test_create_story_rejects_an_id_that_is_not_a_uuid(client, session, resident):
    response = client.post(STORIES, json=feature() | {"id": "verhaal-1"})
    assert_problem(response, 422, "id")
    assert story_count(session) == 0


# --- location precision ------------------------------------------------------------------------


def test_create_story_snaps_approximate_point_before_storage(client, session, resident):
    lon, lat = 6.56431, 52.99388
    response = client.post(STORIES, json=feature(lon, lat, location_precision="approximate"))
    assert response.status_code == 201, response.json
    shown = response.json["geometry"]["coordinates"]
    assert shown != [lon, lat]
    row = stored(session, response.json["id"])
    for column in (row.geom, row.point):
        point = to_shape(column)
        assert (round(point.x, 6), round(point.y, 6)) == tuple(shown)
        assert (point.x, point.y) != (lon, lat)
        assert 0 < haversine_m(lon, lat, point.x, point.y) < 180
    assert row.location_precision == "approximate"


def test_create_story_snaps_nearby_approximate_points_to_the_same_point(client, session, resident):
    first = client.post(STORIES, json=feature(6.56431, 52.99388, location_precision="approximate"))
    centre_lon, centre_lat = first.json["geometry"]["coordinates"]
    # Two points ~25 m either side of the cell centre lie in the same ~250 m cell.
    a = client.post(
        STORIES,
        json=feature(centre_lon - 0.0004, centre_lat + 0.0002, location_precision="approximate"),
    )
    b = client.post(
        STORIES,
        json=feature(centre_lon + 0.0004, centre_lat - 0.0002, location_precision="approximate"),
    )
    assert a.json["geometry"] == b.json["geometry"] == first.json["geometry"]
    assert to_shape(stored(session, a.json["id"]).geom).equals(
        to_shape(stored(session, b.json["id"]).geom)
    )


def test_create_story_keeps_exact_point_as_sent(client, session, resident):
    response = client.post(STORIES, json=feature(6.56431, 52.99388))
    assert response.json["geometry"]["coordinates"] == [6.56431, 52.99388]
    point = to_shape(stored(session, response.json["id"]).point)
    assert (round(point.x, 6), round(point.y, 6)) == (6.56431, 52.99388)


def test_create_story_rejects_approximate_route(client, session, resident):
    sent = feature(location_precision="approximate") | {"geometry": line(5)}
    assert_problem(client.post(STORIES, json=sent), 422, "location_precision")
    assert story_count(session) == 0


def test_create_story_rejects_unknown_location_precision(client, resident):
    response = client.post(STORIES, json=feature(location_precision="roughly"))
    assert_problem(response, 422, "location_precision")


# --- geometry ------------------------------------------------------------------------------------


def test_create_story_accepts_route_and_stores_point_on_it(client, session, resident):
    route = line(20)
    response = client.post(STORIES, json=feature(kind="story") | {"geometry": route})
    assert response.status_code == 201, response.json
    assert response.json["geometry"]["type"] == "LineString"
    row = stored(session, response.json["id"])
    shape = to_shape(row.geom)
    assert shape.geom_type == "LineString"
    assert len(shape.coords) == 20
    assert shape.distance(to_shape(row.point)) < 1e-9


def test_create_story_accepts_area_and_stores_point_inside_it(client, session, resident):
    area = {
        "type": "Polygon",
        "coordinates": [
            [[6.55, 52.98], [6.58, 52.98], [6.58, 53.00], [6.55, 53.00], [6.55, 52.98]]
        ],
    }
    response = client.post(STORIES, json=feature(kind="wish") | {"geometry": area})
    assert response.status_code == 201, response.json
    row = stored(session, response.json["id"])
    polygon = to_shape(row.geom)
    assert polygon.geom_type == "Polygon"
    assert polygon.contains(to_shape(row.point))


def test_create_story_accepts_500_vertices(client, resident):
    response = client.post(STORIES, json=feature() | {"geometry": line(500)})
    assert response.status_code == 201, response.json


def test_create_story_rejects_more_than_500_vertices(client, session, resident):
    response = client.post(STORIES, json=feature() | {"geometry": line(501)})
    assert_problem(response, 422, "geometry")
    assert story_count(session) == 0


def test_create_story_rejects_self_intersecting_polygon(client, session, resident):
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[6.55, 52.98], [6.58, 53.00], [6.58, 52.98], [6.55, 53.00], [6.55, 52.98]]
        ],
    }
    response = client.post(STORIES, json=feature() | {"geometry": bowtie})
    assert_problem(response, 422, "geometry")
    assert story_count(session) == 0


def test_create_story_rejects_point_outside_region(client, session, resident):
    amsterdam = feature(4.9003, 52.3789)
    assert_problem(client.post(STORIES, json=amsterdam), 422, "geometry")
    assert story_count(session) == 0


def test_create_story_rejects_area_reaching_outside_region(client, session, resident):
    area = {
        "type": "Polygon",
        "coordinates": [[[7.0, 52.9], [7.3, 52.9], [7.3, 53.0], [7.0, 53.0], [7.0, 52.9]]],
    }
    assert_problem(client.post(STORIES, json=feature() | {"geometry": area}), 422, "geometry")


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "MultiPoint", "coordinates": [[6.56, 52.99]]},
        {"type": "Point", "coordinates": "6.56,52.99"},
        {"type": "Point", "coordinates": [6.56]},
        {"type": "Point", "coordinates": [6.56, 52.99, 10.0]},
        {"type": "Point", "coordinates": []},
        {"type": "LineString", "coordinates": [[6.56, 52.99]]},
        {"type": "Polygon", "coordinates": [[[6.56, 52.99], [6.57, 52.99]]]},
        {"type": "Polygon", "coordinates": [6.56, 52.99]},
        {"type": "Point", "coordinates": [None, 52.99]},
        {"type": "Point", "coordinates": ["6.56", "52.99"]},
        {"coordinates": [6.56, 52.99]},
        # An unhashable type once raised TypeError (a 500) in the set lookup.
        {"type": ["Point"], "coordinates": [6.56, 52.99]},
        {"type": {}, "coordinates": [6.56, 52.99]},
        {"type": 1, "coordinates": [6.56, 52.99]},
        # A 401-digit integer overflowed float() in shapely: a 500 on both databases.
        {"type": "Point", "coordinates": [int("9" * 401), 52.99]},
        {"type": "LineString", "coordinates": [[6.56, 52.99], [6.57, -int("1" * 401)]]},
        # An open ring (shapely would close it silently); RFC 7946 wants it closed.
        {
            "type": "Polygon",
            "coordinates": [[[6.5, 52.9], [6.6, 52.9], [6.6, 53.0], [6.5, 53.0]]],
        },
        {"type": "Polygon", "coordinates": [[[6.5, 52.9], [6.6, 52.9], [6.5, 52.9]]]},
    ],
)
def test_create_story_rejects_malformed_geometry(client, session, resident, geometry):
    assert_problem(client.post(STORIES, json=feature() | {"geometry": geometry}), 422, "geometry")
    assert story_count(session) == 0


@pytest.mark.parametrize("consent", ["true", 1, "yes", "on", None])
def test_only_json_true_counts_as_consent(client, session, resident, consent):
    sent = feature(consent=consent)
    assert_problem(client.post(STORIES, json=sent), 422, "consent")
    assert story_count(session) == 0


def test_create_story_rejects_deeply_nested_coordinates(client, session, resident):
    coordinates: object = 6.56
    for _ in range(600):
        coordinates = [coordinates]
    sent = feature() | {"geometry": {"type": "Point", "coordinates": coordinates}}
    assert_problem(client.post(STORIES, json=sent), 422, "geometry")
    assert story_count(session) == 0


def test_create_story_rejects_non_finite_coordinates(client, session, resident):
    body = (
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [NaN, 52.99]}, '
        '"properties": {"kind": "memory", "title": "t", "consent": true}}'
    )
    response = client.post(STORIES, data=body, content_type="application/json")
    assert_problem(response, 422, "geometry")
    assert story_count(session) == 0


def test_create_story_rejects_missing_geometry(client, resident):
    sent = feature()
    del sent["geometry"]
    assert_problem(client.post(STORIES, json=sent), 422, "geometry")


# --- properties ----------------------------------------------------------------------------------


def test_create_story_rejects_missing_consent(client, session, resident):
    sent = feature()
    del sent["properties"]["consent"]
    assert_problem(client.post(STORIES, json=sent), 422, "consent")
    assert story_count(session) == 0


def test_create_story_rejects_consent_false(client, session, resident):
    assert_problem(client.post(STORIES, json=feature(consent=False)), 422, "consent")
    assert story_count(session) == 0


def test_create_story_rejects_unknown_theme(client, session, resident):
    response = client.post(STORIES, json=feature(themes=["natuur", "ruimtevaart"]))
    body = assert_problem(response, 422, "themes")
    assert "ruimtevaart" in body["errors"]["themes"][0]
    assert story_count(session) == 0


def test_create_story_rejects_era_to_before_era_from(client, session, resident):
    response = client.post(STORIES, json=feature(era_from=1980, era_to=1970))
    assert_problem(response, 422, "era_to")
    assert story_count(session) == 0


def test_create_story_accepts_era_of_one_year(client, resident):
    response = client.post(STORIES, json=feature(era_from=1953, era_to=1953))
    assert response.status_code == 201


def test_create_story_rejects_missing_title(client, session, resident):
    sent = feature()
    del sent["properties"]["title"]
    assert_problem(client.post(STORIES, json=sent), 422, "title")
    assert story_count(session) == 0


def test_create_story_rejects_blank_title(client, session, resident):
    assert_problem(client.post(STORIES, json=feature(title="   ")), 422, "title")
    assert story_count(session) == 0


@pytest.mark.parametrize("name", ["title", "body", "place_name", "origin_place"])
def test_create_story_rejects_nul_character_in_text(client, session, resident, name):
    # PostgreSQL text cannot hold NUL; it must be a 422 on both databases, not a 500.
    assert_problem(client.post(STORIES, json=feature(**{name: "Brink\u0000"})), 422, name)
    assert story_count(session) == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("title", "Brink\ud800"),
        ("body", "\udfff"),
        ("place_name", "Assen\ud83d"),  # the first half of an emoji, cut off
        ("origin_place", "\ude00Emmen"),
        ("themes", ["natuur", "\ud800"]),
    ],
)
def test_create_story_rejects_lone_surrogate_in_text(client, session, resident, name, value):
    # JSON "\ud800" decodes to a string with no UTF-8 form: the driver raised UnicodeEncodeError.
    problem = assert_problem(client.post(STORIES, json=feature(**{name: value})), 422, name)
    assert "surrogate" in problem["errors"][name][0]
    assert story_count(session) == 0


@pytest.mark.parametrize(
    ("name", "value"), [("era_from", 1963.7), ("era_to", 1970.5), ("era_from", "1963")]
)
def test_create_story_rejects_a_year_that_is_no_json_integer(
    client, session, resident, name, value
):
    # 1963.7 was stored as 1963 without a word.
    assert_problem(client.post(STORIES, json=feature(**{name: value})), 422, name)
    assert story_count(session) == 0


def test_create_story_accepts_paired_surrogates(client, session, resident):
    # An emoji arrives in JSON as a surrogate pair, which decodes to one valid character.
    response = client.post(
        STORIES,
        data='{"type": "Feature", "geometry": {"type": "Point", "coordinates": [6.5625, 52.9925]},'
        ' "properties": {"kind": "memory", "title": "Ijs \\ud83d\\ude00", "consent": true}}',
        content_type="application/json",
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["properties"]["title"] == "Ijs \U0001f600"


def test_create_story_rejects_title_over_120_characters(client, resident):
    assert_problem(client.post(STORIES, json=feature(title="x" * 121)), 422, "title")


def test_create_story_rejects_unknown_kind(client, session, resident):
    assert_problem(client.post(STORIES, json=feature(kind="poem")), 422, "kind")
    assert story_count(session) == 0


def test_create_story_rejects_body_that_is_not_a_feature_object(client, resident):
    assert_problem(client.post(STORIES, json=[feature()]), 422)


def test_create_story_rejects_missing_properties(client, resident):
    sent = feature()
    del sent["properties"]
    assert_problem(client.post(STORIES, json=sent), 422, "properties")


def test_create_story_when_not_logged_in_is_401(client, session):
    assert_problem(client.post(STORIES, json=feature()), 401)
    assert story_count(session) == 0


# --- place name ----------------------------------------------------------------------------------


def test_create_story_fills_place_name_from_nearest_gazetteer_place(client, session, resident):
    response = client.post(STORIES, json=feature(*ZUIDLAREN))
    assert response.json["properties"]["place_name"] == "Zuidlaren"
    assert stored(session, response.json["id"]).place_name == "Zuidlaren"


def test_create_story_fills_blank_place_name_from_gazetteer(client, resident):
    response = client.post(STORIES, json=feature(*ZUIDLAREN, place_name="  "))
    assert response.json["properties"]["place_name"] == "Zuidlaren"


def test_create_story_keeps_given_place_name(client, session, resident):
    response = client.post(STORIES, json=feature(*ZUIDLAREN, place_name="De Kampen"))
    assert response.json["properties"]["place_name"] == "De Kampen"
    assert stored(session, response.json["id"]).place_name == "De Kampen"


def test_create_story_stores_origin_place(client, resident):
    response = client.post(STORIES, json=feature(origin_place="Gieten"))
    assert response.json["properties"]["origin_place"] == "Gieten"


def test_create_story_is_findable_by_its_gazetteer_place_name(client, make_user, login):
    login(make_user("curator"))
    created = client.post(STORIES, json=feature(*ZUIDLAREN, title="Paardenmarkt"))
    listed = client.get(f"{STORIES}?q=zuidlaren")
    assert [f["id"] for f in listed.json["features"]] == [created.json["id"]]


def test_approximate_point_near_the_region_edge_stays_inside_the_region(
    client, make_user, login, session
):
    login(make_user("resident"))
    # The grid cell of this point has its centre south of the region's edge (52.6).
    response = client.post(
        STORIES, json=feature(lon=6.12, lat=52.6, location_precision="approximate")
    )
    assert response.status_code == 201, response.json
    _lon, lat = response.json["geometry"]["coordinates"]
    assert lat >= 52.6


def test_anonymous_retry_with_the_same_client_id_returns_the_story(app, client, session):
    app.config["ANONYMOUS_CONTRIBUTIONS"] = True
    try:
        body = feature() | {"id": str(uuid.uuid4())}
        first = client.post(STORIES, json=body)
        second = client.post(STORIES, json=body)
    finally:
        app.config["ANONYMOUS_CONTRIBUTIONS"] = False
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["id"] == second.json["id"]
    assert first.json["properties"]["author"] is None

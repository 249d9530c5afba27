"""OGC API – Features at /ogc, through the test client: documents, media types, paging,
filters, 400/404 problems, HTML, and that only published stories appear, without pupils' names.
(tests/test_open_data_clients.py reads it with GDAL and OWSLib.)"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import assert_problem
from tests.open_data import PUPIL_EMAIL, PUPIL_NICKNAME, SECRET, seed

GEOJSON = "application/geo+json"


@pytest.fixture
def stories(session, make_user, make_story):
    return seed(session, make_user, make_story)


def test_landing_conformance_and_api(client):
    landing = client.get("/ogc")
    assert landing.status_code == 200
    assert landing.mimetype == "application/json"
    rels = {link["rel"]: link for link in landing.json["links"]}
    assert {"self", "alternate", "service-desc", "service-doc", "conformance", "data"} <= set(rels)
    assert rels["service-desc"]["type"].startswith("application/vnd.oai.openapi+json")
    conformance = client.get("/ogc/conformance").json["conformsTo"]
    for part in ("core", "geojson", "html", "oas30"):
        assert f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{part}" in conformance
    api = client.get("/ogc/api")
    assert api.mimetype == "application/vnd.oai.openapi+json"
    from openapi_spec_validator import validate

    validate(api.json)
    assert "/collections/{collectionId}/items" in api.json["paths"]


def test_collections_list_every_kind_with_extent(client, stories):
    body = client.get("/ogc/collections").json
    ids = [c["id"] for c in body["collections"]]
    assert ids == ["stories", "memory", "story", "photo", "wish"]
    every = body["collections"][0]
    assert every["itemType"] == "feature"
    minx, miny, maxx, maxy = every["extent"]["spatial"]["bbox"][0]
    assert (minx, maxx) == (pytest.approx(6.55), pytest.approx(6.9))
    assert miny < maxy
    first, last = every["extent"]["temporal"]["interval"][0]
    assert first <= last
    one = client.get("/ogc/collections/wish").json
    assert one["extent"]["spatial"]["bbox"][0] == [6.7, 52.9, 6.7, 52.9]
    assert any(link["rel"] == "items" and link["type"] == GEOJSON for link in one["links"])


def test_items_only_published_and_no_pupil_name(client, stories):
    response = client.get("/ogc/collections/stories/items?limit=100")
    assert response.status_code == 200
    assert response.mimetype == GEOJSON
    body = response.json
    assert body["numberMatched"] == body["numberReturned"] == 4
    ids = {f["id"] for f in body["features"]}
    assert ids == {str(s.uuid) for s in stories["published"]}
    text = response.get_data(as_text=True)
    assert SECRET not in text
    assert PUPIL_NICKNAME not in text
    assert PUPIL_EMAIL not in text
    assert "@" not in text
    pupil_story = next(f for f in body["features"] if f["properties"]["title"] == "Ons veld")
    assert pupil_story["properties"]["author"] is None
    for story in stories["unseen"]:
        found = client.get(f"/ogc/collections/stories/items/{story.uuid}")
        assert_problem(found, 404)


def test_items_are_the_lists_features(client, stories):
    """The same Feature as GET /api/v1/stories: one read side."""
    listed = {f["id"]: f for f in client.get("/api/v1/stories").json["features"]}
    for feature in client.get("/ogc/collections/stories/items").json["features"]:
        assert feature == listed[feature["id"]]


def test_paging_with_limit_offset_and_next(client, stories):
    first = client.get("/ogc/collections/stories/items?limit=3").json
    assert first["numberMatched"] == 4
    assert first["numberReturned"] == 3
    rels = {link["rel"]: link["href"] for link in first["links"]}
    assert {"self", "alternate", "next", "collection"} <= set(rels)
    second = client.get(rels["next"]).json
    assert second["numberReturned"] == 1
    assert not any(link["rel"] == "next" for link in second["links"])
    seen = [f["id"] for f in first["features"] + second["features"]]
    assert sorted(seen) == sorted(str(s.uuid) for s in stories["published"])
    huge = client.get("/ogc/collections/stories/items?limit=100000").json
    assert huge["numberReturned"] == 4  # clamped to the maximum, not refused


def test_bbox_kind_theme_and_kind_collections(client, stories):
    def titles(url):
        return sorted(f["properties"]["title"] for f in client.get(url).json["features"])

    assert titles("/ogc/collections/stories/items?bbox=6.65,52.85,6.75,52.95") == [
        "Beekdal weer nat"
    ]
    assert titles("/ogc/collections/stories/items?kind=photo,wish") == [
        "Beekdal weer nat",
        "Oude foto van de Brink",
    ]
    assert titles("/ogc/collections/stories/items?theme=natuur") == ["Beekdal weer nat", "Ons veld"]
    assert titles("/ogc/collections/wish/items") == ["Beekdal weer nat"]
    assert titles("/ogc/collections/wish/items?kind=memory") == []
    wish = stories["published"][1]
    assert client.get(f"/ogc/collections/wish/items/{wish.uuid}").status_code == 200
    memory = stories["published"][0]
    assert_problem(client.get(f"/ogc/collections/wish/items/{memory.uuid}"), 404)


def test_datetime_instants_intervals_and_open_ends(client, session, stories):
    old, recent = stories["published"][0], stories["published"][1]
    old.published_at = dt.datetime(2020, 5, 1, 12, 0, tzinfo=dt.UTC)
    recent.published_at = dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.UTC)
    session.commit()

    def titles(value):
        url = f"/ogc/collections/stories/items?datetime={value}"
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        return {f["properties"]["title"] for f in response.json["features"]}

    assert titles("2020-05-01T12:00:00Z") == {old.title}
    assert titles("2020-05-01") == {old.title}
    assert titles("2020-01-01T00:00:00Z/2024-12-31T00:00:00Z") == {old.title, recent.title}
    assert titles("../2021-01-01T00:00:00Z") == {old.title}
    assert titles("2021-01-01T00:00:00Z/..") == {recent.title, "Ons veld", "Oude foto van de Brink"}
    assert titles("2023-01-01/2024-12-31") == {recent.title}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("bbox=1,2,3", "bbox"),
        ("datetime=yesterday", "datetime"),
        ("datetime=2024-01-01/2023-01-01", "datetime"),
        ("kind=poem", "kind"),
        ("theme=onbekend", "theme"),
        ("f=xml", "f"),
        ("colour=red", "colour"),
    ],
)
def test_bad_parameters_are_400_problems(client, query, field):
    response = client.get(f"/ogc/collections/stories/items?{query}")
    assert_problem(response, 400, field)


def test_unknown_collections_and_features_are_404(client, stories):
    assert_problem(client.get("/ogc/collections/nope"), 404)
    assert_problem(client.get("/ogc/collections/nope/items"), 404)
    assert_problem(client.get("/ogc/collections/stories/items/not-a-uuid"), 404)
    assert_problem(
        client.get("/ogc/collections/stories/items/00000000-0000-0000-0000-000000000000"), 404
    )


def test_one_feature_with_links(client, stories):
    story = stories["published"][0]
    response = client.get(f"/ogc/collections/stories/items/{story.uuid}")
    assert response.mimetype == GEOJSON
    body = response.json
    assert body["id"] == str(story.uuid)
    assert body["type"] == "Feature"
    assert {"self", "alternate", "collection"} <= {link["rel"] for link in body["links"]}


def test_html_for_people(client, stories):
    for url in ("/ogc", "/ogc/collections", "/ogc/collections/stories", "/ogc/conformance"):
        page = client.get(url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        assert page.status_code == 200, url
        assert page.mimetype == "text/html", url
    items = client.get("/ogc/collections/stories/items?f=html&limit=50")
    assert items.mimetype == "text/html"
    text = items.get_data(as_text=True)
    assert "Beekdal weer nat" in text
    assert SECRET not in text
    assert PUPIL_NICKNAME not in text
    story = stories["published"][2]
    one = client.get(f"/ogc/collections/stories/items/{story.uuid}?f=html")
    assert "Ons veld" in one.get_data(as_text=True)
    assert PUPIL_NICKNAME not in one.get_data(as_text=True)
    assert client.get("/ogc/api?f=html").mimetype == "text/html"
    # A program's Accept (GDAL's) gets JSON.
    accept = {"Accept": "application/geo+json, application/json"}
    assert client.get("/ogc/collections/stories/items", headers=accept).mimetype == GEOJSON


def test_problems_in_dutch_for_a_dutch_client(client):
    dutch = {"Accept-Language": "nl"}
    body = client.get("/ogc/collections/stories/items?limit=nul", headers=dutch).json
    assert body["title"] == "Een parameter in het adres is niet geldig"
    assert body["errors"]["limit"] == ["Moet een geheel getal zijn."]
    body = client.get("/ogc/collections/stories/items?kleur=rood", headers=dutch).json
    assert body["errors"]["kleur"][0].startswith("Onbekende parameter. Dit adres kent: bbox")
    body = client.get("/ogc/collections/verhalen", headers=dutch).json
    assert body["detail"] == "Er is geen collectie 'verhalen'. Zie /ogc/collections."

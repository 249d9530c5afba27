"""GET /api/v1/stories and GET /api/v1/stories/{id}: what the public (and authors) can read."""

from __future__ import annotations

import base64
import json
import uuid

import pytest

from tests.conftest import assert_problem, server_cursor
from verhalenkaart.geo import haversine_m

STORIES = "/api/v1/stories"


def listed_ids(client, query: str = "") -> list[str]:
    response = client.get(f"{STORIES}?{query}")
    assert response.status_code == 200, response.json
    return [f["id"] for f in response.json["features"]]


def ids(*stories) -> set[str]:
    return {str(s.uuid) for s in stories}


def cursor_of(payload: object) -> str:
    return server_cursor(payload)


# --- the collection ------------------------------------------------------------------------------


def test_list_stories_answers_a_feature_collection(client, make_story):
    story = make_story(title="Turf steken", place_name="Barger-Compascuum")
    response = client.get(STORIES)
    assert response.status_code == 200
    body = response.json
    assert body["type"] == "FeatureCollection"
    assert body["numberReturned"] == 1
    assert {"rel": "self", "href": "http://localhost/api/v1/stories"} in body["links"]
    (item,) = body["features"]
    assert item["type"] == "Feature"
    assert item["id"] == str(story.uuid)
    assert item["geometry"] == {"type": "Point", "coordinates": [6.5625, 52.9925]}
    assert item["properties"]["title"] == "Turf steken"
    assert item["properties"]["status"] == "published"
    assert item["properties"]["themes"] == ["water-bodem", "naoberschap"]
    assert item["properties"]["author"] == {"display_name": "Verteller"}


def test_list_stories_of_an_empty_map_is_an_empty_collection(client):
    response = client.get(STORIES)
    assert response.status_code == 200
    assert response.json["features"] == []
    assert [link["rel"] for link in response.json["links"]] == ["self"]


def test_list_stories_shows_newest_first(client, make_story):
    first, second, third = (make_story(title=t) for t in ("een", "twee", "drie"))
    assert listed_ids(client) == [str(third.uuid), str(second.uuid), str(first.uuid)]


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden", "deleted"])
def test_list_stories_never_lists_unpublished_stories(client, make_story, make_user, login, status):
    author = make_user("resident")
    published = make_story(author=author)
    make_story(author=author, status=status)
    assert listed_ids(client) == [str(published.uuid)]
    # Not for the author either, nor for a curator: the list is the public map.
    login(author)
    assert listed_ids(client) == [str(published.uuid)]
    login(make_user("curator"))
    assert listed_ids(client) == [str(published.uuid)]


# --- filters -------------------------------------------------------------------------------------


def test_list_stories_filters_by_bbox(client, make_story):
    assen = make_story(lon=6.5625, lat=52.9925)
    emmen = make_story(lon=6.9, lat=52.78)
    assert listed_ids(client, "bbox=6.5,52.9,6.6,53.1") == [str(assen.uuid)]
    assert listed_ids(client, "bbox=6.8,52.7,7.0,52.8") == [str(emmen.uuid)]
    assert set(listed_ids(client, "bbox=6.1,52.6,7.1,53.2")) == ids(assen, emmen)


def test_list_stories_bbox_finds_route_crossing_it(client, make_story):
    route = {"type": "LineString", "coordinates": [[6.40, 52.95], [6.70, 52.95]]}
    story = make_story(geometry=route)
    # Neither end lies in the box, but the route crosses it.
    assert listed_ids(client, "bbox=6.5,52.9,6.6,53.0") == [str(story.uuid)]


def test_list_stories_filters_by_kind_list(client, make_story):
    memory = make_story(kind="memory")
    wish = make_story(kind="wish")
    make_story(kind="story")
    assert listed_ids(client, "kind=wish") == [str(wish.uuid)]
    assert set(listed_ids(client, "kind=memory,wish")) == ids(memory, wish)


def test_list_stories_rejects_unknown_kind_filter(client):
    body = assert_problem(client.get(f"{STORIES}?kind=memory,poem"), 422)
    assert any(name.startswith("kind") for name in body["errors"])


def test_list_stories_filters_by_theme_list(client, make_story):
    nature = make_story(themes=["natuur"])
    energy = make_story(themes=["energie", "landbouw"])
    make_story(themes=["wonen"])
    make_story(themes=[])
    assert listed_ids(client, "theme=natuur") == [str(nature.uuid)]
    assert set(listed_ids(client, "theme=natuur,landbouw")) == ids(nature, energy)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stories?theme=natuur,natur",
        "/api/v1/map?bbox=6.1,52.6,7.1,53.2&zoom=9&theme=natuur,natur",
    ],
)
def test_an_unknown_theme_in_the_filter_is_named(client, url):
    body = assert_problem(client.get(url), 422, "theme")
    assert "natur" in body["errors"]["theme"][0]


def test_list_stories_lists_story_with_two_matching_themes_once(client, make_story):
    story = make_story(themes=["energie", "landbouw"])
    assert listed_ids(client, "theme=energie,landbouw") == [str(story.uuid)]


def test_list_stories_era_from_matches_overlapping_story(client, make_story):
    sixties = make_story(era_from=1960, era_to=1970)
    make_story(era_from=1940, era_to=1950)
    assert listed_ids(client, "era_from=1965") == [str(sixties.uuid)]


def test_list_stories_era_to_matches_overlapping_story(client, make_story):
    sixties = make_story(era_from=1960, era_to=1970)
    make_story(era_from=1980, era_to=1990)
    assert listed_ids(client, "era_to=1965") == [str(sixties.uuid)]


def test_list_stories_era_range_matches_stories_overlapping_it(client, make_story):
    inside = make_story(era_from=1962, era_to=1964)
    around = make_story(era_from=1900, era_to=2000)
    ends_in = make_story(era_from=1950, era_to=1960)
    make_story(era_from=1970, era_to=1980)
    make_story(era_from=1900, era_to=1959)
    assert set(listed_ids(client, "era_from=1960&era_to=1965")) == ids(inside, around, ends_in)


def test_list_stories_story_with_single_year_matches_era_filter(client, make_story):
    only_start = make_story(era_from=1953, era_to=None)
    only_end = make_story(era_from=None, era_to=1975)
    assert listed_ids(client, "era_from=1950&era_to=1955") == [str(only_start.uuid)]
    assert listed_ids(client, "era_from=1975") == [str(only_end.uuid)]


def test_list_stories_story_without_era_does_not_match_era_filter(client, make_story):
    make_story(era_from=None, era_to=None)
    dated = make_story(era_from=1960, era_to=1970)
    assert listed_ids(client, "era_from=1900") == [str(dated.uuid)]
    assert listed_ids(client, "era_to=2100") == [str(dated.uuid)]
    assert len(listed_ids(client)) == 2


def test_list_stories_rejects_era_to_before_era_from(client):
    assert_problem(client.get(f"{STORIES}?era_from=1970&era_to=1960"), 422, "era_to")


def test_list_stories_q_matches_words_in_title_ignoring_case_and_accents(client, make_story):
    cafe = make_story(title="Het Café aan de Brink", body="")
    make_story(title="De molen", body="")
    for query in ("cafe", "CAFÉ", "café brink", "BRINK Cafe"):
        assert listed_ids(client, f"q={query}") == [str(cafe.uuid)], query


def test_list_stories_q_matches_words_in_body(client, make_story):
    story = make_story(title="Winter", body="We schaatsten op de Drentsche Aa naar Gasteren.")
    make_story(title="Zomer", body="Zwemmen in het Nijlânnermeer.")
    assert listed_ids(client, "q=gasteren") == [str(story.uuid)]


def test_list_stories_q_matches_words_in_place_name(client, make_story):
    story = make_story(title="Kermis", body="", place_name="Exloërmond")
    make_story(title="Kermis", body="", place_name="Odoorn")
    assert listed_ids(client, "q=exloermond") == [str(story.uuid)]


def test_list_stories_q_needs_every_word(client, make_story):
    both = make_story(title="Hunebed bij Borger", body="")
    make_story(title="Hunebed bij Havelte", body="")
    assert listed_ids(client, "q=hunebed+borger") == [str(both.uuid)]


def test_list_stories_q_without_words_does_not_filter(client, make_story):
    story = make_story(title="Honderd procent", body="")
    assert listed_ids(client, "q=%25+_+!") == [str(story.uuid)]


def test_list_stories_near_lists_nearest_first(client, make_story):
    far = make_story(lon=6.5700, lat=52.9925)  # ~500 m east
    near = make_story(lon=6.5630, lat=52.9925)  # ~35 m east
    middle = make_story(lon=6.5625, lat=52.9950)  # ~280 m north
    assert listed_ids(client, "near=6.5625,52.9925&radius=1000") == [
        str(near.uuid),
        str(middle.uuid),
        str(far.uuid),
    ]


def test_list_stories_near_excludes_stories_outside_radius(client, make_story):
    inside = make_story(lon=6.5625, lat=52.9970)  # ~500 m north
    make_story(lon=6.5625, lat=53.0025)  # ~1.1 km north
    assert listed_ids(client, "near=6.5625,52.9925&radius=600") == [str(inside.uuid)]


def test_list_stories_near_without_radius_uses_one_kilometre(client, make_story):
    inside = make_story(lon=6.5625, lat=53.0000)  # ~830 m
    make_story(lon=6.5625, lat=53.0025)  # ~1.1 km
    assert listed_ids(client, "near=6.5625,52.9925") == [str(inside.uuid)]


def test_list_stories_near_radius_is_in_metres_east_west_too(client, make_story):
    # At 53° N a degree of longitude is ~67 km, not ~111 km.
    lon_800m = 6.5625 + 800 / (111_320 * 0.6018)
    inside = make_story(lon=lon_800m, lat=52.9925)
    assert 780 < haversine_m(6.5625, 52.9925, lon_800m, 52.9925) < 820
    assert listed_ids(client, "near=6.5625,52.9925&radius=900") == [str(inside.uuid)]
    assert listed_ids(client, "near=6.5625,52.9925&radius=700") == []


@pytest.mark.parametrize("near", ["6.5", "a,b", "6.5,52.9,1", "200,52", "nan,52"])
def test_list_stories_rejects_invalid_near(client, near):
    assert_problem(client.get(f"{STORIES}?near={near}"), 422, "near")


def test_list_stories_rejects_radius_without_near(client):
    assert_problem(client.get(f"{STORIES}?radius=500"), 422, "radius")


@pytest.mark.parametrize("radius", ["0", "-5", "100001", "far"])
def test_list_stories_rejects_invalid_radius(client, radius):
    assert_problem(client.get(f"{STORIES}?near=6.56,52.99&radius={radius}"), 422, "radius")


def test_list_stories_combines_filters(client, make_story):
    match = make_story(kind="wish", themes=["energie"], title="Zonnepark", lon=6.56, lat=52.99)
    make_story(kind="wish", themes=["energie"], title="Zonnepark", lon=6.9, lat=52.78)
    make_story(kind="memory", themes=["energie"], title="Zonnepark", lon=6.56, lat=52.99)
    make_story(kind="wish", themes=["natuur"], title="Zonnepark", lon=6.56, lat=52.99)
    assert listed_ids(client, "bbox=6.5,52.9,6.6,53.1&kind=wish&theme=energie&q=zonnepark") == [
        str(match.uuid)
    ]


@pytest.mark.parametrize(
    "bbox",
    [
        "1,2,3",
        "a,b,c,d",
        "6.6,52.9,6.5,53.1",
        "6.5,53.1,6.6,52.9",
        "6.5,52.9,6.6,95",
        "190,52.9,6.6,53.1",
        "nan,52,7,53",
        "",
        "6.5,52.9,6.6,53.1,1",
    ],
)
def test_list_stories_rejects_invalid_bbox(client, bbox):
    assert_problem(client.get(f"{STORIES}?bbox={bbox}"), 422, "bbox")


@pytest.mark.parametrize("name", ["theme", "project", "q"])
def test_list_stories_rejects_nul_character_in_filters(client, name):
    assert_problem(client.get(f"{STORIES}?{name}=a%00b"), 422, name)


def test_list_stories_rejects_unknown_query_parameter(client):
    assert_problem(client.get(f"{STORIES}?colour=red"), 422, "colour")


# --- paging --------------------------------------------------------------------------------------


def test_list_stories_limit_caps_the_page(client, make_story):
    for index in range(3):
        make_story(title=f"verhaal {index}")
    response = client.get(f"{STORIES}?limit=2")
    assert response.json["numberReturned"] == 2
    assert len(response.json["features"]) == 2
    assert "next" in [link["rel"] for link in response.json["links"]]


def test_list_stories_has_no_next_link_on_the_last_page(client, make_story):
    make_story()
    make_story()
    response = client.get(f"{STORIES}?limit=2")
    assert len(response.json["features"]) == 2
    assert "next" not in [link["rel"] for link in response.json["links"]]


@pytest.mark.parametrize("limit", ["0", "1001", "-1", "ten"])
def test_list_stories_rejects_limit_out_of_range(client, limit):
    assert_problem(client.get(f"{STORIES}?limit={limit}"), 422, "limit")


def test_list_stories_accepts_limit_1000(client):
    assert client.get(f"{STORIES}?limit=1000").status_code == 200


def walk_pages(client, url: str) -> list[str]:
    seen: list[str] = []
    for _ in range(50):
        response = client.get(url)
        assert response.status_code == 200, response.json
        seen.extend(f["id"] for f in response.json["features"])
        following = [link["href"] for link in response.json["links"] if link["rel"] == "next"]
        if not following:
            return seen
        url = following[0]
    raise AssertionError("the next links never ended")


def test_list_stories_cursor_walks_every_story_once(client, make_story, make_user):
    other = make_user("resident")
    stories = [make_story(title=f"verhaal {i}") for i in range(7)]
    make_story(author=other, status="pending")
    seen = walk_pages(client, f"{STORIES}?limit=3")
    assert len(seen) == len(set(seen)) == 7
    assert seen == [str(s.uuid) for s in reversed(stories)]


def test_list_stories_cursor_keeps_the_filters(client, make_story):
    wishes = [make_story(kind="wish") for _ in range(5)]
    for _ in range(3):
        make_story(kind="memory")
    seen = walk_pages(client, f"{STORIES}?kind=wish&limit=2")
    assert seen == [str(s.uuid) for s in reversed(wishes)]


def test_list_stories_cursor_walks_near_results_nearest_first(client, make_story):
    stories = [make_story(lon=6.5625 + i * 0.001, lat=52.9925) for i in range(6)]
    seen = walk_pages(client, f"{STORIES}?near=6.5625,52.9925&radius=5000&limit=4")
    assert seen == [str(s.uuid) for s in stories]


def test_list_stories_cursor_is_not_disturbed_by_new_stories(client, make_story):
    old = [make_story(title=f"oud {i}") for i in range(4)]
    first = client.get(f"{STORIES}?limit=2")
    next_href = next(link["href"] for link in first.json["links"] if link["rel"] == "next")
    make_story(title="nieuw")
    second = client.get(next_href)
    seen = [f["id"] for f in first.json["features"] + second.json["features"]]
    assert seen == [str(s.uuid) for s in reversed(old)]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor!",
        "%%%",
        cursor_of([1, 2]),
        cursor_of({"before": -1}),
        cursor_of({"before": "12"}),
        cursor_of({"before": True}),
        cursor_of({"offset": 1.5}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        server_cursor("x")[:-4] + "AAAA",  # tampered with
        # The readable cursors of old: forged or not, they no longer decode.
        base64.urlsafe_b64encode(json.dumps({"before": 5}).encode()).decode().rstrip("="),
    ],
)
def test_list_stories_rejects_bad_cursor(client, make_story, cursor):
    make_story()
    assert_problem(client.get(f"{STORIES}?cursor={cursor}"), 422, "cursor")


def test_the_next_cursor_reveals_no_story_ids(client, make_story):
    """A readable cursor ({"before": 206}) let anyone count unpublished stories by the gaps."""
    for n in range(3):
        make_story(title=f"Verhaal {n}")
    response = client.get(f"{STORIES}?limit=1")
    (nxt,) = [link["href"] for link in response.json["links"] if link["rel"] == "next"]
    cursor = nxt.split("cursor=")[1].split("&")[0]
    try:
        readable = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except ValueError:
        readable = b""
    assert b"before" not in readable
    assert client.get(nxt).status_code == 200


@pytest.mark.parametrize("query", ["", "&near=6.56,52.99"])
@pytest.mark.parametrize("payload", [{"before": 2**70}, {"offset": 2**70}])
def test_list_stories_rejects_cursor_with_huge_numbers(client, make_story, payload, query):
    make_story()
    query = f"cursor={cursor_of(payload)}{query}"
    assert_problem(client.get(f"{STORIES}?{query}"), 422, "cursor")


# --- one story -----------------------------------------------------------------------------------


def test_get_story_shows_published_story_to_anyone(client, make_story):
    story = make_story(title="De Hondsrug", body="Een lang verhaal.")
    response = client.get(f"{STORIES}/{story.uuid}")
    assert response.status_code == 200
    assert response.json["id"] == str(story.uuid)
    assert response.json["properties"]["body"] == "Een lang verhaal."
    assert "consent_at" not in response.json["properties"]


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden"])
def test_get_story_hides_unpublished_story_from_anonymous_with_404(client, make_story, status):
    story = make_story(status=status)
    assert_problem(client.get(f"{STORIES}/{story.uuid}"), 404)


def test_get_story_hides_pending_story_from_another_resident_with_404(
    client, make_story, make_user, login
):
    story = make_story(status="pending")
    login(make_user("resident"))
    assert_problem(client.get(f"{STORIES}/{story.uuid}"), 404)


def test_get_story_shows_pending_story_to_its_author(client, make_story, make_user, login):
    author = make_user("resident")
    story = make_story(author=author, status="pending")
    login(author)
    response = client.get(f"{STORIES}/{story.uuid}")
    assert response.status_code == 200
    assert response.json["properties"]["status"] == "pending"
    assert response.json["properties"]["consent_at"]


def test_get_story_shows_pending_story_to_a_curator(client, make_story, make_user, login):
    story = make_story(status="pending")
    login(make_user("curator"))
    response = client.get(f"{STORIES}/{story.uuid}")
    assert response.status_code == 200
    assert response.json["properties"]["status"] == "pending"


def test_get_story_hides_deleted_story_from_its_author(client, make_story, make_user, login):
    author = make_user("resident")
    story = make_story(author=author, status="deleted")
    login(author)
    assert_problem(client.get(f"{STORIES}/{story.uuid}"), 404)


def test_get_story_with_unknown_uuid_is_404(client):
    assert_problem(client.get(f"{STORIES}/{uuid.uuid4()}"), 404)


@pytest.mark.parametrize("path", ["12", "not-a-uuid", "0d02abbd-bca8-47b6-ba3b"])
def test_get_story_with_non_uuid_path_is_404(client, path):
    assert_problem(client.get(f"{STORIES}/{path}"), 404)


def test_unknown_kind_in_a_comma_list_names_the_kind_field(client):
    response = client.get("/api/v1/stories?kind=memory,verhaaltje")
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["kind"]


def test_list_features_are_exactly_the_detail_features(client, session, make_story, make_user):
    """The list's Features are written by the database, the detail's in Python: same shape."""
    from verhalenkaart.schools.models import Project

    session.add(Project(slug="groep-8-anloo", name="Groep 8 Anloo"))
    session.commit()
    area = {
        "type": "Polygon",
        "coordinates": [[[6.55, 52.99], [6.57, 52.99], [6.57, 53.0], [6.55, 52.99]]],
    }
    stories = [
        make_story(
            title="Een veld",
            geometry=area,
            themes=["natuur", "water-bodem"],
            era_from=-3400,
            era_to=-2850,
            project="groep-8-anloo",
            author=make_user("pupil", display_name="Leerling"),
            origin_place="Anloo",
            location_precision="exact",
        ),
        make_story(title="Zonder thema", themes=[], era_from=None, era_to=None),
        make_story(title="Bij benadering", location_precision="approximate"),
    ]
    listed = {f["id"]: f for f in client.get("/api/v1/stories").json["features"]}
    assert len(listed) == len(stories)
    for story in stories:
        detail = client.get(f"/api/v1/stories/{story.uuid}").json
        assert listed[str(story.uuid)] == detail


def test_links_come_from_base_url_not_a_forwarded_host(app, make_story, monkeypatch):
    """Behind a trusted proxy X-Forwarded-Host was reflected into the list's links."""
    for n in range(2):
        make_story(title=f"Verhaal {n}")
    monkeypatch.setitem(app.config, "BASE_URL", "https://verhalenkaart.example")
    from werkzeug.middleware.proxy_fix import ProxyFix

    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1, x_host=1, x_proto=1))
    response = app.test_client().get(
        f"{STORIES}?limit=1", headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-For": "1"}
    )
    hrefs = [link["href"] for link in response.json["links"]]
    assert len(hrefs) == 2
    assert all(h.startswith("https://verhalenkaart.example/api/v1/stories?") for h in hrefs), hrefs

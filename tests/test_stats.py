"""GET /api/v1/stats and /stats/origins: counts of published stories only, with the list's
filters; origins matched to the gazetteer or counted, never guessed; no nickname anywhere."""

from __future__ import annotations

import pytest

from tests.conftest import assert_problem
from verhalenkaart.places.services import PlaceRecord, upsert_places

STATS = "/api/v1/stats"
ORIGINS = "/api/v1/stats/origins"
ZUIDLAREN = (6.68194, 53.09417)


def counts(items: list[dict], key: str) -> dict:
    return {item[key]: item["count"] for item in items if item["count"]}


@pytest.fixture
def unseen(make_story, make_user):
    """One story in every status the public may not see, each of a kind, theme, place, era
    and origin no published story has."""
    made = []
    for status in ("pending", "hidden", "rejected", "deleted"):
        made.append(
            make_story(
                status=status,
                kind="wish",
                themes=["energie"],
                place_name="Onzichtbaar",
                era_from=1910,
                era_to=1915,
                origin_place="Zuidlaren",
            )
        )
    return made


def test_stats_count_published_stories_by_kind_theme_place_era_and_month(
    client, make_story, unseen
):
    make_story(
        kind="memory", themes=["water-bodem"], place_name="Rolde", era_from=1963, era_to=1970
    )
    make_story(kind="memory", themes=["water-bodem", "natuur"], place_name="Rolde", era_from=1968)
    make_story(kind="photo", themes=["natuur"], place_name="Assen", era_from=None, era_to=None)
    response = client.get(STATS)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["total"] == 3
    assert counts(body["kinds"], "kind") == {"memory": 2, "photo": 1}
    assert counts(body["themes"], "theme") == {"water-bodem": 2, "natuur": 2}
    assert body["places"] == [{"name": "Rolde", "count": 2}, {"name": "Assen", "count": 1}]
    assert body["places_unnamed"] == 0
    assert body["decades"] == [{"decade": 1960, "count": 2}]
    assert body["no_era"] == 1
    (month,) = body["months"]
    assert month["count"] == 3
    assert len(month["month"]) == 7
    assert month["month"][4] == "-"
    assert sum(cell["count"] for cell in body["cells"]["items"]) == 3


def test_stats_never_count_unpublished_stories(client, unseen):
    body = client.get(STATS).json
    assert body["total"] == 0
    assert counts(body["kinds"], "kind") == {}
    assert counts(body["themes"], "theme") == {}
    assert body["places"] == []
    assert body["decades"] == []
    assert body["months"] == []
    assert body["cells"]["items"] == []


def test_stats_take_the_lists_filters(client, make_story):
    make_story(kind="memory", themes=["water-bodem"])
    make_story(kind="wish", themes=["energie"])
    assert client.get(STATS, query_string={"kind": "wish"}).json["total"] == 1
    assert client.get(STATS, query_string={"theme": "water-bodem,energie"}).json["total"] == 2
    assert client.get(STATS, query_string={"bbox": "6.9,53.1,7.0,53.2"}).json["total"] == 0


def test_stats_refuse_a_filter_the_list_refuses(client):
    assert_problem(client.get(STATS, query_string={"theme": "onbekend"}), 422, "theme")
    assert_problem(client.get(STATS, query_string={"limit": "5"}), 422, "limit")


def test_origins_draw_a_line_from_the_tellers_place_to_the_story(client, make_story):
    make_story(origin_place="zuidlaren", place_name="Assen")
    make_story(origin_place="Zuidlaren ", place_name="Assen")
    response = client.get(ORIGINS)
    assert response.status_code == 200, response.json
    body = response.json
    (line,) = body["features"]
    assert line["geometry"]["type"] == "LineString"
    assert line["geometry"]["coordinates"][0] == list(ZUIDLAREN)
    assert line["properties"] == {"from": "Zuidlaren", "to": "Assen", "count": 2}
    assert body["origins"] == [{"name": "Zuidlaren", "count": 2}]
    assert (body["matched"], body["unmatched"], body["ambiguous"]) == (2, 0, 0)


def test_origins_count_unknown_and_ambiguous_places_without_guessing(client, session, make_story):
    upsert_places(
        session,
        [
            PlaceRecord("Tweelingdorp", 5.0, 52.0, source="test:1"),
            PlaceRecord("Tweelingdorp", 5.5, 51.5, source="test:2"),
        ],
    )
    session.commit()
    make_story(origin_place="Atlantis aan de Aa")
    make_story(origin_place="Tweelingdorp")
    body = client.get(ORIGINS).json
    assert body["features"] == []
    assert (body["matched"], body["unmatched"], body["ambiguous"]) == (0, 1, 1)
    assert "Atlantis" not in str(body)


def test_origins_never_count_unpublished_stories(client, unseen):
    body = client.get(ORIGINS).json
    assert body["features"] == []
    assert (body["matched"], body["unmatched"], body["ambiguous"]) == (0, 0, 0)


def test_a_pupils_nickname_reaches_no_statistic(client, make_story, make_user):
    pupil = make_user("pupil", display_name="Geheime Gijs")
    make_story(author=pupil, origin_place="Zuidlaren", place_name="Rolde")
    for path in (STATS, ORIGINS):
        response = client.get(path)
        assert response.status_code == 200
        assert "Geheime Gijs" not in response.get_data(as_text=True)
    assert client.get(STATS).json["total"] == 1


def test_decades_floor_years_before_the_common_era(client, make_story):
    make_story(kind="memory", era_from=-3405, era_to=-3300)  # a hunebed, built
    make_story(kind="memory", era_from=-3400, era_to=-3300)
    make_story(kind="memory", era_from=5, era_to=9)
    decades = client.get(STATS).json["decades"]
    assert decades == [
        {"decade": -3410, "count": 1},
        {"decade": -3400, "count": 1},
        {"decade": 0, "count": 1},
    ]

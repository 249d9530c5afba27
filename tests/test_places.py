"""GET /api/v1/places (gazetteer search) and GET /api/v1/themes (the vocabulary)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_problem

PLACES = "/api/v1/places"


def names(client, query: str) -> list[str]:
    response = client.get(f"{PLACES}?{query}")
    assert response.status_code == 200, response.json
    return [f["properties"]["name"] for f in response.json["features"]]


def test_places_answers_features_with_attribution(client):
    response = client.get(f"{PLACES}?q=zuidlaren")
    assert response.status_code == 200
    body = response.json
    assert body["type"] == "FeatureCollection"
    assert "GeoNames" in body["attribution"]
    (place,) = body["features"]
    assert place["type"] == "Feature"
    assert place["geometry"] == {"type": "Point", "coordinates": [6.68194, 53.09417]}
    assert place["properties"]["name"] == "Zuidlaren"
    assert place["properties"]["province"] == "Drenthe"
    assert place["properties"]["kind"] == "dorp"


def test_places_finds_emmer_compascuum_from_two_word_parts(client):
    assert names(client, "q=emmer+comp")[0] == "Emmer-Compascuum"


def test_places_ignores_case_and_hyphens(client):
    assert names(client, "q=EMMER-compascuum") == ["Emmer-Compascuum"]


def test_places_ignores_diacritics(client):
    assert "Tweede Exloërmond" in names(client, "q=exloer")
    assert "Tweede Exloërmond" in names(client, "q=EXLOËRMOND")


def test_places_ranks_prefix_matches_first(client):
    found = names(client, "q=assen")
    assert found[0] == "Assen"


def test_places_ranks_larger_places_first_among_prefix_matches(client):
    # Emmermeer, Emmerhout, Emmer-Compascuum, … all start with "emmer"; the largest comes first.
    found = names(client, "q=emmer")
    assert found[0] == "Emmer-Compascuum"
    assert "Emmerschans" in found


def test_places_finds_nothing_for_an_unknown_name(client):
    assert names(client, "q=atlantis") == []


def test_places_with_only_punctuation_finds_nothing(client):
    assert names(client, "q=---") == []


def test_places_limit_caps_the_answer(client):
    assert len(names(client, "q=e&limit=3")) == 3


@pytest.mark.parametrize("limit", ["0", "51", "many"])
def test_places_rejects_limit_out_of_range(client, limit):
    assert_problem(client.get(f"{PLACES}?q=assen&limit={limit}"), 422, "limit")


def test_places_without_q_is_422(client):
    assert_problem(client.get(PLACES), 422, "q")


def test_places_with_empty_q_is_422(client):
    assert_problem(client.get(f"{PLACES}?q="), 422, "q")


def test_places_with_nul_in_q_is_422(client):
    # Once accepted silently (and a search for text no place name can hold).
    assert_problem(client.get(f"{PLACES}?q=a%00b"), 422, "q")


def test_places_with_overlong_q_is_422(client):
    assert_problem(client.get(f"{PLACES}?q={'a' * 101}"), 422, "q")


# --- themes --------------------------------------------------------------------------------------


def test_themes_lists_the_14_themes_of_the_consultation(client):
    response = client.get("/api/v1/themes")
    assert response.status_code == 200
    themes = response.json
    assert len(themes) == 14
    assert len({t["slug"] for t in themes}) == 14
    for theme in themes:
        assert theme["name_nl"]
        assert theme["name_en"]
        assert re.fullmatch(r"#[0-9a-f]{6}", theme["colour"]), theme


def test_themes_come_in_consultation_order_with_both_names(client):
    themes = client.get("/api/v1/themes").json
    assert themes[0] == {
        "slug": "water-bodem",
        "name_nl": "Water & bodem",
        "name_en": "Water & soil",
        "colour": "#1f6fb2",
    }
    assert themes[-1]["slug"] == "gezondheid-bewegen"
    assert {"naoberschap", "beekdalen", "rust-ruimte"} <= {t["slug"] for t in themes}


def test_places_search_rejects_unknown_query_parameters(client):
    response = client.get("/api/v1/places?q=assen&province=Drenthe")
    assert response.status_code == 422
    assert "province" in response.json["errors"]


def test_nearest_place_names_the_place_by_a_point_with_its_distance(client):
    response = client.get(f"{PLACES}/nearest?lon=6.682&lat=53.094")
    assert response.status_code == 200, response.json
    (place,) = response.json["features"]
    assert place["properties"]["name"] == "Zuidlaren"
    assert 0 <= place["distance"] < 100
    assert "GeoNames" in response.json["attribution"]


def test_nearest_place_is_none_outside_the_radius(client):
    response = client.get(f"{PLACES}/nearest?lon=3.0&lat=51.0&radius=1000")
    assert response.status_code == 200
    assert response.json["features"] == []


@pytest.mark.parametrize("query", ["lon=6.5", "lon=200&lat=52", "lon=6.5&lat=53&radius=0"])
def test_nearest_place_names_the_wrong_parameter(client, query):
    response = client.get(f"{PLACES}/nearest?{query}")
    assert_problem(response, 422)

"""GET /api/v1/stories?properties=…: a list that answers only the chosen properties of each
Feature (for markers: kind, title, place), the same stories and values as the full list."""

from __future__ import annotations

import pytest

from tests.conftest import assert_problem
from verhalenkaart.stories.models import FEATURE_PROPERTIES

STORIES = "/api/v1/stories"


@pytest.fixture
def stories(session, make_story, make_user):
    from verhalenkaart.schools.models import Project

    session.add(Project(slug="groep-8-anloo", name="Groep 8 Anloo", school="De Esch"))
    session.commit()
    return [
        make_story(title="Turf steken", place_name="Barger-Compascuum", themes=["erfgoed"]),
        make_story(
            title="Een veld",
            project="groep-8-anloo",
            author=make_user("pupil", display_name="Leerling Bijnaam"),
        ),
        make_story(title="Nog niet gezien", status="pending"),
        make_story(title="Verborgen", status="hidden"),
    ]


def test_the_full_feature_has_every_public_property_in_order(client, stories):
    (feature, *_) = client.get(STORIES).json["features"]
    assert tuple(feature["properties"]) == FEATURE_PROPERTIES


def test_chosen_properties_are_the_full_answers_values_and_nothing_else(client, stories):
    full = {f["id"]: f for f in client.get(STORIES).json["features"]}
    response = client.get(f"{STORIES}?properties=title,kind,place_name")
    assert response.status_code == 200
    lean = response.json["features"]
    assert [f["id"] for f in lean] == list(full)  # the same stories, the same order
    for feature in lean:
        whole = full[feature["id"]]
        # In the Feature's own order, whatever order the query named them in.
        assert list(feature["properties"]) == ["kind", "title", "place_name"]
        assert feature["properties"] == {k: whole["properties"][k] for k in feature["properties"]}
        assert (feature["type"], feature["geometry"]) == (whole["type"], whole["geometry"])
    titles = {f["properties"]["title"] for f in lean}
    assert titles == {"Turf steken", "Een veld"}  # nothing unpublished


def test_a_pupils_nickname_stays_out_of_a_chosen_author(client, stories):
    response = client.get(f"{STORIES}?properties=author,author_label,themes,photos")
    assert response.status_code == 200
    assert "Bijnaam" not in response.get_data(as_text=True)
    by_label = {f["properties"]["author_label"]: f["properties"] for f in response.json["features"]}
    assert by_label[None]["themes"] == ["erfgoed"]
    assert by_label[None]["photos"] == []
    (pupils,) = (p for label, p in by_label.items() if label is not None)
    assert pupils["author"] is None


@pytest.mark.parametrize("value", ["consent_version", "title,secret", "consent_at", "id"])
def test_a_property_that_is_not_public_is_refused_by_name(client, stories, value):
    assert_problem(client.get(f"{STORIES}?properties={value}"), 422, "properties")


def test_empty_properties_means_all(client, stories):
    (feature, *_) = client.get(f"{STORIES}?properties=").json["features"]
    assert tuple(feature["properties"]) == FEATURE_PROPERTIES


def test_the_next_page_keeps_the_choice(client, stories):
    first = client.get(f"{STORIES}?properties=title&limit=1").json
    (link,) = [link["href"] for link in first["links"] if link["rel"] == "next"]
    assert "properties=title" in link
    second = client.get(link.removeprefix("http://localhost")).json
    assert [list(f["properties"]) for f in second["features"]] == [["title"]]
    assert first["features"][0]["id"] != second["features"][0]["id"]

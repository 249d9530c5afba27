"""PATCH and DELETE /api/v1/stories/{id}: who may change a story, and what is stored after."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from geoalchemy2.shape import to_shape

from tests.conftest import assert_problem
from verhalenkaart.geo import haversine_m
from verhalenkaart.stories.models import Story

STORIES = "/api/v1/stories"


def stored(session, story: Story) -> Story:
    """The story row as the database holds it now."""
    session.expire_all()
    return session.scalar(sa.select(Story).where(Story.uuid == story.uuid))


def snapshot(session, story: Story) -> dict:
    row = stored(session, story)
    return {
        "kind": row.kind,
        "title": row.title,
        "body": row.body,
        "era": (row.era_from, row.era_to),
        "themes": [t.slug for t in row.themes],
        "place_name": row.place_name,
        "precision": row.location_precision,
        "status": row.status,
        "geom": to_shape(row.geom).wkt,
        "point": to_shape(row.point).wkt,
        "updated_at": row.updated_at,
    }


@pytest.fixture
def owner(make_user):
    """The author of `own_story`, not logged in: each test logs in whom it needs."""
    return make_user("resident", display_name="Jantje")


@pytest.fixture
def own_story(make_story, owner):
    return make_story(
        author=owner,
        title="De zandverstuiving",
        place_name="Kraloo",
        body="Vroeger was hier alleen zand.",
        themes=["natuur"],
        era_from=1950,
        era_to=1960,
    )


def patch(client, story: Story, properties: dict | None = None, **parts: object):
    body: dict = {"type": "Feature", **parts}
    if properties is not None:
        body["properties"] = properties
    return client.patch(f"{STORIES}/{story.uuid}", json=body)


# --- who may edit ----------------------------------------------------------------------------


def test_edit_story_by_its_author_changes_it(client, session, login, owner, own_story):
    login(owner)
    response = patch(client, own_story, {"title": "De Kralose zandverstuiving"})
    assert response.status_code == 200, response.json
    assert response.json["properties"]["title"] == "De Kralose zandverstuiving"
    row = stored(session, own_story)
    assert row.title == "De Kralose zandverstuiving"
    assert "kralose" in row.search_text


def test_edit_story_keeps_what_was_not_sent(client, session, login, owner, own_story):
    login(owner)
    before = snapshot(session, own_story)
    response = patch(client, own_story, {"title": "Nieuwe titel"})
    assert response.status_code == 200, response.json
    after = snapshot(session, own_story)
    assert after.pop("title") == "Nieuwe titel"
    before.pop("title")
    after.pop("updated_at")
    before.pop("updated_at")
    # An author's edit of a published story goes back to review (tested on its own below).
    assert after.pop("status") == "pending"
    before.pop("status")
    assert after == before


def test_edit_story_by_a_curator_changes_any_story(client, session, make_user, login, own_story):
    login(make_user("curator"))
    response = patch(client, own_story, {"body": "Aangevuld door de redactie."})
    assert response.status_code == 200, response.json
    assert stored(session, own_story).body == "Aangevuld door de redactie."


def test_edit_story_by_another_resident_is_404(client, session, make_user, login, own_story):
    before = snapshot(session, own_story)
    login(make_user("resident"))
    assert_problem(patch(client, own_story, {"title": "Gekaapt"}), 404)
    assert snapshot(session, own_story) == before


def test_edit_pending_story_by_another_resident_is_404(
    client, session, make_story, make_user, login, owner
):
    story = make_story(author=owner, status="pending")
    login(make_user("resident"))
    assert_problem(patch(client, story, {"title": "Gekaapt"}), 404)


def test_edit_story_when_not_logged_in_is_401(client, session, own_story):
    before = snapshot(session, own_story)
    assert_problem(patch(client, own_story, {"title": "Anoniem"}), 401)
    assert snapshot(session, own_story) == before


def test_edit_unknown_story_is_404(client, login, owner):
    login(owner)
    assert_problem(client.patch(f"{STORIES}/{uuid.uuid4()}", json={"properties": {}}), 404)


def test_edit_story_ignores_server_owned_properties(client, session, make_story, login, owner):
    story = make_story(author=owner, status="pending")
    login(owner)
    response = patch(
        client,
        story,
        {
            "status": "published",
            "title": "Zelf gepubliceerd?",
            "author": {"display_name": "Iemand anders"},
        },
    )
    assert response.status_code == 200, response.json
    assert response.json["properties"]["status"] == "pending"
    assert response.json["properties"]["author"] == {"display_name": "Jantje"}
    row = stored(session, story)
    assert (row.status, row.author_id) == ("pending", owner.id)


# --- validation: nothing changes ----------------------------------------------------------------


def test_edit_story_rejects_era_to_before_era_from_and_keeps_story(
    client, session, login, owner, own_story
):
    login(owner)
    before = snapshot(session, own_story)
    response = patch(client, own_story, {"title": "Ander", "era_from": 1970, "era_to": 1960})
    assert_problem(response, 422, "era_to")
    assert snapshot(session, own_story) == before


def test_edit_story_rejects_era_to_before_stored_era_from(client, session, login, owner, own_story):
    login(owner)
    before = snapshot(session, own_story)
    assert_problem(patch(client, own_story, {"title": "Ander", "era_to": 1940}), 422, "era_to")
    assert snapshot(session, own_story) == before


def test_edit_story_rejects_geometry_outside_region_and_keeps_story(
    client, session, login, owner, own_story
):
    login(owner)
    before = snapshot(session, own_story)
    response = patch(
        client,
        own_story,
        {"title": "Ander", "themes": ["erfgoed"]},
        geometry={"type": "Point", "coordinates": [4.9, 52.37]},
    )
    assert_problem(response, 422, "geometry")
    assert snapshot(session, own_story) == before


@pytest.mark.parametrize("kind", [["Point"], {}])
def test_edit_story_rejects_geometry_type_that_is_no_string(
    client, session, login, owner, own_story, kind
):
    login(owner)
    before = snapshot(session, own_story)
    response = patch(client, own_story, geometry={"type": kind, "coordinates": [6.56, 52.99]})
    assert_problem(response, 422, "geometry")
    assert snapshot(session, own_story) == before


def test_edit_story_rejects_unknown_theme_and_keeps_story(client, session, login, owner, own_story):
    login(owner)
    before = snapshot(session, own_story)
    response = patch(client, own_story, {"title": "Ander", "themes": ["ruimtevaart"]})
    assert_problem(response, 422, "themes")
    assert snapshot(session, own_story) == before


def test_edit_story_rejects_blank_title(client, session, login, owner, own_story):
    login(owner)
    before = snapshot(session, own_story)
    assert_problem(patch(client, own_story, {"title": "  "}), 422, "title")
    assert snapshot(session, own_story) == before


def test_edit_story_rejects_nul_character_in_title(client, session, login, owner, own_story):
    login(owner)
    before = snapshot(session, own_story)
    assert_problem(patch(client, own_story, {"title": "Nul\u0000"}), 422, "title")
    assert snapshot(session, own_story) == before


def test_edit_story_rejects_lone_surrogate_in_title(client, session, login, owner, own_story):
    login(owner)
    before = snapshot(session, own_story)
    assert_problem(patch(client, own_story, {"title": "Half \ud83d"}), 422, "title")
    assert snapshot(session, own_story) == before


def test_edit_story_rejects_withdrawing_consent(client, session, login, owner, own_story):
    login(owner)
    assert_problem(patch(client, own_story, {"consent": False}), 422, "consent")


def test_edit_story_rejects_unknown_kind(client, login, owner, own_story):
    login(owner)
    assert_problem(patch(client, own_story, {"kind": "poem"}), 422, "kind")


# --- geometry and precision ----------------------------------------------------------------------


def test_edit_story_moves_it_and_renames_its_place(client, session, login, owner, own_story):
    login(owner)
    response = patch(
        client, own_story, geometry={"type": "Point", "coordinates": [6.6819, 53.0942]}
    )
    assert response.status_code == 200, response.json
    assert response.json["geometry"]["coordinates"] == [6.6819, 53.0942]
    row = stored(session, own_story)
    point = to_shape(row.point)
    assert (round(point.x, 6), round(point.y, 6)) == (6.6819, 53.0942)
    assert row.place_name == "Zuidlaren"


@pytest.mark.parametrize("cleared", ["", None, "   "])
def test_edit_story_can_clear_its_place_name(client, session, login, owner, own_story, cleared):
    login(owner)
    response = patch(client, own_story, {"place_name": cleared})
    assert response.status_code == 200, response.json
    assert response.json["properties"]["place_name"] is None
    assert stored(session, own_story).place_name is None


def test_edit_story_moved_with_its_own_place_name_keeps_it(
    client, session, login, owner, own_story
):
    login(owner)
    point = {"type": "Point", "coordinates": [6.6819, 53.0942]}
    response = patch(client, own_story, {"place_name": "Achter de kerk"}, geometry=point)
    assert response.status_code == 200, response.json
    assert stored(session, own_story).place_name == "Achter de kerk"


def test_edit_story_switching_to_approximate_snaps_the_point(
    client, session, make_story, login, owner
):
    story = make_story(author=owner, lon=6.56431, lat=52.99388)
    login(owner)
    response = patch(client, story, {"location_precision": "approximate"})
    assert response.status_code == 200, response.json
    row = stored(session, story)
    assert row.location_precision == "approximate"
    for column in (row.geom, row.point):
        point = to_shape(column)
        assert (point.x, point.y) != (6.56431, 52.99388)
        assert 0 < haversine_m(6.56431, 52.99388, point.x, point.y) < 180
    assert response.json["geometry"]["coordinates"] == [
        round(to_shape(row.geom).x, 6),
        round(to_shape(row.geom).y, 6),
    ]


def test_edit_story_approximate_with_new_geometry_stores_only_snapped_point(
    client, session, login, owner, own_story
):
    login(owner)
    response = patch(
        client,
        own_story,
        {"location_precision": "approximate"},
        geometry={"type": "Point", "coordinates": [6.60123, 52.95432]},
    )
    assert response.status_code == 200, response.json
    point = to_shape(stored(session, own_story).geom)
    assert (point.x, point.y) != (6.60123, 52.95432)
    assert haversine_m(6.60123, 52.95432, point.x, point.y) < 180


def test_edit_approximate_story_to_exact_needs_a_geometry(
    client, session, make_story, login, owner
):
    story = make_story(author=owner, location_precision="approximate")
    login(owner)
    before = snapshot(session, story)
    assert_problem(patch(client, story, {"location_precision": "exact"}), 422, "geometry")
    assert snapshot(session, story) == before


def test_edit_route_to_approximate_is_422(client, session, make_story, login, owner):
    route = {"type": "LineString", "coordinates": [[6.50, 52.95], [6.52, 52.96]]}
    story = make_story(author=owner, geometry=route)
    login(owner)
    before = snapshot(session, story)
    assert_problem(
        patch(client, story, {"location_precision": "approximate"}), 422, "location_precision"
    )
    assert snapshot(session, story) == before


# --- delete --------------------------------------------------------------------------------------


def test_delete_story_by_its_author_answers_204(client, login, owner, own_story):
    login(owner)
    response = client.delete(f"{STORIES}/{own_story.uuid}")
    assert response.status_code == 204
    assert response.get_data() == b""


def test_delete_story_removes_it_from_list_and_detail(client, login, owner, own_story):
    login(owner)
    client.delete(f"{STORIES}/{own_story.uuid}")
    assert_problem(client.get(f"{STORIES}/{own_story.uuid}"), 404)
    assert client.get(STORIES).json["features"] == []
    assert client.get("/api/v1/map?bbox=6.1,52.6,7.1,53.2&zoom=8").json["features"] == []
    client.post("/api/v1/auth/logout")
    assert_problem(client.get(f"{STORIES}/{own_story.uuid}"), 404)


def test_delete_story_keeps_a_tombstone_without_content(client, session, login, owner, own_story):
    login(owner)
    client.delete(f"{STORIES}/{own_story.uuid}")
    row = stored(session, own_story)
    assert row is not None
    assert row.status == "deleted"
    assert (row.title, row.body, row.place_name, row.search_text) == ("", "", None, "")
    assert row.themes == []
    assert row.author_id == owner.id


def test_delete_story_by_a_curator_works(client, session, make_user, login, own_story):
    login(make_user("curator"))
    assert client.delete(f"{STORIES}/{own_story.uuid}").status_code == 204
    assert stored(session, own_story).status == "deleted"


def test_delete_story_by_another_resident_is_404(client, session, make_user, login, own_story):
    login(make_user("resident"))
    assert_problem(client.delete(f"{STORIES}/{own_story.uuid}"), 404)
    assert stored(session, own_story).status == "published"


def test_delete_story_when_not_logged_in_is_401(client, session, own_story):
    assert_problem(client.delete(f"{STORIES}/{own_story.uuid}"), 401)
    assert stored(session, own_story).status == "published"


def test_delete_story_twice_is_404(client, login, owner, own_story):
    login(owner)
    client.delete(f"{STORIES}/{own_story.uuid}")
    assert_problem(client.delete(f"{STORIES}/{own_story.uuid}"), 404)


def test_edit_deleted_story_is_404(client, login, owner, own_story):
    login(owner)
    client.delete(f"{STORIES}/{own_story.uuid}")
    assert_problem(patch(client, own_story, {"title": "Terug"}), 404)


def test_edit_deleted_story_by_a_curator_is_404(client, session, make_user, login, own_story):
    login(make_user("curator"))
    client.delete(f"{STORIES}/{own_story.uuid}")
    assert_problem(patch(client, own_story, {"title": "Terug"}), 404)
    assert stored(session, own_story).title == ""


def test_published_story_edited_by_its_author_goes_back_to_review(
    client, session, login, owner, own_story
):
    login(owner)
    response = patch(client, own_story, {"body": "Nu met een huisnummer erin."})
    assert response.status_code == 200, response.json
    assert response.json["properties"]["status"] == "pending"
    assert client.get(f"{STORIES}/{own_story.uuid}").status_code == 200  # the owner sees it
    client.post("/api/v1/auth/logout")
    assert_problem(client.get(f"{STORIES}/{own_story.uuid}"), 404)


def test_published_story_edited_by_a_curator_stays_published(
    client, session, make_user, login, own_story
):
    login(make_user("curator"))
    response = patch(client, own_story, {"title": "Zandverstuiving (gecorrigeerd)"})
    assert response.json["properties"]["status"] == "published"


def test_published_story_edited_with_post_moderation_stays_published(
    app, client, login, owner, own_story
):
    app.config["MODERATION"] = "post"
    try:
        login(owner)
        response = patch(client, own_story, {"title": "Andere titel"})
    finally:
        app.config["MODERATION"] = "pre"
    assert response.json["properties"]["status"] == "published"

"""My stories: every status but deleted, each with the latest moderation decision; consent."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import assert_problem
from verhalenkaart.community.models import Comment, Reaction
from verhalenkaart.moderation.models import ModerationEvent
from verhalenkaart.stories.models import Story

MINE = "/api/v1/me/stories"


def test_my_stories_lists_every_status_but_deleted(client, make_story, make_user, login):
    me = make_user("resident")
    stories = {
        s: make_story(author=me, status=s, title=s)
        for s in ("pending", "published", "rejected", "hidden")
    }
    make_story(author=me, status="deleted")
    make_story(status="published", title="van een ander")
    login(me)
    response = client.get(MINE)
    assert response.status_code == 200, response.json
    got = {f["id"]: f["properties"]["status"] for f in response.json["features"]}
    assert got == {str(s.uuid): status for status, s in stories.items()}
    assert response.json["type"] == "FeatureCollection"


def test_my_stories_show_the_latest_decision(client, make_story, make_user, login):
    me = make_user("resident")
    story = make_story(author=me, status="pending")
    curator = make_user("curator")
    login(curator)
    client.post(
        f"/api/v1/moderation/stories/{story.uuid}",
        json={"action": "reject", "reason_code": "house-number", "message": "Zonder huisnummer?"},
    )
    login(me)
    (feature,) = client.get(MINE).json["features"]
    moderation = feature["properties"]["moderation"]
    assert set(moderation) == {"action", "reason_code", "message", "decided_at"}
    assert (moderation["action"], moderation["reason_code"], moderation["message"]) == (
        "reject",
        "house-number",
        "Zonder huisnummer?",
    )
    assert feature["properties"]["status"] == "rejected"


def test_story_without_decision_has_null_moderation(client, make_story, make_user, login):
    me = make_user("resident")
    make_story(author=me, status="pending")
    login(me)
    assert client.get(MINE).json["features"][0]["properties"]["moderation"] is None


def test_my_stories_needs_login(client):
    assert_problem(client.get(MINE), 401)


# --- consent -------------------------------------------------------------------------------------


def consent(client, story, value):
    return client.post(f"/api/v1/stories/{story.uuid}/consent", json={"consent": value})


def test_story_records_consent_time_and_version(client, app, make_user, login):
    from tests.conftest import feature

    login(make_user("resident"))
    response = client.post("/api/v1/stories", json=feature())
    props = response.json["properties"]
    assert props["consent_version"] == app.config["CONSENT_VERSION"]
    assert props["consent_at"].endswith("Z")


def test_withdrawing_consent_takes_the_story_out_of_every_public_view(
    client, app, session, make_story, make_user, login
):
    me = make_user("resident")
    story = make_story(author=me, title="Mijn straat")
    session.add(Reaction(story_id=story.id, user_id=make_user("resident").id))
    session.add(Comment(story_id=story.id, body="Mooi", status="published"))
    session.commit()
    login(me)
    response = consent(client, story, False)
    assert response.status_code == 200, response.json
    assert response.json["consent"] is False
    anonymous = app.test_client()
    assert anonymous.get(f"/api/v1/stories/{story.uuid}").status_code == 404
    assert anonymous.get("/api/v1/stories").json["features"] == []
    bbox = "6.1,52.6,7.1,53.2"
    assert anonymous.get(f"/api/v1/map?bbox={bbox}&zoom=10").json["features"] == []
    for part in ("comments", "reactions"):
        assert anonymous.get(f"/api/v1/stories/{story.uuid}/{part}").status_code == 404
    session.expire_all()
    row = session.get(Story, story.id)
    assert (row.status, row.title, row.body, row.consent_at) == ("deleted", "", "", None)
    assert session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction)) == 0
    actions = session.scalars(
        sa.select(ModerationEvent.action).where(ModerationEvent.item_id == story.id)
    ).all()
    assert actions == ["withdraw-consent"]
    assert client.get(MINE).json["features"] == []


def test_giving_consent_again_records_the_current_version(
    client, app, session, make_story, make_user, login
):
    me = make_user("resident")
    story = make_story(author=me)
    session.execute(sa.update(Story).where(Story.id == story.id).values(consent_version="2020-01"))
    session.commit()
    login(me)
    response = consent(client, story, True)
    assert response.json["consent_version"] == app.config["CONSENT_VERSION"]
    assert response.json["status"] == "published"


def test_consent_of_someone_elses_story_is_404(client, session, make_story, make_user, login):
    story = make_story()
    login(make_user("curator"))
    assert_problem(consent(client, story, False), 404)
    session.expire_all()
    assert session.get(Story, story.id).status == "published"


@pytest.mark.parametrize("body", [{}, {"consent": "misschien"}, {"consent": None}])
def test_consent_needs_a_boolean(client, make_story, make_user, login, body):
    me = make_user("resident")
    story = make_story(author=me)
    login(me)
    assert_problem(client.post(f"/api/v1/stories/{story.uuid}/consent", json=body), 422, "consent")


def test_consent_needs_login(client, make_story):
    assert_problem(consent(client, make_story(), False), 401)


def test_consent_of_unknown_story_is_404(client, make_user, login):
    login(make_user("resident"))
    assert_problem(
        client.post(f"/api/v1/stories/{uuid.uuid4()}/consent", json={"consent": True}), 404
    )


@pytest.mark.parametrize("status", ["rejected", "hidden"])
def test_authors_edit_after_a_needs_a_change_decision_goes_back_to_review(
    client, app, make_story, make_user, login, status
):
    author = make_user("resident")
    story = make_story(author=author, status=status)
    login(author)
    response = client.patch(
        f"/api/v1/stories/{story.uuid}", json={"properties": {"body": "Zonder huisnummer."}}
    )
    assert response.status_code == 200, response.json
    assert response.json["properties"]["status"] == "pending"
    login(make_user("curator"))
    queue = client.get("/api/v1/moderation/queue").json["items"]
    assert [i["id"] for i in queue] == [str(story.uuid)]


def test_curators_edit_of_a_rejected_story_keeps_it_rejected(client, make_story, make_user, login):
    story = make_story(status="rejected")
    login(make_user("curator"))
    response = client.patch(f"/api/v1/stories/{story.uuid}", json={"properties": {"body": "x"}})
    assert response.json["properties"]["status"] == "rejected"

"""The review queue and moderation decisions, each recorded as a ModerationEvent."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, assert_problem
from verhalenkaart.moderation.models import ModerationEvent
from verhalenkaart.stories.models import Story

QUEUE = "/api/v1/moderation/queue"


def decide(client, story_id: object, action: str, reason: str | None = None):
    body = {"action": action} if reason is None else {"action": action, "reason": reason}
    return client.post(f"/api/v1/moderation/stories/{story_id}", json=body)


def events(session, story: Story) -> list[ModerationEvent]:
    session.expire_all()
    return list(
        session.scalars(
            sa.select(ModerationEvent)
            .where(ModerationEvent.item_type == "story", ModerationEvent.item_id == story.id)
            .order_by(ModerationEvent.id)
        )
    )


def status_of(session, story: Story) -> str:
    session.expire_all()
    return session.scalar(sa.select(Story.status).where(Story.id == story.id))


@pytest.fixture
def pending(make_story):
    return make_story(status="pending", title="Wachtend verhaal")


# --- who may moderate ----------------------------------------------------------------------------


def test_queue_for_anonymous_is_401(client):
    assert_problem(client.get(QUEUE), 401)


def test_queue_for_resident_is_403(client, make_user, login):
    login(make_user("resident"))
    assert_problem(client.get(QUEUE), 403)


def test_decision_by_anonymous_is_401(client, session, pending):
    assert_problem(decide(client, pending.uuid, "approve"), 401)
    assert status_of(session, pending) == "pending"
    assert events(session, pending) == []


def test_decision_by_resident_is_403(client, session, make_user, login, pending):
    login(make_user("resident"))
    assert_problem(decide(client, pending.uuid, "approve"), 403)
    assert status_of(session, pending) == "pending"
    assert events(session, pending) == []


def test_decision_by_resident_on_own_story_is_403(client, session, make_user, make_story, login):
    author = make_user("resident")
    story = make_story(author=author, status="pending")
    login(author)
    assert_problem(decide(client, story.uuid, "approve"), 403)
    assert status_of(session, story) == "pending"


def test_admin_may_moderate(client, session, make_user, login, pending):
    login(make_user("admin"))
    assert decide(client, pending.uuid, "approve").status_code == 200
    assert status_of(session, pending) == "published"


# --- the queue -----------------------------------------------------------------------------------


def test_queue_shows_pending_stories_oldest_first(client, make_story, curator):
    first = make_story(status="pending", title="eerste")
    second = make_story(status="pending", title="tweede")
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert [i["id"] for i in response.json["items"]] == [str(first.uuid), str(second.uuid)]
    assert response.json["items"][0]["feature"]["properties"]["title"] == "eerste"
    assert response.json["items"][0]["status"] == "pending"


def test_queue_leaves_out_stories_that_do_not_wait(client, make_story, curator):
    waiting = make_story(status="pending")
    for status in ("published", "rejected", "hidden", "deleted"):
        make_story(status=status)
    assert [i["id"] for i in client.get(QUEUE).json["items"]] == [str(waiting.uuid)]


def test_queue_pages_with_next_link(client, make_story, curator):
    stories = [make_story(status="pending", title=f"verhaal {i}") for i in range(5)]
    seen, url = [], f"{QUEUE}?limit=2"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen.extend(i["id"] for i in response.json["items"])
        url = next((link["href"] for link in response.json["links"] if link["rel"] == "next"), None)
    assert seen == [str(s.uuid) for s in stories]


def test_queue_rejects_bad_cursor(client, curator):
    assert_problem(client.get(f"{QUEUE}?cursor=nonsense!"), 422, "cursor")


def test_queue_rejects_limit_out_of_range(client, curator):
    assert_problem(client.get(f"{QUEUE}?limit=0"), 422, "limit")


def test_approved_story_leaves_the_queue(client, curator, pending):
    decide(client, pending.uuid, "approve")
    assert client.get(QUEUE).json["items"] == []


# --- decisions -----------------------------------------------------------------------------------


def test_approve_publishes_story(client, session, curator, pending):
    response = decide(client, pending.uuid, "approve")
    assert response.status_code == 200, response.json
    assert response.json["id"] == str(pending.uuid)
    assert response.json["properties"]["status"] == "published"
    assert response.json["properties"]["published_at"]
    assert status_of(session, pending) == "published"


def test_approved_story_is_visible_to_anonymous(client, app, curator, pending):
    decide(client, pending.uuid, "approve")
    anonymous = app.test_client()
    assert anonymous.get(f"/api/v1/stories/{pending.uuid}").status_code == 200
    listed = anonymous.get("/api/v1/stories").json["features"]
    assert [f["id"] for f in listed] == [str(pending.uuid)]


def test_reject_with_reason_rejects_story(client, session, app, curator, pending):
    response = decide(client, pending.uuid, "reject", "Bevat een telefoonnummer.")
    assert response.status_code == 200, response.json
    assert response.json["properties"]["status"] == "rejected"
    assert status_of(session, pending) == "rejected"
    assert app.test_client().get(f"/api/v1/stories/{pending.uuid}").status_code == 404


def test_reject_published_story_takes_it_off_the_map(client, session, make_story, curator):
    story = make_story()
    assert decide(client, story.uuid, "reject", "Klopt niet").status_code == 200
    assert client.get("/api/v1/stories").json["features"] == []


def test_approve_rejected_story_publishes_it(client, session, make_story, curator):
    story = make_story(status="rejected")
    assert decide(client, story.uuid, "approve").status_code == 200
    assert status_of(session, story) == "published"


def test_approve_writes_a_moderation_event(client, session, curator, pending):
    decide(client, pending.uuid, "approve")
    (event,) = events(session, pending)
    assert event.moderator_id == curator.id
    assert event.action == "approve"
    assert event.reason is None
    assert (event.from_status, event.to_status) == ("pending", "published")
    assert event.created_at is not None


def test_reject_writes_a_moderation_event_with_reason(client, session, curator, pending):
    decide(client, pending.uuid, "reject", "Bevat een telefoonnummer.")
    (event,) = events(session, pending)
    assert event.moderator_id == curator.id
    assert event.action == "reject"
    assert event.reason == "Bevat een telefoonnummer."
    assert (event.from_status, event.to_status) == ("pending", "rejected")


def test_each_decision_writes_its_own_event(client, session, curator, pending):
    decide(client, pending.uuid, "reject", "Eerst niet")
    decide(client, pending.uuid, "approve", "Na aanpassing wel")
    assert [(e.action, e.from_status, e.to_status) for e in events(session, pending)] == [
        ("reject", "pending", "rejected"),
        ("approve", "rejected", "published"),
    ]


def test_approve_published_story_is_409_without_event(client, session, make_story, curator):
    story = make_story()
    assert_problem(decide(client, story.uuid, "approve"), 409, "action")
    assert events(session, story) == []


def test_approve_deleted_story_is_404(client, session, make_story, curator):
    story = make_story(status="deleted")
    assert_problem(decide(client, story.uuid, "approve"), 404)
    assert status_of(session, story) == "deleted"
    assert events(session, story) == []


def test_approve_unknown_story_is_404(client, curator):
    assert_problem(decide(client, uuid.uuid4(), "approve"), 404)


def test_unknown_action_is_422(client, session, curator, pending):
    assert_problem(decide(client, pending.uuid, "publish"), 422, "action")
    assert status_of(session, pending) == "pending"
    assert events(session, pending) == []


def test_missing_action_is_422(client, curator, pending):
    response = client.post(f"/api/v1/moderation/stories/{pending.uuid}", json={"reason": "x"})
    assert_problem(response, 422, "action")


def test_reason_with_nul_character_is_422(client, session, curator, pending):
    assert_problem(decide(client, pending.uuid, "reject", "Spam\u0000"), 422, "reason")
    assert events(session, pending) == []


def test_message_with_lone_surrogate_is_422(client, session, curator, pending):
    response = client.post(
        f"/api/v1/moderation/stories/{pending.uuid}",
        json={"action": "reject", "message": "Spam \ud800"},
    )
    assert_problem(response, 422, "message")
    assert events(session, pending) == []


def test_reason_over_1000_characters_is_422(client, session, curator, pending):
    assert_problem(decide(client, pending.uuid, "reject", "x" * 1001), 422, "reason")
    assert events(session, pending) == []


def test_hide_takes_a_published_story_off_the_map_and_restore_brings_it_back(
    client, session, make_story, curator
):
    story = make_story(title="Te persoonlijk")
    response = decide(client, story.uuid, "hide", "Bevat een huisnummer")
    assert response.status_code == 200, response.json
    assert status_of(session, story) == "hidden"
    client.post("/api/v1/auth/logout")
    assert client.get(f"/api/v1/stories/{story.uuid}").status_code == 404
    assert client.get("/api/v1/stories").json["features"] == []
    client.post("/api/v1/auth/login", json={"email": curator.email, "password": PASSWORD})
    assert decide(client, story.uuid, "restore", "Huisnummer is weg").status_code == 200
    assert status_of(session, story) == "published"
    assert [(e.action, e.from_status, e.to_status) for e in events(session, story)] == [
        ("hide", "published", "hidden"),
        ("restore", "hidden", "published"),
    ]


def test_restore_of_a_story_that_is_not_hidden_is_409(client, session, make_story, curator):
    story = make_story()
    assert_problem(decide(client, story.uuid, "restore"), 409, "action")
    assert status_of(session, story) == "published"


def test_queue_rejects_unknown_query_parameters(client, curator):
    assert_problem(client.get("/api/v1/moderation/queue?state=pending"), 422, "state")

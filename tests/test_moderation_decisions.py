"""Decisions carry a reason code and a message for the contributor; comments are moderated like
stories; teachers decide on their own projects' stories; bulk decisions are all or nothing."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import assert_problem
from verhalenkaart.community.models import Comment
from verhalenkaart.moderation.models import ModerationEvent
from verhalenkaart.schools.models import Project
from verhalenkaart.stories.models import Story

BULK = "/api/v1/moderation/bulk"


def decide(client, kind, item_id, **body):
    return client.post(f"/api/v1/moderation/{kind}/{item_id}", json=body)


def events(session, item_type="story") -> list[ModerationEvent]:
    session.expire_all()
    return list(
        session.scalars(
            sa.select(ModerationEvent)
            .where(ModerationEvent.item_type == item_type)
            .order_by(ModerationEvent.id)
        )
    )


def status_of(session, model, item) -> str:
    session.expire_all()
    return session.scalar(sa.select(model.status).where(model.id == item.id))


@pytest.fixture
def comment(session, make_story) -> Comment:
    row = Comment(story_id=make_story().id, body="Leuk!", status="pending")
    session.add(row)
    session.commit()
    return row


def test_reject_records_reason_code_and_message(client, session, make_story, curator):
    story = make_story(status="pending")
    response = decide(
        client,
        "stories",
        story.uuid,
        action="reject",
        reason_code="house-number",
        message="Laat je huisnummer weg, dan plaatsen we het graag.",
    )
    assert response.status_code == 200, response.json
    (event,) = events(session)
    assert event.reason_code == "house-number"
    assert event.reason == "Laat je huisnummer weg, dan plaatsen we het graag."


@pytest.mark.parametrize(("action", "code"), [("approve", "ok"), ("reject", "other")])
def test_decision_without_code_gets_the_default(client, session, make_story, curator, action, code):
    story = make_story(status="pending")
    assert decide(client, "stories", story.uuid, action=action).status_code == 200
    assert events(session)[0].reason_code == code


def test_unknown_reason_code_is_422(client, session, make_story, curator):
    story = make_story(status="pending")
    response = decide(client, "stories", story.uuid, action="reject", reason_code="ugly")
    assert_problem(response, 422, "reason_code")
    assert events(session) == []


def test_reason_codes_have_dutch_and_english_labels(client):
    reasons = client.get("/api/v1/moderation/reasons").json
    codes = [r["code"] for r in reasons]
    assert {"ok", "privacy", "house-number", "off-topic", "offensive", "duplicate", "other"} <= set(
        codes
    )
    assert all(r["nl"] and r["en"] for r in reasons)


def test_comment_approve_publishes_it(client, session, curator, comment):
    response = decide(client, "comments", comment.uuid, action="approve")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "published"
    assert status_of(session, Comment, comment) == "published"
    (event,) = events(session, "comment")
    assert (event.item_id, event.action, event.moderator_id) == (comment.id, "approve", curator.id)


def test_comment_hide_and_restore(client, session, curator, comment):
    decide(client, "comments", comment.uuid, action="approve")
    assert decide(client, "comments", comment.uuid, action="hide").json["status"] == "hidden"
    assert decide(client, "comments", comment.uuid, action="restore").json["status"] == "published"


def test_comment_decision_not_applicable_is_409(client, session, curator, comment):
    assert_problem(decide(client, "comments", comment.uuid, action="restore"), 409, "action")
    assert status_of(session, Comment, comment) == "pending"


def test_unknown_comment_is_404(client, curator):
    assert_problem(decide(client, "comments", uuid.uuid4(), action="approve"), 404)


def test_resident_cannot_moderate_comments(client, session, make_user, login, comment):
    login(make_user("resident"))
    assert_problem(decide(client, "comments", comment.uuid, action="approve"), 403)
    assert status_of(session, Comment, comment) == "pending"
    assert events(session, "comment") == []


# --- teachers ----------------------------------------------------------------------------------


@pytest.fixture
def teacher_project(session, make_user):
    teacher = make_user("teacher")
    project = Project(slug="groep-8-exloo", name="Groep 8", teacher_id=teacher.id)
    session.add(project)
    session.commit()
    return teacher, project


def test_pupils_story_waits_even_under_post_moderation(app, client, make_user, login):
    from tests.conftest import feature

    login(make_user("pupil"))
    app.config["MODERATION"] = "post"
    try:
        response = client.post("/api/v1/stories", json=feature())
    finally:
        app.config["MODERATION"] = "pre"
    assert response.json["properties"]["status"] == "pending"


def test_teacher_approves_their_pupils_story(
    client, session, make_story, make_user, login, teacher_project
):
    teacher, project = teacher_project
    story = make_story(status="pending", project=project.slug, author=make_user("pupil"))
    login(teacher)
    assert decide(client, "stories", story.uuid, action="approve").status_code == 200
    # A teacher's approval puts it on the class map; the public map needs the teacher's pick.
    assert status_of(session, Story, story) == "class"
    assert events(session)[0].moderator_id == teacher.id


def test_teacher_cannot_moderate_other_stories(client, session, make_story, login, teacher_project):
    teacher, _ = teacher_project
    story = make_story(status="pending")
    login(teacher)
    assert_problem(decide(client, "stories", story.uuid, action="approve"), 403)
    assert status_of(session, Story, story) == "pending"


def test_teacher_cannot_moderate_comments(client, session, login, teacher_project, comment):
    login(teacher_project[0])
    assert_problem(decide(client, "comments", comment.uuid, action="approve"), 403)


# --- bulk --------------------------------------------------------------------------------------


def test_bulk_approves_stories_and_comments(client, session, make_story, curator, comment):
    stories = [make_story(status="pending") for _ in range(2)]
    items = [{"type": "story", "id": str(s.uuid)} for s in stories]
    items.append({"type": "comment", "id": str(comment.uuid)})
    response = client.post(BULK, json={"items": items, "action": "approve", "reason_code": "ok"})
    assert response.status_code == 200, response.json
    assert [i["status"] for i in response.json["items"]] == ["published"] * 3
    assert all(status_of(session, Story, s) == "published" for s in stories)
    assert status_of(session, Comment, comment) == "published"
    assert len(events(session)) == 2
    assert len(events(session, "comment")) == 1


def test_bulk_is_all_or_nothing(client, session, make_story, curator):
    pending = make_story(status="pending")
    published = make_story()
    items = [
        {"type": "story", "id": str(pending.uuid)},
        {"type": "story", "id": str(published.uuid)},
    ]
    body = assert_problem(client.post(BULK, json={"items": items, "action": "approve"}), 409)
    assert list(body["errors"]) == ["items.1"]
    assert status_of(session, Story, pending) == "pending"
    assert events(session) == []


def test_bulk_with_unknown_item_is_404(client, session, make_story, curator):
    pending = make_story(status="pending")
    items = [{"type": "story", "id": str(pending.uuid)}, {"type": "story", "id": str(uuid.uuid4())}]
    assert_problem(client.post(BULK, json={"items": items, "action": "reject"}), 404)
    assert status_of(session, Story, pending) == "pending"


def test_bulk_by_teacher_outside_their_projects_is_403(
    client, session, make_story, make_user, login, teacher_project
):
    teacher, project = teacher_project
    own = make_story(status="pending", project=project.slug, author=make_user("pupil"))
    foreign = make_story(status="pending")
    login(teacher)
    items = [{"type": "story", "id": str(own.uuid)}, {"type": "story", "id": str(foreign.uuid)}]
    assert_problem(client.post(BULK, json={"items": items, "action": "approve"}), 403)
    assert status_of(session, Story, own) == "pending"


def test_bulk_by_resident_is_403(client, session, make_story, make_user, login):
    story = make_story(status="pending")
    login(make_user("resident"))
    items = [{"type": "story", "id": str(story.uuid)}]
    assert_problem(client.post(BULK, json={"items": items, "action": "approve"}), 403)
    assert events(session) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"items": [], "action": "approve"}, "items"),
        (
            {"items": [{"type": "photo", "id": str(uuid.uuid4())}], "action": "approve"},
            "items.type",
        ),
        ({"items": [{"type": "story", "id": "x"}], "action": "approve"}, "items.id"),
        ({"items": [{"type": "story", "id": str(uuid.uuid4())}]}, "action"),
    ],
)
def test_bulk_rejects_invalid_bodies(client, curator, body, field):
    assert_problem(client.post(BULK, json=body), 422, field)


def test_bulk_rejects_more_than_100_items(client, curator):
    items = [{"type": "story", "id": str(uuid.uuid4())} for _ in range(101)]
    assert_problem(client.post(BULK, json={"items": items, "action": "approve"}), 422, "items")


def test_bulk_listing_an_item_twice_is_409(client, session, make_story, curator):
    story = make_story(status="pending")
    items = [{"type": "story", "id": str(story.uuid)}] * 2
    assert_problem(client.post(BULK, json={"items": items, "action": "approve"}), 409, "items.1")
    assert status_of(session, Story, story) == "pending"


def test_a_comment_status_problem_speaks_dutch(client, curator, comment):
    response = client.post(
        f"/api/v1/moderation/comments/{comment.uuid}",
        json={"action": "restore"},
        headers={"Accept-Language": "nl"},
    )
    assert response.status_code == 409
    assert response.json["detail"] == "Een reactie met status pending kan geen 'restore' krijgen."
    assert response.json["errors"] == {
        "action": ["Niet mogelijk voor een reactie met status pending."]
    }


def test_comment_problems_speak_dutch(client, curator, comment):
    missing = client.post(
        f"/api/v1/moderation/comments/{uuid.uuid4()}",
        json={"action": "approve"},
        headers={"Accept-Language": "nl"},
    )
    assert missing.json["detail"] == "Er is geen reactie met deze id."


def test_resident_trying_moderation_is_told_who_may(client, session, make_story, make_user, login):
    story = make_story(status="pending")
    login(make_user("resident"))
    response = client.post(
        f"/api/v1/moderation/stories/{story.uuid}",
        json={"action": "approve"},
        headers={"Accept-Language": "nl"},
    )
    body = assert_problem(response, 403)
    assert body["detail"] == "Alleen curatoren, beheerders en leerkrachten mogen modereren."
    assert status_of(session, Story, story) == "pending"
    assert events(session) == []


def test_decided_story_carries_the_decision_just_made(client, session, make_story, curator):
    """The answer to a decision shows it as "my stories" does (properties.moderation)."""
    story = make_story(status="pending")
    response = decide(
        client, "stories", story.uuid, action="approve", reason_code="ok", message="Mooi verhaal!"
    )
    assert response.status_code == 200, response.json
    moderation = response.json["properties"]["moderation"]
    assert moderation is not None
    assert (moderation["action"], moderation["reason_code"], moderation["message"]) == (
        "approve",
        "ok",
        "Mooi verhaal!",
    )
    (event,) = events(session)
    assert moderation["decided_at"].startswith(event.created_at.strftime("%Y-%m-%dT%H:%M:%S"))

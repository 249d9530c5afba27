"""Comments on published stories, moderated like stories; counts on the story."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import assert_problem
from verhalenkaart.community.models import Comment
from verhalenkaart.moderation.models import ModerationEvent


def url(story) -> str:
    return f"/api/v1/stories/{story.uuid}/comments"


def stored(session) -> list[Comment]:
    session.expire_all()
    return list(session.scalars(sa.select(Comment).order_by(Comment.id)))


def test_comment_by_resident_waits_for_review_under_pre_moderation(
    client, session, make_story, make_user, login
):
    story = make_story()
    login(make_user("resident", display_name="Jantje"))
    response = client.post(url(story), json={"body": "  Daar heb ik ook gewoond!  "})
    assert response.status_code == 201, response.json
    body = response.json
    assert set(body) == {"id", "body", "author", "created_at", "status"}
    assert body["status"] == "pending"
    assert body["body"] == "Daar heb ik ook gewoond!"
    assert body["author"] == {"display_name": "Jantje"}
    (comment,) = stored(session)
    assert comment.status == "pending"


def test_pending_comment_is_seen_by_its_author_only(client, app, make_story, make_user, login):
    story = make_story()
    login(make_user("resident"))
    client.post(url(story), json={"body": "Wacht nog"})
    assert [c["body"] for c in client.get(url(story)).json["comments"]] == ["Wacht nog"]
    assert app.test_client().get(url(story)).json == {"comments": []}


def test_comment_under_post_moderation_is_published(app, client, make_story, make_user, login):
    story = make_story()
    login(make_user("resident"))
    app.config["MODERATION"] = "post"
    try:
        response = client.post(url(story), json={"body": "Meteen zichtbaar"})
    finally:
        app.config["MODERATION"] = "pre"
    assert response.json["status"] == "published"
    assert [c["body"] for c in app.test_client().get(url(story)).json["comments"]] == [
        "Meteen zichtbaar"
    ]


def test_pupils_comment_waits_even_under_post_moderation(
    app, client, session, make_story, make_user
):
    from tests.schools import add_pupil, make_project

    # Pupils comment only inside their own project (docs/schools.md).
    teacher = make_user("teacher")
    project = make_project(session, teacher)
    _pupil, code = add_pupil(session, project)
    story = make_story(project=project.slug, author=teacher)
    assert client.post("/api/v1/auth/reenter", json={"code": code}).status_code == 200
    app.config["MODERATION"] = "post"
    try:
        response = client.post(url(story), json={"body": "Ik ben een leerling"})
    finally:
        app.config["MODERATION"] = "pre"
    assert response.json["status"] == "pending"


def test_approved_comment_is_public_and_counted(client, app, session, make_story, make_user, login):
    story = make_story()
    login(make_user("resident"))
    comment_id = client.post(url(story), json={"body": "Mooi verhaal"}).json["id"]
    client.post("/api/v1/auth/logout")
    login(make_user("curator"))
    decided = client.post(f"/api/v1/moderation/comments/{comment_id}", json={"action": "approve"})
    assert decided.status_code == 200, decided.json
    assert decided.json["status"] == "published"
    anonymous = app.test_client()
    assert [c["id"] for c in anonymous.get(url(story)).json["comments"]] == [comment_id]
    detail = anonymous.get(f"/api/v1/stories/{story.uuid}").json
    assert detail["properties"]["comments"] == 1
    listed = anonymous.get("/api/v1/stories").json["features"]
    assert listed[0] == detail


def test_pending_and_rejected_comments_are_not_counted(client, session, make_story, make_user):
    story = make_story()
    author = make_user("resident")
    for status in ("pending", "rejected", "hidden"):
        session.add(Comment(story_id=story.id, author_id=author.id, body=status, status=status))
    session.commit()
    detail = client.get(f"/api/v1/stories/{story.uuid}").json
    assert detail["properties"]["comments"] == 0
    assert client.get(url(story)).json == {"comments": []}


def test_comment_retry_with_same_client_id_is_idempotent(
    client, session, make_story, make_user, login
):
    story = make_story()
    login(make_user("resident"))
    client_id = str(uuid.uuid4())
    first = client.post(url(story), json={"body": "Eén keer", "id": client_id})
    again = client.post(url(story), json={"body": "Eén keer", "id": client_id})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["id"] == again.json["id"] == client_id
    assert len(stored(session)) == 1


def test_comment_with_someone_elses_client_id_is_409(client, make_story, make_user, login):
    story = make_story()
    client_id = str(uuid.uuid4())
    login(make_user("resident"))
    client.post(url(story), json={"body": "Van mij", "id": client_id})
    client.post("/api/v1/auth/logout")
    login(make_user("resident"))
    assert_problem(client.post(url(story), json={"body": "Ook", "id": client_id}), 409, "id")


def test_comment_needs_an_account(client, session, make_story):
    story = make_story()
    assert_problem(client.post(url(story), json={"body": "Anoniem"}), 401)
    assert stored(session) == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"body": ""},
        {"body": "   "},
        {"body": "x" * 2001},
        {"body": "a\u0000b"},
        {"body": "a\ud800b"},
    ],
)
def test_invalid_comment_body_is_422(client, session, make_story, make_user, login, body):
    story = make_story()
    login(make_user("resident"))
    assert_problem(client.post(url(story), json=body), 422, "body")
    assert stored(session) == []


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden", "deleted"])
def test_no_comments_on_unpublished_stories(client, session, make_story, make_user, login, status):
    author = make_user("resident")
    story = make_story(author=author, status=status)
    login(author)
    assert_problem(client.post(url(story), json={"body": "Hallo"}), 404)
    assert_problem(client.get(url(story)), 404)
    assert stored(session) == []


def test_deleting_a_story_removes_its_comments(client, session, make_story, make_user, login):
    author = make_user("resident")
    story = make_story(author=author)
    session.add(Comment(story_id=story.id, author_id=None, body="weg", status="published"))
    session.commit()
    login(author)
    assert client.delete(f"/api/v1/stories/{story.uuid}").status_code == 204
    assert stored(session) == []


def test_author_deletes_their_comment(client, session, make_story, make_user, login):
    story = make_story()
    login(make_user("resident"))
    comment_id = client.post(url(story), json={"body": "Toch niet"}).json["id"]
    response = client.delete(f"{url(story)}/{comment_id}")
    assert response.status_code == 204
    assert stored(session) == []
    session.expire_all()
    (event,) = session.scalars(
        sa.select(ModerationEvent).where(ModerationEvent.item_type == "comment")
    ).all()
    assert (event.action, event.to_status) == ("delete", "deleted")


def test_someone_elses_comment_cannot_be_deleted(client, session, make_story, make_user, login):
    story = make_story()
    comment = Comment(story_id=story.id, author_id=make_user("resident").id, body="Van een ander")
    comment.status = "published"
    session.add(comment)
    session.commit()
    login(make_user("resident"))
    assert_problem(client.delete(f"{url(story)}/{comment.uuid}"), 404)
    assert len(stored(session)) == 1


def test_comment_of_another_story_is_404(client, session, make_story, make_user, login):
    author = make_user("resident")
    story, other = make_story(), make_story()
    comment = Comment(story_id=other.id, author_id=author.id, body="Elders", status="published")
    session.add(comment)
    session.commit()
    login(author)
    assert_problem(client.delete(f"{url(story)}/{comment.uuid}"), 404)
    assert len(stored(session)) == 1

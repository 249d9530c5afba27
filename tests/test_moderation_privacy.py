"""Moderation records and privacy: messages about deleted comments, and events that must never be
attributed to someone else's comment."""

from __future__ import annotations

import sqlalchemy as sa

from tests.conftest import PASSWORD
from verhalenkaart.community.models import Comment
from verhalenkaart.moderation.models import ModerationEvent

MESSAGE = "Anna, je adres Dorpsstraat 4 hoort hier niet."


def _rejected_comment(client, login, make_user, story) -> tuple[dict, object, object]:
    """Anna comments with her address; a curator rejects it with a message quoting it."""
    anna = make_user("resident", display_name="Anna", email="anna@example.org")
    curator = make_user("curator", display_name="Curator")
    login(anna)
    comment = client.post(
        f"/api/v1/stories/{story.uuid}/comments", json={"body": "Ik woon op Dorpsstraat 4"}
    ).json
    client.post("/api/v1/auth/logout")
    login(curator)
    response = client.post(
        f"/api/v1/moderation/comments/{comment['id']}",
        json={"action": "reject", "reason_code": "privacy", "message": MESSAGE},
    )
    assert response.status_code == 200, response.json
    return comment, anna, curator


def _messages(session) -> list[str | None]:
    session.expire_all()
    return list(session.scalars(sa.select(ModerationEvent.reason).order_by(ModerationEvent.id)))


def test_deleting_a_comment_forgets_the_messages_about_it_but_keeps_the_events(
    client, login, make_user, make_story, session
):
    story = make_story(title="Het Hunebed")
    comment, anna, _ = _rejected_comment(client, login, make_user, story)
    client.post("/api/v1/auth/logout")
    login(anna)
    assert (
        client.delete(f"/api/v1/stories/{story.uuid}/comments/{comment['id']}").status_code == 204
    )
    assert _messages(session) == [None, None]  # the reject and the delete stay, without words
    assert (
        client.delete("/api/v1/me", json={"stories": "delete", "password": PASSWORD}).status_code
        == 204
    )
    assert MESSAGE not in _messages(session)


def test_deleting_a_story_forgets_the_messages_about_its_comments(
    client, login, make_user, make_story, session
):
    story = make_story(title="Het Hunebed")
    _rejected_comment(client, login, make_user, story)
    assert client.delete(f"/api/v1/stories/{story.uuid}").status_code == 204  # the curator
    assert MESSAGE not in _messages(session)
    assert session.scalar(sa.select(sa.func.count()).select_from(ModerationEvent)) >= 1


def test_events_about_a_deleted_comment_never_belong_to_a_later_comment_with_its_id(
    app, client, login, make_user, make_story, session
):
    """SQLite gives a deleted comment's id to the next comment; here the next comment is given
    that id on PostgreSQL too."""
    story = make_story(title="Het Hunebed")
    _rejected_comment(client, login, make_user, story)
    old = session.scalar(sa.select(Comment).where(Comment.body.like("%Dorpsstraat%")))
    old_id = old.id
    # Deleted directly in the database, the message stays (as an older installation kept it).
    session.execute(sa.delete(Comment).where(Comment.id == old_id))
    session.commit()
    kees = make_user("resident", display_name="Kees", email="kees@example.org")
    session.add(Comment(id=old_id, story_id=story.id, author_id=kees.id, body="Mooi!"))
    session.commit()
    new_uuid = str(session.scalar(sa.select(Comment.uuid).where(Comment.id == old_id)))

    audit = client.get("/api/v1/moderation/audit").json["events"]
    assert [e["item"]["id"] for e in audit if e["item"]["type"] == "comment"] == [None]
    assert client.get(f"/api/v1/moderation/audit?item={new_uuid}").json["events"] == []
    client.post("/api/v1/auth/logout")
    with app.test_client() as kees_client:
        kees_client.post("/api/v1/auth/login", json={"email": kees.email, "password": PASSWORD})
        export = kees_client.get("/api/v1/me/export").json
    assert export["moderation"] == []

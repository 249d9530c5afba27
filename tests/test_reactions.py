"""'Herkenbaar!' reactions: one per account per story, undo, only on published stories."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import assert_problem
from verhalenkaart.community.models import Reaction


def url(story) -> str:
    return f"/api/v1/stories/{story.uuid}/reactions"


def rows(session, story) -> int:
    session.expire_all()
    return session.scalar(
        sa.select(sa.func.count()).select_from(Reaction).where(Reaction.story_id == story.id)
    )


def test_reaction_by_resident_counts_once(client, session, make_story, make_user, login):
    story = make_story()
    login(make_user("resident"))
    first = client.post(url(story))
    assert first.status_code == 201, first.json
    assert first.json == {"count": 1, "mine": True}
    again = client.post(url(story))
    assert again.status_code == 200
    assert again.json == {"count": 1, "mine": True}
    assert rows(session, story) == 1


def test_reactions_of_two_accounts_add_up(client, app, make_story, make_user, login):
    story = make_story()
    login(make_user("resident"))
    client.post(url(story))
    client.post("/api/v1/auth/logout")
    login(make_user("teacher"))  # pupils react only inside their project
    assert client.post(url(story)).json == {"count": 2, "mine": True}
    assert app.test_client().get(url(story)).json == {"count": 2, "mine": False}


def test_undo_removes_only_the_callers_reaction(client, app, session, make_story, make_user, login):
    story = make_story()
    someone = make_user("resident")
    session.add(Reaction(story_id=story.id, user_id=someone.id))
    session.commit()
    login(make_user("resident"))
    client.post(url(story))
    response = client.delete(url(story))
    assert response.status_code == 200
    assert response.json == {"count": 1, "mine": False}
    assert rows(session, story) == 1


def test_undo_without_a_reaction_is_harmless(client, make_story, make_user, login):
    story = make_story()
    login(make_user("resident"))
    assert client.delete(url(story)).json == {"count": 0, "mine": False}


def test_reaction_needs_an_account(client, session, make_story):
    story = make_story()
    assert_problem(client.post(url(story)), 401)
    assert rows(session, story) == 0


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden", "deleted"])
def test_no_reactions_on_unpublished_stories(client, session, make_story, make_user, login, status):
    author = make_user("resident")
    story = make_story(author=author, status=status)
    login(author)
    assert_problem(client.post(url(story)), 404)
    assert_problem(client.get(url(story)), 404)
    assert rows(session, story) == 0


def test_reaction_on_unknown_story_is_404(client, make_user, login):
    login(make_user("resident"))
    assert_problem(client.post(f"/api/v1/stories/{uuid.uuid4()}/reactions"), 404)


def test_story_feature_counts_reactions_in_detail_and_list(client, make_story, make_user, login):
    story = make_story()
    login(make_user("resident"))
    client.post(url(story))
    detail = client.get(f"/api/v1/stories/{story.uuid}").json
    assert detail["properties"]["reactions"] == 1
    listed = client.get("/api/v1/stories").json["features"]
    assert listed[0]["properties"]["reactions"] == 1
    assert listed[0] == detail

"""Who may make a story public or reach it: reports by one account, anonymous retries, and
forged cursors."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, assert_problem, feature, server_cursor
from verhalenkaart.community.models import Report
from verhalenkaart.schools.models import Project
from verhalenkaart.stories.models import Story

# --- reports -------------------------------------------------------------------------------------


def test_one_account_reporting_again_after_the_key_retention_is_still_one_reporter(
    app, client, session, make_user, make_story, login
):
    """Only anonymous reporters' keys are forgotten: an account that reports a story every
    REPORTER_KEY_HOURS must not count as a new reporter each time and hide it on its own."""
    story = make_story(title="Onschuldig verhaal")
    login(make_user("resident"))
    hours = app.config["REPORTER_KEY_HOURS"] + 1
    for _ in range(app.config["REPORT_THRESHOLD"] + 1):
        response = client.post(f"/api/v1/stories/{story.uuid}/reports", json={"reason": "spam"})
        assert response.status_code == 202, response.json
        for old in session.scalars(sa.select(Report)):  # time passes
            old.created_at -= dt.timedelta(hours=hours)
        session.commit()
    session.expire_all()
    assert session.scalar(sa.select(Story.status).where(Story.id == story.id)) == "published"
    assert session.scalar(sa.select(sa.func.count()).select_from(Report)) == 1


# --- forged cursors ------------------------------------------------------------------------------


def _cursor(payload: object) -> str:
    return server_cursor(payload)


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/v1/stories", {"before": 2**31}),
        ("/api/v1/moderation/audit", {"before": 2**31}),
        ("/api/v1/moderation/queue", {"t": 0, "k": 0, "i": 2**31}),
    ],
)
def test_a_cursor_id_beyond_the_32_bit_id_columns_is_422(
    client, make_user, login, make_story, path, payload
):
    """The id columns are 32-bit on PostgreSQL: a larger id in a forged cursor was a 500."""
    make_story()
    login(make_user("curator"))
    assert_problem(client.get(f"{path}?cursor={_cursor(payload)}"), 422, "cursor")
    largest = payload | {k: 2**31 - 1 for k in ("before", "i") if k in payload}
    assert client.get(f"{path}?cursor={_cursor(largest)}").status_code == 200


# --- anonymous retries ---------------------------------------------------------------------------


@pytest.fixture
def anonymous(app, monkeypatch):
    monkeypatch.setitem(app.config, "ANONYMOUS_CONTRIBUTIONS", True)
    monkeypatch.setitem(app.config, "MODERATION", "post")


def _create(client, story_id: str, **properties):
    body = feature(**properties)
    body["id"] = story_id
    return client.post("/api/v1/stories", json=body)


def test_an_anonymous_retry_returns_the_fresh_story_it_made(client, anonymous):
    story_id = str(uuid.uuid4())
    first = _create(client, story_id, title="Kermis")
    assert first.status_code == 201
    again = _create(client, story_id, title="Kermis")
    assert again.status_code == 200
    assert again.json == first.json


def test_an_anonymous_retry_does_not_reveal_a_hidden_story(client, anonymous, make_user, login):
    story_id = str(uuid.uuid4())
    assert _create(client, story_id, body="Hij woont op Kerkstraat 1").status_code == 201
    login(make_user("curator"))
    hidden = client.post(f"/api/v1/moderation/stories/{story_id}", json={"action": "hide"})
    assert hidden.status_code == 200
    client.post("/api/v1/auth/logout")
    answer = assert_problem(_create(client, story_id, title="x"), 409, "id")
    assert "Kerkstraat" not in json.dumps(answer)


def test_an_anonymous_retry_does_not_return_an_erased_accounts_story(
    client, anonymous, make_user, make_story, login, session
):
    alice = make_user("resident")
    story = make_story(author=alice, title="Mijn jeugd", body="Geheim detail")
    login(alice)
    erased = client.delete("/api/v1/me", json={"stories": "anonymise", "password": PASSWORD})
    assert erased.status_code == 204
    answer = assert_problem(_create(client, str(story.uuid), title="x"), 409, "id")
    assert "Geheim" not in json.dumps(answer)


def test_an_anonymous_retry_after_a_day_is_a_conflict(client, anonymous, session):
    story_id = str(uuid.uuid4())
    assert _create(client, story_id).status_code == 201
    story = session.scalar(sa.select(Story).where(Story.uuid == uuid.UUID(story_id)))
    story.created_at -= dt.timedelta(hours=25)
    session.commit()
    assert_problem(_create(client, story_id), 409, "id")


# --- school projects -----------------------------------------------------------------------------


@pytest.fixture
def class_project(session, make_user):
    teacher = make_user("teacher", display_name="Meester")
    project = Project(slug="groep-8-review", name="Groep 8", teacher_id=teacher.id)
    session.add(project)
    session.commit()
    return teacher, project


def test_a_teacher_does_not_approve_their_own_story(client, login, class_project):
    teacher, project = class_project
    login(teacher)
    created = client.post("/api/v1/stories", json=feature(title="Eigen", project=project.slug))
    assert created.status_code == 201, created.json
    assert created.json["properties"]["status"] == "pending"
    decision = client.post(
        f"/api/v1/moderation/stories/{created.json['id']}", json={"action": "approve"}
    )
    assert_problem(decision, 403)


def test_a_resident_cannot_put_a_story_in_a_school_project(
    client, login, make_user, make_story, class_project
):
    _, project = class_project
    resident = make_user("resident")
    story = make_story(author=resident, status="pending", title="Buurtverhaal")
    login(resident)
    moved = client.patch(
        f"/api/v1/stories/{story.uuid}", json={"properties": {"project": project.slug}}
    )
    assert_problem(moved, 422, "project")
    created = client.post("/api/v1/stories", json=feature(project=project.slug))
    assert_problem(created, 422, "project")


def test_a_pupil_puts_a_story_in_a_project_and_its_teacher_approves_it(
    client, login, make_user, class_project
):
    teacher, project = class_project
    login(make_user("pupil"))
    created = client.post("/api/v1/stories", json=feature(project=project.slug))
    assert created.status_code == 201, created.json
    client.post("/api/v1/auth/logout")
    login(teacher)
    decision = client.post(
        f"/api/v1/moderation/stories/{created.json['id']}", json={"action": "approve"}
    )
    assert decision.status_code == 200, decision.json

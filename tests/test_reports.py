"""Reports: anyone may report a published story; N distinct reporters hide it until a curator
decides; anonymous reporters are told apart by a keyed hash of their address, kept briefly."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, assert_problem
from verhalenkaart.community.models import Report
from verhalenkaart.moderation.models import ModerationEvent
from verhalenkaart.stories.models import Story


def url(story) -> str:
    return f"/api/v1/stories/{story.uuid}/reports"


@pytest.fixture
def report(client):
    """Report through the test client (it carries the CSRF token): from `address`, logged in as
    `user` or anonymously."""

    def send(story, address: str, user=None, reason: str = "privacy"):
        if user is not None:
            response = client.post(
                "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
            )
            assert response.status_code == 200
        try:
            return client.post(
                url(story),
                json={"reason": reason, "note": "Huisnummer"},
                environ_base={"REMOTE_ADDR": address},
            )
        finally:
            if user is not None:
                client.post("/api/v1/auth/logout")

    return send


def status_of(session, story) -> str:
    session.expire_all()
    return session.scalar(sa.select(Story.status).where(Story.id == story.id))


def reports_of(session, story) -> list[Report]:
    session.expire_all()
    return list(session.scalars(sa.select(Report).where(Report.story_id == story.id)))


def test_anonymous_report_is_accepted(session, make_story, report):
    story = make_story()
    response = report(story, "192.0.2.1")
    assert response.status_code == 202, response.json
    assert response.json == {"status": "received"}
    (row,) = reports_of(session, story)
    assert (row.reason, row.note, row.reporter_id) == ("privacy", "Huisnummer", None)


def test_anonymous_reporters_address_is_not_stored(session, make_story, report):
    story = make_story()
    report(story, "192.0.2.77")
    (row,) = reports_of(session, story)
    assert row.reporter_key.startswith("ip:")
    assert "192.0.2.77" not in row.reporter_key


def test_story_reported_by_three_distinct_reporters_is_hidden(
    app, session, make_story, make_user, report
):
    story = make_story()
    report(story, "192.0.2.1")
    report(story, "192.0.2.2", user=make_user("resident"))
    assert status_of(session, story) == "published"
    report(story, "192.0.2.3")
    assert status_of(session, story) == "hidden"
    assert app.test_client().get(f"/api/v1/stories/{story.uuid}").status_code == 404
    assert app.test_client().get("/api/v1/stories").json["features"] == []


def test_hiding_by_reports_is_in_the_audit_trail(session, make_story, report):
    story = make_story()
    for n in range(3):
        report(story, f"192.0.2.{n}")
    session.expire_all()
    (event,) = session.scalars(
        sa.select(ModerationEvent).where(ModerationEvent.item_id == story.id)
    ).all()
    assert (event.action, event.reason_code, event.moderator_id) == ("hide", "reported", None)
    assert (event.from_status, event.to_status) == ("published", "hidden")


def test_the_same_anonymous_reporter_counts_once(session, make_story, report):
    story = make_story()
    for _ in range(5):
        assert report(story, "192.0.2.9").status_code == 202
    assert status_of(session, story) == "published"
    assert len(reports_of(session, story)) == 1


def test_the_same_account_counts_once_from_any_address(session, make_story, make_user, report):
    story = make_story()
    reporter = make_user("resident")
    for n in range(4):
        report(story, f"198.51.100.{n}", user=reporter)
    assert status_of(session, story) == "published"
    assert len(reports_of(session, story)) == 1


def test_threshold_is_configurable(app, session, make_story, report):
    story = make_story()
    app.config["REPORT_THRESHOLD"] = 1
    try:
        report(story, "192.0.2.1")
    finally:
        app.config["REPORT_THRESHOLD"] = 3
    assert status_of(session, story) == "hidden"


def test_curator_restoring_resolves_reports_and_forgets_keys(
    client, session, make_story, make_user, login, report
):
    story = make_story()
    for n in range(3):
        report(story, f"192.0.2.{n}")
    login(make_user("curator"))
    queue = client.get("/api/v1/moderation/queue?reported=true").json["items"]
    assert [(i["id"], i["reports"]) for i in queue] == [(str(story.uuid), {"privacy": 3})]
    decided = client.post(
        f"/api/v1/moderation/stories/{story.uuid}", json={"action": "restore", "reason_code": "ok"}
    )
    assert decided.status_code == 200, decided.json
    assert status_of(session, story) == "published"
    rows = reports_of(session, story)
    assert len(rows) == 3
    assert all(r.resolved_at is not None and r.reporter_key is None for r in rows)
    assert client.get("/api/v1/moderation/queue?reported=true").json["items"] == []


def test_after_a_decision_new_reports_count_from_zero(
    client, session, make_story, make_user, login, report
):
    story = make_story()
    for n in range(3):
        report(story, f"192.0.2.{n}")
    login(make_user("curator"))
    restored = client.post(f"/api/v1/moderation/stories/{story.uuid}", json={"action": "restore"})
    assert restored.status_code == 200, restored.json
    assert status_of(session, story) == "published"
    client.post("/api/v1/auth/logout")
    report(story, "192.0.2.0")
    report(story, "192.0.2.1")
    assert status_of(session, story) == "published"
    report(story, "192.0.2.2")
    assert status_of(session, story) == "hidden"


def test_reporter_keys_older_than_the_retention_are_forgotten(app, session, make_story, report):
    story = make_story()
    report(story, "192.0.2.1")
    (old,) = reports_of(session, story)
    old.created_at = old.created_at - dt.timedelta(hours=app.config["REPORTER_KEY_HOURS"] + 1)
    session.commit()
    report(story, "192.0.2.2")
    keys = {r.id: r.reporter_key for r in reports_of(session, story)}
    assert keys[old.id] is None
    assert sum(1 for k in keys.values() if k) == 1


def test_one_anonymous_reporter_stays_one_after_its_key_expires(app, session, make_story, report):
    """Reporting again from the same address once each key expired once made one person
    count as three and hid the story."""
    story = make_story()
    expiry = dt.timedelta(hours=app.config["REPORTER_KEY_HOURS"] + 1)
    for _ in range(app.config["REPORT_THRESHOLD"] + 1):
        for old in reports_of(session, story):
            old.created_at = old.created_at - expiry  # time passes: earlier keys expire
        session.commit()
        assert report(story, "192.0.2.7").status_code == 202
    assert status_of(session, story) == "published"


def test_distinct_anonymous_reporters_within_the_key_lifetime_hide_a_story(
    app, session, make_story, report
):
    story = make_story()
    for n in range(app.config["REPORT_THRESHOLD"]):
        report(story, f"192.0.2.{n + 10}")
    assert status_of(session, story) == "hidden"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "reason"),
        ({"reason": "boring"}, "reason"),
        ({"reason": "other", "note": "x" * 1001}, "note"),
        ({"reason": "other", "note": "\u0000"}, "note"),
        ({"reason": "spam", "note": "a\ud800b"}, "note"),
    ],
)
def test_invalid_report_is_422(client, session, make_story, body, field):
    story = make_story()
    assert_problem(client.post(url(story), json=body), 422, field)
    assert reports_of(session, story) == []


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden", "deleted"])
def test_unpublished_story_cannot_be_reported(client, session, make_story, status):
    story = make_story(status=status)
    assert_problem(client.post(url(story), json={"reason": "spam"}), 404)
    assert reports_of(session, story) == []


def test_author_sees_why_their_story_was_hidden(client, make_story, make_user, login, report):
    author = make_user("resident")
    story = make_story(author=author)
    for n in range(3):
        report(story, f"203.0.113.{n}")
    login(author)
    (feature,) = client.get("/api/v1/me/stories").json["features"]
    assert feature["properties"]["status"] == "hidden"
    assert feature["properties"]["moderation"]["action"] == "hide"
    assert feature["properties"]["moderation"]["reason_code"] == "reported"


@pytest.mark.parametrize("key", ["REPORT_THRESHOLD", "REPORTER_KEY_HOURS"])
@pytest.mark.parametrize("value", ["0", "drie"])
def test_report_settings_must_be_positive_whole_numbers(tmp_path, key, value):
    from verhalenkaart import create_app
    from verhalenkaart.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match=key):
        create_app({key: value, "DATA_DIR": str(tmp_path), "SECRET_KEY": "x"})

"""The audit trail: every decision, automatic hide and withdrawal, for curators only."""

from __future__ import annotations

import pytest

from tests.conftest import assert_problem

AUDIT = "/api/v1/moderation/audit"


def test_curators_decision_appears_in_the_audit_trail(client, make_story, make_user, login):
    curator = make_user("curator", display_name="Redactie Drenthe")
    story = make_story(status="pending")
    login(curator)
    client.post(
        f"/api/v1/moderation/stories/{story.uuid}",
        json={"action": "reject", "reason_code": "privacy", "message": "Zonder namen graag"},
    )
    response = client.get(AUDIT)
    assert response.status_code == 200, response.json
    (event,) = response.json["events"]
    assert event["item"] == {"type": "story", "id": str(story.uuid)}
    assert (event["action"], event["reason_code"], event["message"]) == (
        "reject",
        "privacy",
        "Zonder namen graag",
    )
    assert (event["from_status"], event["to_status"]) == ("pending", "rejected")
    assert event["moderator"] == {"id": curator.id, "display_name": "Redactie Drenthe"}
    assert event["created_at"].endswith("Z")


def test_audit_filters_and_pages_newest_first(client, make_story, make_user, login):
    login(make_user("curator"))
    stories = [make_story(status="pending") for _ in range(3)]
    for story in stories:
        client.post(f"/api/v1/moderation/stories/{story.uuid}", json={"action": "approve"})
    client.post(f"/api/v1/moderation/stories/{stories[0].uuid}", json={"action": "hide"})
    assert [e["action"] for e in client.get(f"{AUDIT}?action=hide").json["events"]] == ["hide"]
    only_first = client.get(f"{AUDIT}?item={stories[0].uuid}").json["events"]
    assert [e["action"] for e in only_first] == ["hide", "approve"]
    seen, url = [], f"{AUDIT}?limit=3"
    while url:
        page = client.get(url).json
        seen += [(e["item"]["id"], e["action"]) for e in page["events"]]
        url = next((ln["href"] for ln in page["links"] if ln["rel"] == "next"), None)
    assert seen == [(str(stories[0].uuid), "hide")] + [
        (str(s.uuid), "approve") for s in reversed(stories)
    ]


def test_audit_filters_on_moderator_and_kind(client, make_story, make_user, login):
    first, second = make_user("curator"), make_user("admin")
    story = make_story(status="pending")
    login(first)
    client.post(f"/api/v1/moderation/stories/{story.uuid}", json={"action": "approve"})
    login(second)
    client.post(f"/api/v1/moderation/stories/{story.uuid}", json={"action": "hide"})
    by_first = client.get(f"{AUDIT}?moderator={first.id}").json["events"]
    assert [e["action"] for e in by_first] == ["approve"]
    assert client.get(f"{AUDIT}?kind=comment").json["events"] == []


@pytest.mark.parametrize("role", ["resident", "pupil", "teacher"])
def test_audit_is_403_for_non_curators(client, make_user, login, role):
    login(make_user(role))
    assert_problem(client.get(AUDIT), 403)


def test_audit_is_401_for_anonymous(client):
    assert_problem(client.get(AUDIT), 401)


def test_audit_rejects_bad_parameters(client, make_user, login):
    login(make_user("curator"))
    assert_problem(client.get(f"{AUDIT}?item=nope"), 422, "item")
    assert_problem(client.get(f"{AUDIT}?cursor=@@"), 422, "cursor")
    # Account ids are int4: a larger one overflowed in the driver (a 500) on both databases.
    assert_problem(client.get(f"{AUDIT}?moderator=99999999999999999999"), 422, "moderator")
    assert_problem(client.get(f"{AUDIT}?moderator=2147483648"), 422, "moderator")
    assert_problem(client.get(f"{AUDIT}?moderator=0"), 422, "moderator")
    # PostgreSQL text cannot hold NUL: it failed in the database, a 500.
    assert_problem(client.get(f"{AUDIT}?action=a%00b"), 422, "action")


def test_audit_takes_the_largest_account_id(client, make_user, login):
    login(make_user("curator"))
    response = client.get(f"{AUDIT}?moderator=2147483647")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["events"] == []


def test_deletion_by_the_author_is_in_the_audit_trail(client, make_story, make_user, login):
    author = make_user("resident")
    story = make_story(author=author)
    login(author)
    assert client.delete(f"/api/v1/stories/{story.uuid}").status_code == 204
    login(make_user("curator"))
    (event,) = client.get(f"{AUDIT}?item={story.uuid}").json["events"]
    assert (event["action"], event["from_status"], event["to_status"]) == (
        "delete",
        "published",
        "deleted",
    )
    assert event["moderator"]["id"] == author.id

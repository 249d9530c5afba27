"""The review queue: stories and comments, filters, paging, and teachers for their projects."""

from __future__ import annotations

import pytest

from tests.conftest import assert_problem
from verhalenkaart.community.models import Comment, Report
from verhalenkaart.schools.models import Project

QUEUE = "/api/v1/moderation/queue"


def ids(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


def add_comment(session, story, status="pending", body="Een reactie") -> Comment:
    comment = Comment(story_id=story.id, author_id=story.author_id, body=body, status=status)
    session.add(comment)
    session.commit()
    return comment


def project_of(session, teacher, slug="groep-7-rolde") -> Project:
    project = Project(slug=slug, name=slug, teacher_id=teacher.id if teacher else None)
    session.add(project)
    session.commit()
    return project


def test_queue_mixes_stories_and_comments_oldest_first(client, session, make_story, curator):
    story = make_story(status="pending")
    published = make_story()
    comment = add_comment(session, published)
    later = make_story(status="pending")
    response = client.get(QUEUE)
    assert ids(response) == [str(story.uuid), str(comment.uuid), str(later.uuid)]
    item = response.json["items"][1]
    assert item["type"] == "comment"
    assert item["comment"]["body"] == "Een reactie"
    assert item["story"] == {"id": str(published.uuid), "title": published.title}


def test_queue_filters_on_kind(client, session, make_story, curator):
    story = make_story(status="pending")
    comment = add_comment(session, make_story())
    assert ids(client.get(f"{QUEUE}?kind=comment")) == [str(comment.uuid)]
    assert ids(client.get(f"{QUEUE}?kind=story")) == [str(story.uuid)]


def test_queue_filters_on_status(client, session, make_story, curator):
    make_story(status="pending")
    hidden = make_story(status="hidden")
    rejected = make_story(status="rejected")
    assert ids(client.get(f"{QUEUE}?status=hidden,rejected&kind=story")) == [
        str(hidden.uuid),
        str(rejected.uuid),
    ]


def test_queue_filters_on_reported(client, session, make_story, curator):
    make_story(status="pending")
    reported = make_story()
    session.add(Report(story_id=reported.id, reporter_key="user:1", reason="spam", note="Reclame"))
    session.add(Report(story_id=reported.id, reporter_key="ip:ab", reason="spam"))
    session.commit()
    response = client.get(f"{QUEUE}?reported=true")
    assert ids(response) == [str(reported.uuid)]
    item = response.json["items"][0]
    assert item["reports"] == {"spam": 2}
    assert [(n["reason"], n["note"]) for n in item["report_notes"]] == [
        ("spam", "Reclame"),
        ("spam", None),
    ]
    assert "user:1" not in str(item)


def test_queue_filters_on_project(client, session, make_story, make_user, curator):
    project = project_of(session, None)
    in_project = make_story(status="pending", project=project.slug, author=make_user("pupil"))
    make_story(status="pending")
    response = client.get(f"{QUEUE}?project={project.slug}")
    assert ids(response) == [str(in_project.uuid)]
    assert response.json["items"][0]["project"] == project.slug


def test_queue_pages_across_kinds(client, session, make_story, curator):
    expected = []
    for n in range(3):
        expected.append(str(make_story(status="pending", title=f"s{n}").uuid))
        expected.append(str(add_comment(session, make_story(), body=f"c{n}").uuid))
    seen, url = [], f"{QUEUE}?limit=2"
    while url:
        response = client.get(url)
        seen += ids(response)
        url = next((ln["href"] for ln in response.json["links"] if ln["rel"] == "next"), None)
    assert seen == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=photo", "kind"),
        ("status=deleted", "status"),
        ("reported=maybe", "reported"),
        # PostgreSQL text cannot hold NUL: it failed in the database, a 500.
        ("project=a%00b", "project"),
    ],
)
def test_queue_rejects_bad_filters(client, curator, query, field):
    assert_problem(client.get(f"{QUEUE}?{query}"), 422, field)


def test_teacher_sees_only_their_projects_stories(client, session, make_story, make_user, login):
    teacher = make_user("teacher")
    mine = project_of(session, teacher, "groep-8-mijn")
    other = project_of(session, make_user("teacher"), "groep-8-ander")
    own_pupil_story = make_story(status="pending", project=mine.slug, author=make_user("pupil"))
    make_story(status="pending", project=other.slug, author=make_user("pupil"))
    make_story(status="pending")
    add_comment(session, make_story())
    # Neither the teacher's own story in their project nor a resident's (put there by a
    # curator) is theirs to review.
    make_story(status="pending", project=mine.slug, author=teacher)
    residents = make_story(status="pending")
    residents.project_id = mine.id
    session.commit()
    login(teacher)
    assert ids(client.get(QUEUE)) == [str(own_pupil_story.uuid)]


def test_teacher_without_projects_sees_an_empty_queue(client, make_story, make_user, login):
    make_story(status="pending")
    login(make_user("teacher"))
    assert ids(client.get(QUEUE)) == []


@pytest.mark.parametrize("role", ["resident", "pupil"])
def test_queue_is_403_for_residents_and_pupils(client, make_user, login, role):
    login(make_user(role))
    assert_problem(client.get(QUEUE), 403)


def test_queue_item_shows_the_authors_earlier_decisions(
    client, session, make_story, make_user, curator
):
    writer = make_user("resident", display_name="Jantje")
    first = make_story(author=writer, status="pending", title="Eerste")
    second = make_story(author=writer, status="pending", title="Tweede")
    other = make_story(status="pending", title="Van iemand anders")
    client.post(
        f"/api/v1/moderation/stories/{first.uuid}",
        json={"action": "reject", "reason_code": "house-number"},
    )
    client.post(f"/api/v1/moderation/stories/{other.uuid}", json={"action": "approve"})
    (item,) = [i for i in client.get(QUEUE).json["items"] if i["id"] == str(second.uuid)]
    history = item["author_history"]
    assert history["counts"] == {"reject": 1}
    (earlier,) = history["recent"]
    assert (earlier["story"]["title"], earlier["action"], earlier["reason_code"]) == (
        "Eerste",
        "reject",
        "house-number",
    )
    # The story itself is not its own history.
    rejected = client.get(QUEUE, query_string={"status": "rejected"}).json["items"]
    assert rejected[0]["author_history"] == {"counts": {}, "recent": []}


def test_queue_item_of_an_anonymous_story_has_no_history(client, session, make_story, curator):
    story = make_story(status="pending")
    story.author_id = None
    session.commit()
    (item,) = client.get(QUEUE).json["items"]
    assert item["author_history"] is None


def test_history_names_no_title_of_a_deleted_story(client, session, make_story, make_user, curator):
    writer = make_user("resident", display_name="Pietje")
    gone = make_story(author=writer, status="pending", title="Weggehaald")
    waiting = make_story(author=writer, status="pending", title="Wacht nog")
    client.post(f"/api/v1/moderation/stories/{gone.uuid}", json={"action": "reject"})
    gone.status = "deleted"
    session.commit()
    (item,) = [i for i in client.get(QUEUE).json["items"] if i["id"] == str(waiting.uuid)]
    (earlier,) = item["author_history"]["recent"]
    assert earlier["story"] is None
    assert earlier["action"] == "reject"
    assert "Weggehaald" not in str(item)

"""Pupils' stories in school projects: inside their own project and its area, reviewed by the
teacher for the class map, picked for the public map; isolation between projects; removing a
pupil, the project export and the purge (docs/schools.md)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from tests.conftest import ASSEN, feature
from tests.schools import OUTSIDE, add_pupil, login_as, make_project, pupil_client
from verhalenkaart.accounts.models import User
from verhalenkaart.db import utcnow
from verhalenkaart.schools.models import Project
from verhalenkaart.stories.models import Story

PROJECTS = "/api/v1/projects"


def test_pupils_story_goes_to_their_project_and_waits(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    _pupil, code = add_pupil(session, project)
    response = pupil_client(app, code).post("/api/v1/stories", json=feature())
    assert response.status_code == 201, response.json
    assert response.json["properties"]["project"] == project.slug
    assert response.json["properties"]["status"] == "pending"
    assert response.json["properties"]["author"] is None


def test_pupil_cannot_choose_another_project(app, session, make_user):
    own = make_project(session, make_user("teacher"))
    other = make_project(session, make_user("teacher"))
    _pupil, code = add_pupil(session, own)
    response = pupil_client(app, code).post("/api/v1/stories", json=feature(project=other.slug))
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["project"]


def test_pupils_story_outside_the_area_names_the_geometry(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    _pupil, code = add_pupil(session, project)
    pupil = pupil_client(app, code)
    response = pupil.post("/api/v1/stories", json=feature(*OUTSIDE))
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["geometry"]
    route = feature()
    route["geometry"] = {"type": "LineString", "coordinates": [list(ASSEN), list(OUTSIDE)]}
    assert pupil.post("/api/v1/stories", json=route).status_code == 422
    dutch = pupil.post("/api/v1/stories", json=feature(*OUTSIDE), headers={"Accept-Language": "nl"})
    assert "gebied" in dutch.json["errors"]["geometry"][0]


def test_pupil_cannot_move_a_story_out_of_the_area(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    _pupil, code = add_pupil(session, project)
    pupil = pupil_client(app, code)
    story_id = pupil.post("/api/v1/stories", json=feature()).json["id"]
    moved = {"geometry": {"type": "Point", "coordinates": list(OUTSIDE)}}
    response = pupil.patch(f"/api/v1/stories/{story_id}", json=moved)
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["geometry"]


def test_no_new_stories_after_the_project_ended(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    _pupil, code = add_pupil(session, project)
    pupil = pupil_client(app, code)
    project.ends_on = utcnow().date() - dt.timedelta(days=1)
    session.commit()
    response = pupil.post("/api/v1/stories", json=feature())
    assert response.status_code == 409
    assert response.json["type"].endswith("project-ended")


def _decide(client, story_id, **body):
    return client.post(f"/api/v1/moderation/stories/{story_id}", json=body)


def test_teacher_approves_for_the_class_map_only(app, session, make_user):
    anne = make_user("teacher")
    project = make_project(session, anne)
    _sanne, sanne_code = add_pupil(session, project, "Sanne")
    _daan, daan_code = add_pupil(session, project, "Daan")
    story_id = pupil_client(app, sanne_code).post("/api/v1/stories", json=feature()).json["id"]
    as_anne = login_as(app, anne)
    queue = as_anne.get("/api/v1/moderation/queue").json["items"]
    assert [item["id"] for item in queue] == [story_id]
    assert _decide(as_anne, story_id, action="approve").json["properties"]["status"] == "class"
    class_map = pupil_client(app, daan_code).get(f"{PROJECTS}/{project.slug}/stories")
    assert class_map.status_code == 200
    assert class_map.mimetype == "application/geo+json"
    [shown] = class_map.json["features"]
    assert shown["id"] == story_id
    assert shown["properties"]["nickname"] == "Sanne"
    # Not public: not in the list, not by its id.
    assert app.test_client().get(f"/api/v1/stories/{story_id}").status_code == 404
    listed = app.test_client().get("/api/v1/stories").json["features"]
    assert story_id not in [f["id"] for f in listed]


def test_teacher_rejects_with_feedback_the_pupil_sees(app, session, make_user):
    anne = make_user("teacher")
    project = make_project(session, anne)
    _pupil, code = add_pupil(session, project)
    pupil = pupil_client(app, code)
    story_id = pupil.post("/api/v1/stories", json=feature()).json["id"]
    message = "Vertel er nog bij waarom dit jouw plek is."
    response = _decide(login_as(app, anne), story_id, action="reject", message=message)
    assert response.status_code == 200
    [mine] = pupil.get("/api/v1/me/stories").json["features"]
    assert mine["properties"]["status"] == "rejected"
    assert mine["properties"]["moderation"]["message"] == message


def test_curators_queue_skips_stories_waiting_for_the_teacher(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    _pupil, code = add_pupil(session, project)
    story_id = pupil_client(app, code).post("/api/v1/stories", json=feature()).json["id"]
    queue = login_as(app, make_user("curator")).get("/api/v1/moderation/queue").json["items"]
    assert story_id not in [item["id"] for item in queue]


def test_teacher_picks_for_the_public_map_then_curators_decide(app, session, make_user):
    anne = make_user("teacher")
    project = make_project(session, anne, policy="public", school="De Esch")
    _pupil, code = add_pupil(session, project, "Sanne")
    story_id = pupil_client(app, code).post("/api/v1/stories", json=feature()).json["id"]
    as_anne = login_as(app, anne)
    _decide(as_anne, story_id, action="approve")
    picked = as_anne.post(f"{PROJECTS}/{project.slug}/stories/{story_id}/public")
    assert picked.status_code == 200, picked.json
    assert picked.json["properties"]["status"] == "pending"
    assert story_id not in [i["id"] for i in as_anne.get("/api/v1/moderation/queue").json["items"]]
    as_curator = login_as(app, make_user("curator"))
    queue = as_curator.get("/api/v1/moderation/queue").json["items"]
    assert story_id in [item["id"] for item in queue]
    assert _decide(as_curator, story_id, action="approve").status_code == 200
    public = (
        app.test_client()
        .get(f"/api/v1/stories/{story_id}", headers={"Accept-Language": "nl"})
        .json["properties"]
    )
    assert public["author"] is None
    assert public["author_label"] == "leerling van De Esch"
    english = app.test_client().get(
        f"/api/v1/stories/{story_id}", headers={"Accept-Language": "en"}
    )
    assert english.json["properties"]["author_label"] == "pupil at De Esch"


def test_teacher_publishes_directly_when_configured(app, session, make_user):
    anne = make_user("teacher")
    project = make_project(session, anne, policy="public")
    _pupil, code = add_pupil(session, project)
    story_id = pupil_client(app, code).post("/api/v1/stories", json=feature()).json["id"]
    as_anne = login_as(app, anne)
    _decide(as_anne, story_id, action="approve")
    app.config["SCHOOLS_PUBLIC_REVIEW"] = "teacher"
    try:
        picked = as_anne.post(f"{PROJECTS}/{project.slug}/stories/{story_id}/public")
    finally:
        app.config["SCHOOLS_PUBLIC_REVIEW"] = "curators"
    assert picked.json["properties"]["status"] == "published"


def test_class_policy_keeps_stories_in_the_class(app, session, make_user):
    anne = make_user("teacher")
    project = make_project(session, anne, policy="class")
    _pupil, code = add_pupil(session, project)
    story_id = pupil_client(app, code).post("/api/v1/stories", json=feature()).json["id"]
    as_anne = login_as(app, anne)
    _decide(as_anne, story_id, action="approve")
    picked = as_anne.post(f"{PROJECTS}/{project.slug}/stories/{story_id}/public")
    assert picked.status_code == 409


# --- isolation between projects -----------------------------------------------------------------


def test_projects_are_isolated_in_every_direction(app, session, make_user, make_story):
    anne, bert = make_user("teacher"), make_user("teacher")
    a = make_project(session, anne, policy="public")
    b = make_project(session, bert, policy="public")
    _pa, code_a = add_pupil(session, a, "Pupil A")
    pupil_b, code_b = add_pupil(session, b, "Pupil B")
    b_story = make_story(author=pupil_b, status="class", project=b.slug)
    b_pending = make_story(author=pupil_b, status="pending", project=b.slug)
    b_public = make_story(author=pupil_b, status="published", project=b.slug)
    pupil_a, as_anne = pupil_client(app, code_a), login_as(app, anne)
    for client in (pupil_a, as_anne):
        assert client.get(f"{PROJECTS}/{b.slug}").status_code == 404
        assert client.get(f"{PROJECTS}/{b.slug}/stories").status_code == 404
        assert client.get(f"/api/v1/stories/{b_story.uuid}").status_code == 404
    for path in ("pupils", "export.zip", f"pupils/{pupil_b.id}/qr.svg"):
        assert as_anne.get(f"{PROJECTS}/{b.slug}/{path}").status_code == 404
    assert as_anne.delete(f"{PROJECTS}/{b.slug}/pupils/{pupil_b.id}").status_code == 404
    assert as_anne.post(f"{PROJECTS}/{b.slug}/stories/{b_story.uuid}/public").status_code == 404
    assert as_anne.post(f"{PROJECTS}/{a.slug}/stories/{b_story.uuid}/public").status_code == 404
    assert as_anne.delete(f"{PROJECTS}/{a.slug}/pupils/{pupil_b.id}").status_code == 404
    assert _decide(as_anne, b_pending.uuid, action="approve").status_code == 403
    queue = as_anne.get("/api/v1/moderation/queue").json["items"]
    assert str(b_pending.uuid) not in [item["id"] for item in queue]
    # A pupil of A neither reacts to nor comments on B's public story.
    react = pupil_a.post(f"/api/v1/stories/{b_public.uuid}/reactions")
    assert react.status_code == 404
    comment = pupil_a.post(f"/api/v1/stories/{b_public.uuid}/comments", json={"body": "Hoi"})
    assert comment.status_code == 404
    # … but the pupils of B do, and their comment carries no name.
    pupil_b_client = pupil_client(app, code_b)
    assert pupil_b_client.post(f"/api/v1/stories/{b_public.uuid}/reactions").status_code == 201
    posted = pupil_b_client.post(
        f"/api/v1/stories/{b_public.uuid}/comments", json={"body": "Mooi!"}
    )
    assert posted.status_code == 201
    assert posted.json["author"] is None


# --- removal, export, purge ---------------------------------------------------------------------


def test_teacher_removes_a_pupil_and_their_unpublished_stories(app, session, make_user, make_story):
    anne = make_user("teacher")
    project = make_project(session, anne)
    pupil, _code = add_pupil(session, project, "Weg")
    pending = make_story(author=pupil, status="pending", project=project.slug)
    published = make_story(author=pupil, status="published", project=project.slug)
    pupil_id = pupil.id
    response = login_as(app, anne).delete(f"{PROJECTS}/{project.slug}/pupils/{pupil_id}")
    assert response.status_code == 204
    session.expire_all()
    assert session.get(User, pupil_id) is None
    assert session.get(Story, pending.id).status == "deleted"
    kept = session.get(Story, published.id)
    assert (kept.status, kept.author_id) == ("published", None)


def test_project_export_zip(app, session, make_user, make_story):
    anne = make_user("teacher")
    project = make_project(session, anne)
    pupil, _code = add_pupil(session, project, "Zichtbaar Niet")
    story = make_story(author=pupil, status="class", project=project.slug, title="Het beekje")
    make_story(author=pupil, status="pending", project=project.slug, title="Nog niet klaar")
    response = login_as(app, anne).get(f"{PROJECTS}/{project.slug}/export.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert {"stories.geojson", "stories.csv", "README.md"} <= set(archive.namelist())
    collection = json.loads(archive.read("stories.geojson"))
    assert [f["id"] for f in collection["features"]] == [str(story.uuid)]
    assert "Het beekje" in archive.read("stories.csv").decode("utf-8-sig")
    for name in archive.namelist():
        assert b"Zichtbaar Niet" not in archive.read(name)


def test_purge_removes_pupils_of_long_ended_projects(app, session, make_user, make_story):
    from verhalenkaart.schools.classwork import purge_ended_projects

    anne = make_user("teacher")
    today = utcnow().date()
    old, recent = make_project(session, anne), make_project(session, anne)
    gone, _ = add_pupil(session, old, "Oud")
    stays, _ = add_pupil(session, recent, "Recent")
    gone_id, stays_id = gone.id, stays.id
    unpublished = make_story(author=gone, status="class", project=old.slug)
    published = make_story(author=gone, status="published", project=old.slug)
    old.ends_on = today - dt.timedelta(days=31)
    recent.ends_on = today - dt.timedelta(days=29)
    for project in (old, recent):
        project.starts_on = today - dt.timedelta(days=100)
    session.commit()
    assert purge_ended_projects(session, 30, today) == {"projects": 1, "pupils": 1}
    session.commit()
    assert purge_ended_projects(session, 30, today) == {"projects": 1, "pupils": 0}
    session.expire_all()
    assert session.get(User, gone_id) is None
    assert session.get(User, stays_id) is not None
    assert session.get(Story, unpublished.id).status == "deleted"
    assert session.get(Story, published.id).author_id is None
    assert session.get(Project, old.id).join_code is None


def test_purge_command(app, session, make_user):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["schools", "purge"])
    assert result.exit_code == 0, result.output
    assert "Purged" in result.output

"""School projects: teachers run projects, pupils join with the class code and come back with
their own, pupils' stories stay inside the project and its area, the teacher reviews them for
the class map and picks some for the public map (docs/schools.md)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import pytest
import sqlalchemy as sa

from tests.conftest import ASSEN, PASSWORD, feature
from tests.schools import AREA_GEOJSON, OUTSIDE, add_pupil, make_project
from verhalenkaart.accounts.models import User
from verhalenkaart.db import utcnow
from verhalenkaart.schools import codes
from verhalenkaart.schools.models import Project, Pupil
from verhalenkaart.stories.models import Story

PROJECTS = "/api/v1/projects"
CODE_SHAPE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
REENTRY_SHAPE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def login_as(app, user):
    other = app.test_client()
    response = other.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return other


def pupil_client(app, code):
    other = app.test_client()
    response = other.post("/api/v1/auth/reenter", json={"code": code})
    assert response.status_code == 200, response.json
    return other


def new_project_body(**overrides):
    today = utcnow().date()
    return {
        "name": "Groep 7 Exloo",
        "school": "De Esch",
        "class": "groep 7",
        "prompt": "Wat is jouw plek in het beekdal?",
        "starts_on": str(today),
        "ends_on": str(today + dt.timedelta(days=60)),
        "area": AREA_GEOJSON,
    } | overrides


# --- projects ---------------------------------------------------------------------------------


def test_teacher_creates_a_project_with_a_join_code(client, make_user, login):
    login(make_user("teacher", display_name="Juf Anne"))
    response = client.post(PROJECTS, json=new_project_body())
    assert response.status_code == 201, response.json
    project = response.json
    assert CODE_SHAPE.match(project["join_code"])
    assert project["join_url"].endswith(
        "/klas/doe-mee?code=" + project["join_code"].replace("-", "")
    )
    assert project["status"] == "active"
    assert project["read_only"] is False
    assert project["policy"] == "class"
    assert project["class"] == "groep 7"
    assert project["teachers"][0]["display_name"] == "Juf Anne"
    assert project["counts"] == {"pending": 0, "class": 0, "published": 0, "rejected": 0}
    assert project["area"]["type"] == "Polygon"
    assert client.get(PROJECTS).json["items"][0]["slug"] == project["slug"]


def test_project_area_from_a_place_and_radius(client, make_user, login):
    login(make_user("teacher"))
    body = new_project_body(area=None, place="Assen", radius_m=2000)
    response = client.post(PROJECTS, json=body)
    assert response.status_code == 201, response.json
    assert response.json["place"] == "Assen"
    assert response.json["radius_m"] == 2000
    ring = response.json["area"]["coordinates"][0]
    lons = [p[0] for p in ring]
    assert min(lons) < ASSEN[0] < max(lons)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"area": None}, "area"),
        ({"area": None, "place": "Nergenshuizen", "radius_m": 500}, "place"),
        ({"area": {"type": "Point", "coordinates": list(ASSEN)}}, "area"),
        ({"ends_on": "2020-01-01", "starts_on": "2021-01-01"}, "ends_on"),
        ({"policy": "everyone"}, "policy"),
    ],
)
def test_project_create_names_the_wrong_field(client, make_user, login, body, field):
    login(make_user("teacher"))
    response = client.post(PROJECTS, json=new_project_body(**body))
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_teacher_sees_only_own_and_co_taught_projects(app, session, make_user):
    anne, bert, admin = make_user("teacher"), make_user("teacher"), make_user("admin")
    own = make_project(session, anne)
    theirs = make_project(session, bert)
    as_anne = login_as(app, anne)
    assert [p["slug"] for p in as_anne.get(PROJECTS).json["items"]] == [own.slug]
    assert as_anne.get(f"{PROJECTS}/{theirs.slug}").status_code == 404
    assert as_anne.patch(f"{PROJECTS}/{theirs.slug}", json={"name": "X"}).status_code == 404
    as_bert = login_as(app, bert)
    response = as_bert.post(f"{PROJECTS}/{theirs.slug}/teachers", json={"email": anne.email})
    assert response.status_code == 200
    assert {t["id"] for t in response.json["teachers"]} == {anne.id, bert.id}
    assert {p["slug"] for p in as_anne.get(PROJECTS).json["items"]} == {own.slug, theirs.slug}
    assert as_anne.patch(f"{PROJECTS}/{theirs.slug}", json={"name": "X"}).status_code == 200
    as_admin = login_as(app, admin)
    assert {own.slug, theirs.slug} <= {p["slug"] for p in as_admin.get(PROJECTS).json["items"]}


def test_co_teacher_must_be_a_teacher(app, session, make_user):
    anne = make_user("teacher")
    project = make_project(session, anne)
    response = login_as(app, anne).post(
        f"{PROJECTS}/{project.slug}/teachers", json={"email": make_user("resident").email}
    )
    assert response.status_code == 422
    assert "email" in response.json["errors"]


def test_ended_project_is_read_only(app, session, make_user):
    anne = make_user("teacher")
    ended = make_project(
        session,
        anne,
        starts_on=utcnow().date() - dt.timedelta(days=40),
        ends_on=utcnow().date() - dt.timedelta(days=1),
    )
    as_anne = login_as(app, anne)
    shown = as_anne.get(f"{PROJECTS}/{ended.slug}").json
    assert shown["status"] == "ended"
    assert shown["read_only"] is True
    assert shown["join_code"] is None
    for response in (
        as_anne.patch(f"{PROJECTS}/{ended.slug}", json={"prompt": "Nog één keer"}),
        as_anne.post(f"{PROJECTS}/{ended.slug}/code"),
    ):
        assert response.status_code == 409
        assert response.json["type"].endswith("project-ended")
    joined = app.test_client().post(
        "/api/v1/auth/join", json={"code": ended.join_code, "nickname": "Te laat"}
    )
    assert joined.status_code == 422


# --- joining ----------------------------------------------------------------------------------


def test_pupil_joins_with_the_code_and_gets_a_reentry_code(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    typed = codes.shown(project.join_code).lower().replace("-", " - ")  # as a child types it
    pupil = app.test_client()
    response = pupil.post("/api/v1/auth/join", json={"code": typed, "nickname": "Sanne"})
    assert response.status_code == 201, response.json
    assert response.json["user"]["role"] == "pupil"
    assert response.json["user"]["email"] is None
    assert response.json["user"]["project"] == project.slug
    assert response.json["project"]["prompt"] == project.prompt
    assert "join_code" not in response.json["project"]
    reentry = response.json["reentry_code"]
    assert REENTRY_SHAPE.match(reentry)
    assert pupil.get("/api/v1/auth/me").json["project"] == project.slug
    # On another device:
    tablet = pupil_client(app, reentry.lower())
    assert tablet.get("/api/v1/auth/me").json["display_name"] == "Sanne"
    # The code is stored as a keyed hash, not as itself.
    stored = session.scalar(sa.select(Pupil).where(Pupil.project_id == project.id))
    assert codes.normalise(reentry) not in (stored.reentry_digest, stored.reentry_sealed)


def test_nickname_is_unique_in_the_class(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    add_pupil(session, project, "Sanne")
    response = app.test_client().post(
        "/api/v1/auth/join", json={"code": project.join_code, "nickname": "sanne"}
    )
    assert response.status_code == 422
    assert "nickname" in response.json["errors"]


@pytest.mark.parametrize("code", ["", "ABCD", "0OIL1234", "ZZZZZZZZ", "A" * 40])
def test_a_wrong_join_code_says_only_that_it_does_not_work(app, session, make_user, code):
    make_project(session, make_user("teacher"))
    response = app.test_client().post("/api/v1/auth/join", json={"code": code, "nickname": "X"})
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["code"]


def test_rotated_join_code_stops_working(app, session, make_user):
    anne = make_user("teacher")
    project = make_project(session, anne)
    old = project.join_code
    response = login_as(app, anne).post(f"{PROJECTS}/{project.slug}/code")
    assert response.status_code == 200
    new = codes.normalise(response.json["join_code"])
    assert new != old
    join = app.test_client().post
    assert join("/api/v1/auth/join", json={"code": old, "nickname": "Oud"}).status_code == 422
    assert join("/api/v1/auth/join", json={"code": new, "nickname": "Nieuw"}).status_code == 201


def test_reentry_code_reset_logs_the_old_card_out(app, session, make_user):
    anne = make_user("teacher")
    project = make_project(session, anne)
    pupil, old = add_pupil(session, project, "Daan")
    device = pupil_client(app, old)
    response = login_as(app, anne).post(f"{PROJECTS}/{project.slug}/pupils/{pupil.id}/code")
    assert response.status_code == 200
    assert REENTRY_SHAPE.match(response.json["reentry_code"])
    assert device.get("/api/v1/auth/me").status_code == 401
    again = app.test_client().post("/api/v1/auth/reenter", json={"code": old})
    assert again.status_code == 422
    pupil_client(app, response.json["reentry_code"])


def test_reentry_stops_when_the_project_ended(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    _pupil, code = add_pupil(session, project)
    project.ends_on = utcnow().date() - dt.timedelta(days=1)
    session.commit()
    response = app.test_client().post("/api/v1/auth/reenter", json={"code": code})
    assert response.status_code == 422


def test_class_list_shows_nicknames_and_printable_codes(app, session, make_user):
    anne = make_user("teacher")
    project = make_project(session, anne)
    _daan, daan_code = add_pupil(session, project, "Daan")
    add_pupil(session, project, "Anouk")
    as_anne = login_as(app, anne)
    items = as_anne.get(f"{PROJECTS}/{project.slug}/pupils").json["items"]
    assert [p["nickname"] for p in items] == ["Anouk", "Daan"]
    assert items[1]["reentry_code"] == codes.shown(daan_code)
    qr = as_anne.get(f"{PROJECTS}/{project.slug}/pupils/{items[1]['id']}/qr.svg")
    assert qr.status_code == 200
    assert qr.mimetype == "image/svg+xml"
    assert as_anne.get(f"{PROJECTS}/{project.slug}/qr.svg").data.startswith(b"<svg")


def test_join_is_rate_limited_per_address(app, session, make_user):
    make_project(session, make_user("teacher"))
    app.config["RATELIMIT_PUPIL_JOIN"] = "3 per minute"
    try:
        guesser = app.test_client()
        answers = [
            guesser.post(
                "/api/v1/auth/join", json={"code": codes.new_code(8), "nickname": "X"}
            ).status_code
            for _ in range(4)
        ]
    finally:
        app.config["RATELIMIT_PUPIL_JOIN"] = "60 per minute;300 per hour"
    assert answers == [422, 422, 422, 429]


def test_reentry_is_rate_limited_per_code(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    _pupil, code = add_pupil(session, project)
    app.config["RATELIMIT_PUPIL_REENTER_CODE"] = "2 per minute"
    try:
        answers = [
            app.test_client()
            .post("/api/v1/auth/reenter", json={"code": code}, environ_base={"REMOTE_ADDR": ip})
            .status_code
            for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3")
        ]
    finally:
        app.config["RATELIMIT_PUPIL_REENTER_CODE"] = "10 per minute;30 per hour"
    assert answers == [200, 200, 429]


# --- pupils' stories --------------------------------------------------------------------------


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


def test_wrong_codes_from_every_address_together_are_limited(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    app.config["RATELIMIT_PUPIL_CODES_WRONG"] = "2 per hour"
    try:
        answers = [
            app.test_client()
            .post(
                "/api/v1/auth/join",
                json={"code": codes.new_code(8), "nickname": "X"},
                environ_base={"REMOTE_ADDR": f"10.0.1.{n}"},
            )
            .status_code
            for n in range(3)
        ]
        right = app.test_client().post(
            "/api/v1/auth/join",
            json={"code": project.join_code, "nickname": "Echt"},
            environ_base={"REMOTE_ADDR": "10.0.2.1"},
        )
    finally:
        app.config["RATELIMIT_PUPIL_CODES_WRONG"] = "2000 per hour"
    assert answers == [422, 422, 429]
    assert right.status_code == 429  # the price: joining waits until the hour is over

"""School projects: teachers run projects, pupils join with the class code and come back with
their own; codes are rotated, expire and are rate-limited (docs/schools.md). Their stories:
tests/test_schools_stories.py."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from tests.conftest import ASSEN
from tests.schools import AREA_GEOJSON, add_pupil, login_as, make_project, pupil_client
from verhalenkaart.db import utcnow
from verhalenkaart.schools import codes
from verhalenkaart.schools.models import Pupil

PROJECTS = "/api/v1/projects"
CODE_SHAPE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
REENTRY_SHAPE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


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


def test_pupil_erases_their_own_account_and_the_code_dies(app, session, make_user):
    project = make_project(session, make_user("teacher"))
    _pupil, code = add_pupil(session, project, "Weg Ermee")
    pupil = pupil_client(app, code)
    assert pupil.delete("/api/v1/me", json={"stories": "delete"}).status_code == 204
    assert app.test_client().post("/api/v1/auth/reenter", json={"code": code}).status_code == 422
    assert session.scalar(sa.select(sa.func.count()).select_from(Pupil)) == 0

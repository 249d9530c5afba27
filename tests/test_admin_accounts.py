"""Teacher requests (at sign-up and later), and administrators' work on accounts: the list with
its filters and pages, role changes, decisions on teacher requests, blocking; each in the audit
trail."""

from __future__ import annotations

import sqlalchemy as sa

from tests.conftest import PASSWORD, assert_problem
from tests.test_accounts import register_and_confirm
from verhalenkaart.moderation.models import ModerationEvent

ADMIN = "/api/v1/admin/users"


def log_in(app, user):
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return client


# --- teacher requests ----------------------------------------------------------------------------


def test_a_teacher_request_at_sign_up_reaches_the_account_through_the_mailed_link(
    client, mailbox, session
):
    response = register_and_confirm(client, mailbox, teacher=True, school="OBS De Esch")
    assert response.status_code == 201
    assert response.json["role"] == "resident"
    assert response.json["teacher_request"]["school"] == "OBS De Esch"
    me = client.get("/api/v1/auth/me").json
    assert me["teacher_request"]["school"] == "OBS De Esch"
    assert me["school"] == "OBS De Esch"


def test_a_teacher_request_at_sign_up_needs_the_school(client):
    body = {
        "email": "meester@example.org",
        "password": PASSWORD,
        "display_name": "Meester Jan",
        "teacher": True,
    }
    assert_problem(client.post("/api/v1/auth/register", json=body), 422, "school")


def test_a_sign_up_without_the_teacher_box_asks_for_nothing(client, mailbox):
    response = register_and_confirm(client, mailbox)
    assert response.json["teacher_request"] is None


def test_a_resident_asks_later_from_my_account(app, make_user):
    client = log_in(app, make_user("resident"))
    response = client.post("/api/v1/me/teacher-request", json={"school": "CBS Het Anker"})
    assert response.status_code == 200
    assert response.json["teacher_request"]["school"] == "CBS Het Anker"
    assert client.get("/api/v1/auth/me").json["teacher_request"]["school"] == "CBS Het Anker"
    assert_problem(client.post("/api/v1/me/teacher-request", json={"school": "  "}), 422, "school")


def test_a_pupil_cannot_ask_to_be_a_teacher(app, make_user):
    client = log_in(app, make_user("pupil"))
    assert_problem(client.post("/api/v1/me/teacher-request", json={"school": "De Esch"}), 403)


def test_an_admin_approves_a_teacher_request_and_the_teacher_can_moderate(app, make_user, session):
    resident = make_user("resident")
    resident_client = log_in(app, resident)
    resident_client.post("/api/v1/me/teacher-request", json={"school": "OBS De Esch"})
    assert_problem(resident_client.get("/api/v1/moderation/queue"), 403)
    admin = log_in(app, make_user("admin"))
    waiting = admin.get(f"{ADMIN}?waiting=true").json["items"]
    assert [u["id"] for u in waiting] == [resident.id]
    assert waiting[0]["school"] == "OBS De Esch"
    response = admin.post(f"{ADMIN}/{resident.id}/teacher-request", json={"decision": "approve"})
    assert response.status_code == 200
    assert response.json["role"] == "teacher"
    assert response.json["teacher_requested_at"] is None
    # The same session now has the teacher's rights.
    assert resident_client.get("/api/v1/moderation/queue").status_code == 200
    assert admin.get(f"{ADMIN}?waiting=true").json["items"] == []
    history = admin.get(f"{ADMIN}/{resident.id}").json["history"]
    assert history[0]["action"] == "approve-teacher"
    assert (history[0]["from_status"], history[0]["to_status"]) == ("resident", "teacher")


def test_an_admin_declines_a_teacher_request(app, make_user):
    resident = make_user("resident")
    log_in(app, resident).post("/api/v1/me/teacher-request", json={"school": "De Esch"})
    admin = log_in(app, make_user("admin"))
    response = admin.post(
        f"{ADMIN}/{resident.id}/teacher-request",
        json={"decision": "decline", "message": "Onbekende school"},
    )
    assert response.json["role"] == "resident"
    assert response.json["teacher_requested_at"] is None
    event = admin.get(f"{ADMIN}/{resident.id}").json["history"][0]
    assert event["action"] == "decline-teacher"
    assert event["message"] == "Onbekende school"
    # Decided: there is nothing to decide again.
    again = admin.post(f"{ADMIN}/{resident.id}/teacher-request", json={"decision": "approve"})
    assert_problem(again, 409)


# --- the list ------------------------------------------------------------------------------------


def test_the_list_searches_name_and_email_and_filters_by_role(app, make_user):
    make_user("resident", display_name="Geesje Bakker", email="geesje@example.org")
    make_user("curator", display_name="Jan Smit", email="jan@drenthe.example")
    admin = log_in(app, make_user("admin"))
    names = [u["display_name"] for u in admin.get(f"{ADMIN}?q=BAKK").json["items"]]
    assert names == ["Geesje Bakker"]
    names = [u["display_name"] for u in admin.get(f"{ADMIN}?q=drenthe.ex").json["items"]]
    assert names == ["Jan Smit"]
    roles = {u["role"] for u in admin.get(f"{ADMIN}?role=curator").json["items"]}
    assert roles == {"curator"}
    # A wildcard in the search is a character, not a pattern.
    assert admin.get(f"{ADMIN}?q=%25").json["items"] == []


def test_the_list_pages_with_a_cursor(app, make_user):
    made = {make_user("resident", display_name=f"Bewoner {i}").id for i in range(5)}
    admin = log_in(app, make_user("admin"))
    seen: list[int] = []
    url = f"{ADMIN}?role=resident&limit=2"
    while url:
        page = admin.get(url).json
        seen += [u["id"] for u in page["items"]]
        nxt = [link["href"] for link in page["links"] if link["rel"] == "next"]
        url = nxt[0].split("//", 1)[1].split("/", 1)[1] if nxt else None
        url = "/" + url if url else None
    assert made <= set(seen)
    assert len(seen) == len(set(seen))
    assert_problem(admin.get(f"{ADMIN}?cursor=nonsense"), 422, "cursor")


# --- roles ---------------------------------------------------------------------------------------


def test_a_role_change_takes_effect_at_once_and_is_in_the_audit_trail(app, make_user, session):
    resident = make_user("resident")
    resident_client = log_in(app, resident)
    assert_problem(resident_client.get("/api/v1/moderation/audit"), 403)
    admin_user = make_user("admin")
    admin = log_in(app, admin_user)
    response = admin.patch(f"{ADMIN}/{resident.id}", json={"role": "curator"})
    assert response.status_code == 200
    assert response.json["role"] == "curator"
    assert resident_client.get("/api/v1/moderation/audit").status_code == 200
    event = session.scalar(
        sa.select(ModerationEvent).where(
            ModerationEvent.item_type == "account", ModerationEvent.item_id == resident.id
        )
    )
    assert (event.action, event.from_status, event.to_status) == (
        "change-role",
        "resident",
        "curator",
    )
    assert event.moderator_id == admin_user.id


def test_a_pupil_role_cannot_be_given_or_changed(app, make_user):
    pupil = make_user("pupil")
    resident = make_user("resident")
    admin = log_in(app, make_user("admin"))
    assert_problem(admin.patch(f"{ADMIN}/{pupil.id}", json={"role": "resident"}), 409)
    assert_problem(admin.patch(f"{ADMIN}/{resident.id}", json={"role": "pupil"}), 422, "role")


def test_an_admin_cannot_take_away_their_own_admin_role(app, make_user):
    me = make_user("admin")
    admin = log_in(app, me)
    assert_problem(admin.patch(f"{ADMIN}/{me.id}", json={"role": "resident"}), 409)


def test_an_unknown_account_is_404(app, make_user):
    admin = log_in(app, make_user("admin"))
    assert_problem(admin.get(f"{ADMIN}/999999"), 404)


def test_curators_may_not_administer_accounts(app, make_user):
    resident = make_user("resident")
    curator = log_in(app, make_user("curator"))
    assert_problem(curator.get(ADMIN), 403)
    assert_problem(curator.patch(f"{ADMIN}/{resident.id}", json={"role": "admin"}), 403)


# --- blocking ------------------------------------------------------------------------------------


def test_blocking_ends_every_session_and_refuses_logins(app, make_user, session):
    resident = make_user("resident")
    phone, laptop = log_in(app, resident), log_in(app, resident)
    admin = log_in(app, make_user("admin"))
    response = admin.post(f"{ADMIN}/{resident.id}/block", json={"reason": "spam"})
    assert response.status_code == 200
    assert response.json["blocked_at"] is not None
    for device in (phone, laptop):
        assert_problem(device.get("/api/v1/auth/me"), 401)
    again = app.test_client().post(
        "/api/v1/auth/login", json={"email": resident.email, "password": PASSWORD}
    )
    assert_problem(again, 403)
    # A wrong password does not reveal that the account is blocked.
    wrong = app.test_client().post(
        "/api/v1/auth/login", json={"email": resident.email, "password": "iets anders dan dit"}
    )
    assert_problem(wrong, 401)
    assert [u["id"] for u in admin.get(f"{ADMIN}?blocked=true").json["items"]] == [resident.id]
    assert admin.delete(f"{ADMIN}/{resident.id}/block").json["blocked_at"] is None
    log_in(app, resident)
    actions = [e["action"] for e in admin.get(f"{ADMIN}/{resident.id}").json["history"]]
    assert actions == ["unblock", "block"]


def test_an_admin_can_block_a_pupil(app, make_user):
    pupil = make_user("pupil")
    pupil_client = log_in(app, pupil)
    admin = log_in(app, make_user("admin"))
    assert admin.post(f"{ADMIN}/{pupil.id}/block", json={}).status_code == 200
    assert_problem(pupil_client.get("/api/v1/auth/me"), 401)


def test_an_admin_cannot_block_themselves(app, make_user):
    me = make_user("admin")
    assert_problem(log_in(app, me).post(f"{ADMIN}/{me.id}/block", json={}), 409)

"""Active sessions (ASVS V3.3.4): every user sees where they are logged in and ends the other
sessions, one or all; logout still ends every one."""

from __future__ import annotations

from tests.conftest import PASSWORD, assert_problem
from verhalenkaart.accounts.devices import device_summary

SESSIONS = "/api/v1/me/sessions"
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def log_in(app, user, agent: str):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    response = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return client


def test_each_login_is_a_session_the_user_sees(app, make_user):
    user = make_user("resident")
    phone = log_in(app, user, FIREFOX_ANDROID)
    laptop = log_in(app, user, CHROME_WINDOWS)
    items = laptop.get(SESSIONS).json["items"]
    assert sorted(i["device"] for i in items) == ["Chrome, Windows", "Firefox, Android"]
    current = [i for i in items if i["current"]]
    assert [i["device"] for i in current] == ["Chrome, Windows"]
    assert all(i["created_at"] and i["last_used_at"] for i in items)
    assert [i["device"] for i in phone.get(SESSIONS).json["items"] if i["current"]] == [
        "Firefox, Android"
    ]


def test_ending_one_session_logs_out_that_device_only(app, make_user):
    user = make_user("resident")
    phone = log_in(app, user, FIREFOX_ANDROID)
    laptop = log_in(app, user, CHROME_WINDOWS)
    phone_id = next(i["id"] for i in laptop.get(SESSIONS).json["items"] if not i["current"])
    assert laptop.delete(f"{SESSIONS}/{phone_id}").status_code == 204
    assert_problem(phone.get("/api/v1/auth/me"), 401)
    assert laptop.get("/api/v1/auth/me").status_code == 200
    assert len(laptop.get(SESSIONS).json["items"]) == 1
    assert_problem(laptop.delete(f"{SESSIONS}/{phone_id}"), 404)


def test_ending_the_others_keeps_this_one(app, make_user):
    user = make_user("resident")
    others = [log_in(app, user, FIREFOX_ANDROID) for _ in range(2)]
    laptop = log_in(app, user, CHROME_WINDOWS)
    assert laptop.delete(SESSIONS).json == {"ended": 2}
    for other in others:
        assert_problem(other.get("/api/v1/auth/me"), 401)
    assert laptop.get("/api/v1/auth/me").status_code == 200


def test_no_one_ends_another_users_session(app, make_user):
    anna, bert = make_user("resident"), make_user("resident")
    anna_client = log_in(app, anna, FIREFOX_ANDROID)
    bert_client = log_in(app, bert, CHROME_WINDOWS)
    bert_id = bert_client.get(SESSIONS).json["items"][0]["id"]
    assert_problem(anna_client.delete(f"{SESSIONS}/{bert_id}"), 404)
    assert bert_client.get("/api/v1/auth/me").status_code == 200


def test_logout_ends_every_session_and_its_record(app, make_user):
    user = make_user("resident")
    phone = log_in(app, user, FIREFOX_ANDROID)
    laptop = log_in(app, user, CHROME_WINDOWS)
    assert laptop.post("/api/v1/auth/logout").status_code == 204
    assert_problem(phone.get("/api/v1/auth/me"), 401)
    again = log_in(app, user, CHROME_WINDOWS)
    assert len(again.get(SESSIONS).json["items"]) == 1


def test_a_password_change_keeps_only_this_session(app, make_user):
    user = make_user("resident")
    phone = log_in(app, user, FIREFOX_ANDROID)
    laptop = log_in(app, user, CHROME_WINDOWS)
    response = laptop.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "een heel ander wachtwoord"},
    )
    assert response.status_code == 204
    assert_problem(phone.get("/api/v1/auth/me"), 401)
    items = laptop.get(SESSIONS).json["items"]
    assert [i["current"] for i in items] == [True]


def test_the_device_summary_names_browser_and_system_only():
    assert device_summary(FIREFOX_ANDROID) == "Firefox, Android"
    assert device_summary(CHROME_WINDOWS) == "Chrome, Windows"
    assert device_summary("curl/8.5.0") == "curl"
    assert device_summary(None) == "?"
    assert device_summary("<script>") == "?"


def test_the_gdpr_export_lists_the_sessions_and_account_settings(app, make_user):
    user = make_user("resident")
    phone = log_in(app, user, FIREFOX_ANDROID)
    phone.post("/api/v1/me/teacher-request", json={"school": "OBS De Esch"})
    account = phone.get("/api/v1/me/export").json["account"]
    assert account["school"] == "OBS De Esch"
    assert account["teacher_requested_at"]
    assert account["two_factor"] is False
    assert [s["device"] for s in account["sessions"]] == ["Firefox, Android"]
    assert account["sessions"][0]["last_used_at"].endswith("Z")

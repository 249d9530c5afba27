"""Registration confirmed by mail, sessions and cookies: what the accounts reveal and how
long a login lasts."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.conftest import PASSWORD, assert_problem, link_token, mail_text
from tests.test_passwords import MEASURABLE_ARGON2, interleaved_medians
from verhalenkaart import create_app
from verhalenkaart.accounts.models import User, UserSession
from verhalenkaart.db import utcnow

AUTH = "/api/v1/auth"


def registration(**overrides: object) -> dict:
    return {"email": "geesje@example.org", "password": PASSWORD, "display_name": "Geesje"} | (
        overrides
    )


def registration_token(client, mailbox, **overrides: object) -> str:
    body = registration(**overrides)
    assert client.post(f"{AUTH}/register", json=body).status_code == 202
    return link_token(mailbox.wait_for(str(body["email"])), "/registreren")


def confirm(client, token: str, **kwargs):
    return client.post(f"{AUTH}/register/confirm", json={"token": token}, **kwargs)


# --- registration --------------------------------------------------------------------------------


def test_the_registration_link_points_at_the_pwa_and_works_once(client, mailbox):
    token = registration_token(client, mailbox)
    assert confirm(client, token).status_code == 201
    client.post(f"{AUTH}/logout")
    problem = assert_problem(confirm(client, token), 422, "token")
    assert problem["type"] == "urn:verhalenkaart:problem:token-used"
    assert_problem(client.get(f"{AUTH}/me"), 401)


def test_an_expired_registration_link_is_a_clear_problem(client, app, mailbox, monkeypatch):
    token = registration_token(client, mailbox)
    monkeypatch.setitem(app.config, "REGISTRATION_LINK_MAX_AGE", -1)
    problem = assert_problem(confirm(client, token), 422, "token")
    assert problem["type"] == "urn:verhalenkaart:problem:token-expired"


def test_a_made_up_registration_link_is_invalid(client):
    problem = assert_problem(confirm(client, "gAAAAABnot-a-real-token"), 422, "token")
    assert problem["type"] == "urn:verhalenkaart:problem:token-invalid"


def test_the_registration_link_does_not_carry_the_password_hash_readably(client, mailbox):
    token = registration_token(client, mailbox)
    assert "argon2" not in token
    assert "geesje" not in token.lower()
    text = mail_text(mailbox.wait_for("geesje@example.org"))
    assert PASSWORD not in text
    assert "Geesje" not in text  # no text of the registrant's in a mail to any address


def test_a_weak_password_is_refused_whether_or_not_the_address_has_an_account(client, make_user):
    make_user("resident", email="jan@example.org")
    weak = registration(password="wachtwoord12")
    taken = client.post(f"{AUTH}/register", json=weak | {"email": "jan@example.org"})
    free = client.post(f"{AUTH}/register", json=weak)
    assert assert_problem(taken, 422, "password") == assert_problem(free, 422, "password")


def test_registering_a_taken_address_takes_as_long_as_a_new_one(
    client, make_user, app, monkeypatch
):
    for key, value in MEASURABLE_ARGON2.items():
        monkeypatch.setitem(app.config, key, value)
    monkeypatch.setitem(app.config, "RATELIMIT_REGISTER", "100 per minute")
    monkeypatch.setitem(app.config, "RATELIMIT_REGISTER_ACCOUNT", "100 per minute")
    make_user("resident", email="jan@example.org")
    client.csrf_token()

    def register(email: str):
        def attempt():
            response = client.post(f"{AUTH}/register", json=registration(email=email))
            assert response.status_code == 202

        return attempt

    taken, new = interleaved_medians(register("jan@example.org"), register("nieuw@example.org"))
    assert taken > 0.02
    assert 0.33 < new / taken < 3, (taken, new)


# --- sessions ------------------------------------------------------------------------------------


def login(client, email: str = "jan@example.org"):
    return client.post(f"{AUTH}/login", json={"email": email, "password": PASSWORD})


def session_cookie_header(response) -> str:
    (cookie,) = [v for v in response.headers.getlist("Set-Cookie") if v.startswith("session=")]
    return cookie


def test_the_session_cookie_is_httponly_lax_and_expires(client, make_user):
    make_user("resident", email="jan@example.org")
    cookie = session_cookie_header(login(client))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie  # SESSION_MAX_HOURS after the login (idle: the record)
    assert "Secure" not in cookie  # development over plain http


def test_production_cookies_are_secure_and_host_only(tmp_path, monkeypatch):
    monkeypatch.setenv("VERHALENKAART_ENV", "production")
    monkeypatch.setenv("VERHALENKAART_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("VERHALENKAART_DATABASE_URL", "postgresql+psycopg://db.invalid/vk")
    app = create_app({"DATA_DIR": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    response = app.test_client().get("/api/v1/auth/csrf", base_url="https://vk.example")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    assert "Secure" in cookie
    assert "HttpOnly" in cookie


def test_logout_ends_a_stolen_copy_of_the_cookie_too(app, client, make_user):
    make_user("resident", email="jan@example.org")
    login(client)
    stolen = client.get_cookie("session").value
    assert client.post(f"{AUTH}/logout").status_code == 204
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert_problem(thief.get(f"{AUTH}/me"), 401)


def test_a_cookie_of_an_erased_account_does_not_open_the_next_account_with_its_id(
    app, client, make_user, session
):
    """SQLite gives the next account the id of an erased one, and its session_version starts
    at 1 again: a surviving cookie of the erased account must not log into it."""
    alice = make_user("resident", email="alice@example.org")
    laptop = app.test_client()
    for device in (laptop, client):
        response = device.post(f"{AUTH}/login", json={"email": alice.email, "password": PASSWORD})
        assert response.status_code == 200
    alice_id, alice_version = alice.id, alice.session_version
    assert (
        client.delete("/api/v1/me", json={"stories": "delete", "password": PASSWORD}).status_code
        == 204
    )
    session.expunge_all()
    # The next account gets Alice's id (SQLite does this on its own; PostgreSQL is told to).
    bob = User(
        id=alice_id,
        email="bob@example.org",
        display_name="Bob",
        role="pupil",
        session_version=alice_version,
    )
    bob.set_password(PASSWORD)
    session.add(bob)
    session.commit()
    assert_problem(laptop.get(f"{AUTH}/me"), 401)
    assert_problem(laptop.get("/api/v1/me/export"), 401)
    assert login(app.test_client(), "bob@example.org").json["email"] == "bob@example.org"


def test_an_answer_that_did_not_change_the_session_leaves_the_cookie_alone(client, make_user):
    """The PWA sends requests in parallel: a map request that started before /auth/csrf put
    the secret in the session must not answer with the older cookie, or the token is lost."""
    make_user("resident", email="jan@example.org")
    login(client)
    token = client.get(f"{AUTH}/csrf").json["csrf_token"]
    for path in ("/api/v1/stories", f"{AUTH}/me", "/api/v1/map?bbox=6.4,52.9,6.7,53.1&zoom=11"):
        answer = client.get(path)
        assert answer.status_code == 200
        assert not [v for v in answer.headers.getlist("Set-Cookie") if v.startswith("session=")]
    assert client.post(f"{AUTH}/logout", headers={"X-CSRF-Token": token}).status_code == 204


def test_a_session_ends_when_unused_for_longer_than_its_idle_limit(client, app, session, make_user):
    user = make_user("resident", email="jan@example.org")
    login(client)
    assert client.get(f"{AUTH}/me").status_code == 200
    (record,) = session.scalars(sa.select(UserSession).where(UserSession.user_id == user.id))
    record.last_used_at = utcnow() - dt.timedelta(hours=app.config["SESSION_IDLE_HOURS"], minutes=1)
    session.flush()
    assert_problem(client.get(f"{AUTH}/me"), 401)


def test_a_session_ends_after_its_maximum_age(client, app, make_user, monkeypatch):
    make_user("resident", email="jan@example.org")
    login(client)
    assert client.get(f"{AUTH}/me").status_code == 200
    monkeypatch.setitem(app.config, "SESSION_MAX_HOURS", -1)
    assert_problem(client.get(f"{AUTH}/me"), 401)


def test_auth_answers_are_never_cached(client, make_user):
    make_user("resident", email="jan@example.org")
    assert login(client).headers["Cache-Control"] == "no-store"
    assert client.get(f"{AUTH}/me").headers["Cache-Control"] == "no-store"
    assert client.get(f"{AUTH}/csrf").headers["Cache-Control"] == "no-store"

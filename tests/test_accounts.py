"""Accounts: register, log in, log out, who am I."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, assert_problem, link_token, mail_text
from verhalenkaart.accounts.models import User

AUTH = "/api/v1/auth"


def registration(**overrides: object) -> dict:
    return {
        "email": "geesje@example.org",
        "password": PASSWORD,
        "display_name": "Geesje",
    } | overrides


def users_with_email(session, email: str) -> list[User]:
    session.expire_all()
    return list(session.scalars(sa.select(User).where(User.email == email)))


# --- register ------------------------------------------------------------------------------------


def register_and_confirm(client, mailbox, **overrides: object):
    """Register, then confirm with the token of the mailed link (as the PWA's /registreren)."""
    body = registration(**overrides)
    accepted = client.post(f"{AUTH}/register", json=body)
    assert accepted.status_code == 202, accepted.json
    token = link_token(mailbox.wait_for(str(body["email"])), "/registreren")
    return client.post(f"{AUTH}/register/confirm", json={"token": token})


def test_register_creates_resident_and_logs_in(client, session, mailbox):
    response = register_and_confirm(client, mailbox)
    assert response.status_code == 201, response.json
    assert response.json["email"] == "geesje@example.org"
    assert response.json["display_name"] == "Geesje"
    assert response.json["role"] == "resident"
    assert "password" not in response.json
    me = client.get(f"{AUTH}/me")
    assert me.status_code == 200
    assert me.json["email"] == "geesje@example.org"
    (user,) = users_with_email(session, "geesje@example.org")
    assert user.role == "resident"
    assert user.password_hash.startswith("$argon2id$")


def test_register_stores_nothing_before_the_address_is_confirmed(client, session, mailbox):
    response = client.post(f"{AUTH}/register", json=registration())
    assert response.status_code == 202
    assert response.json == {"status": "confirmation-sent", "email": "geesje@example.org"}
    assert users_with_email(session, "geesje@example.org") == []
    assert_problem(client.get(f"{AUTH}/me"), 401)


def test_register_stores_email_in_lower_case(client, session, mailbox):
    response = register_and_confirm(client, mailbox, email="Geesje@Example.ORG")
    assert response.json["email"] == "geesje@example.org"
    assert len(users_with_email(session, "geesje@example.org")) == 1


def test_register_with_taken_email_answers_like_a_new_one(client, session, mailbox, make_user):
    make_user("resident", email="geesje@example.org", display_name="Geesje")
    taken = client.post(f"{AUTH}/register", json=registration(display_name="Andere Geesje"))
    fresh = client.post(f"{AUTH}/register", json=registration(email="nieuw@example.org"))
    assert (taken.status_code, fresh.status_code) == (202, 202)
    assert taken.json == {"status": "confirmation-sent", "email": "geesje@example.org"}
    assert set(taken.json) == set(fresh.json)
    assert_problem(client.get(f"{AUTH}/me"), 401)
    # The owner of the address is told instead, with a way in.
    told = mailbox.wait_for("geesje@example.org")
    assert "/inloggen" in mail_text(told)
    assert "/wachtwoord/nieuw?token=" in mail_text(told)
    assert len(users_with_email(session, "geesje@example.org")) == 1
    assert users_with_email(session, "geesje@example.org")[0].display_name == "Geesje"


def test_register_with_taken_email_in_other_case_creates_no_second_account(
    client, session, mailbox, make_user
):
    make_user("resident", email="geesje@example.org")
    response = client.post(f"{AUTH}/register", json=registration(email="GEESJE@example.org"))
    assert response.status_code == 202
    told = mailbox.wait_for("geesje@example.org")
    assert "/registreren?token=" not in mail_text(told)
    assert len(users_with_email(session, "geesje@example.org")) == 1


def test_register_with_short_password_is_422(client, session):
    response = client.post(f"{AUTH}/register", json=registration(password="kort"))
    body = assert_problem(response, 422, "password")
    assert "kort" not in str(body)
    assert users_with_email(session, "geesje@example.org") == []
    assert_problem(client.get(f"{AUTH}/me"), 401)


def test_register_with_invalid_email_is_422(client):
    assert_problem(client.post(f"{AUTH}/register", json=registration(email="geesje")), 422, "email")


def test_register_without_display_name_is_422(client):
    body = registration()
    del body["display_name"]
    assert_problem(client.post(f"{AUTH}/register", json=body), 422, "display_name")


@pytest.mark.parametrize(
    "name",
    [
        "Geesje\u202eeidaseR",  # right-to-left override: shows as "Geesje Resadie…"
        "Jan\u2066 \u2069",
        "Anna\u200f",
        "Zero\u200bwidth",
        "Curator",
        "CURATOR",
        "Redactie Verhalenkaart",
        "Moderator Piet",
        "C u r a t o r",
        "Сurator",  # a Cyrillic С
        "Admin",
    ],
)
def test_register_refuses_names_that_hide_text_or_pose_as_staff(client, mailbox, name):
    response = client.post(f"{AUTH}/register", json=registration(display_name=name))
    assert_problem(response, 422, "display_name")


@pytest.mark.parametrize("name", ["Geesje", "Badminton Bert", "Jan de Meester", "Zoë 🦉"])
def test_register_takes_ordinary_names(client, mailbox, name):
    response = client.post(f"{AUTH}/register", json=registration(display_name=name))
    assert response.status_code == 202, response.json


def test_register_with_a_role_is_422_and_sends_nothing(client, session, mailbox):
    response = client.post(f"{AUTH}/register", json=registration(role="curator"))
    assert_problem(response, 422, "role")
    mailbox.assert_nothing_to("geesje@example.org")
    assert users_with_email(session, "geesje@example.org") == []


def test_register_confirm_with_a_role_is_422_and_the_link_still_makes_a_resident(
    client, session, mailbox
):
    accepted = client.post(f"{AUTH}/register", json=registration())
    assert accepted.status_code == 202, accepted.json
    token = link_token(mailbox.wait_for("geesje@example.org"), "/registreren")
    chosen = client.post(f"{AUTH}/register/confirm", json={"token": token, "role": "curator"})
    assert_problem(chosen, 422, "role")
    assert users_with_email(session, "geesje@example.org") == []
    confirmed = client.post(f"{AUTH}/register/confirm", json={"token": token})
    assert confirmed.status_code == 201, confirmed.json
    assert confirmed.json["role"] == "resident"
    (user,) = users_with_email(session, "geesje@example.org")
    assert user.role == "resident"


# --- login and logout ----------------------------------------------------------------------------


def test_login_with_right_password_logs_in(client, make_user):
    user = make_user("resident", email="jan@example.org")
    response = client.post(f"{AUTH}/login", json={"email": "jan@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json["id"] == user.id
    assert client.get(f"{AUTH}/me").json["email"] == "jan@example.org"


def test_login_ignores_case_of_email(client, make_user):
    make_user("resident", email="jan@example.org")
    response = client.post(f"{AUTH}/login", json={"email": "Jan@Example.org", "password": PASSWORD})
    assert response.status_code == 200


def test_login_with_wrong_password_is_401(client, make_user):
    make_user("resident", email="jan@example.org")
    response = client.post(
        f"{AUTH}/login", json={"email": "jan@example.org", "password": "wrong password!"}
    )
    assert_problem(response, 401)
    assert_problem(client.get(f"{AUTH}/me"), 401)


def test_login_with_unknown_email_answers_like_wrong_password(client, make_user):
    make_user("resident", email="jan@example.org")
    wrong_password = client.post(
        f"{AUTH}/login", json={"email": "jan@example.org", "password": "wrong password!"}
    )
    unknown = client.post(
        f"{AUTH}/login", json={"email": "piet@example.org", "password": "wrong password!"}
    )
    assert_problem(unknown, 401)
    assert unknown.json == wrong_password.json


def test_login_with_nul_character_in_email_is_422(client):
    response = client.post(
        f"{AUTH}/login", json={"email": "jan\u0000@example.org", "password": PASSWORD}
    )
    assert_problem(response, 422, "email")


@pytest.mark.parametrize("field", ["email", "password"])
def test_login_with_lone_surrogate_is_422(client, make_user, field):
    # argon2 encodes the password to UTF-8: a lone surrogate raised UnicodeEncodeError.
    make_user("resident", email="jan@example.org")
    body = {"email": "jan@example.org", "password": PASSWORD} | {field: "\ud800"}
    assert_problem(client.post(f"{AUTH}/login", json=body), 422, field)


def test_register_with_lone_surrogate_is_422(client, session):
    response = client.post(f"{AUTH}/register", json=registration(display_name="Gees\ud800je"))
    assert_problem(response, 422, "display_name")
    assert users_with_email(session, "geesje@example.org") == []


def test_unknown_field_with_a_lone_surrogate_is_named_with_escapes(client):
    body = {"email": "jan@example.org", "password": PASSWORD, "x\ud800": "y"}
    problem = assert_problem(client.post(f"{AUTH}/login", json=body), 422)
    assert list(problem["errors"]) == ["x\\ud800"]


def test_register_with_nul_character_in_display_name_is_422(client, session):
    response = client.post(f"{AUTH}/register", json=registration(display_name="Gees\u0000je"))
    assert_problem(response, 422, "display_name")
    assert users_with_email(session, "geesje@example.org") == []


def test_login_without_password_is_422(client):
    assert_problem(client.post(f"{AUTH}/login", json={"email": "jan@example.org"}), 422, "password")


def test_logout_ends_the_session(client, make_user, login):
    login(make_user("resident"))
    assert client.get(f"{AUTH}/me").status_code == 200
    response = client.post(f"{AUTH}/logout")
    assert response.status_code == 204
    assert_problem(client.get(f"{AUTH}/me"), 401)


def test_me_when_not_logged_in_is_401(client):
    assert_problem(client.get(f"{AUTH}/me"), 401)


def test_me_shows_the_role(client, make_user, login):
    login(make_user("curator", display_name="Redactie"))
    me = client.get(f"{AUTH}/me").json
    assert (me["role"], me["display_name"]) == ("curator", "Redactie")


def test_register_rejects_a_display_name_of_only_spaces(client):
    response = client.post("/api/v1/auth/register", json=registration(display_name="   "))
    assert_problem(response, 422, "display_name")

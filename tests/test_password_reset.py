"""Password reset by an e-mailed, single-use, expiring link, and the logged-in password change.
Mail goes through a real SMTP server on loopback."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from tests.conftest import PASSWORD, assert_problem, link_token, mail_text
from verhalenkaart import mail
from verhalenkaart.accounts import services, tokens
from verhalenkaart.accounts.models import User
from verhalenkaart.errors import TokenUsed

AUTH = "/api/v1/auth"
NEW_PASSWORD = "Ees heeft de mooiste brink"


def ask_for_reset(client, mailbox, email: str = "jan@example.org", count: int = 1) -> str:
    response = client.post(f"{AUTH}/password-reset", json={"email": email})
    assert response.status_code == 202, response.json
    return link_token(mailbox.wait_for(email, count=count), "/wachtwoord/nieuw")


def confirm(client, token: str, password: str = NEW_PASSWORD, **kwargs):
    return client.post(
        f"{AUTH}/password-reset/confirm", json={"token": token, "password": password}, **kwargs
    )


def login(client, email: str = "jan@example.org", password: str = PASSWORD):
    return client.post(f"{AUTH}/login", json={"email": email, "password": password})


def test_reset_mails_a_link_to_the_pwa_page(client, make_user, mailbox):
    make_user("resident", email="jan@example.org", display_name="Jan")
    response = client.post(f"{AUTH}/password-reset", json={"email": "Jan@Example.org"})
    assert response.status_code == 202
    assert response.json == {"status": "reset-requested"}
    message = mailbox.wait_for("jan@example.org")
    assert "https://verhalenkaart.test/wachtwoord/nieuw?token=" in mail_text(message)
    assert "Hallo Jan" in mail_text(message)
    assert message["Subject"].startswith("Nieuw wachtwoord")


def test_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(
    client, make_user, mailbox
):
    make_user("resident", email="jan@example.org")
    known = client.post(f"{AUTH}/password-reset", json={"email": "jan@example.org"})
    unknown = client.post(f"{AUTH}/password-reset", json={"email": "piet@example.org"})
    assert (unknown.status_code, unknown.json) == (known.status_code, known.json)
    mailbox.wait_for("jan@example.org")
    mailbox.assert_nothing_to("piet@example.org")


def test_the_link_sets_a_new_password(client, make_user, mailbox):
    make_user("resident", email="jan@example.org")
    token = ask_for_reset(client, mailbox)
    assert confirm(client, token).status_code == 204
    assert_problem(login(client), 401)
    assert login(client, password=NEW_PASSWORD).status_code == 200


def test_the_owner_is_told_when_the_password_was_reset(client, make_user, mailbox):
    make_user("resident", email="jan@example.org")
    token = ask_for_reset(client, mailbox)
    assert confirm(client, token).status_code == 204
    told = mailbox.wait_for("jan@example.org", count=2)
    assert told["Subject"].startswith("Je wachtwoord is gewijzigd")
    assert "https://verhalenkaart.test/inloggen" in mail_text(told)


def test_the_owner_is_told_when_the_password_was_changed(client, make_user, mailbox, login):
    login(make_user("resident", email="jan@example.org"))
    assert change(client).status_code == 204
    assert mailbox.wait_for("jan@example.org")["Subject"].startswith("Je wachtwoord is gewijzigd")


def test_a_used_link_does_not_work_again(client, make_user, mailbox):
    make_user("resident", email="jan@example.org")
    token = ask_for_reset(client, mailbox)
    assert confirm(client, token).status_code == 204
    problem = assert_problem(confirm(client, token, "Nog een ander wachtwoord"), 422, "token")
    assert problem["type"] == "urn:verhalenkaart:problem:token-used"
    assert login(client, password=NEW_PASSWORD).status_code == 200


def test_an_older_link_dies_when_a_newer_one_is_used(client, make_user, mailbox):
    make_user("resident", email="jan@example.org")
    first = ask_for_reset(client, mailbox)
    second = ask_for_reset(client, mailbox, count=2)
    assert confirm(client, second).status_code == 204
    problem = assert_problem(confirm(client, first, "Nog een ander wachtwoord"), 422, "token")
    assert problem["type"] == "urn:verhalenkaart:problem:token-used"


def test_an_expired_link_is_a_clear_problem(client, app, make_user, mailbox, monkeypatch):
    make_user("resident", email="jan@example.org")
    token = ask_for_reset(client, mailbox)
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)  # any age is too old now
    response = confirm(client, token, headers={"Accept-Language": "nl"})
    problem = assert_problem(response, 422, "token")
    assert problem["type"] == "urn:verhalenkaart:problem:token-expired"
    assert problem["errors"]["token"] == ["Deze link is verlopen; vraag een nieuwe aan."]
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", 3600)
    assert login(client).status_code == 200  # the password did not change


def test_links_expire_after_an_hour_by_default(app):
    assert app.config["PASSWORD_RESET_MAX_AGE"] == 3600


def test_a_tampered_link_is_invalid(client, make_user, mailbox):
    make_user("resident", email="jan@example.org")
    token = ask_for_reset(client, mailbox)
    problem = assert_problem(confirm(client, token[:-2] + "xx"), 422, "token")
    assert problem["type"] == "urn:verhalenkaart:problem:token-invalid"


def test_a_lone_surrogate_in_the_link_or_password_is_422(client, make_user, mailbox):
    # itsdangerous and argon2 encode to UTF-8 and raised UnicodeEncodeError (a 500).
    make_user("resident", email="jan@example.org")
    token = ask_for_reset(client, mailbox)
    assert_problem(confirm(client, token + "\ud800"), 422, "token")
    assert_problem(confirm(client, token, NEW_PASSWORD + "\udc00"), 422, "password")
    assert confirm(client, token).status_code == 204


def test_a_weak_new_password_keeps_the_link_usable(client, make_user, mailbox):
    make_user("resident", email="jan@example.org")
    token = ask_for_reset(client, mailbox)
    assert_problem(confirm(client, token, "password123"), 422, "password")
    assert confirm(client, token).status_code == 204


def test_a_reset_ends_every_session_of_the_account(app, client, make_user, mailbox):
    make_user("resident", email="jan@example.org")
    assert login(client).status_code == 200
    other = app.test_client()
    token = ask_for_reset(other, mailbox)
    assert confirm(other, token).status_code == 204
    assert_problem(client.get(f"{AUTH}/me"), 401)


def test_two_resets_racing_with_one_link_let_only_one_win(session, make_user, app):
    user = make_user("resident", email="jan@example.org")
    fingerprint = tokens.password_fingerprint(user)
    with app.app_context():
        # Another request used the link a moment ago: the stored hash is no longer the one
        # this (stale) session object holds, so the compare-and-set must refuse.
        session.execute(
            sa.update(User).where(User.id == user.id).values(password_hash="$argon2id$other")
        )
        try:
            services.reset_password(session, user.id, fingerprint, 0, NEW_PASSWORD)
        except TokenUsed:
            pass
        else:
            raise AssertionError("a second use of the same link was accepted")


def test_without_smtp_the_mail_goes_to_the_log_in_development(client, make_user, caplog):
    make_user("resident", email="jan@example.org")
    with caplog.at_level(logging.WARNING, logger="verhalenkaart.mail"):
        response = client.post(f"{AUTH}/password-reset", json={"email": "jan@example.org"})
        mail.wait_until_sent()  # the mail is a job of its own
    assert response.status_code == 202
    assert "/wachtwoord/nieuw?token=" in caplog.text
    assert "jan@example.org" in caplog.text


def test_reset_needs_a_valid_email_address(client):
    assert_problem(client.post(f"{AUTH}/password-reset", json={"email": "jan"}), 422, "email")


# --- logged-in password change --------------------------------------------------------------------


def change(client, current: str = PASSWORD, new: str = NEW_PASSWORD):
    return client.post(f"{AUTH}/password", json={"current_password": current, "new_password": new})


def test_change_password_keeps_this_session_and_ends_the_others(app, client, make_user):
    make_user("resident", email="jan@example.org")
    other = app.test_client()
    assert login(other).status_code == 200
    assert login(client).status_code == 200
    assert change(client).status_code == 204
    assert client.get(f"{AUTH}/me").status_code == 200
    assert_problem(other.get(f"{AUTH}/me"), 401)
    client.post(f"{AUTH}/logout")
    assert_problem(login(client), 401)
    assert login(client, password=NEW_PASSWORD).status_code == 200


def test_change_password_needs_the_current_one(client, make_user, login):
    user = make_user("resident")
    login(user)
    problem = assert_problem(
        change(client, current="niet mijn wachtwoord"), 422, "current_password"
    )
    assert "new_password" not in problem["errors"]


def test_change_password_refuses_a_common_new_one(client, make_user, login):
    login(make_user("resident"))
    assert_problem(change(client, new="qwerty12345"), 422, "new_password")


def test_change_password_with_a_lone_surrogate_is_422(client, make_user, login):
    login(make_user("resident"))
    assert_problem(change(client, current=PASSWORD + "\ud800"), 422, "current_password")
    assert_problem(change(client, new=NEW_PASSWORD + "\ud800"), 422, "new_password")


def test_change_password_needs_a_login(client):
    assert_problem(change(client), 401)


def test_a_password_change_retires_outstanding_reset_links(client, make_user, mailbox, login):
    user = make_user("resident", email="jan@example.org")
    token = ask_for_reset(client, mailbox)
    login(user)
    assert change(client).status_code == 204
    assert_problem(confirm(client, token, "Nog een ander wachtwoord"), 422, "token")


def test_an_older_link_stops_working_once_a_newer_one_was_sent(client, make_user, mailbox):
    make_user("resident", email="jan@example.org")
    first = ask_for_reset(client, mailbox)
    ask_for_reset(client, mailbox, count=2)  # sent, not used
    problem = assert_problem(confirm(client, first, "Nog een ander wachtwoord"), 422, "token")
    assert problem["type"] == "urn:verhalenkaart:problem:token-used"
    assert login(client).status_code == 200  # the password did not change


def test_the_newest_link_still_works_after_an_older_one_was_refused(client, make_user, mailbox):
    make_user("resident", email="jan@example.org")
    first = ask_for_reset(client, mailbox)
    second = ask_for_reset(client, mailbox, count=2)
    assert_problem(confirm(client, first), 422, "token")
    assert confirm(client, second).status_code == 204
    assert login(client, password=NEW_PASSWORD).status_code == 200

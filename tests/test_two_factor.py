"""Two-step verification (ASVS V2.7/V2.8): set-up with a real authenticator code (pyotp), the
login's second step, recovery codes that work once, replayed and guessed codes, and the roles
that must have it (REQUIRE_TWO_FACTOR)."""

from __future__ import annotations

import time

import pyotp
import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, assert_problem, feature
from verhalenkaart.accounts.models import RecoveryCode, User

AUTH = "/api/v1/auth"
TWO_FACTOR = "/api/v1/me/two-factor"


def log_in(app, user):
    client = app.test_client()
    response = client.post(f"{AUTH}/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return client


def next_code(secret: str, steps: int = 1) -> str:
    """A code of a coming 30-second step (accepted: phones' clocks drift; one step ahead)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps)


def turn_on(client) -> tuple[str, list[str]]:
    """Set up and confirm through the API; the secret and the recovery codes."""
    setup = client.post(f"{TWO_FACTOR}/setup")
    assert setup.status_code == 201, setup.json
    secret = setup.json["secret"]
    confirm = client.post(f"{TWO_FACTOR}/confirm", json={"code": pyotp.TOTP(secret).now()})
    assert confirm.status_code == 200, confirm.json
    return secret, confirm.json["recovery_codes"]


def password_step(app, user):
    client = app.test_client()
    response = client.post(f"{AUTH}/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 202
    assert response.json == {"status": "two-factor-required"}
    return client


def test_setup_gives_a_qr_code_and_turns_on_only_with_a_right_code(app, make_user, session):
    user = make_user("curator")
    client = log_in(app, user)
    setup = client.post(f"{TWO_FACTOR}/setup").json
    assert setup["otpauth_uri"].startswith("otpauth://totp/")
    assert setup["secret"] in setup["otpauth_uri"]
    assert setup["qr_svg"].startswith("<svg")
    # The secret is not kept readable.
    session.expire_all()
    assert setup["secret"] not in session.get(User, user.id).totp_secret
    assert_problem(client.post(f"{TWO_FACTOR}/confirm", json={"code": "000000"}), 422, "code")
    assert client.get(f"{TWO_FACTOR}").json["enabled"] is False
    # Logging in still needs no code: nothing is on until confirmed.
    log_in(app, user)
    response = client.post(
        f"{TWO_FACTOR}/confirm", json={"code": pyotp.TOTP(setup["secret"]).now()}
    )
    assert response.status_code == 200
    codes = response.json["recovery_codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    status = client.get(TWO_FACTOR).json
    assert status == {"enabled": True, "required": False, "recovery_codes_left": 10}
    assert client.get(f"{AUTH}/me").json["two_factor"]["enabled"] is True


def test_recovery_codes_are_stored_hashed(app, make_user, session):
    user = make_user("admin")
    _secret, codes = turn_on(log_in(app, user))
    stored = set(session.scalars(sa.select(RecoveryCode.code_hash)))
    assert not any(code.replace("-", "") in h or code in h for code in codes for h in stored)


def test_login_asks_for_the_code_and_takes_a_right_one(app, make_user):
    user = make_user("curator")
    secret, _codes = turn_on(log_in(app, user))
    client = password_step(app, user)
    # Not logged in yet.
    assert_problem(client.get(f"{AUTH}/me"), 401)
    assert_problem(client.post(f"{AUTH}/login/code", json={"code": "123456"}), 422, "code")
    response = client.post(f"{AUTH}/login/code", json={"code": next_code(secret)})
    assert response.status_code == 200
    assert response.json["email"] == user.email
    assert client.get(f"{AUTH}/me").status_code == 200


def test_a_code_works_once(app, make_user):
    user = make_user("curator")
    secret, _codes = turn_on(log_in(app, user))
    code = next_code(secret)
    assert (
        password_step(app, user).post(f"{AUTH}/login/code", json={"code": code}).status_code == 200
    )
    replay = password_step(app, user).post(f"{AUTH}/login/code", json={"code": code})
    assert_problem(replay, 422, "code")


def test_a_recovery_code_works_once(app, make_user):
    user = make_user("admin")
    _secret, codes = turn_on(log_in(app, user))
    first = password_step(app, user)
    response = first.post(f"{AUTH}/login/code", json={"code": codes[0].lower()})
    assert response.status_code == 200
    assert first.get(TWO_FACTOR).json["recovery_codes_left"] == 9
    again = password_step(app, user).post(f"{AUTH}/login/code", json={"code": codes[0]})
    assert_problem(again, 422, "code")
    other = password_step(app, user).post(f"{AUTH}/login/code", json={"code": codes[1]})
    assert other.status_code == 200


def test_the_code_step_needs_the_password_step_first(client):
    assert_problem(client.post(f"{AUTH}/login/code", json={"code": "123456"}), 401)


def test_code_guesses_are_limited_per_account(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_TWO_FACTOR", "3 per hour")
    user = make_user("curator")
    secret, _codes = turn_on(log_in(app, user))
    for _attempt in range(3):
        guess = password_step(app, user).post(f"{AUTH}/login/code", json={"code": "000000"})
        assert_problem(guess, 422, "code")
    # A new session (a new password step) buys no more guesses, even with the right code.
    blocked = password_step(app, user).post(f"{AUTH}/login/code", json={"code": next_code(secret)})
    assert_problem(blocked, 429)


def test_turning_it_off_needs_the_password(app, make_user):
    user = make_user("curator")
    client = log_in(app, user)
    turn_on(client)
    assert_problem(client.delete(TWO_FACTOR, json={"password": "niet het wachtwoord"}), 403)
    assert client.delete(TWO_FACTOR, json={"password": PASSWORD}).status_code == 204
    log_in(app, user)  # no code asked any more


def test_new_recovery_codes_replace_the_old_ones(app, make_user):
    user = make_user("admin")
    client = log_in(app, user)
    _secret, old = turn_on(client)
    new = client.post(f"{TWO_FACTOR}/recovery-codes", json={"password": PASSWORD}).json
    assert_problem(password_step(app, user).post(f"{AUTH}/login/code", json={"code": old[0]}), 422)
    step = password_step(app, user)
    assert (
        step.post(f"{AUTH}/login/code", json={"code": new["recovery_codes"][0]}).status_code == 200
    )


def test_pupils_have_no_second_factor(app, make_user):
    assert_problem(log_in(app, make_user("pupil")).post(f"{TWO_FACTOR}/setup"), 403)


@pytest.fixture
def required_for_staff(app, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", frozenset({"curator", "admin"}))


@pytest.mark.usefixtures("required_for_staff")
def test_a_required_factor_must_be_set_up_before_staff_work(app, make_user):
    curator = make_user("curator")
    client = log_in(app, curator)
    assert client.get(f"{AUTH}/me").json["two_factor"] == {"enabled": False, "required": True}
    problem = assert_problem(client.get("/api/v1/moderation/queue"), 403)
    assert problem["type"].endswith("two-factor-setup-required")
    assert_problem(client.post("/api/v1/collections", json={"title": "Langs de Aa"}), 403)
    admin = log_in(app, make_user("admin"))
    assert_problem(admin.get("/api/v1/admin/users"), 403)
    # Residents are not asked; their own pages keep working for staff too.
    assert log_in(app, make_user("resident")).get("/api/v1/me/stories").status_code == 200
    assert client.get("/api/v1/me/stories").status_code == 200
    turn_on(client)
    assert client.get("/api/v1/moderation/queue").status_code == 200


@pytest.mark.usefixtures("required_for_staff")
def test_until_then_staff_act_as_residents_everywhere(app, make_user, make_story):
    """Not only the staff endpoints: every moderator check (seeing unpublished stories,
    publishing one's own story at once) waits for the second factor."""
    curator = make_user("curator")
    waiting = make_story(status="pending", title="Nog niet gezien")
    client = log_in(app, curator)
    assert_problem(client.get(f"/api/v1/stories/{waiting.uuid}"), 404)
    made = client.post("/api/v1/stories", json=feature(title="Van de conservator"))
    assert made.status_code == 201, made.json
    assert made.json["properties"]["status"] == "pending"
    turn_on(client)
    assert client.get(f"/api/v1/stories/{waiting.uuid}").status_code == 200
    again = client.post("/api/v1/stories", json=feature(title="Nu wel"))
    assert again.json["properties"]["status"] == "published"


def test_the_setting_names_known_roles_only(app):
    from verhalenkaart import create_app
    from verhalenkaart.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="REQUIRE_TWO_FACTOR"):
        create_app({"REQUIRE_TWO_FACTOR": "curator,boss", "DATABASE_URL": "sqlite://"})
    made = create_app({"REQUIRE_TWO_FACTOR": " curator, admin ", "DATABASE_URL": "sqlite://"})
    assert made.config["REQUIRE_TWO_FACTOR"] == {"curator", "admin"}

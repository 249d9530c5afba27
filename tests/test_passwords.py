"""Passwords: argon2id hashes, older hashes upgraded at login, the rules for new passwords,
and logins that take as long for an unknown address as for a wrong password."""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher
from werkzeug.security import generate_password_hash

from tests.conftest import PASSWORD, assert_problem
from verhalenkaart import create_app
from verhalenkaart.accounts.passwords import (
    DEFAULT_ARGON2,
    common_passwords,
    hash_password,
    password_problem,
)

AUTH = "/api/v1/auth"
#: A cost at which hashing (~40 ms) clearly dominates a request, cheaper than the real one.
MEASURABLE_ARGON2 = {"ARGON2_TIME_COST": 2, "ARGON2_MEMORY_KIB": 32768, "ARGON2_PARALLELISM": 2}


def login(client, email: str, password: str = PASSWORD):
    return client.post(f"{AUTH}/login", json={"email": email, "password": password})


def stored_hash(session, user) -> str:
    session.expire_all()
    session.refresh(user)
    return user.password_hash


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2:sha256"])
def test_login_upgrades_a_werkzeug_hash_to_argon2id(client, session, make_user, method):
    user = make_user("resident", email="jan@example.org")
    user.password_hash = generate_password_hash(PASSWORD, method=method)
    session.commit()
    assert login(client, "jan@example.org").status_code == 200
    upgraded = stored_hash(session, user)
    assert upgraded.startswith("$argon2id$")
    client.post(f"{AUTH}/logout")
    assert login(client, "jan@example.org").status_code == 200


def test_a_wrong_password_leaves_the_old_hash_alone(client, session, make_user):
    user = make_user("resident", email="jan@example.org")
    before = stored_hash(session, user)
    assert_problem(login(client, "jan@example.org", "niet het wachtwoord"), 401)
    assert stored_hash(session, user) == before


def test_login_rehashes_argon2_of_another_cost(client, session, make_user, app):
    user = make_user("resident", email="jan@example.org")
    user.password_hash = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(PASSWORD)
    session.commit()
    assert login(client, "jan@example.org").status_code == 200
    assert f"m={app.config['ARGON2_MEMORY_KIB']},t={app.config['ARGON2_TIME_COST']}" in (
        stored_hash(session, user)
    )


def test_with_a_pepper_new_hashes_need_it_and_old_ones_are_upgraded(
    client, session, make_user, app, monkeypatch
):
    user = make_user("resident", email="jan@example.org")
    monkeypatch.setitem(app.config, "PASSWORD_PEPPER", "een geheim buiten de database")
    assert login(client, "jan@example.org").status_code == 200
    peppered = stored_hash(session, user)
    assert peppered.startswith("$vkpepper$$argon2id$")
    client.post(f"{AUTH}/logout")
    assert login(client, "jan@example.org").status_code == 200
    assert stored_hash(session, user) == peppered  # no needless rehash
    client.post(f"{AUTH}/logout")
    # The database alone is not enough: without the pepper the hash does not verify.
    monkeypatch.setitem(app.config, "PASSWORD_PEPPER", "")
    assert_problem(login(client, "jan@example.org"), 401)
    monkeypatch.setitem(app.config, "PASSWORD_PEPPER", "een ander geheim")
    assert_problem(login(client, "jan@example.org"), 401)


def test_the_default_cost_is_rfc_9106s_second_profile(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path)})
    with app.app_context():
        assert hash_password("een lang wachtwoord").startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert {key: app.config[key] for key in DEFAULT_ARGON2} == DEFAULT_ARGON2


def test_the_shipped_list_holds_thousands_of_common_passwords():
    common = common_passwords()
    assert len(common) > 5000
    assert {"123456", "password", "qwertyuiop", "wachtwoord", "welkom"} <= common


@pytest.mark.parametrize(
    "password",
    [
        "qwertyuiop",
        "1234567890",
        "password123",
        "Wachtwoord2024!",
        "welkom12345",
        "aaaaaaaaaaaa",
        "ababababababab",
    ],
)
def test_register_refuses_a_common_password(client, session, password):
    body = {"email": "geesje@example.org", "password": password, "display_name": "Geesje"}
    problem = assert_problem(client.post(f"{AUTH}/register", json=body), 422, "password")
    assert problem["errors"]["password"] == [
        "This password is too common; choose one that is harder to guess."
    ]
    assert password not in str(problem)


def test_the_password_problem_is_in_dutch_for_a_dutch_client(client):
    body = {"email": "geesje@example.org", "password": "wachtwoord1", "display_name": "Geesje"}
    response = client.post(f"{AUTH}/register", json=body, headers={"Accept-Language": "nl"})
    problem = assert_problem(response, 422, "password")
    assert problem["errors"]["password"] == [
        "Dit wachtwoord komt te veel voor; kies er een dat moeilijker te raden is."
    ]


def test_a_short_password_is_refused_in_dutch_too(client):
    body = {"email": "geesje@example.org", "password": "kort123", "display_name": "Geesje"}
    response = client.post(f"{AUTH}/register", json=body, headers={"Accept-Language": "nl"})
    problem = assert_problem(response, 422, "password")
    assert problem["errors"]["password"] == ["Gebruik minstens 10 tekens."]


def test_the_minimum_length_is_a_setting(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_MIN_LENGTH", 12)
    body = {"email": "geesje@example.org", "password": "elf tekens!", "display_name": "Geesje"}
    problem = assert_problem(client.post(f"{AUTH}/register", json=body), 422, "password")
    assert problem["errors"]["password"] == ["Use at least 12 characters."]


def test_register_refuses_the_email_address_as_password(client):
    body = {
        "email": "geesje.de.vries@example.org",
        "password": "geesje.de.vries@example.org",
        "display_name": "Geesje",
    }
    problem = assert_problem(client.post(f"{AUTH}/register", json=body), 422, "password")
    assert problem["errors"]["password"] == ["Do not use your e-mail address as password."]


@pytest.mark.parametrize(
    "password", [PASSWORD, "lang-genoeg-wachtwoord", "Mijn opa had een boerderij in Ees"]
)
def test_good_passwords_pass_the_rules(password):
    assert password_problem(password, email="geesje@example.org") is None


def interleaved_medians(first, second, times: int = 5) -> tuple[float, float]:
    """Median durations of two attempts, taken in turns so a busy machine slows both alike."""
    durations: tuple[list[float], list[float]] = ([], [])
    for _ in range(times):
        for attempt, bucket in ((first, durations[0]), (second, durations[1])):
            start = time.perf_counter()
            attempt()
            bucket.append(time.perf_counter() - start)
    return sorted(durations[0])[times // 2], sorted(durations[1])[times // 2]


def test_an_unknown_address_takes_as_long_as_a_wrong_password(
    client, session, make_user, app, monkeypatch
):
    for key, value in MEASURABLE_ARGON2.items():
        monkeypatch.setitem(app.config, key, value)
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_ACCOUNT", "100 per minute")
    with app.app_context():
        real_hash = hash_password(PASSWORD)
    make_user("resident", email="jan@example.org").password_hash = real_hash
    session.commit()
    client.csrf_token()

    def wrong_password():
        assert login(client, "jan@example.org", "niet het wachtwoord").status_code == 401

    def unknown_address():
        assert login(client, "niemand@example.org", "niet het wachtwoord").status_code == 401

    known, unknown = interleaved_medians(wrong_password, unknown_address)
    assert known > 0.02, "the real argon2 cost should dominate a login"
    # Without the dummy hash an unknown address answers ~50 times faster; the margin is wide
    # because the test machine is shared.
    assert 0.33 < unknown / known < 3, (known, unknown)

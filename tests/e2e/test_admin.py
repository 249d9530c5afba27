"""Accounts end to end in Chromium: an administrator approves a teacher request, changes a role
and blocks an account on a 320 px phone (axe-clean); a curator turns on two-step login by
scanning (reading) the QR code's secret, logs in with a code, and ends another session."""

from __future__ import annotations

import time
from urllib.parse import quote

import pyotp
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.conftest import link_token
from tests.e2e.conftest import PASSWORD, ensure_account
from tests.e2e.test_pwa import axe_violations
from verhalenkaart.accounts.models import User
from verhalenkaart.db import utcnow
from verhalenkaart.extensions import db

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

ADMIN = "beheer@example.org"
PHONE = {"width": 320, "height": 740}


def account(server, email: str):
    with server.app.app_context(), Session(db.engine) as session:
        return session.scalar(sa.select(User).where(User.email == email))


def ask_to_teach(server, email: str, school: str) -> None:
    with server.app.app_context(), Session(db.engine) as session:
        user = session.scalar(sa.select(User).where(User.email == email))
        user.school, user.teacher_requested_at = school, utcnow()
        session.commit()


def log_in(page, email: str) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()


def test_admin_approves_a_teacher_changes_a_role_and_blocks_on_a_phone(new_context, server):
    ensure_account(server, ADMIN, "Beheer", "admin")
    ensure_account(server, "meester@example.org", "Meester Bram", "resident")
    ensure_account(server, "hinderlijk@example.org", "Hinderlijk", "resident")
    ensure_account(server, "helper@example.org", "Helper Gea", "resident")
    ask_to_teach(server, "meester@example.org", "OBS De Esch")
    page = new_context(viewport=PHONE).new_page()
    log_in(page, ADMIN)
    page.wait_for_url("**/mijn")
    page.locator(".staff-toggle").click()
    page.get_by_role("link", name="Accounts beheren").click()
    page.wait_for_url("**/beheer")
    page.get_by_label("Alleen aanvragen als leerkracht").check()
    page.get_by_role("button", name="Zoeken").click()
    card = page.locator(".admin-user", has_text="Meester Bram")
    expect(card).to_contain_text("Wil leerkracht worden bij OBS De Esch")
    expect(page.locator(".admin-user")).to_have_count(1)
    card.get_by_role("button", name="Goedkeuren als leerkracht").click()
    expect(page.locator("[role=status]").first).to_contain_text("Meester Bram is nu leerkracht.")
    assert account(server, "meester@example.org").role == "teacher"

    # A role by keyboard: search, choose, change.
    page.get_by_label("Alleen aanvragen als leerkracht").uncheck()
    page.get_by_label("Zoek op naam of e-mailadres").fill("helper")
    page.keyboard.press("Enter")
    helper = page.locator(".admin-user", has_text="Helper Gea")
    expect(page.locator(".admin-user")).to_have_count(1)
    helper.get_by_label("Nieuwe rol voor Helper Gea").select_option("curator")
    helper.get_by_role("button", name="Rol wijzigen").focus()
    page.keyboard.press("Enter")
    expect(helper.locator(".role-badge")).to_have_text("Curator")
    assert account(server, "helper@example.org").role == "curator"

    # Blocking logs the account out everywhere.
    victim = new_context().new_page()
    log_in(victim, "hinderlijk@example.org")
    victim.wait_for_url("**/mijn")
    page.get_by_label("Zoek op naam of e-mailadres").fill("hinderlijk")
    page.get_by_role("button", name="Zoeken").click()
    target = page.locator(".admin-user", has_text="Hinderlijk")
    page.once("dialog", lambda dialog: dialog.accept())
    target.get_by_role("button", name="Blokkeren").click()
    expect(target).to_contain_text("Geblokkeerd")
    assert account(server, "hinderlijk@example.org").blocked_at is not None
    assert victim.request.get("/api/v1/auth/me").status == 401
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_admin_screen_is_axe_clean(new_context, server):
    ensure_account(server, ADMIN, "Beheer", "admin")
    page = new_context(viewport=PHONE, bypass_csp=True).new_page()
    log_in(page, ADMIN)
    page.wait_for_url("**/mijn")
    page.goto("/beheer")
    page.locator(".admin-user").first.wait_for()
    assert axe_violations(page) == []
    page.goto("/mijn/account")
    page.locator(".session-list").wait_for()
    assert axe_violations(page) == []


def test_curator_turns_on_two_step_login_and_logs_in_with_a_code(new_context, server):
    email = ensure_account(server, "tweestaps@example.org", "Curator Twee", "curator")
    laptop = new_context().new_page()
    log_in(laptop, email)
    laptop.wait_for_url("**/mijn")
    phone = new_context(viewport=PHONE).new_page()
    log_in(phone, email)
    phone.wait_for_url("**/mijn")
    phone.get_by_role("link", name="Mijn account").click()
    phone.wait_for_url("**/mijn/account")
    phone.get_by_role("button", name="Aanzetten").click()
    expect(phone.get_by_alt_text("QR-code om te scannen met je app")).to_be_visible()
    secret = phone.locator(".totp-secret").inner_text().replace(" ", "")
    phone.get_by_label("Code uit de app").fill(pyotp.TOTP(secret).now())
    phone.get_by_role("button", name="Bevestigen").click()
    codes = phone.locator(".recovery-codes li")
    expect(codes).to_have_count(10)
    phone.get_by_role("button", name="Ik heb de codes bewaard").click()
    expect(phone.locator(".account-section", has_text="Inloggen in twee stappen")).to_contain_text(
        "Staat aan. Je hebt nog 10 herstelcodes."
    )
    assert account(server, email).totp_enabled_at is not None

    # A new login asks for the code (the next one: a code never works twice).
    tablet = new_context(viewport=PHONE).new_page()
    log_in(tablet, email)
    expect(tablet.get_by_role("heading", name="Code uit je app")).to_be_visible()
    tablet.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).at(time.time() + 30))
    tablet.get_by_role("button", name="Inloggen").click()
    tablet.wait_for_url("**/mijn")

    # The phone sees three sessions and logs out the others.
    phone.reload()
    sessions = phone.locator(".session-list .session")
    expect(sessions).to_have_count(3)
    expect(phone.locator(".session.current")).to_contain_text("Dit apparaat")
    phone.get_by_role("button", name="Overal anders afmelden").click()
    expect(sessions).to_have_count(1)
    assert laptop.request.get("/api/v1/auth/me").status == 401
    assert tablet.request.get("/api/v1/auth/me").status == 401
    assert phone.request.get("/api/v1/auth/me").status == 200


def test_a_teacher_asks_for_the_role_at_sign_up_and_sees_it_waiting(page, e2e_mailbox):
    page.goto("/registreren")
    page.get_by_label("Naam bij je verhalen").fill("Juf Ineke")
    page.get_by_label("E-mailadres").fill("ineke@example.org")
    page.get_by_label("Wachtwoord", exact=True).fill("drie bomen op de brink")
    expect(page.get_by_label("Naam van je school")).to_be_hidden()
    page.get_by_label("Ik ben leerkracht").check()
    page.locator("form.account-form button[type=submit]").click()
    # The school is needed once the box is ticked.
    expect(page.get_by_label("Naam van je school")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Naam van je school").fill("OBS De Esch")
    page.locator("form.account-form button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_contain_text("e-mail gestuurd")
    token = link_token(e2e_mailbox.wait_for("ineke@example.org"), "/registreren")
    page.goto(f"/registreren?token={quote(token)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn verhalen")
    page.get_by_role("link", name="Mijn account").click()
    expect(page.locator(".account-section", has_text="Leerkracht worden")).to_contain_text(
        "Je aanvraag voor OBS De Esch is verstuurd"
    )

"""The curators' workbench end to end: the moderation desk (keyboard approval the resident then
sees, a bulk decision), the decision log and the insight dashboard, axe-clean and narrow."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.e2e.conftest import EMAIL, PASSWORD, ensure_account, login, publish_story
from tests.e2e.test_pwa import axe_violations
from verhalenkaart.accounts.models import User
from verhalenkaart.extensions import db
from verhalenkaart.stories.models import Status, Story

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

CURATOR = "redactie@example.org"


@pytest.fixture(scope="module")
def curator(server) -> str:
    return ensure_account(server, CURATOR, "Redactie", "curator")


def pending_stories(server, *titles: str, origin: str | None = None) -> None:
    """Stories by Anna (a resident) that wait for a curator."""
    with server.app.app_context(), Session(db.engine) as session:
        anna = session.scalar(sa.select(User).where(User.email == EMAIL))
        for title in titles:
            story = publish_story(
                server.app,
                session,
                anna,
                "memory",
                title,
                (6.5625, 52.9925),
                ["natuur"],
                1960,
                1965,
            )
            story.status = Status.PENDING
            story.published_at = None
            story.origin_place = origin
        session.commit()


def status_of(server, title: str) -> str:
    (story,) = server.stories_titled(title)
    return story.status


def curator_login(page) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(CURATOR)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/mijn")
    # The navigation says the role, and offers the workbench.
    expect(page.locator(".staff-toggle")).to_contain_text("Curator")


def test_curator_approves_with_the_keyboard_and_the_resident_sees_the_decision(
    new_context, server, curator
):
    title = "De schaapskooi bij Exloo"
    pending_stories(server, title)
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    curator_login(page)
    page.locator(".staff-toggle").click()
    page.get_by_role("link", name="Moderatie").click()
    page.wait_for_url("**/moderatie")
    item = page.locator(".desk-open", has_text=title)
    item.click()
    expect(page.locator("#desk-item-title")).to_have_text(title)
    # Beside the queue: the place on a small map, the teller's record.
    expect(page.locator(".desk-map .leaflet-marker-icon")).to_have_count(1)
    expect(page.locator(".desk-history")).to_be_visible()
    expect(page.locator(".desk-shortcuts")).to_contain_text("goedkeuren")
    page.get_by_label("Bericht aan de verteller").fill("Mooi verhaal, dank je wel!")
    item.focus()
    page.keyboard.press("a")
    expect(page.locator(".page [role=status][aria-live=polite]")).to_contain_text(
        f"Goedgekeurd: {title}."
    )
    expect(page.locator(".desk-open", has_text=title)).to_have_count(0)
    assert status_of(server, title) == "published"

    resident = new_context().new_page()
    login(resident)
    card = resident.locator(".story-card", has_text=title)
    expect(card).to_contain_text("Gepubliceerd")
    expect(card.locator(".moderation-message")).to_contain_text("Mooi verhaal, dank je wel!")


def test_curator_rejects_a_selection_in_one_bulk_decision(new_context, server, curator):
    titles = ("Reclame voor fietsen", "Nog meer reclame")
    pending_stories(server, *titles)
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    curator_login(page)
    page.goto("/moderatie")
    for title in titles:
        page.get_by_label(f"Selecteer {title}").check()
    bulk = page.locator(".desk-bulk")
    expect(bulk).to_contain_text("2 geselecteerd")
    bulk.get_by_label("Besluit voor allemaal").select_option("reject")
    bulk.get_by_label("Reden").select_option("spam")
    bulk.get_by_role("button", name="Toepassen op de selectie").click()
    for title in titles:
        expect(page.locator(".desk-open", has_text=title)).to_have_count(0)
        assert status_of(server, title) == "rejected"
    # The decision log shows both.
    page.goto("/moderatie/logboek")
    expect(page.locator(".audit-table tbody tr", has_text="Reclame of spam")).to_have_count(2)


def test_dashboard_shows_counts_and_origin_lines(new_context, server, curator):
    pending_stories(server, "Herinnering aan Zuidlaren", origin="Zuidlaren")
    (story,) = server.stories_titled("Herinnering aan Zuidlaren")
    with server.app.app_context(), Session(db.engine) as session:
        session.get(Story, story.id).status = Status.PUBLISHED
        session.commit()
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    curator_login(page)
    page.goto("/inzicht")
    expect(page.locator("table caption", has_text="Per thema")).to_be_visible()
    expect(page.locator(".dash-map .leaflet-interactive, .dash-map path").first).to_be_attached()
    expect(
        page.locator("table", has_text="Waar vertellers vandaan komen").locator(
            "tr", has_text="Zuidlaren"
        )
    ).to_have_count(1)


@pytest.mark.parametrize("path", ["/moderatie", "/moderatie/logboek", "/inzicht"])
def test_workbench_pages_are_axe_clean(new_context, server, curator, path):
    pending_stories(server, "Een verhaal voor axe")
    page = new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
    curator_login(page)
    page.locator(".staff-toggle").click()  # the open menu is checked too
    page.goto(path)
    page.locator("h1").first.wait_for()
    page.wait_for_timeout(600)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/moderatie", "/inzicht"])
@pytest.mark.parametrize("viewport", [(320, 640), (640, 360)], ids=["320px", "200pct-zoom"])
def test_workbench_pages_reflow_without_horizontal_scrolling(
    new_context, server, curator, path, viewport
):
    width, height = viewport
    page = new_context(viewport={"width": width, "height": height}).new_page()
    curator_login(page)
    page.goto(path)
    page.locator("h1").first.wait_for()
    page.wait_for_timeout(600)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

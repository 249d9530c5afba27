"""Exhibitions end to end in Chromium: a curator builds a collection of three stories and
publishes it; visitors take the tour; the kiosk loops on through network loss; a story card and
a poster print to PDF with QR codes a real decoder reads back."""

from __future__ import annotations

import re

import pymupdf
import pytest
import sqlalchemy as sa
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.e2e.conftest import AXE, PASSWORD, SEED, ensure_account, wait_until
from verhalenkaart.extensions import db

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

CURATOR = "curator@example.org"
SLUG = "langs-drenthe"
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def curator(server) -> str:
    return ensure_account(server, CURATOR, "Atelier", "curator")


def curator_login(page) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(CURATOR)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/mijn")
    page.locator(".staff-toggle").wait_for()


@pytest.fixture(scope="module")
def published(browser, server, curator) -> str:
    """The collection the curator built through the app (the first test's outcome)."""
    context = browser.new_context(base_url=server.url, locale="nl-NL")
    page = context.new_page()
    build_collection(page)
    context.close()
    return SLUG


def build_collection(page) -> None:
    curator_login(page)
    page.locator(".staff-toggle").click()
    page.get_by_role("link", name="Exposities").click()
    page.get_by_label("Titel").fill("Langs Drenthe")
    page.get_by_role("button", name="Maken").click()
    page.wait_for_url(f"**/exposities/{SLUG}")
    for word in ("Schaatsen", "Emmen", "Hoogeveen"):
        page.get_by_label("Zoek in de verhalen").fill(word)
        page.get_by_role("button", name="Zoeken").click()
        page.locator(".story-search-results button").first.click()
    titles = page.locator(".collection-item-title")
    expect(titles).to_have_count(3)
    # By keyboard: the first story moves down one place, and that is announced.
    first = page.get_by_role("button", name=re.compile(r"Omlaag.*Schaatsen"))
    first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".status-line")).to_contain_text("plaats 2 van 3")
    expect(titles.nth(0)).to_contain_text("Een bos bij Emmen")
    expect(titles.nth(1)).to_contain_text("Schaatsen")
    page.get_by_label('Jouw tekst bij "Schaatsen op de Drentsche Aa"').fill("Kijk naar het ijs.")
    page.get_by_label("Inleiding").fill("Drie plekken, drie tijden.")
    page.get_by_label(re.compile("^Gepubliceerd")).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".status-line")).to_contain_text("gepubliceerd")


def test_curator_builds_and_publishes_a_collection(published, server):
    with server.app.test_client() as client:
        body = client.get(f"/api/v1/collections/{published}").get_json()
    assert body["status"] == "published"
    assert [i["feature"]["properties"]["title"] for i in body["items"]] == [
        SEED[1][1],
        SEED[0][1],
        SEED[2][1],
    ]
    assert body["items"][1]["note"] == "Kijk naar het ijs."


def test_tour_steps_through_the_collection_with_deep_links(new_context, published):
    page = new_context().new_page()
    page.goto(f"/expositie/{published}")
    expect(page.locator(".tour-progress")).to_have_text("3 verhalen")
    page.get_by_role("link", name="Begin de rondleiding").click()
    expect(page.locator(".tour-progress")).to_have_text("1 van 3")
    expect(page).to_have_url(re.compile(f"/expositie/{published}/1$"))
    page.keyboard.press("ArrowRight")
    expect(page.locator(".tour-progress")).to_have_text("2 van 3")
    expect(page.locator(".tour-note")).to_contain_text("Kijk naar het ijs.")
    page.goto(f"/expositie/{published}/3")
    expect(page.locator(".tour-progress")).to_have_text("3 van 3")
    expect(page.locator(".tour-step h2")).to_have_text(f"3. {SEED[2][1]}")
    expect(page.locator(".tour-number-current")).to_have_text("3")


def test_tour_works_offline_once_opened(new_context, published):
    context = new_context()
    page = context.new_page()
    page.goto(f"/expositie/{published}/1")
    expect(page.locator(".tour-progress")).to_have_text("1 van 3")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()  # now under the service worker's control, which stores what the tour reads
    expect(page.locator(".tour-progress")).to_have_text("1 van 3")
    context.set_offline(True)
    page.goto(f"/expositie/{published}/2")
    expect(page.locator(".tour-progress")).to_have_text("2 van 3")
    context.set_offline(False)


def test_kiosk_loops_on_offline_and_picks_up_changes_when_back(new_context, server, published):
    context = new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"/kiosk/{published}?interval=3")
    expect(page.locator(".kiosk-attract")).to_be_visible()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".tabbar")).to_be_hidden()
    assert page.locator(".kiosk a").count() == 0
    expect(page.locator(".kiosk-progress")).to_have_text("1 van 3", timeout=8_000)
    context.set_offline(True)
    seen = set()
    wait_until(
        lambda: (
            seen.add(
                page.locator(".kiosk-progress, .kiosk-attract .kiosk-title").first.inner_text()
            )
            or len(seen) >= 3
        ),
        timeout=20,
    )
    assert len(seen) >= 3, seen
    # The QR codes still show offline: they were loaded while online.
    qr = page.locator(".kiosk-qr img").first
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    # A curator renames the exhibition while the kiosk is cut off; it shows once it is back.
    _rename(server, published, "Langs Drenthe, vernieuwd")
    try:
        context.set_offline(False)
        expect(page.locator(".kiosk-attract .kiosk-title")).to_have_text(
            "Langs Drenthe, vernieuwd", timeout=20_000
        )
    finally:
        _rename(server, published, "Langs Drenthe")


def _rename(server, slug: str, title: str) -> None:
    from verhalenkaart.collections.models import Collection

    with server.app.app_context(), Session(db.engine) as session:
        session.scalar(sa.select(Collection).where(Collection.slug == slug)).title = title
        session.commit()


def _pdf_qr(page, path: str) -> tuple[str, tuple[float, float]]:
    page.goto(path)
    page.locator(".print-qr img").first.wait_for()
    # Polled from here: wait_for_function's polling evaluates a string, which the CSP forbids.
    loaded = "[...document.images].every((i) => i.complete && i.naturalWidth > 0)"
    assert wait_until(lambda: page.evaluate(loaded), timeout=15), "images did not load"
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    document = pymupdf.open(stream=pdf, filetype="pdf")
    first = document[0]
    pixmap = first.get_pixmap(dpi=200)
    image = Image.frombytes("RGB", (pixmap.width, pixmap.height), pixmap.samples)
    codes = zxingcpp.read_barcodes(image)
    assert codes, "no QR code found on the printed page"
    return codes[0].text, (first.rect.width / MM, first.rect.height / MM)


def test_story_card_prints_on_a6_with_a_readable_qr_code(new_context, server):
    page = new_context().new_page()
    story = server.stories_titled(SEED[0][1])[0]
    text, (width, height) = _pdf_qr(page, f"/druk/verhaal/{story.uuid}")
    assert text == f"{server.url}/verhaal/{story.uuid}"
    assert (round(width), round(height)) == (105, 148)


def test_poster_prints_on_a3_with_a_readable_qr_code(new_context, server, published):
    page = new_context().new_page()
    text, (width, height) = _pdf_qr(page, f"/druk/expositie/{published}/poster")
    assert text == f"{server.url}/expositie/{published}"
    assert (round(width), round(height)) == (297, 420)
    assert page.locator(".sketch-pin").count() == 3


@pytest.mark.parametrize("path", ["/exposities/{slug}", "/expositie/{slug}/1", "/kiosk/{slug}"])
def test_collection_screens_have_no_serious_accessibility_violations(new_context, published, path):
    context = new_context(bypass_csp=True)
    page = context.new_page()
    if path.startswith("/exposities"):
        curator_login(page)
    page.goto(path.format(slug=published))
    page.locator("h1").first.wait_for(state="attached")
    page.wait_for_timeout(400)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    serious = [v["id"] for v in result if v["impact"] in {"serious", "critical"}]
    assert serious == [], serious


@pytest.mark.parametrize("path", ["/exposities/{slug}", "/expositie/{slug}/2", "/exposities"])
def test_collection_screens_fit_320_pixels(new_context, published, path):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    if path.startswith("/exposities"):
        curator_login(page)
    page.goto(path.format(slug=published))
    page.locator("h1").first.wait_for(state="attached")
    page.wait_for_timeout(300)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} is {width}px wide"


def test_a_hidden_story_leaves_the_tour_and_the_editor_shows_it_lost(
    new_context, server, published
):
    from verhalenkaart.stories.models import Story

    title = SEED[2][1]
    with server.app.app_context(), Session(db.engine) as session:
        story = session.scalar(sa.select(Story).where(Story.title == title))
        story.status = "hidden"
        session.commit()
    try:
        page = new_context().new_page()
        page.goto(f"/expositie/{published}")
        expect(page.locator(".tour-progress")).to_have_text("2 verhalen")
        curator_login(page)
        page.goto(f"/exposities/{published}")
        expect(page.locator(".collection-item.is-unavailable")).to_contain_text(
            "Niet meer zichtbaar voor bezoekers (Verborgen)"
        )
    finally:
        with server.app.app_context(), Session(db.engine) as session:
            story = session.scalar(sa.select(Story).where(Story.title == title))
            story.status = "published"
            session.commit()


def test_curator_adds_a_story_from_its_page(new_context, server, published):
    page = new_context().new_page()
    curator_login(page)
    with server.app.app_context(), Session(db.engine) as session:
        from verhalenkaart.collections.models import Collection, CollectionItem

        collection = session.scalar(sa.select(Collection).where(Collection.slug == published))
        first = collection.items[0]
        story_id, position, note = first.story_id, first.position, first.note
        session.delete(first)
        session.commit()
    try:
        from verhalenkaart.stories.models import Story

        with server.app.app_context(), Session(db.engine) as session:
            story_uuid = session.get(Story, story_id).uuid
        page.goto(f"/verhaal/{story_uuid}")
        page.get_by_label("Aan expositie toevoegen").select_option(published)
        page.locator(".add-to-collection button").click()
        expect(page.locator(".status-line")).to_contain_text("Toegevoegd aan Langs Drenthe")
        with server.app.test_client() as client:
            body = client.get(f"/api/v1/collections/{published}").get_json()
        assert body["items"][-1]["story"] == str(story_uuid)
    finally:
        with server.app.app_context(), Session(db.engine) as session:
            collection = session.scalar(sa.select(Collection).where(Collection.slug == published))
            collection.items = [i for i in collection.items if i.story_id != story_id]
            session.flush()  # the added row goes before the original comes back
            items = list(collection.items)
            items.insert(position, CollectionItem(story_id=story_id, position=position, note=note))
            for index, item in enumerate(items):
                item.position = index
            collection.items = items
            session.commit()

"""The resident's pages end to end (issue 13): a place's page, a shared link's preview tags,
the year range, the 404, the story's small map, and the first visitor's bugs."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from contextlib import contextmanager
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.e2e.conftest import EMAIL
from tests.test_resident_pages import Head
from verhalenkaart.accounts.models import User
from verhalenkaart.db import utcnow
from verhalenkaart.extensions import db
from verhalenkaart.stories.models import Status
from verhalenkaart.stories.services import StoryRules, create_story

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

AALDEN = (6.7272, 52.7931)  # the gazetteer names this point Aalden


@contextmanager
def extra_story(
    server, title, *, kind="memory", point=AALDEN, geometry=None, years=(None, None), **props
):
    """A story on the shared e2e server for one test (removed after it); returns its uuid.
    `props`: its properties (place_name, origin_place, body) and its `status`."""
    status = props.pop("status", Status.PUBLISHED)
    feature = {
        "id": None,
        "type": "Feature",
        "geometry": geometry or {"type": "Point", "coordinates": list(point)},
        "properties": {
            "kind": kind,
            "title": title,
            "body": f"{title}: zo ging het.",
            "themes": ["natuur"],
            "era_from": years[0],
            "era_to": years[1],
            "location_precision": "exact",
            "language": "nl",
            "license": "CC-BY-4.0",
            "place_name": None,
            "origin_place": None,
            "project": None,
            "consent": True,
        }
        | props,
    }
    with server.app.app_context(), Session(db.engine) as session:
        user = session.scalar(sa.select(User).where(User.email == EMAIL))
        story, _ = create_story(session, user, feature, StoryRules.from_config(server.app.config))
        story.status = status
        story.published_at = utcnow() if status == Status.PUBLISHED else None
        session.commit()
        story_id, story_uuid = story.id, str(story.uuid)
    try:
        yield story_uuid
    finally:
        server.remove_stories([story_id])


def fetch(server, path: str) -> tuple[int, str]:
    """GET `path` as a link preview's fetcher does: no script, no cookies."""
    try:
        with urllib.request.urlopen(server.url + path) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


# --- a shared link's preview ----------------------------------------------------------------------


def test_shared_story_link_carries_title_description_and_card(server):
    with extra_story(server, "De eik van Zweeloo", body="Onder de eik speelden wij.") as uuid:
        status, html = fetch(server, f"/verhaal/{uuid}")
    head = Head(html)
    assert status == 200
    assert head.title == "De eik van Zweeloo · Verhalenkaart Drenthe"
    assert head.meta["og:title"] == "De eik van Zweeloo"
    assert head.meta["og:description"] == "Onder de eik speelden wij."
    assert head.meta["og:url"] == f"{server.url}/verhaal/{uuid}"
    assert head.meta["twitter:card"] == "summary"


def test_unpublished_story_link_has_no_preview_and_answers_404(server):
    with extra_story(server, "Nog in de wachtrij", status=Status.PENDING) as uuid:
        status, html = fetch(server, f"/verhaal/{uuid}")
    head = Head(html)
    assert status == 404
    assert not any(key.startswith(("og:", "twitter:")) for key in head.meta)
    assert "Nog in de wachtrij" not in html


def test_story_is_readable_before_and_without_script(new_context, server):
    with extra_story(server, "Zonder script te lezen") as uuid:
        page = new_context(java_script_enabled=False).new_page()
        page.goto(f"/verhaal/{uuid}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Zonder script te lezen")


# --- 404 ------------------------------------------------------------------------------------------


def test_unknown_path_answers_404_and_the_app_says_so(page):
    response = page.goto("/bestaat/niet")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")


def test_known_page_answers_200(page):
    assert page.goto("/lijst").status == 200


# --- a place's page -------------------------------------------------------------------------------


def test_place_page_shows_was_is_wordt_as_tabs_on_a_phone(page, server):
    with extra_story(server, "Een wens voor Assen", kind="wish", point=(6.565, 52.99)):
        page.goto("/plaats/Assen")
        expect(page.get_by_role("heading", level=1)).to_have_text("Verhalen uit Assen")
        tabs = page.get_by_role("tab")
        expect(tabs).to_have_count(3)
        expect(tabs.nth(0)).to_have_text("Wat was (1)")
        expect(tabs.nth(2)).to_have_text("Wat worden kan (1)")
        expect(page.get_by_role("tabpanel", name=re.compile("Wat was"))).to_contain_text(
            "Schaatsen op de Drentsche Aa"
        )
        # By keyboard: the arrow keys move between the tabs.
        tabs.nth(0).focus()
        page.keyboard.press("ArrowLeft")
        expect(tabs.nth(2)).to_be_focused()
        expect(page.get_by_role("link", name="Een wens voor Assen")).to_be_visible()
        expect(page.get_by_role("link", name="Schaatsen op de Drentsche Aa")).to_be_hidden()


def test_place_page_shows_the_three_side_by_side_on_a_laptop(new_context):
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto("/plaats/Assen")
    # Wait for the page itself: "no tab visible" also holds while it is still loading.
    for frame in ("was", "is", "wordt"):
        expect(page.locator(f".frame-{frame}")).to_be_visible()
    expect(page.get_by_role("tab").first).to_be_hidden()
    # Measured in one step in the page: the place page may draw itself again (the user or the
    # language arriving), and a box read between two draws was None.
    boxes = None
    for _ in range(50):
        boxes = page.evaluate(
            """() => ['was', 'is', 'wordt'].map((f) => {
                const r = document.querySelector('.frame-' + f)?.getBoundingClientRect();
                return r && r.width ? {x: r.x, y: r.y} : null;
            })"""
        )
        if all(boxes):
            break
        page.wait_for_timeout(100)
    assert all(boxes), boxes
    assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]


def test_place_page_is_reached_from_place_search(page):
    page.goto("/")
    page.get_by_role("searchbox", name="Zoek een plaats").fill("Assen")
    page.locator(".place-results button", has_text="Assen").first.click()
    page.get_by_role("link", name="Verhalen uit Assen").click()
    expect(page).to_have_url(re.compile("/plaats/Assen$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verhalen uit Assen")


def test_place_page_is_reached_from_a_story_and_has_its_preview(page, server):
    with extra_story(server, "In Aalden") as uuid:
        page.goto(f"/verhaal/{uuid}")
        page.locator(".facts").get_by_role("link", name="Aalden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Verhalen uit Aalden")
        expect(page.get_by_role("link", name="In Aalden")).to_be_visible()
        status, html = fetch(server, "/plaats/Aalden")
    assert status == 200
    assert Head(html).meta["og:title"] == "Verhalen uit Aalden"
    assert fetch(server, "/plaats/" + quote("Nergens Anders"))[0] == 404


def test_place_page_is_reached_from_a_place_label_on_the_map(page):
    page.goto("/")
    page.locator("a.place-label", has_text=re.compile("^Hoogeveen$")).click()
    expect(page).to_have_url(re.compile("/plaats/Hoogeveen$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verhalen uit Hoogeveen")


# --- the story's small map ------------------------------------------------------------------------


def test_story_page_shows_where_and_the_tellers_own_place(page, server):
    with extra_story(server, "Herinnering met herkomst", origin_place="Emmen") as uuid:
        page.goto(f"/verhaal/{uuid}")
        where = page.get_by_role("region", name="Kaart met de plek van dit verhaal")
        expect(where.locator(".pin-wrap")).to_have_count(1)
        expect(where.locator(".origin-marker")).to_contain_text("Emmen")


def test_story_page_draws_a_route_as_a_line(page, server):
    route = {"type": "LineString", "coordinates": [[6.72, 52.79], [6.74, 52.80], [6.75, 52.79]]}
    with extra_story(server, "De weg naar school", kind="story", geometry=route) as uuid:
        page.goto(f"/verhaal/{uuid}")
        expect(page.locator(".story-map path.story-shape")).to_have_count(1)
        expect(page.locator(".story-map .pin-wrap")).to_have_count(0)


def test_story_page_map_is_a_picture_until_the_visitor_reaches_for_it(page, server):
    with extra_story(server, "Herinnering met herkomst", origin_place="Emmen") as uuid:
        page.goto(f"/verhaal/{uuid}")
        where = page.get_by_role("region", name="Kaart met de plek van dit verhaal")
        expect(where.locator(".story-map-static .pin-wrap")).to_have_count(1)
        # Leaflet is not loaded for the first view ...
        expect(where.locator(".leaflet-container")).to_have_count(0)
        scripts = page.evaluate(
            "() => performance.getEntriesByType('resource').map((e) => e.name)"
            ".filter((name) => name.endsWith('.js'))"
        )
        leaflet = re.compile(r"/(story-map-(?!static)|markers-)[^/]*\.js$")
        assert not [name for name in scripts if leaflet.search(name)]
        # ... but a tap on the picture brings the real map: the same place, the teller's own place.
        where.locator(".story-map-static").click()
        expect(page.locator(".story-map.leaflet-container")).to_have_count(1)
        expect(where.locator(".story-map-static")).to_have_count(0)
        expect(where.locator(".leaflet-marker-pane .pin-wrap")).to_have_count(1)
        expect(where.locator(".origin-marker")).to_contain_text("Emmen")


def test_story_page_map_opens_by_keyboard(page, server):
    route = {"type": "LineString", "coordinates": [[6.72, 52.79], [6.74, 52.80], [6.75, 52.79]]}
    with extra_story(server, "De weg naar school", kind="story", geometry=route) as uuid:
        page.goto(f"/verhaal/{uuid}")
        button = page.get_by_role("button", name="Kaart bewegen en zoomen")
        button.focus()
        page.keyboard.press("Enter")
        expect(page.locator(".story-map.leaflet-container")).to_be_focused()
        expect(page.locator(".story-map .leaflet-overlay-pane path.story-shape")).to_have_count(1)


# --- years ----------------------------------------------------------------------------------------


def test_year_range_filters_the_list_and_counts_the_undated(page, server):
    with extra_story(server, "Zonder jaartal", kind="story"):
        page.goto("/lijst")
        page.get_by_role("button", name="Filters").click()
        page.get_by_role("spinbutton", name="Van jaar").fill("1960")
        page.get_by_role("spinbutton", name="Van jaar").press("Enter")
        page.get_by_role("spinbutton", name="Tot en met jaar").fill("1975")
        page.get_by_role("spinbutton", name="Tot en met jaar").press("Tab")
        cards = page.locator(".story-card")
        expect(cards).to_have_count(1)
        expect(cards.first).to_contain_text("Schaatsen op de Drentsche Aa")
        assert "van=1960" in page.url
        assert "tot=1975" in page.url
        include = page.get_by_label("Ook het verhaal zonder jaartal tonen")
        include.check()
        expect(cards).to_have_count(2)
        assert "zonderjaar=1" in page.url
        # Shared in the URL: the map shows the same.
        page.goto("/" + page.url.split("/lijst", 1)[1])
        expect(page.locator(".pin-wrap[role=button]")).to_have_count(2)


def test_year_slider_moves_by_keyboard(page):
    page.goto("/lijst")
    page.get_by_role("button", name="Filters").click()
    slider = page.get_by_role("slider", name="Schuif: van jaar")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_role("spinbutton", name="Van jaar")).to_have_value("1903")


# --- bugs a first visitor met ---------------------------------------------------------------------


def test_facts_of_a_memory_with_an_origin_stay_readable_at_320_pixels(new_context, server):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    with extra_story(
        server, "Van ver", origin_place="Nieuw-Schoonebeek", place_name="Zweeloo"
    ) as uuid:
        page.goto(f"/verhaal/{uuid}")
        value = page.locator(".facts dd", has_text="Nieuw-Schoonebeek")
        expect(value).to_be_visible()
        facts_width = page.locator(".facts").bounding_box()["width"]
        assert value.bounding_box()["width"] > facts_width * 0.5


def test_clearing_all_filters_resets_the_button_count(page):
    page.goto("/lijst")
    button = page.get_by_role("button", name="Filters")
    button.click()
    for kind in ("Herinnering", "Verhaal", "Wens"):
        page.locator(".kind-filter label", has_text=kind).click()
    expect(page.locator(".filter-toggle")).to_have_text("Filters (3)")
    page.get_by_role("button", name="Alle filters wissen").click()
    expect(page.locator(".filter-toggle")).to_have_text("Filters")
    expect(page.locator(".story-card").first).to_be_visible()


def test_escape_keeps_the_focus_on_the_story_after_the_map_redraws(new_context):
    page = new_context(service_workers="block").new_page()
    page.goto("/")
    marker = page.locator(".pin-wrap[aria-label*='Emmen']")
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    with page.expect_response(lambda r: "/api/v1/map?" in r.url):
        page.keyboard.press("Escape")
    page.wait_for_timeout(300)  # the redraw after the answer
    expect(page.locator(".pin-wrap[aria-label*='Emmen']:focus")).to_have_count(1)


def test_near_me_shows_a_you_are_here_dot(new_context):
    context = new_context(geolocation={"longitude": 6.5625, "latitude": 52.9925})
    context.grant_permissions(["geolocation"])
    page = context.new_page()
    page.goto("/")
    page.get_by_role("button", name="Bij mij").click()
    expect(page.locator("path.you-are-here")).to_have_count(1)


def test_place_labels_lie_above_the_clusters(page):
    page.goto("/")
    label = page.locator(".place-label", has_text="Assen")
    expect(label).to_be_visible()
    z = page.evaluate(
        """() => {
          const z = (sel) => Number(getComputedStyle(document.querySelector(sel)).zIndex);
          return [z('.leaflet-placeLabels-pane'), z('.leaflet-marker-pane')];
        }"""
    )
    assert z[0] > z[1]
    # Taps go through a label to the marker under it.
    pointer = page.evaluate(
        "getComputedStyle(document.querySelector('.leaflet-placeLabels-pane')).pointerEvents"
    )
    assert pointer == "none"


def test_map_labels_no_place_outside_the_region(page):
    page.goto("/")
    expect(page.locator(".place-label", has_text="Assen")).to_be_visible()
    names = page.locator(".place-label").all_text_contents()
    assert "Stadskanaal" not in names
    assert "Winschoten" not in names


def test_map_search_label_follows_the_language(page):
    page.goto("/")
    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("searchbox", name="Search a place")).to_be_visible()


def test_list_cards_show_a_one_line_opening(page):
    page.goto("/lijst")
    opening = page.locator(".story-card .opening").first
    expect(opening).to_contain_text("zo ging het.")
    box = opening.bounding_box()
    line = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.opening')).lineHeight) || 24"
    )
    assert box["height"] <= line * 1.5

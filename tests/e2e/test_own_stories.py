"""The author's own story after sending (edit, delete, withdraw consent, online and offline),
routes and areas drawn in the form (mouse and keyboard) and on the map, voice recordings
(Chromium's fake microphone), and the form's rough edges: the thanks page, the outbox count,
the pin's place name and the photo's own location."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.e2e.conftest import login, wait_until
from verhalenkaart import geo
from verhalenkaart.extensions import db
from verhalenkaart.media.models import Audio
from verhalenkaart.stories.models import Story

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(autouse=True)
def leave_no_stories(server):
    """The e2e server is shared: stories made here (published, pending, deleted) are removed
    after each test, so the map, lists, queues and counts of later tests are as they expect."""
    with server.app.app_context(), Session(db.engine) as session:
        before = set(session.scalars(sa.select(Story.id)))
    yield
    with server.app.app_context(), Session(db.engine) as session:
        made = set(session.scalars(sa.select(Story.id))) - before
    if made:
        server.remove_stories(sorted(made))


GPS_JPEG = Path(__file__).resolve().parents[2] / "frontend" / "tests" / "fixtures" / "gps-assen.jpg"


def story_by_id(server, story_id: int) -> Story:
    with server.app.app_context(), Session(db.engine) as session:
        story = session.get(Story, story_id)
        session.expunge(story)
        return story


def story_uuid(server, story_id: int) -> str:
    return str(story_by_id(server, story_id).uuid)


def geometry_of(server, story: Story) -> dict:
    with server.app.app_context(), Session(db.engine) as session:
        return geo.shape_to_geojson(to_shape(session.get(Story, story.id).geom))


def audio_count(server, story_id: int) -> int:
    with server.app.app_context(), Session(db.engine) as session:
        return session.scalar(sa.select(sa.func.count()).where(Audio.story_id == story_id))


def accept_dialogs(page, seen: list[str]) -> None:
    def on_dialog(dialog):
        seen.append(dialog.message)
        dialog.accept()

    page.on("dialog", on_dialog)


def start_story(page, title: str, kind: str = "Herinnering") -> None:
    page.goto("/nieuw")
    page.locator("label", has_text=kind).first.click()
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Vertel", exact=True).fill("Zo ging het.")


def finish_and_send(page) -> None:
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Versturen").click()


# --- my own story after sending ------------------------------------------------------------


def test_edit_my_story_from_my_stories_says_it_goes_back_to_review(page, server):
    [story_id] = server.add_stories("Te bewerken verhaal", [(6.5625, 52.9925)])
    login(page)
    card = page.locator(".story-card", has_text="Te bewerken verhaal")
    card.get_by_role("link", name="Bewerken", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verhaal bewerken")
    # Pre-moderation: the form says before saving that a published story goes back to review.
    expect(page.locator(".edit-review")).to_contain_text("redacteur")
    page.get_by_label("Titel").fill("Bewerkt verhaal")
    page.get_by_label("Van jaar").fill("1955")
    seen: list[str] = []
    accept_dialogs(page, seen)
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opgeslagen")
    expect(page.locator(".lead")).to_contain_text("opnieuw")
    assert seen
    assert "redactie" in seen[0]
    story = story_by_id(server, story_id)
    assert story.title == "Bewerkt verhaal"
    assert story.era_from == 1955
    assert story.status == "pending"
    assert story.place_name  # the spot did not move: its place name stays


def test_edit_with_nothing_changed_says_so(page, server):
    [story_id] = server.add_stories("Onveranderd verhaal", [(6.5625, 52.9925)])
    login(page)
    page.goto(f"/verhaal/{story_uuid(server, story_id)}/bewerken")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.locator("#send-error")).to_contain_text("nog niets veranderd")
    assert story_by_id(server, story_id).status == "published"


def test_withdraw_consent_from_the_story_page(page, server):
    [story_id] = server.add_stories("Intrekken verhaal", [(6.5625, 52.9925)])
    login(page)
    page.goto(f"/verhaal/{story_uuid(server, story_id)}")
    actions = page.locator(".my-story-actions")
    seen: list[str] = []
    accept_dialogs(page, seen)
    actions.get_by_role("button", name="Toestemming intrekken").click()
    expect(actions.locator(".my-story-result")).to_contain_text("ingetrokken")
    assert "niet meer getoond" in seen[0]
    story = story_by_id(server, story_id)
    assert story.status == "deleted"
    assert story.consent_at is None


def test_a_visitor_sees_no_edit_actions(page, server):
    [story_id] = server.add_stories("Andermans verhaal", [(6.5625, 52.9925)])
    page.goto(f"/verhaal/{story_uuid(server, story_id)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Andermans verhaal")
    expect(page.locator(".my-story-actions")).to_have_count(0)


def test_delete_offline_goes_once_the_connection_returns(new_context, server):
    [story_id] = server.add_stories("Offline verwijderd", [(6.5625, 52.9925)])
    context = new_context()
    page = context.new_page()
    login(page)
    card = page.locator(".story-card", has_text="Offline verwijderd")
    card.wait_for()
    seen: list[str] = []
    accept_dialogs(page, seen)
    context.set_offline(True)
    card.get_by_role("button", name="Verwijderen", exact=True).click()
    expect(card.locator(".my-story-result")).to_contain_text("uitbox")
    assert story_by_id(server, story_id).status == "published"
    context.set_offline(False)
    assert wait_until(lambda: story_by_id(server, story_id).status == "deleted")
    page.goto("/uitbox")
    expect(page.locator(".outbox-item", has_text="Verwijderen")).to_contain_text("Verstuurd")


# --- routes and areas ----------------------------------------------------------------------


def test_draw_a_route_with_the_mouse_with_undo(page, server):
    login(page)
    start_story(page, "De weg naar school")
    page.get_by_label("Een route").check()
    page.locator(".pin-map").scroll_into_view_if_needed()
    # The map is made when it comes on screen: tap it once it is there, as a person would.
    expect(page.locator(".pin-map .leaflet-map-pane")).to_be_attached()
    map_box = page.locator(".pin-map").bounding_box()
    for dx, dy in [(0.3, 0.4), (0.5, 0.5), (0.7, 0.6), (0.8, 0.3)]:
        x, y = map_box["x"] + map_box["width"] * dx, map_box["y"] + map_box["height"] * dy
        page.mouse.click(x, y)
    expect(page.locator(".draw-status")).to_contain_text("4 punten")
    page.get_by_role("button", name="Laatste stap terug").click()
    expect(page.locator(".draw-status")).to_contain_text("3 punten")
    finish_and_send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je verhaal!")
    [story] = server.stories_titled("De weg naar school")
    geometry = geometry_of(server, story)
    assert geometry["type"] == "LineString"
    assert len(geometry["coordinates"]) == 3


def test_draw_an_area_by_keyboard_and_hear_what_is_wrong(page, server):
    login(page)
    start_story(page, "Het beekdal")
    page.get_by_label("Een gebied").check()
    typed = page.get_by_label("Punt typen")
    # A bow tie: the edge crosses itself, which the API refuses; the form says so in words.
    for count, point in enumerate(["52.90, 6.50", "53.00, 6.60", "52.90, 6.60", "53.00, 6.50"], 1):
        typed.fill(point)
        typed.press("Enter")
        # As a person types: each point is on the map before the next (the first loads it).
        expect(page.locator(".draw-status")).to_contain_text(f"{count} hoeken")
    expect(page.locator(".draw-problems")).to_contain_text("kruist zichzelf")
    page.get_by_role("button", name="Laatste stap terug").click()
    typed.fill("hier")
    typed.press("Enter")
    expect(page.locator(".draw-coord .field-error")).to_contain_text("geen plek")
    expect(typed).to_be_focused()
    typed.fill("53,00 6,50")  # Dutch decimal commas work too
    page.get_by_role("button", name="Punt toevoegen").click()
    expect(page.locator(".draw-status")).to_contain_text("4 hoeken")
    page.get_by_role("button", name="Laatste stap terug").click()
    page.get_by_role("button", name="Laatste stap terug").click()
    finish_and_send(page)
    # Two corners are no area: the error sits at the place step, in plain words.
    expect(page.locator("#position-error")).to_contain_text("minstens 3 hoeken")
    typed.fill("53.00, 6.55")
    typed.press("Enter")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je verhaal!")
    [story] = server.stories_titled("Het beekdal")
    geometry = geometry_of(server, story)
    assert geometry["type"] == "Polygon"
    assert geometry["coordinates"][0][0] == geometry["coordinates"][0][-1]
    assert len(geometry["coordinates"][0]) == 4


def test_routes_and_areas_are_lines_and_shapes_on_the_map(page, server):
    from tests.e2e.conftest import EMAIL
    from verhalenkaart.accounts.models import User
    from verhalenkaart.db import utcnow
    from verhalenkaart.stories.services import StoryRules, create_story

    with server.app.app_context(), Session(db.engine) as session:
        user = session.scalar(sa.select(User).where(User.email == EMAIL))
        story, _ = create_story(
            session,
            user,
            {
                "id": None,
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[6.30, 52.60], [6.34, 52.62]]},
                "properties": {
                    "kind": "story",
                    "title": "Route op de kaart",
                    "body": "",
                    "themes": [],
                    "era_from": None,
                    "era_to": None,
                    "location_precision": "exact",
                    "language": "nl",
                    "license": "CC-BY-4.0",
                    "place_name": None,
                    "origin_place": None,
                    "project": None,
                    "consent": True,
                },
            },
            StoryRules.from_config(server.app.config),
        )
        story.status = "published"
        story.published_at = utcnow()
        session.commit()
        story_id = story.id
    try:
        page.goto("/")
        # Few stories: each is drawn as itself, the route as a line under its marker.
        expect(page.locator("path.story-shape")).to_have_count(1)
    finally:
        server.remove_stories([story_id])


# --- voice ---------------------------------------------------------------------------------


def test_record_a_voice_memory_offline_and_send_it_once_online(new_context, server):
    from tests.e2e.test_pwa import wait_for_worker_control

    context = new_context()
    page = context.new_page()
    login(page)
    start_story(page, "Verteld, niet getypt")
    page.get_by_label("Zoek een plaats voor je verhaal").fill("Assen")
    page.locator(".place-results button", has_text="Assen").first.click()
    page.get_by_role("button", name="Opnemen").click()
    expect(page.locator(".voice-message")).to_contain_text("Opname loopt")
    page.wait_for_timeout(2500)
    page.get_by_role("button", name="Stoppen").click()
    expect(page.locator(".voice-message")).to_contain_text("Opname klaar")
    expect(page.locator("audio.voice-playback")).to_have_count(1)
    # Re-recording replaces the first take.
    page.get_by_role("button", name="Opnieuw opnemen").click()
    page.wait_for_timeout(2000)
    page.get_by_role("button", name="Stoppen").click()
    expect(page.locator("audio.voice-playback")).to_have_count(1)
    page.get_by_label("Wat je vertelt, uitgeschreven").fill("Het was een koude winter.")
    wait_for_worker_control(page)
    context.set_offline(True)
    finish_and_send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaard in je uitbox")
    assert server.stories_titled("Verteld, niet getypt") == []
    context.set_offline(False)
    assert wait_until(lambda: server.stories_titled("Verteld, niet getypt"))
    [story] = server.stories_titled("Verteld, niet getypt")
    assert wait_until(lambda: audio_count(server, story.id) == 1)
    page.goto("/uitbox")
    expect(page.locator(".outbox-item .outbox-state")).to_have_text("Verstuurd")
    # Bug: the outbox said "1 in de uitbox" next to "Verstuurd".
    expect(page.locator("main p[aria-live]").first).not_to_contain_text("in de uitbox")
    page.goto("/")
    page.wait_for_timeout(1000)
    assert audio_count(server, story.id) == 1
    with server.app.app_context(), Session(db.engine) as session:
        transcript = session.scalar(sa.select(Audio.transcript).where(Audio.story_id == story.id))
    assert transcript == "Het was een koude winter."


def test_a_refused_microphone_is_explained(new_context):
    context = new_context()
    # The browser says no (as after "Block"): getUserMedia rejects with NotAllowedError.
    context.add_init_script(
        """navigator.mediaDevices.getUserMedia = () =>
             Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));"""
    )
    page = context.new_page()
    page.goto("/nieuw")
    page.get_by_role("button", name="Opnemen").click()
    expect(page.locator(".voice-message")).to_contain_text("microfoon mag niet")


# --- rough edges -----------------------------------------------------------------------------


def test_thanks_page_has_no_null(page, server):
    login(page)
    start_story(page, "Zonder null")
    page.get_by_label("Zoek een plaats voor je verhaal").fill("Assen")
    page.locator(".place-results button", has_text="Assen").first.click()
    finish_and_send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je verhaal!")
    assert "null" not in page.locator(".page").inner_text()


def test_a_tapped_pin_is_named_by_the_nearest_place(page):
    page.goto("/nieuw")
    page.get_by_role("button", name="Speld midden op de kaart").click()
    expect(page.locator(".where")).to_contain_text(re.compile(r"bij \w+"))


def test_the_photos_own_location_is_offered_while_filling_in(page):
    page.goto("/nieuw")
    page.locator("#photo-gallery").set_input_files(
        {"name": "assen.jpg", "mimeType": "image/jpeg", "buffer": GPS_JPEG.read_bytes()}
    )
    offer = page.locator(".photo-location")
    expect(offer).to_contain_text("52.9925, 6.5625")
    offer.get_by_role("button", name="Gebruik de plek van de foto").click()
    expect(page.locator(".where")).to_contain_text(re.compile(r"Assen|52\.9925"))


def test_edit_a_sent_photos_caption_and_remove_a_photo_offline_then_online(new_context, server):
    from tests.e2e.test_pwa import fill_story, make_jpeg, wait_for_worker_control

    context = new_context()
    page = context.new_page()
    login(page)
    fill_story(page, "Huis aan de brink", photo=make_jpeg(page))
    page.get_by_label("Onderschrift").fill("Brink 12")
    page.locator("#photo-gallery").set_input_files(
        {"name": "tweede.jpg", "mimeType": "image/jpeg", "buffer": make_jpeg(page)}
    )
    expect(page.locator(".photo-item")).to_have_count(2)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je verhaal!")
    [story] = server.stories_titled("Huis aan de brink")
    assert server.photo_count(story.id) == 2

    # A curator asked to leave out the house number: the author changes the caption, offline.
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.get_by_role("link", name="Bekijk je verhaal").click()
    page.locator(".my-story-actions").get_by_role("link", name="Bewerken", exact=True).click()
    existing = page.locator(".existing-photos .photo-item")
    expect(existing).to_have_count(2)
    expect(existing.first.get_by_label("Onderschrift")).to_have_value("Brink 12")
    existing.first.get_by_label("Onderschrift").fill("De brink")
    existing.nth(1).get_by_role("button", name="Foto 2 weghalen").click()
    expect(existing.nth(1)).to_contain_text("Wordt weggehaald")
    wait_for_worker_control(page)
    context.set_offline(True)
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wacht op verbinding")
    assert server.photo_count(story.id) == 2
    context.set_offline(False)
    assert wait_until(lambda: server.photo_count(story.id) == 1)
    with server.app.app_context(), Session(db.engine) as session:
        from verhalenkaart.media.models import Photo

        captions = list(session.scalars(sa.select(Photo.caption).where(Photo.story_id == story.id)))
    assert captions == ["De brink"]
    # The edit page opened a map at a stored point without a script error (it used to stop
    # the form halfway: "Attempted to load an infinite number of tiles").
    assert errors == []


# --- accessibility and small screens -------------------------------------------------------


def test_edit_page_and_drawing_tools_have_no_serious_accessibility_violations(new_context, server):
    from tests.e2e.test_pwa import axe_violations

    [story_id] = server.add_stories("Toegankelijk bewerken", [(6.5625, 52.9925)])
    page = new_context(bypass_csp=True).new_page()
    login(page)
    page.goto(f"/verhaal/{story_uuid(server, story_id)}/bewerken")
    page.get_by_label("Een route").check()
    page.get_by_label("Punt typen").fill("52.9, 6.5")
    page.get_by_label("Punt typen").press("Enter")
    page.wait_for_timeout(300)
    assert axe_violations(page) == []
    page.goto(f"/verhaal/{story_uuid(server, story_id)}")
    page.locator(".my-story-actions").wait_for()
    assert axe_violations(page) == []


def test_drawing_and_voice_fit_a_320_pixel_phone(new_context, server):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto("/nieuw")
    page.get_by_label("Een gebied").check()
    page.get_by_label("Punt typen").fill("52.9, 6.5")
    page.get_by_label("Punt typen").press("Enter")
    page.get_by_role("button", name="Opnemen").click()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Stoppen").click()
    expect(page.locator("audio.voice-playback")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

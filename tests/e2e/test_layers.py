"""Context layers end to end: a curator uploads a GeoJSON layer on /kaartlagen; a resident
switches it on over the map by keyboard and reads its explanation and source."""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.e2e.conftest import PASSWORD, ensure_account
from tests.e2e.test_pwa import axe_violations
from verhalenkaart.accounts.models import User
from verhalenkaart.extensions import db
from verhalenkaart.layers.models import Layer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

EXPLANATION = "Hier stroomt de Drentsche Aa; de provincie houdt het dal nat en open."
ATTRIBUTION = "Voorbeeld, getekend voor deze test"
VALLEY = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[6.50, 52.95], [6.62, 52.95], [6.62, 53.03], [6.50, 53.03], [6.50, 52.95]]
                ],
            },
            "properties": {"naam": "Drentsche Aa"},
        }
    ],
}


@pytest.fixture
def curator(server):
    email = ensure_account(server, f"curator-{uuid.uuid4().hex[:8]}@example.org", "Cora", "curator")
    yield email
    with server.app.app_context(), Session(db.engine) as session:
        session.execute(sa.delete(Layer))
        session.execute(sa.delete(User).where(User.email == email))
        session.commit()


def log_in(page, email: str) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/mijn")


def upload_layer(page, title: str) -> None:
    page.goto("/kaartlagen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaartlagen beheren")
    page.get_by_label("Bestand", exact=True).set_input_files(
        {
            "name": "beekdal.geojson",
            "mimeType": "application/geo+json",
            "buffer": json.dumps(VALLEY).encode(),
        }
    )
    page.get_by_label("Titel", exact=True).fill(title)
    page.get_by_label("Uitleg voor bewoners").fill(EXPLANATION)
    page.get_by_label("Bron (naamsvermelding)").fill(ATTRIBUTION)
    page.get_by_label("Licentie").fill("CC0")
    page.get_by_role("button", name="Kaartlaag toevoegen").click()
    item = page.locator(".layer-admin-item", has_text=title)
    expect(item).to_be_visible()
    expect(item).to_contain_text("1 objecten · GeoJSON")


def test_curator_uploads_a_layer_and_a_resident_switches_it_on(new_context, curator):
    curator_page = new_context().new_page()
    log_in(curator_page, curator)
    # The curator finds the screen from their own page.
    curator_page.get_by_role("link", name="Kaartlagen beheren").click()
    upload_layer(curator_page, "Beekdal (voorbeeld)")

    page = new_context().new_page()
    page.goto("/")
    button = page.get_by_role("button", name="Kaartlagen")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    switch = page.get_by_role("checkbox", name="Beekdal (voorbeeld)")
    switch.focus()
    page.keyboard.press("Space")
    expect(switch).to_be_checked()
    expect(page.get_by_text(EXPLANATION)).to_be_visible()
    expect(page.get_by_text(f"Bron: {ATTRIBUTION} · CC0")).to_be_visible()
    # Drawn in its own pane, under the story markers.
    expect(page.locator(".leaflet-context-layers-pane path")).to_have_count(1)
    z = page.evaluate(
        "[...['context-layers', 'marker']].map((n) => "
        "Number(getComputedStyle(document.querySelector(`.leaflet-${n}-pane`)).zIndex))"
    )
    assert z[0] < z[1]
    page.keyboard.press("Escape")
    expect(button).to_be_focused()
    expect(button).to_have_text("Kaartlagen (1)")
    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("button", name="Map layers (1)")).to_be_visible()


def test_a_bad_file_is_explained_next_to_the_file_field(new_context, curator):
    page = new_context().new_page()
    log_in(page, curator)
    page.goto("/kaartlagen")
    page.get_by_label("Bestand", exact=True).set_input_files(
        {"name": "notities.txt", "mimeType": "text/plain", "buffer": b"geen kaart"}
    )
    page.get_by_label("Titel", exact=True).fill("Mislukt")
    page.get_by_role("button", name="Kaartlaag toevoegen").click()
    error = page.locator(".field-error:visible")
    expect(error).to_contain_text("Stuur een GeoJSON-bestand")
    expect(page.get_by_label("Bestand", exact=True)).to_have_attribute("aria-invalid", "true")


def test_layer_screens_are_accessible_and_fit_320_pixels(new_context, curator):
    context = new_context(bypass_csp=True, viewport={"width": 320, "height": 640})
    page = context.new_page()
    log_in(page, curator)
    upload_layer(page, "Smal beekdal")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(page) == []
    page.goto("/")
    page.get_by_role("button", name="Kaartlagen").click()
    page.get_by_role("checkbox", name="Smal beekdal").check()
    expect(page.get_by_text(EXPLANATION)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(page) == []


def test_no_layer_code_loads_when_there_are_no_layers(new_context, server):
    page = new_context().new_page()
    page.goto("/")
    page.locator(".map-count").wait_for()
    page.wait_for_timeout(500)
    # What the page itself fetched (the service worker precaches every chunk for offline use
    # later, after the first paint; that is not the page loading it).
    fetched = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    assert any(url.endswith("/api/v1/layers") for url in fetched)
    assert not [url for url in fetched if "layer-switcher" in url or "/data" in url]
    expect(page.get_by_role("button", name="Kaartlagen")).to_have_count(0)

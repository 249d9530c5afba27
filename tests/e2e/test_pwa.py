"""The PWA end to end: browse, read, list, pin a story (online, offline, with a photo), drafts,
accounts, language, accessibility and small screens."""

import base64
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.conftest import link_token
from tests.e2e.conftest import AXE, SEED, login, wait_until

pytestmark = [
    pytest.mark.e2e,
    # The live server's threads log a ResourceWarning when the browser drops a connection
    # mid-file (an aborted icon download); that is the browser's doing, not a leak of ours.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

MAIN_SCREENS = [
    "/",
    "/lijst",
    "/nieuw",
    "/inloggen",
    "/registreren",
    "/mijn",
    "/uitbox",
    "/privacy",
]


def first_story_path(page) -> str:
    page.goto("/lijst")
    link = page.locator(".story-card h2 a").first
    link.wait_for()
    return link.get_attribute("href")


def make_jpeg(page) -> bytes:
    """A real JPEG, drawn by the browser."""
    data_url = page.evaluate(
        """() => { const c = document.createElement('canvas'); c.width = 640; c.height = 480;
        const g = c.getContext('2d'); g.fillStyle = '#3a7'; g.fillRect(0, 0, 640, 480);
        g.fillStyle = '#fd0'; g.beginPath(); g.arc(320, 200, 90, 0, 7); g.fill();
        return c.toDataURL('image/jpeg', 0.9); }"""
    )
    return base64.b64decode(data_url.split(",", 1)[1])


def fill_story(page, title: str, *, photo: bytes | None = None) -> None:
    page.goto("/nieuw")
    page.locator("label", has_text="Herinnering").click()
    search = page.get_by_role("searchbox", name="Zoek een plaats voor je verhaal")
    search.fill("Assen")
    page.locator(".place-results button", has_text="Assen").first.click()
    expect(page.locator(".where")).to_contain_text("Assen")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Vertel", exact=True).fill("Op de brink stond een grote eik.")
    page.get_by_label("Van jaar").fill("1970")
    if photo is not None:
        page.locator("#photo-gallery").set_input_files(
            {"name": "brink.jpg", "mimeType": "image/jpeg", "buffer": photo}
        )
        page.get_by_label("Wat is er te zien?").fill("Een brink met een eik")
    page.locator("input[name=consent]").check()


def test_browse_the_map_and_open_a_story_by_keyboard(page):
    page.goto("/")
    markers = page.locator(".pin-wrap[role=button]")
    expect(markers).to_have_count(len(SEED))
    expect(page.locator(".place-label", has_text="Assen")).to_be_visible()
    marker = page.locator(".pin-wrap[aria-label*='Schaatsen']")
    marker.focus()
    page.keyboard.press("Enter")
    sheet = page.get_by_role("dialog")
    expect(sheet.get_by_role("heading")).to_have_text("Schaatsen op de Drentsche Aa")
    expect(sheet.get_by_role("heading")).to_be_focused()
    sheet.get_by_role("link", name="Lees het verhaal").click()
    expect(page).to_have_url(re.compile(r"/verhaal/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Schaatsen op de Drentsche Aa")
    expect(page.locator(".facts")).to_contain_text("1963–1970")
    # The story URL is shareable: loading it directly works too.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schaatsen op de Drentsche Aa")


def test_a_cluster_opens_by_keyboard_and_zooms_in(new_context, server, monkeypatch):
    """Where the server answers clusters (many stories close together), Enter on one zooms the
    map in to it."""
    monkeypatch.setitem(server.app.config, "MAP_CLUSTER_THRESHOLD", 2)
    near_the_brink = [(6.5625 + i * 0.002, 52.9925 + i * 0.001) for i in range(1, 5)]
    added = server.add_stories("Rond de Brink", near_the_brink)
    try:
        page = new_context(service_workers="block").new_page()  # every /map request is seen
        zooms: list[int] = []
        page.on(
            "request",
            lambda request: (
                "/api/v1/map?" in request.url
                and zooms.append(int(re.search(r"zoom=(\d+)", request.url).group(1)))
            ),
        )
        page.goto("/")
        # The Brink story of SEED and the four around it make one cluster at region zoom.
        cluster = page.get_by_role("button", name="5 verhalen; inzoomen")
        expect(cluster).to_have_text("5")
        cluster.focus()
        page.keyboard.press("Enter")
        for _ in range(50):  # page.wait_for_timeout lets Playwright deliver the request events
            if len(zooms) > 1 and zooms[-1] > zooms[0]:
                break
            page.wait_for_timeout(200)
        assert zooms[-1] > zooms[0], zooms
    finally:
        server.remove_stories(added)


def test_an_empty_map_invites_the_first_story(page):
    page.goto("/?thema=energie")  # no story of SEED has this theme
    expect(page.locator(".map-count")).to_have_text(
        "Hier staan nog geen verhalen. Weet jij er een? Kies Vertel."
    )


def test_escape_closes_the_sheet_and_returns_focus_to_the_marker(page):
    page.goto("/")
    marker = page.locator(".pin-wrap[aria-label*='Emmen']")
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.locator(".pin-wrap:focus")).to_have_count(1)


def test_list_view_with_filters(page):
    page.goto("/lijst")
    cards = page.locator(".story-card")
    expect(cards).to_have_count(len(SEED))
    page.get_by_role("button", name="Filters").click()
    page.locator(".kind-filter label", has_text="Wens").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Een bos bij Emmen")
    assert "soort=wish" in page.url
    # The time control: "was" shows the past, not the wish for the future.
    page.locator(".kind-filter label", has_text="Wens").click()
    page.locator(".period-filter label", has_text="Was").click()
    expect(cards).to_have_count(2)
    expect(page.locator(".story-list")).not_to_contain_text("Een bos bij Emmen")
    # Filters carry over to the map.
    page.get_by_role("navigation").get_by_role("link", name="Kaart", exact=True).click()
    expect(page.locator(".pin-wrap[role=button]")).to_have_count(2)


def test_pin_a_story_online(page, server):
    login(page)
    fill_story(page, "Eik op de brink")
    page.get_by_role("button", name="Bekijk voorbeeld").click()
    expect(page.locator(".preview")).to_contain_text("Eik op de brink")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je verhaal!")
    stories = server.stories_titled("Eik op de brink")
    assert len(stories) == 1
    assert stories[0].status == "pending"
    assert stories[0].era_from == 1970


def test_sending_without_consent_names_the_missing_field(page):
    login(page)
    fill_story(page, "Zonder toestemming")
    page.locator("input[name=consent]").uncheck()
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator(".consent ~ .field-error")).to_contain_text("toestemming")
    expect(page.locator("input[name=consent]")).to_be_focused()


# Resolves once the service worker controls the page: at once if it does, else on the
# `controllerchange` event its clients.claim() on activation fires (sw.js: clientsClaim()).
# Checked and subscribed in one task, so the event cannot slip between; no polling, so machine
# load only delays the answer. The timer bounds a worker that never registers.
_WORKER_CONTROL = """() => navigator.serviceWorker.controller !== null ||
  new Promise((resolve, reject) => {
    const sw = navigator.serviceWorker;
    sw.addEventListener('controllerchange', () => resolve(true), {once: true});
    setTimeout(() => reject(new Error('no service worker took control in 180 s')), 180000);
  })"""


def wait_for_worker_control(page) -> None:
    assert page.evaluate(_WORKER_CONTROL) is True


def test_pin_a_story_with_a_photo(page, server):
    login(page)
    fill_story(page, "Brink met foto", photo=make_jpeg(page))
    expect(page.locator(".photo-item")).to_have_count(1)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je verhaal!")
    [story] = server.stories_titled("Brink met foto")
    assert server.photo_count(story.id) == 1


def test_offline_pin_is_sent_exactly_once_when_the_connection_returns(new_context, server):
    context = new_context()
    page = context.new_page()
    login(page)
    fill_story(page, "Geschreven zonder bereik", photo=make_jpeg(page))
    wait_for_worker_control(page)
    context.set_offline(True)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaard in je uitbox")
    assert server.stories_titled("Geschreven zonder bereik") == []
    page.get_by_role("link", name="Uitbox").first.click()
    expect(page.locator(".outbox-item")).to_contain_text("Wacht op verbinding")

    context.set_offline(False)
    assert wait_until(lambda: server.stories_titled("Geschreven zonder bereik"))
    expect(page.locator(".outbox-item .outbox-state")).to_have_text("Verstuurd")
    # Starting the app again replays nothing twice.
    page.goto("/")
    page.wait_for_timeout(1000)
    stories = server.stories_titled("Geschreven zonder bereik")
    assert len(stories) == 1
    assert server.photo_count(stories[0].id) == 1


def test_a_closed_tabs_draft_comes_back(new_context):
    context = new_context()
    page = context.new_page()
    page.goto("/nieuw")
    page.locator("label", has_text="Wens").click()
    page.get_by_label("Titel").fill("Een fietspad langs het Oranjekanaal")
    page.get_by_label("Vertel", exact=True).fill("Dan kunnen de kinderen veilig naar school.")
    page.wait_for_timeout(700)  # the draft saves 300 ms after typing stops
    page.close()

    page = context.new_page()
    page.goto("/nieuw")
    expect(page.locator(".notice", has_text="teruggezet")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Een fietspad langs het Oranjekanaal")
    expect(page.get_by_label("Vertel", exact=True)).to_have_value(
        "Dan kunnen de kinderen veilig naar school."
    )
    expect(page.locator("input[name=kind][value=wish]")).to_be_checked()


def test_log_in_and_out(page):
    login(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn verhalen")
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.locator(".account-link")).to_have_text("Inloggen")


def test_register_confirm_by_mail_and_land_on_my_stories(page, e2e_mailbox):
    page.goto("/registreren")
    page.get_by_label("Naam bij je verhalen").fill("Bert")
    page.get_by_label("E-mailadres").fill("bert@example.org")
    page.get_by_label("Wachtwoord", exact=True).fill("drie bomen op de brink")
    page.locator("form.account-form button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_contain_text("e-mail gestuurd")
    token = link_token(e2e_mailbox.wait_for("bert@example.org"), "/registreren")
    page.goto(f"/registreren?token={quote(token)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn verhalen")
    expect(page.get_by_text("Ingelogd als Bert.")).to_be_visible()


def test_wrong_password_is_explained(page):
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("anna@example.org")
    page.get_by_label("Wachtwoord", exact=True).fill("not the password")
    page.locator("form.account-form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    assert page.url.endswith("/inloggen")


def test_my_stories_show_their_status(page, server):
    login(page)
    card = page.locator(".story-card", has_text="Schaatsen op de Drentsche Aa")
    expect(card.locator(".status-badge")).to_have_text("Gepubliceerd")
    assert page.locator(".story-card").count() >= len(SEED)


def test_language_switch_to_english_and_back(page):
    page.goto("/lijst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alle verhalen")
    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All stories")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation").get_by_role("link", name="Map")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("All stories")
    page.get_by_role("button", name="Naar het Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alle verhalen")


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def axe_page(new_context):
    """A page where axe-core may be injected (it is a script the CSP would refuse)."""
    return new_context(bypass_csp=True).new_page()


@pytest.mark.parametrize("path", [*MAIN_SCREENS, "story"])
def test_no_serious_accessibility_violations(axe_page, path):
    page = axe_page
    if path == "story":
        path = first_story_path(page)
    page.goto(path)
    page.locator("h1").first.wait_for(state="attached")
    page.wait_for_timeout(400)
    violations = axe_violations(page)
    assert violations == [], violations


def test_my_page_when_logged_in_has_no_serious_accessibility_violations(axe_page):
    page = axe_page
    login(page)
    for summary in page.locator(".account-tools summary").all():
        summary.click()
    page.wait_for_timeout(300)
    violations = axe_violations(page)
    assert violations == [], violations


def test_open_sheet_has_no_serious_accessibility_violations(axe_page):
    page = axe_page
    page.goto("/")
    page.locator(".pin-wrap[aria-label*='Hoogeveen']").focus()
    page.keyboard.press("Enter")
    page.get_by_role("dialog").wait_for()
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", [*MAIN_SCREENS, "story"])
def test_no_horizontal_scrolling_at_320_pixels(new_context, path):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    if path == "story":
        path = first_story_path(page)
    page.goto(path)
    page.locator("h1").first.wait_for(state="attached")
    page.wait_for_timeout(300)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} is {width}px wide"


@pytest.mark.parametrize("path", ["/", "/lijst", "/nieuw", "/inloggen"])
def test_desktop_at_200_percent_zoom_reflows_without_horizontal_scrolling(new_context, path):
    """A 1280 x 720 window at 200 % zoom is a 640 x 360 CSS-pixel viewport."""
    page = new_context(viewport={"width": 640, "height": 360}).new_page()
    page.goto(path)
    page.locator("h1").first.wait_for(state="attached")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    # Nothing essential is hidden behind the fixed bars: the heading or the map search shows.
    target = page.locator(".place-search input") if path == "/" else page.locator("h1")
    expect(target).to_be_in_viewport()


def test_app_shell_opens_offline_from_the_service_worker(new_context):
    context = new_context()
    page = context.new_page()
    page.goto("/lijst")
    expect(page.locator(".story-card")).to_have_count(len(SEED))
    wait_for_worker_control(page)
    page.reload()  # the worker caches the API answers too
    expect(page.locator(".story-card")).to_have_count(len(SEED))
    context.set_offline(True)
    page.goto("/verhaal/not-cached-anywhere")
    expect(page.get_by_role("navigation")).to_be_visible()
    page.goto("/lijst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alle verhalen")
    expect(page.locator(".story-card")).to_have_count(len(SEED))
    page.goto("/nieuw")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vertel je verhaal")


def test_service_worker_answers_an_unknown_path_with_404_as_the_server_does(new_context):
    context = new_context()
    page = context.new_page()
    page.goto("/lijst")
    wait_for_worker_control(page)
    known = page.goto("/privacy")
    assert known.from_service_worker
    assert known.status == 200
    unknown = page.goto("/bestaat-niet/echt")
    assert unknown.from_service_worker
    assert unknown.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")
    context.set_offline(True)
    assert page.goto("/ook-niet").status == 404
    assert page.goto("/lijst").status == 200


def test_manifest_makes_the_app_installable(page):
    page.goto("/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(href).json()
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert page.request.get(icon["src"]).headers["content-type"] == "image/png"

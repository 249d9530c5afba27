"""The schools app end to end (docs/schools.md): a teacher makes a class project in the app,
two pupils join with its code on two devices — one of them without signal, so the story waits
in the outbox — both stories reach the teacher's queue once, the teacher approves one for the
class map and picks it for the public map, and the public story page says "leerling van …",
never the nickname."""

from __future__ import annotations

import base64
import http.server
import re
import threading
import uuid

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.e2e.conftest import PASSWORD, ensure_account, wait_until
from tests.e2e.test_pwa import axe_violations, wait_for_worker_control
from tests.schools import make_project
from verhalenkaart.accounts.models import User
from verhalenkaart.extensions import db
from verhalenkaart.schools import codes

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

TEACHER = "juf.esch@example.org"
CURATOR = "redactie.scholen@example.org"
WIDE = {"width": 1280, "height": 900}


def log_in(page, email: str, name: str) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/mijn")
    expect(page.locator(".account-link")).to_have_text(name)


def create_project(page, name: str) -> tuple[str, str]:
    """Make a project through the teacher's form; → (slug, join code as shown)."""
    page.goto("/klas")
    page.get_by_role("link", name="Nieuw klasproject").click()
    page.get_by_label("Naam van het project").fill(name)
    page.get_by_label("School", exact=True).fill("De Esch")
    page.get_by_label("Klas of groep").fill("groep 7")
    page.get_by_label("Vraag aan de klas").fill("Wat is jouw plek in het beekdal?")
    page.locator(".policy label", has_text="Gekozen verhalen ook op de openbare kaart").click()
    page.get_by_label("Een plaats met een straal").check()
    page.get_by_role("searchbox", name="Zoek een plaats").fill("Assen")
    page.locator(".area-place .place-results button", has_text="Assen").first.click()
    expect(page.locator(".area-place .where")).to_contain_text("Assen")
    page.get_by_label("Straal in meters").fill("3000")
    page.get_by_role("button", name="Project maken").click()
    page.wait_for_url(re.compile(r"/klas/[^/]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    code = page.locator(".join-code").inner_text()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code), code
    # The QR code is drawn by the server and loads.
    qr = page.locator("img.join-qr")
    expect(qr).to_be_visible()
    assert page.evaluate("img => img.naturalWidth > 0", qr.element_handle())
    slug = page.url.rstrip("/").rsplit("/", 1)[1]
    return slug, code


def join(context, code: str, nickname: str, prompt: str = "Wat is jouw plek in het beekdal?"):
    """A pupil scans the QR (the code comes prefilled), picks a nickname and joins."""
    page = context.new_page()
    page.goto(f"/klas/doe-mee?code={code.replace('-', '')}")
    expect(page.get_by_label("Code van de klas")).to_have_value(code)
    page.get_by_label("Je bijnaam").fill(nickname)
    page.get_by_role("button", name="Doe mee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {nickname}!")
    reentry = page.locator(".reentry-card .reentry-code").inner_text()
    assert re.fullmatch(r"([2-9A-HJ-NP-Z]{4}-){2}[2-9A-HJ-NP-Z]{4}", reentry), reentry
    expect(page.locator(".reentry-card")).to_contain_text("Print of bewaar deze kaart")
    page.get_by_role("link", name="Naar mijn klas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(prompt)
    # Their tabs lead to the class, not to the resident's pages.
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Klaskaart")
    ).to_be_visible()
    return page


def tell(page, title: str) -> None:
    page.locator(".pupil-actions").get_by_role("link", name="Vertel").click()
    # The project's area is on the pin map (made when it comes on screen).
    page.locator(".pin-map").scroll_into_view_if_needed()
    expect(page.locator(".pin-map path.project-area")).to_be_attached()
    page.locator("label", has_text="Herinnering").click()
    page.get_by_role("searchbox", name="Zoek een plaats voor je verhaal").fill("Assen")
    page.locator(".place-results button", has_text="Assen").first.click()
    expect(page.locator(".where")).to_contain_text("Assen")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Vertel", exact=True).fill("Bij de beek zie ik reigers.")
    page.locator("input[name=consent]").check()


def test_a_class_project_from_the_teachers_form_to_the_public_map(new_context, server):
    ensure_account(server, TEACHER, "Juf Ans", "teacher")
    ensure_account(server, CURATOR, "Redactie", "curator")
    teacher = new_context(viewport=WIDE).new_page()
    log_in(teacher, TEACHER, "Juf Ans")
    # The teacher's workbench menu leads to the class projects.
    teacher.locator(".staff-toggle").click()
    teacher.locator(".staff-list").get_by_role("link", name="Klas").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Mijn klasprojecten")
    slug, code = create_project(teacher, "Groep 7 Beekdal")

    # A wrong code gets a clear sentence, not a crash.
    stranger = new_context().new_page()
    stranger.goto("/klas/doe-mee")
    stranger.get_by_label("Code van de klas").fill("ABCD-EFG0")
    stranger.get_by_label("Je bijnaam").fill("Iemand")
    stranger.get_by_role("button", name="Doe mee").click()
    expect(stranger.locator(".field-error").first).to_contain_text("geen 0, O, 1, I of L")
    stranger.get_by_label("Code van de klas").fill("ABCD-EFGH")
    stranger.get_by_role("button", name="Doe mee").click()
    expect(stranger.locator(".field-error").first).to_contain_text("Deze code werkt niet")

    # Pupil one, online.
    online = join(new_context(), code, "Vos")
    tell(online, "Reigers bij de Drentsche Aa")
    online.get_by_role("button", name="Versturen").click()
    expect(online.get_by_role("heading", level=1)).to_have_text("Bedankt voor je verhaal!")

    # Pupil two, on a field trip without signal: the story waits in the outbox.
    trip = new_context()
    offline = join(trip, code, "Egel")
    wait_for_worker_control(offline)
    tell(offline, "Het bruggetje zonder bereik")
    trip.set_offline(True)
    offline.get_by_role("button", name="Versturen").click()
    expect(offline.get_by_role("heading", level=1)).to_have_text("Bewaard in je uitbox")
    assert server.stories_titled("Het bruggetje zonder bereik") == []
    trip.set_offline(False)
    assert wait_until(lambda: server.stories_titled("Het bruggetje zonder bereik"))

    # Both reach the teacher's queue, each once.
    teacher.goto(f"/klas/{slug}")
    expect(teacher.locator(".pupil-table tbody tr")).to_have_count(2)
    teacher.get_by_role("link", name=re.compile(r"^Nakijken")).click()
    teacher.wait_for_url(f"**/moderatie?project={slug}")
    for title in ("Reigers bij de Drentsche Aa", "Het bruggetje zonder bereik"):
        expect(teacher.locator(".desk-open", has_text=title)).to_have_count(1)
        assert len(server.stories_titled(title)) == 1

    # The teacher approves one: it goes on the class map.
    title = "Reigers bij de Drentsche Aa"
    item = teacher.locator(".desk-open", has_text=title)
    item.click()
    expect(teacher.locator("#desk-item-title")).to_have_text(title)
    item.focus()
    teacher.keyboard.press("a")
    expect(teacher.locator(".desk-open", has_text=title)).to_have_count(0)
    (story,) = server.stories_titled(title)
    assert story.status == "class"

    # The class map shows it with the nickname, for the class; the teacher picks it for the
    # public map.
    teacher.goto(f"/klas/{slug}/kaart")
    card = teacher.locator(".class-story", has_text=title)
    expect(card).to_contain_text("Vos")
    card.get_by_role("button", name="Op de openbare kaart").click()
    expect(card).to_contain_text("Naar de openbare kaart gestuurd")

    # The curators let it through (the default SCHOOLS_PUBLIC_REVIEW).
    curator = new_context(viewport=WIDE).new_page()
    log_in(curator, CURATOR, "Redactie")
    curator.goto("/moderatie")
    item = curator.locator(".desk-open", has_text=title)
    item.click()
    item.focus()
    curator.keyboard.press("a")
    expect(curator.locator(".desk-open", has_text=title)).to_have_count(0)
    (story,) = server.stories_titled(title)
    assert story.status == "published"

    # The public page: "leerling van De Esch", never the nickname.
    visitor = new_context().new_page()
    visitor.goto(f"/verhaal/{story.uuid}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.locator(".page")).to_contain_text("leerling van De Esch")
    assert "Vos" not in visitor.locator("body").inner_text()
    assert "Egel" not in visitor.locator("body").inner_text()


def test_a_pupil_comes_back_with_the_reentry_code(new_context, server):
    ensure_account(server, TEACHER, "Juf Ans", "teacher")
    teacher = new_context(viewport=WIDE).new_page()
    log_in(teacher, TEACHER, "Juf Ans")
    slug, code = create_project(teacher, "Groep 8 Terug")
    # The teacher changes the question while the project runs.
    teacher.get_by_text("Vraag, data of zichtbaarheid wijzigen").click()
    teacher.locator(".project-edit").get_by_label("Vraag aan de klas").fill(
        "Waar speel jij het liefst?"
    )
    teacher.get_by_role("button", name="Opslaan").click()
    expect(teacher.locator(".project-prompt-small")).to_contain_text("Waar speel jij het liefst?")
    first = new_context()
    page = join(first, code, "Uil", prompt="Waar speel jij het liefst?")
    teacher.goto(f"/klas/{slug}")
    row = teacher.locator(".pupil-table tbody tr", has_text="Uil")
    reentry = row.locator(".reentry-cell").inner_text()
    # The printable sheet has the card with code and QR.
    teacher.goto(f"/klas/{slug}/kaarten")
    card = teacher.locator(".reentry-print-card", has_text="Uil")
    expect(card.locator(".reentry-code")).to_have_text(reentry)
    expect(card.locator("img")).to_be_visible()
    # Another device: the card's code brings the pupil back to the class.
    other = new_context().new_page()
    other.goto("/klas/terug")
    other.get_by_label("Inlogcode van je kaartje").fill(reentry.lower().replace("-", " "))
    other.get_by_role("button", name="Verder").click()
    other.wait_for_url("**/klas")
    expect(other.get_by_role("heading", level=1)).to_have_text("Waar speel jij het liefst?")
    # A removed pupil is gone from the class list (after a confirmation).
    teacher.goto(f"/klas/{slug}")
    teacher.once("dialog", lambda dialog: dialog.accept())
    teacher.get_by_role("button", name="Uil verwijderen").click()
    expect(teacher.locator(".pupil-table tbody tr", has_text="Uil")).to_have_count(0)
    page.close()


@pytest.fixture(scope="module")
def project(server) -> tuple[str, str]:
    """(slug, join code) of a project around Assen made straight in the database."""
    ensure_account(server, TEACHER, "Juf Ans", "teacher")
    with server.app.app_context(), Session(db.engine) as session:
        teacher = session.scalar(sa.select(User).where(User.email == TEACHER))
        made = make_project(session, teacher, name="Groep 6 De Esch")
        return made.slug, codes.shown(made.join_code)


def test_the_class_map_opens_without_signal_after_preparing(new_context, server, project):
    slug, code = project
    trip = new_context()
    page = join(trip, code, "Das")
    wait_for_worker_control(page)
    page.get_by_role("button", name="Voorbereiden voor buiten").click()
    # The default basemap is OpenStreetMap's, whose tile policy forbids bulk downloading: only
    # the class's own data is kept.
    expect(page.locator(".trip-status")).to_contain_text("De klaskaart is bewaard")
    expect(page.locator(".trip-status")).to_contain_text("OpenStreetMap")
    trip.set_offline(True)
    page.goto(f"/klas/{slug}/kaart")
    expect(page.get_by_role("heading", level=1)).to_have_text("Klaskaart: Groep 6 De Esch")
    expect(page.locator(".class-map .project-area")).to_be_attached()
    trip.set_offline(False)


@pytest.mark.parametrize("where", ["join", "pupil", "teacher", "new"])
def test_school_screens_are_axe_clean_and_fit_a_small_phone(new_context, server, project, where):
    slug, code = project
    context = new_context(bypass_csp=True, viewport={"width": 320, "height": 640})
    page = context.new_page()
    if where == "join":
        page.goto(f"/klas/doe-mee?code={code}")
    elif where == "pupil":
        page = join(context, code, f"Mol {uuid.uuid4().hex[:4]}")
    else:
        log_in(page, TEACHER, "Juf Ans")
        page.goto(f"/klas/{slug}" if where == "teacher" else "/klas/nieuw")
    page.locator("h1").first.wait_for()
    page.wait_for_timeout(600)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # No optional part written out as "null" (Element.append does that with a null).
    assert "null" not in page.locator("body").inner_text()


class _Tiles(http.server.BaseHTTPRequestHandler):
    """A tile server on another origin (another port) whose terms allow bulk caching."""

    served: list[str] = []

    def do_GET(self):  # noqa: N802 (the stdlib's name)
        type(self).served.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args):
        pass


#: A 1 × 1 green PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAEhgG/0YhZ5wAAAABJRU5ErkJggg=="
)


@pytest.fixture
def tile_server(server):
    """A second origin serving tiles, configured as the basemap with bulk_cache for one test."""
    _Tiles.served = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    saved = server.app.config["BASEMAPS"]
    server.app.config["BASEMAPS"] = [
        {
            "id": "test",
            "name": "Testkaart",
            "url": f"http://127.0.0.1:{httpd.server_port}/{{z}}/{{x}}/{{y}}.png",
            "attribution": "test",
            "max_zoom": 14,
            "bulk_cache": True,
        }
    ]
    yield _Tiles
    server.app.config["BASEMAPS"] = saved
    httpd.shutdown()


def test_prepared_tiles_are_served_offline(new_context, server, project, tile_server):
    slug, code = project
    # The tile server is on an origin the CSP (made at start-up from the default basemap) does
    # not list: this test looks past the CSP, the rest of the suite checks it.
    trip = new_context(bypass_csp=True)
    page = join(trip, code, "Reiger")
    wait_for_worker_control(page)
    tile_server.served.clear()
    page.get_by_role("button", name="Voorbereiden voor buiten").click()
    status = page.locator(".trip-status")
    expect(status).to_contain_text("Klaar:", timeout=60_000)
    saved = int(re.search(r"Klaar: (\d+) kaartstukjes", status.inner_text()).group(1))
    assert saved > 0
    assert len(set(tile_server.served)) == saved  # counted first, each fetched once
    # Without signal, the class map shows the saved tiles (from the worker's trip cache).
    trip.set_offline(True)
    tile_server.served.clear()
    page.goto(f"/klas/{slug}/kaart")
    expect(page.locator(".class-map .project-area")).to_be_attached()
    expect(page.locator(".class-map img.leaflet-tile-loaded").first).to_be_attached()
    assert tile_server.served == []
    trip.set_offline(False)

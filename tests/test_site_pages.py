"""The form's first lines in the shell the server sends for /nieuw: they paint before the app's
script, settings and account have loaded, in the app's own words."""

from __future__ import annotations

import json
import re

import pytest

ROUTES = ["/", "/nieuw", "/mijn"]
SHELL = (
    "<!doctype html><html><head><title>Verhalenkaart Drenthe</title></head><body>"
    '<main id="main"><div class="map-screen"><div id="map"></div></div>'
    '<div class="page" hidden></div></main></body></html>'
)
LOGIN_FIRST = "Om te versturen heb je een account nodig. Je concept blijft bewaard."


@pytest.fixture
def shell(built):
    (built / "index.html").write_text(SHELL)
    (built / "app-routes.json").write_text(json.dumps(ROUTES))
    return built


def page_element(client, path: str, **headers) -> str:
    with client.get(path, headers=headers) as response:
        body = response.get_data(as_text=True)
    assert response.status_code == 200
    found = re.search(r'<div class="page">(.*?)</div></main>', body, re.S)
    assert found, "the page element is empty or hidden"
    assert '<div class="map-screen" hidden>' in body
    return found.group(1)


def test_form_shell_has_the_heading_and_asks_a_visitor_to_log_in(client, shell):
    html = page_element(client, "/nieuw")
    assert '<h1 data-prerendered="page-data">Vertel je verhaal</h1>' in html
    assert LOGIN_FIRST in html
    assert '<a href="/inloggen?next=/nieuw" data-link>Inloggen</a>' in html
    assert '<a href="/registreren?next=/nieuw" data-link>Account maken</a>' in html


def test_form_shell_speaks_dutch_as_the_app_does_before_a_choice(client, shell):
    html = page_element(client, "/nieuw", **{"Accept-Language": "en-GB,en;q=0.9"})
    assert ">Vertel je verhaal</h1>" in html
    assert LOGIN_FIRST in html


def test_form_shell_does_not_ask_a_logged_in_resident_to_log_in(client, shell, login, author):
    login(author)
    html = page_element(client, "/nieuw")
    assert ">Vertel je verhaal</h1>" in html
    assert "inloggen" not in html


def test_form_shell_does_not_ask_to_log_in_where_anyone_may_send(client, shell, app):
    previous = app.config["ANONYMOUS_CONTRIBUTIONS"]
    app.config["ANONYMOUS_CONTRIBUTIONS"] = True
    try:
        html = page_element(client, "/nieuw")
    finally:
        app.config["ANONYMOUS_CONTRIBUTIONS"] = previous
    assert ">Vertel je verhaal</h1>" in html
    assert LOGIN_FIRST not in html


def test_other_app_pages_keep_the_empty_page_element(client, shell):
    with client.get("/mijn") as response:
        body = response.get_data(as_text=True)
    assert '<div class="page" hidden></div>' in body
    assert "Vertel je verhaal" not in body

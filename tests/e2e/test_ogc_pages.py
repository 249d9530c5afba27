"""The OGC API's HTML pages in a real browser: under the app's CSP, past the service worker
(which must not answer /ogc with the app shell), and usable (axe)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SEED, wait_until
from tests.e2e.test_pwa import axe_violations

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def test_ogc_pages_are_served_past_the_service_worker(new_context):
    page = new_context().new_page()
    page.goto("/")
    assert wait_until(
        lambda: page.evaluate("navigator.serviceWorker.controller !== null"), timeout=30
    )
    for path in ("/ogc", "/ogc/"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Verhalenkaart")
        assert page.evaluate("document.body.dataset.route") is None  # not the app shell
    page.goto("/ogc/collections/stories/items")  # a browser's Accept: HTML
    expect(page.locator("main li")).to_have_count(len(SEED))
    first = page.locator("main li a").first
    title = first.inner_text()
    assert title in {title for _kind, title, *_rest in SEED}
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.parametrize(
    "path", ["/ogc", "/ogc/collections", "/ogc/collections/stories/items", "/ogc/conformance"]
)
def test_ogc_pages_have_no_serious_accessibility_violations(new_context, path):
    page = new_context(bypass_csp=True).new_page()
    page.goto(path)
    page.locator("h1").wait_for()
    assert axe_violations(page) == []

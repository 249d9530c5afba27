"""Security headers on every kind of response: a strict CSP without inline code (the Swagger
UI page included), nosniff, referrer and permissions policies, no framing, HSTS in production."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from verhalenkaart import create_app
from verhalenkaart.security.headers import basemap_origins, content_security_policy

STRICT_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # the default basemap's tiles (VERHALENKAART_BASEMAPS) may load, nothing else from outside
    "img-src": "'self' data: blob: https://tile.openstreetmap.org",
    "connect-src": "'self' https://tile.openstreetmap.org",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
    "base-uri": "'self'",
}
PAGES = [
    "/healthz",
    "/api/v1/stories",
    "/api/v1/stories/00000000-0000-4000-8000-000000000000",  # a 404 problem
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/",
    "/verhaal/5b0e3c4e-6a53-4b51-9a07-1f1f2b8f4a11",
]


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    directives = csp_directives(response)
    for name, value in STRICT_CSP.items():
        assert directives[name] == value, name
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    permissions = response.headers["Permissions-Policy"]
    assert "geolocation=(self)" in permissions
    assert "camera=(self)" in permissions
    assert "payment=()" in permissions
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # development: plain http
    response.close()


def test_production_answers_carry_hsts(tmp_path, monkeypatch):
    monkeypatch.setenv("VERHALENKAART_ENV", "production")
    monkeypatch.setenv("VERHALENKAART_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("VERHALENKAART_DATABASE_URL", "postgresql+psycopg://db.invalid/vk")
    app = create_app({"DATA_DIR": str(tmp_path)})
    response = app.test_client().get("/healthz", base_url="https://vk.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(
    ("basemaps", "origins"),
    [
        (None, []),
        ("", []),
        (
            [
                {"id": "osm", "url": "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"},
                {"id": "pdok", "url": "https://service.pdok.nl/brt/{z}/{x}/{y}.png"},
            ],
            ["https://*.tile.openstreetmap.org", "https://service.pdok.nl"],
        ),
        ("https://tiles.example.org:8443/{z}/{x}/{y}.png", ["https://tiles.example.org:8443"]),
        ('[{"url": "https://a.example.org/{z}/{x}/{y}.png"}]', ["https://a.example.org"]),
        ([{"url": "javascript:alert(1)"}, {"name": "no url"}], []),
    ],
)
def test_basemap_tile_origins_are_read_from_any_shape_of_the_setting(basemaps, origins):
    assert basemap_origins(basemaps) == origins


def test_the_policy_lets_the_map_load_tiles_of_the_configured_basemaps(tmp_path):
    basemaps = [
        {
            "id": "osm",
            "name": "OpenStreetMap",
            "url": "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
            "attribution": "© OpenStreetMap",
            "max_zoom": 19,
        }
    ]
    app = create_app({"DATA_DIR": str(tmp_path), "BASEMAPS": basemaps})
    directives = csp_directives(app.test_client().get("/healthz"))
    assert directives["img-src"] == "'self' data: blob: https://*.tile.openstreetmap.org"
    # The service worker caches tiles with fetch(): connect-src must allow them as well.
    assert directives["connect-src"] == "'self' https://*.tile.openstreetmap.org"
    assert directives["script-src"] == "'self'"


def test_content_security_policy_without_basemaps_is_the_contract_policy():
    policy = content_security_policy(None)
    assert "img-src 'self' data: blob:;" in policy
    assert "frame-ancestors 'none'" in policy


class _InlineCode(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.problems.append(f"style attribute on <{tag}>")
        if any(name.startswith("on") for name in attributes):
            self.problems.append(f"event handler attribute on <{tag}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            if not attributes.get("src"):
                self.problems.append("inline <script>")
            else:
                self.scripts.append(attributes["src"])


@pytest.mark.parametrize("path", ["/api/v1/docs", "/"])
def test_html_pages_have_no_inline_script_or_style(client, path):
    response = client.get(path)
    parser = _InlineCode()
    parser.feed(response.get_data(as_text=True))
    response.close()
    assert parser.problems == []
    for src in parser.scripts:  # and every script they load is served from here
        script = client.get(src)
        assert script.status_code == 200, src
        assert "javascript" in script.mimetype, (src, script.mimetype)
        script.close()


def test_swagger_ui_is_started_by_its_own_file_with_the_spec_url(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert 'data-spec-url="/api/v1/openapi.json"' in page
    assert "/api/v1/docs/swagger-init.js" in page
    script = client.get("/api/v1/docs/swagger-init.js")
    body = script.get_data(as_text=True)
    script.close()
    assert "SwaggerUIBundle" in body
    assert "X-CSRF-Token" in body  # "try it out" writes pass the CSRF check

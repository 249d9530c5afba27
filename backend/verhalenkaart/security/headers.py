"""Security headers on every response: a strict Content-Security-Policy (no inline scripts or
styles), nosniff, referrer and permissions policies, no framing, HSTS in production; and CORS
for the public read endpoints only.

CORS: the open data (published stories, the map, themes, places, the OGC API, the exports of
published stories) answers `Access-Control-Allow-Origin: *` *without* credentials, so a
notebook or a web map elsewhere can read it; browsers then never send cookies with such a
request, so no session is involved. Everything else (accounts, writes, moderation, a
curator's all-statuses export) sends no CORS header at all, and browsers keep other origins out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import Flask, Response, request

PERMISSIONS_POLICY = ", ".join(
    [
        "geolocation=(self)",
        "camera=(self)",
        "microphone=(self)",  # spoken memories are recorded in the app
        "accelerometer=()",
        "autoplay=()",
        "display-capture=()",
        "gyroscope=()",
        "magnetometer=()",
        "payment=()",
        "usb=()",
    ]
)
HSTS = "max-age=31536000; includeSubDomains"
#: Responses about the account itself are never stored by browsers or proxies.
_PRIVATE_PREFIXES = ("/api/v1/auth/", "/api/v1/me/")
_PRIVATE_PATHS = {"/api/v1/me"}
#: GET paths anyone may read from any origin: published data only.
PUBLIC_READ = re.compile(
    r"^/(?:ogc(?:/.*)?"
    r"|api/v1/(?:stories|stories/[0-9a-fA-F-]{36}|map|map/\d+/\d+/\d+|themes|places"
    r"|export/stories\.\w+|stats|stats/origins|layers|layers/[\w-]+|layers/[\w-]+/data"
    r"|collections|collections/[\w-]+))$"
)
#: Query parameters that turn a public path into a curator's view (drafts, every status).
_CURATOR_VIEWS = ("all_statuses", "status", "view")
CORS_METHODS = "GET, HEAD, OPTIONS"
CORS_MAX_AGE = "86400"


def is_public_read() -> bool:
    """The request reads open data: a public path, and not a curator's all-statuses export."""
    if not PUBLIC_READ.match(request.path):
        return False
    curated = request.path.startswith(("/api/v1/export/", "/api/v1/collections"))
    return not (curated and any(name in request.args for name in _CURATOR_VIEWS))


def _cors(response: Response) -> None:
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = "Content-Disposition, Content-Language, Link"
    if request.method == "OPTIONS":  # a preflight: what a cross-origin GET may send
        headers["Access-Control-Allow-Methods"] = CORS_METHODS
        headers["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
        headers["Access-Control-Max-Age"] = CORS_MAX_AGE


def basemap_origins(basemaps: object) -> list[str]:
    """The origins of the tile URLs in BASEMAPS: a list of {"url": …} dicts, a JSON text of
    such a list, one URL template, or nothing. `{s}` subdomains become a `*` wildcard."""
    if not basemaps:
        return []
    if isinstance(basemaps, str):
        text = basemaps.strip()
        if text.startswith("["):
            try:
                basemaps = json.loads(text)
            except ValueError:
                return []
        else:
            basemaps = [{"url": part} for part in text.split(",")]
    if isinstance(basemaps, dict):
        basemaps = [basemaps]
    origins: list[str] = []
    for layer in basemaps if isinstance(basemaps, Iterable) else []:
        url = layer.get("url") if isinstance(layer, dict) else layer
        if not isinstance(url, str):
            continue
        origin = _origin(url)
        if origin and origin not in origins:
            origins.append(origin)
    return origins


def _origin(url_template: str) -> str | None:
    parts = urlsplit(url_template.strip().replace("{s}", "__sub__"))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    labels = host.split(".")
    # A placeholder in a host label ({s}, {switch:a,b,c}) stands for several hosts.
    labels = ["*" if ("__sub__" in label or "{" in label) else label for label in labels]
    if "*" in labels[1:]:
        return None  # CSP wildcards only work as the leftmost label
    return f"{parts.scheme}://{'.'.join(labels)}"


def content_security_policy(basemaps: object) -> str:
    tiles = basemap_origins(basemaps)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *tiles],
        # The service worker caches tiles with fetch(), which connect-src governs.
        "connect-src": ["'self'", *tiles],
        "font-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def init_app(app: Flask) -> None:
    production = app.config["ENV"] == "production"
    policy = content_security_policy(app.config.get("BASEMAPS"))

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if production:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if request.path in _PRIVATE_PATHS or request.path.startswith(_PRIVATE_PREFIXES):
            headers["Cache-Control"] = "no-store"
        if request.method in {"GET", "HEAD", "OPTIONS"} and is_public_read():
            _cors(response)
        return response

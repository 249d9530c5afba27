"""Security headers on every response: a strict Content-Security-Policy (no inline scripts or
styles), nosniff, referrer and permissions policies, no framing, HSTS in production."""

from __future__ import annotations

import json
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
        return response

"""Public client settings from app.config, and how the built PWA's files are cached."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import render_template
from flask_babel import get_locale
from markupsafe import escape
from sqlalchemy.orm import Session

from verhalenkaart.places.models import Place
from verhalenkaart.places.services import place_feature

if TYPE_CHECKING:
    from werkzeug.datastructures import Accept

    from verhalenkaart.site.pages import ShellPage

#: How many of the largest places the map labels when its tiles cannot load.
LABEL_COUNT = 24

#: What the app sends: it downscales photos to the largest derivative's size before upload.
PHOTO_MAX_DIMENSION = 2560
PHOTO_ACCEPTED_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"]
AUDIO_ACCEPTED_TYPES = ["audio/webm", "audio/ogg", "audio/mp4", "audio/mpeg"]

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SHORT = "public, max-age=3600"
#: Files that must always be revalidated: the shell that names the hashed assets, the service
#: worker (browsers look for updates through it), the manifest.
ALWAYS_REVALIDATE = {"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"}


def map_labels(
    session: Session, region_name: str | None = None, limit: int = LABEL_COUNT
) -> list[dict]:
    """The largest places of the region as [{name, lon, lat}], so the map can show where
    things are even without basemap tiles. Places of the gazetteer that lie in another
    province (its bbox reaches into Groningen, Friesland, Overijssel and Germany) get no
    label when the region is a province the gazetteer knows."""
    stmt = sa.select(Place).where(Place.population.is_not(None))
    if region_name and session.scalar(
        sa.select(sa.literal(True)).where(Place.province == region_name).limit(1)
    ):
        stmt = stmt.where(Place.province == region_name)
    places = session.scalars(stmt.order_by(Place.population.desc(), Place.name).limit(limit))
    labels = []
    for place in places:
        lon, lat = place_feature(place)["geometry"]["coordinates"]
        labels.append({"name": place.name, "lon": lon, "lat": lat})
    return labels


def client_config(config: Mapping, labels: list[dict] | None = None) -> dict:
    """What the PWA needs to know: region, basemaps, moderation policy, photo limits."""
    return {
        "region": {
            "name": config["REGION_NAME"],
            "bbox": list(config["REGION_BBOX"]),
            "labels": labels or [],
        },
        "basemaps": [dict(layer) for layer in config["BASEMAPS"]],
        "moderation": config["MODERATION"],
        "anonymous_contributions": bool(config["ANONYMOUS_CONTRIBUTIONS"]),
        "consent_version": config["CONSENT_VERSION"],
        "approximate_grid_metres": int(config["APPROXIMATE_GRID_METRES"]),
        "photos": {
            "max_bytes": int(config["PHOTO_MAX_BYTES"]),
            "max_per_story": int(config["MAX_PHOTOS_PER_STORY"]),
            "max_dimension": PHOTO_MAX_DIMENSION,
            "accepted_types": PHOTO_ACCEPTED_TYPES,
        },
        "audio": {
            "max_bytes": int(config["AUDIO_MAX_BYTES"]),
            "max_per_story": int(config["MAX_AUDIO_PER_STORY"]),
            "max_seconds": int(config["AUDIO_MAX_SECONDS"]),
            "accepted_types": AUDIO_ACCEPTED_TYPES,
        },
        "languages": ["nl", "en"],
    }


#: The build's compressed copies (frontend/vite.config.js), best first, with their suffixes.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))


def precompressed(root: Path, path: str, accept_encodings: Accept) -> tuple[str, str] | None:
    """(file, encoding) of the build's compressed copy of `path` that the browser accepts,
    or None: then the file goes as it is."""
    for encoding, suffix in PRECOMPRESSED:
        if accept_encodings.quality(encoding) and (root / (path + suffix)).is_file():
            return path + suffix, encoding
    return None


def cache_control_for(path: str) -> str:
    """Vite's content-hashed assets never change; the shell and the worker always revalidate."""
    if path.startswith("assets/"):
        return IMMUTABLE
    if path in ALWAYS_REVALIDATE or path.endswith(".html"):
        return REVALIDATE
    return SHORT


SITE_NAME = "Verhalenkaart Drenthe"
PAGE_DATA_ID = "page-data"
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_DESCRIPTION = re.compile(r'<meta name="description"[^>]*>\n?')
_EMPTY_PAGE = re.compile(r'<div class="page" hidden>\s*</div>')
_MAP_SCREEN = '<div class="map-screen">'


def _json_in_html(data: object) -> str:
    """JSON that cannot end its <script> element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _absolute(origin: str, url: str) -> str:
    return origin + url if url.startswith("/") else url


def render_shell(shell: str, page: ShellPage, origin: str, path: str) -> str:
    """index.html with `page`'s title and preview tags in its head, its readable content in
    the page element (the map hidden) and its data for the app as a JSON data block (the CSP
    allows no inline script; a data block is not one)."""
    image = None
    if page.image:
        urls = page.image["urls"]
        image = {"url": _absolute(origin, urls["large"]), "alt": page.image.get("alt")}
    title = f"{page.title} · {SITE_NAME}" if page.title else SITE_NAME
    locale = str(get_locale() or "nl")
    head = render_template(
        "site/head.html",
        page=page,
        title=title,
        canonical=origin + path,
        image=image,
        site_name=SITE_NAME,
        locale={"nl": "nl_NL", "en": "en_GB"}.get(locale, locale),
    )
    html = _TITLE.sub(lambda _m: head, shell, count=1) if page.title else shell
    if page.description:
        html = _DESCRIPTION.sub("", html, count=1)
    if page.content:
        content = render_template(
            f"site/{page.content}.html", title=page.title, data_id=PAGE_DATA_ID, **page.context
        )
        html = _EMPTY_PAGE.sub(lambda _m: f'<div class="page">{content}</div>', html, count=1)
        html = html.replace(_MAP_SCREEN, '<div class="map-screen" hidden>', 1)
    if page.data is not None:
        block = (
            f'<script type="application/json" id="{PAGE_DATA_ID}" data-path="{escape(path)}">'
            f"{_json_in_html(page.data)}</script>"
        )
        html = html.replace("</body>", block + "\n</body>", 1)
    return html

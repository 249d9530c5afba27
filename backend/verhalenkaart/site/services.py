"""Public client settings from app.config, and how the built PWA's files are cached."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart.places.models import Place
from verhalenkaart.places.services import place_feature

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


def map_labels(session: Session, limit: int = LABEL_COUNT) -> list[dict]:
    """The largest places of the gazetteer as [{name, lon, lat}], so the map can show where
    things are even without basemap tiles."""
    places = session.scalars(
        sa.select(Place)
        .where(Place.population.is_not(None))
        .order_by(Place.population.desc(), Place.name)
        .limit(limit)
    )
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


def cache_control_for(path: str) -> str:
    """Vite's content-hashed assets never change; the shell and the worker always revalidate."""
    if path.startswith("assets/"):
        return IMMUTABLE
    if path in ALWAYS_REVALIDATE or path.endswith(".html"):
        return REVALIDATE
    return SHORT

"""Configuration: defaults, VERHALENKAART_* environment variables, and start-up validation."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from pathlib import Path

from flask import Flask

from verhalenkaart.errors import ConfigurationError

#: The checkout: where the built web app, the migrations and the privacy statement live.
REPO_ROOT = Path(__file__).resolve().parents[2]

#: The province of Drenthe with a little margin (minLon, minLat, maxLon, maxLat).
DRENTHE_BBOX = (6.1, 52.6, 7.1, 53.2)

DEFAULTS: dict[str, object] = {
    "ENV": "development",
    "DATA_DIR": "instance",
    "DATABASE_URL": None,  # default: SpatiaLite file in DATA_DIR
    "SECRET_KEY": None,  # default in development: generated once into DATA_DIR
    "SPATIALITE_LIBRARY": "mod_spatialite",
    "REGION_BBOX": ",".join(str(v) for v in DRENTHE_BBOX),
    "REGION_NAME": "Drenthe",
    "MODERATION": "pre",
    "ANONYMOUS_CONTRIBUTIONS": False,
    "JSON_MAX_BYTES": 1024 * 1024,
    "UPLOAD_MAX_BYTES": 25 * 1024 * 1024,
    "CONSENT_VERSION": "2026-11",
    "APPROXIMATE_GRID_METRES": 250,
    "PLACE_NAME_RADIUS_METRES": 10_000,
    "MAP_CLUSTER_THRESHOLD": 50,
    "MAP_MAX_FEATURES": 256,  # the most features GET /map answers, whatever the bbox
    # The shared response cache: redis://… (shared by every process), or empty for one in the
    # process (the embedded default). Public reads are cached under the data version.
    "CACHE_URL": "",
    "CACHE_MAX_AGE": 0,  # Cache-Control max-age of public reads (validated with ETag always)
    # Background jobs (mails, the password-reset lookup): redis://… for RQ, run by
    # `verhalenkaart worker` processes; empty runs them in a thread of each app process.
    "JOBS_URL": "",
    "JOBS_INLINE": False,  # tests: each job at once in the request that queues it
    "BASEMAPS": "",
    # Community: distinct reporters that hide a story until a curator decides, and how long
    # the keyed hash that tells anonymous reporters apart is kept at most.
    "REPORT_THRESHOLD": 3,
    "REPORTER_KEY_HOURS": 72,
    # Trust and safety (docs/security.md)
    "BASE_URL": "",  # public address for links in mails; required to send them in production
    "TRUSTED_PROXIES": 0,
    "SMTP_HOST": "",
    "SMTP_PORT": 587,
    "SMTP_SECURITY": "starttls",
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_TIMEOUT": 10,
    "MAIL_FROM": "Verhalenkaart <noreply@localhost>",
    "CSRF_TOKEN_MAX_AGE": 12 * 3600,
    "PASSWORD_RESET_MAX_AGE": 3600,
    "REGISTRATION_LINK_MAX_AGE": 48 * 3600,
    "SESSION_IDLE_HOURS": 14 * 24,
    "SESSION_MAX_HOURS": 30 * 24,
    "PASSWORD_MIN_LENGTH": 10,
    # Roles that must protect their account with a second factor (TOTP) before they use the
    # staff endpoints: a comma-separated list such as "curator,admin"; empty: nobody must.
    "REQUIRE_TWO_FACTOR": "",
    "PASSWORD_PEPPER": "",
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_KIB": 65536,
    "ARGON2_PARALLELISM": 4,
    "RATELIMIT_STORAGE_URI": "memory://",
    # Photos and voice recordings (media/): see docs/media.md.
    "MEDIA_STORAGE": "local",  # local | s3
    "MEDIA_DIR": None,  # default: DATA_DIR/media
    "MEDIA_URL": "/media/",  # where clients fetch files; a bucket or CDN URL is possible
    "MEDIA_S3_SERVE": "proxy",  # how /media/… answers for s3: proxy | redirect
    "S3_BUCKET": "",
    "S3_ENDPOINT_URL": "",
    "S3_REGION": "",
    "S3_ACCESS_KEY_ID": "",
    "S3_SECRET_ACCESS_KEY": "",
    "S3_PREFIX": "",
    "S3_PRESIGN_SECONDS": 3600,
    "MAX_PHOTOS_PER_STORY": 8,
    "PHOTO_MAX_BYTES": 25 * 1024 * 1024,
    # 50 MP: what phones' full-resolution modes make (8160×6120); decoding one costs ~150 MB.
    "PHOTO_MAX_PIXELS": 50_000_000,
    # Photos decoded at once per process, and how long an upload waits for a turn before 503.
    "PHOTO_CONCURRENCY": 2,
    "PHOTO_QUEUE_SECONDS": 20,
    "MAX_AUDIO_PER_STORY": 3,
    "AUDIO_MAX_BYTES": 16 * 1024 * 1024,
    "AUDIO_MAX_SECONDS": 300,
    # Context layers (layers/): see docs/layers.md.
    "LAYER_MAX_BYTES": 20 * 1024 * 1024,
    "LAYER_MAX_FEATURES": 20_000,
    "LAYER_MAX_VERTICES": 2_000_000,
    "LAYER_SIMPLIFY_VERTICES": 150_000,
    # School projects (schools/): see docs/schools.md.
    "SCHOOLS_RETENTION_DAYS": 30,  # after a project's end: then its pupils are purged
    "SCHOOLS_PUBLIC_REVIEW": "curators",  # curators | teacher: who lets a pupil's story public
}

_BOOLEAN_KEYS = {"ANONYMOUS_CONTRIBUTIONS", "JOBS_INLINE"}
_INT_KEYS = {
    "JSON_MAX_BYTES",
    "UPLOAD_MAX_BYTES",
    "APPROXIMATE_GRID_METRES",
    "PLACE_NAME_RADIUS_METRES",
    "MAP_CLUSTER_THRESHOLD",
    "MAP_MAX_FEATURES",
    "CACHE_MAX_AGE",
    "REPORT_THRESHOLD",
    "REPORTER_KEY_HOURS",
    "TRUSTED_PROXIES",
    "SMTP_PORT",
    "SMTP_TIMEOUT",
    "CSRF_TOKEN_MAX_AGE",
    "PASSWORD_RESET_MAX_AGE",
    "REGISTRATION_LINK_MAX_AGE",
    "SESSION_IDLE_HOURS",
    "SESSION_MAX_HOURS",
    "PASSWORD_MIN_LENGTH",
    "ARGON2_TIME_COST",
    "ARGON2_MEMORY_KIB",
    "ARGON2_PARALLELISM",
    "S3_PRESIGN_SECONDS",
    "MAX_PHOTOS_PER_STORY",
    "PHOTO_MAX_BYTES",
    "PHOTO_MAX_PIXELS",
    "PHOTO_CONCURRENCY",
    "PHOTO_QUEUE_SECONDS",
    "MAX_AUDIO_PER_STORY",
    "AUDIO_MAX_BYTES",
    "AUDIO_MAX_SECONDS",
    "LAYER_MAX_BYTES",
    "LAYER_MAX_FEATURES",
    "LAYER_MAX_VERTICES",
    "LAYER_SIMPLIFY_VERTICES",
    "SCHOOLS_RETENTION_DAYS",
}


def _as_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def parse_region_bbox(value: object) -> tuple[float, float, float, float]:
    """Parse 'minLon,minLat,maxLon,maxLat' into a tuple, or raise ConfigurationError."""
    if isinstance(value, (tuple, list)):
        parts = [float(v) for v in value]
    else:
        try:
            parts = [float(v) for v in str(value).split(",")]
        except ValueError as exc:
            raise ConfigurationError(
                f"VERHALENKAART_REGION_BBOX is not four numbers: {value!r}"
            ) from exc
    if len(parts) != 4 or not (parts[0] < parts[2] and parts[1] < parts[3]):
        raise ConfigurationError(
            "VERHALENKAART_REGION_BBOX must be 'minLon,minLat,maxLon,maxLat' with min < max"
        )
    return parts[0], parts[1], parts[2], parts[3]


#: The roles REQUIRE_TWO_FACTOR may name (pupils log in with a code, without a password).
TWO_FACTOR_ROLES = ("resident", "teacher", "curator", "admin")


def parse_two_factor_roles(value: object) -> frozenset[str]:
    """'curator,admin' into a set of roles, or ConfigurationError naming the unknown ones."""
    if isinstance(value, (set, frozenset, list, tuple)):
        roles = {str(v).strip() for v in value}
    else:
        roles = {part.strip() for part in str(value or "").split(",")}
    roles.discard("")
    unknown = roles - set(TWO_FACTOR_ROLES)
    if unknown:
        raise ConfigurationError(
            f"VERHALENKAART_REQUIRE_TWO_FACTOR names unknown roles {sorted(unknown)}; "
            f"use some of {', '.join(TWO_FACTOR_ROLES)}"
        )
    return frozenset(roles)


def load_config(app: Flask, overrides: dict | None = None) -> None:
    """Fill app.config from defaults, the environment and overrides; validate; no side effects
    beyond creating the data directory and the development secret."""
    app.config.update({key: value for key, value in DEFAULTS.items()})
    app.config.from_prefixed_env("VERHALENKAART", loads=str)
    if overrides:
        app.config.update(overrides)
    cfg = app.config
    for key in _BOOLEAN_KEYS:
        cfg[key] = _as_bool(cfg[key])
    for key in _INT_KEYS:
        try:
            cfg[key] = int(cfg[key])
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(f"VERHALENKAART_{key} must be a whole number") from exc
    cfg["REGION_BBOX"] = parse_region_bbox(cfg["REGION_BBOX"])
    for key in (
        "REPORT_THRESHOLD",
        "REPORTER_KEY_HOURS",
        "LAYER_MAX_BYTES",
        "LAYER_MAX_FEATURES",
        "LAYER_MAX_VERTICES",
        "LAYER_SIMPLIFY_VERTICES",
    ):
        if cfg[key] < 1:
            raise ConfigurationError(f"VERHALENKAART_{key} must be at least 1")
    cfg["BASEMAPS"] = parse_basemaps(cfg["BASEMAPS"])
    if cfg["SCHOOLS_PUBLIC_REVIEW"] not in {"curators", "teacher"}:
        raise ConfigurationError("VERHALENKAART_SCHOOLS_PUBLIC_REVIEW must be curators or teacher")
    if cfg["MODERATION"] not in {"pre", "post"}:
        raise ConfigurationError("VERHALENKAART_MODERATION must be 'pre' or 'post'")
    cfg["REQUIRE_TWO_FACTOR"] = parse_two_factor_roles(cfg["REQUIRE_TWO_FACTOR"])
    if cfg["SMTP_SECURITY"] not in {"starttls", "tls", "none"}:
        raise ConfigurationError("VERHALENKAART_SMTP_SECURITY must be 'starttls', 'tls' or 'none'")

    production = cfg["ENV"] == "production"
    # A relative DATA_DIR (the default `instance`) is the checkout's, wherever the command is
    # run from: `verhalenkaart users create` from another folder must find the same database,
    # not make an empty one there.
    data_dir = Path(str(cfg["DATA_DIR"]))
    if not data_dir.is_absolute():
        data_dir = REPO_ROOT / data_dir
    cfg["DATA_DIR"] = str(data_dir)

    missing = [
        f"VERHALENKAART_{key}"
        for key in ("SECRET_KEY", "DATABASE_URL")
        if production and not cfg[key]
    ]
    if missing:
        raise ConfigurationError(
            "Production start-up needs " + " and ".join(missing) + "; see docs/configuration.md"
        )

    if not cfg["DATABASE_URL"]:
        data_dir.mkdir(parents=True, exist_ok=True)
        cfg["DATABASE_URL"] = f"sqlite:///{data_dir / 'verhalenkaart.sqlite'}"
    if not cfg["SECRET_KEY"]:
        cfg["SECRET_KEY"] = _development_secret(data_dir)

    _media_config(cfg, data_dir)
    cfg.setdefault("FRONTEND_DIR", str(REPO_ROOT / "frontend" / "dist"))
    cfg.setdefault("PRIVACY_STATEMENT", str(REPO_ROOT / "docs" / "privacy.md"))

    # Flask's own settings derived from ours.
    cfg["MAX_CONTENT_LENGTH"] = (
        max(
            cfg["UPLOAD_MAX_BYTES"],
            cfg["JSON_MAX_BYTES"],
            cfg["PHOTO_MAX_BYTES"],
            cfg["AUDIO_MAX_BYTES"],
            cfg["LAYER_MAX_BYTES"],
        )
        + 256 * 1024
    )
    cfg["SESSION_COOKIE_HTTPONLY"] = True
    cfg["SESSION_COOKIE_SAMESITE"] = "Lax"
    cfg["SESSION_COOKIE_SECURE"] = production
    cfg["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    cfg["REMEMBER_COOKIE_SECURE"] = production
    cfg["REMEMBER_COOKIE_HTTPONLY"] = True
    cfg["SESSION_COOKIE_NAME"] = "__Host-session" if production else "session"
    # The cookie is written only when the session changes, never merely re-signed: an answer
    # to a request that started before /auth/csrf put the secret in would otherwise overwrite
    # the cookie without it (the PWA sends requests in parallel), and the next write fails
    # with "send the token". The idle limit is kept by the session record's last use instead
    # (accounts/sessions.py), the absolute one by the login time in the cookie.
    cfg["SESSION_REFRESH_EACH_REQUEST"] = False
    cfg["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=cfg["SESSION_MAX_HOURS"])


def _development_secret(data_dir: Path) -> str:
    """Read the development secret from DATA_DIR, creating it once (mode 0600)."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    # Written whole to a private file, then linked into place: processes starting together
    # (gunicorn workers) agree on one key and never read a half-written file.
    draft = data_dir / f".secret_key.{os.getpid()}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process won; use its key
    finally:
        draft.unlink()
    return path.read_text().strip()


def _media_config(cfg: dict, data_dir: Path) -> None:
    """Check the media settings (no I/O: the media directory is made on the first upload)."""
    if cfg["MEDIA_STORAGE"] not in {"local", "s3"}:
        raise ConfigurationError("VERHALENKAART_MEDIA_STORAGE must be 'local' or 's3'")
    if cfg["MEDIA_S3_SERVE"] not in {"proxy", "redirect"}:
        raise ConfigurationError("VERHALENKAART_MEDIA_S3_SERVE must be 'proxy' or 'redirect'")
    if cfg["MEDIA_STORAGE"] == "s3" and not cfg["S3_BUCKET"]:
        raise ConfigurationError("VERHALENKAART_MEDIA_STORAGE=s3 needs VERHALENKAART_S3_BUCKET")
    for key in (
        "MAX_PHOTOS_PER_STORY",
        "PHOTO_MAX_BYTES",
        "PHOTO_MAX_PIXELS",
        "PHOTO_CONCURRENCY",
        "AUDIO_MAX_BYTES",
    ):
        if cfg[key] < 1:
            raise ConfigurationError(f"VERHALENKAART_{key} must be at least 1")
    if not str(cfg["MEDIA_URL"]).endswith("/"):
        cfg["MEDIA_URL"] = f"{cfg['MEDIA_URL']}/"
    media_dir = Path(str(cfg["MEDIA_DIR"] or data_dir / "media"))
    cfg["MEDIA_DIR"] = str(media_dir if media_dir.is_absolute() else REPO_ROOT / media_dir)


#: The basemap when VERHALENKAART_BASEMAPS is empty.
DEFAULT_BASEMAPS: list[dict[str, object]] = [
    {
        "id": "osm",
        "name": "OpenStreetMap",
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors",
        "max_zoom": 19,
        # OpenStreetMap's tile usage policy forbids bulk downloading ("prefetching"): no
        # field-trip caching of its tiles (docs/schools.md).
        "bulk_cache": False,
    }
]
_BASEMAP_KEYS = ("id", "name", "url", "attribution", "max_zoom")


def parse_basemaps(value: object) -> list[dict[str, object]]:
    """Parse VERHALENKAART_BASEMAPS — a JSON list of {"id","name","url","attribution",
    "max_zoom"} and optionally "bulk_cache" (its terms allow a field trip's tiles to be saved
    ahead; default false) — into a list of dicts (the default OpenStreetMap layer when empty),
    or raise ConfigurationError naming the layer and field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return [dict(layer) for layer in DEFAULT_BASEMAPS]
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ConfigurationError(f"VERHALENKAART_BASEMAPS is not valid JSON: {exc}") from exc
    if not isinstance(value, list) or not value:
        raise ConfigurationError("VERHALENKAART_BASEMAPS must be a non-empty JSON list of layers")
    layers, seen = [], set()
    for index, layer in enumerate(value):
        where = f"VERHALENKAART_BASEMAPS[{index}]"
        if not isinstance(layer, dict):
            raise ConfigurationError(f"{where} must be an object")
        missing = [key for key in _BASEMAP_KEYS if key not in layer]
        if missing:
            raise ConfigurationError(f"{where} lacks {', '.join(missing)}")
        for key in ("id", "name", "url", "attribution"):
            if not isinstance(layer[key], str) or (key != "attribution" and not layer[key]):
                raise ConfigurationError(f"{where}.{key} must be a non-empty string")
        url = layer["url"]
        if not url.startswith(("https://", "http://")) or not all(
            part in url for part in ("{z}", "{x}", "{y}")
        ):
            raise ConfigurationError(
                f"{where}.url must be an http(s) tile template with {{z}}, {{x}} and {{y}}"
            )
        max_zoom = layer["max_zoom"]
        if isinstance(max_zoom, bool) or not isinstance(max_zoom, int) or not 1 <= max_zoom <= 24:
            raise ConfigurationError(f"{where}.max_zoom must be a whole number from 1 to 24")
        if layer["id"] in seen:
            raise ConfigurationError(f"{where}.id {layer['id']!r} is used twice")
        seen.add(layer["id"])
        bulk_cache = layer.get("bulk_cache", False)
        if not isinstance(bulk_cache, bool):
            raise ConfigurationError(f"{where}.bulk_cache must be true or false")
        layers.append({key: layer[key] for key in _BASEMAP_KEYS} | {"bulk_cache": bulk_cache})
    return layers

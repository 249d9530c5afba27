"""Public reads answered fast: strong ETags from the data version, 304 on If-None-Match, a
Cache-Control a CDN can use, a response cache shared by every process (Redis when CACHE_URL
or the rate-limit storage is Redis, else one in the process), and gzip/brotli in the app.

Nothing session-dependent is cached: a story's detail differs for its author and moderators,
so its request with a logged-in session passes through untouched (and says `private`); the
list, the map, themes and places are the same for everyone.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, current_app, g, request
from flask_caching import Cache
from flask_compress import Compress

from verhalenkaart.accounts.permissions import request_user
from verhalenkaart.caching.services import current_token
from verhalenkaart.extensions import db
from verhalenkaart.i18n import select_locale

#: Public reads (GET and HEAD) whose anonymous answer depends only on the URL and the data.
PUBLIC_READS = frozenset(
    {
        "stories.Stories",
        "stories.StoryById",
        "stories.Map",
        "stories.MapTile",
        "stories.Themes",
        "places.Places",
    }
)
#: Of those, the ones whose answer differs for a logged-in author or moderator.
SESSION_DEPENDENT = frozenset({"stories.StoryById"})
#: Bodies larger than this are not kept in the response cache.
MAX_CACHED_BYTES = 2 * 1024 * 1024
ENCODINGS = ("br", "gzip")

cache = Cache()
compress = Compress()


def _cache_config(config: dict) -> dict:
    url = config.get("CACHE_URL") or ""
    limits = str(config.get("RATELIMIT_STORAGE_URI") or "")
    if not url and limits.startswith(("redis://", "rediss://")):
        url = limits
    if url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url, "CACHE_KEY_PREFIX": "vk:"}
    return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}


def init_app(app: Flask) -> None:
    cache.init_app(app, config={**_cache_config(app.config), "CACHE_DEFAULT_TIMEOUT": 3600})
    app.config.setdefault("COMPRESS_ALGORITHM", list(ENCODINGS))
    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        ["application/json", "application/geo+json", "application/problem+json", "text/html"],
    )
    # after_request functions run last-registered first: the cache stores what compress made.
    app.after_request(_store)
    compress.init_app(app)
    app.before_request(_answer_from_cache)


def _cache_control(app_config: dict) -> str:
    age = int(app_config.get("CACHE_MAX_AGE") or 0)
    return f"public, max-age={age}" if age else "public, no-cache"


def _answer_from_cache() -> Response | None:
    if request.method not in {"GET", "HEAD"} or request.endpoint not in PUBLIC_READS:
        return None
    if request.endpoint in SESSION_DEPENDENT and request_user() is not None:
        g.private_read = True
        return None
    token = current_token(db.session)
    # The language is part of the answer: a pupil's story says "leerling van …" or "pupil at …".
    language = select_locale()
    digest = hashlib.sha256(f"{request.full_path}|{language}".encode()).hexdigest()[:20]
    etag = f"{token:x}-{digest}"
    g.cache_entry = (etag, etag)
    headers = {
        "Cache-Control": _cache_control(current_app.config),
        "Vary": "Accept-Encoding, Accept-Language",
    }
    # A client holding any encoding of this representation has it still (RFC 9110 §13.1.2).
    held = {e.split(":", 1)[0] for e in request.if_none_match.as_set()}
    if etag in held:
        sent = next(e for e in request.if_none_match.as_set() if e.split(":", 1)[0] == etag)
        return Response(status=304, headers={**headers, "ETag": f'"{sent}"'})
    for encoding in (*_accepted(), ""):
        hit = cache.get(f"{etag};{encoding}")
        if hit is not None:
            body, mimetype, headers_kept = hit
            response = Response(body, mimetype=mimetype, headers={**headers, **headers_kept})
            g.cache_entry = None
            return response
    return None


def _accepted() -> list[str]:
    return [e for e in ENCODINGS if request.accept_encodings[e]]


def _store(response: Response) -> Response:
    if getattr(g, "private_read", False):
        response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Cookie")
        return response
    entry = getattr(g, "cache_entry", None)
    if entry is None or response.status_code != 200:
        return response
    key, etag = entry
    encoding = response.headers.get("Content-Encoding", "")
    response.set_etag(f"{etag}:{encoding}" if encoding else etag)
    response.headers["Cache-Control"] = _cache_control(current_app.config)
    response.vary.add("Accept-Language")
    if request.endpoint in SESSION_DEPENDENT:
        response.vary.add("Cookie")  # the author's own answer differs
    body = response.get_data()
    if request.method == "GET" and len(body) <= MAX_CACHED_BYTES:
        kept = {"ETag": response.headers["ETag"]}
        if encoding:
            kept["Content-Encoding"] = encoding
        if request.endpoint in SESSION_DEPENDENT:
            kept["Vary"] = "Accept-Encoding, Accept-Language, Cookie"
        cache.set(f"{key};{encoding}", (body, response.mimetype, kept))
    return response

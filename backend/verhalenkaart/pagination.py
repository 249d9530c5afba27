"""Paging of lists: opaque cursors and the `links` of a page, in one place.

A service decodes the cursor it was given and encodes the next one (`decode_cursor`,
`encode_cursor`); a view turns the next cursor into links (`page_links`). Clients only follow
the `next` link.

A cursor holds a small JSON object of non-negative integers (internal row ids among them),
encrypted and authenticated with Fernet under a key derived from SECRET_KEY: a client can
neither read it (the gaps between ids would count unpublished stories) nor forge one. Anything
that does not decrypt is a 422 naming `cursor`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, request, url_for
from flask_babel import _

from verhalenkaart.errors import ValidationProblem

# Larger numbers in a forged cursor would overflow the databases' 64-bit integers.
MAX_CURSOR_VALUE = 2**53
#: Cursor keys that hold a row id: the id columns are 32-bit on PostgreSQL (a larger value in a
#: comparison with them is an error there, a 500), so they get the smaller cap.
CURSOR_ID_KEYS = frozenset({"before", "i"})
MAX_CURSOR_ID = 2**31 - 1


@functools.lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    key = hashlib.sha256(b"verhalenkaart page cursor|" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _cursor_cipher() -> Fernet:
    return _fernet(str(current_app.config["SECRET_KEY"]))


def encode_cursor(position: dict[str, int]) -> str:
    return seal_cursor(position, str(current_app.config["SECRET_KEY"]))


def seal_cursor(position: object, secret_key: str) -> str:
    """The cursor for `position` under `secret_key` (encode_cursor uses the app's)."""
    raw = json.dumps(position, separators=(",", ":")).encode()
    return _fernet(secret_key).encrypt(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, int]:
    """The position a cursor of encode_cursor() holds; a 422 naming `cursor` otherwise."""
    try:
        raw = _cursor_cipher().decrypt(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (InvalidToken, ValueError, UnicodeDecodeError):
        position = None
    if not isinstance(position, dict) or not all(
        isinstance(v, int)
        and not isinstance(v, bool)
        and 0 <= v <= (MAX_CURSOR_ID if k in CURSOR_ID_KEYS else MAX_CURSOR_VALUE)
        for k, v in position.items()
    ):
        raise ValidationProblem.field(
            "cursor", _("This cursor is not valid; follow the next link.")
        )
    return position


def page_links(next_cursor: str | None) -> list[dict]:
    """The links of the current request's page: `self`, and `next` (the same query with the
    next cursor) when there is more. Absolute under BASE_URL when it is set; only without it
    (development) from the address asked for, since a proxy's X-Forwarded-Host is the
    client's to choose."""
    here = request.script_root + request.full_path.rstrip("?")
    links = [{"rel": "self", "href": _absolute(here)}]
    if next_cursor:
        query = request.args.to_dict() | {"cursor": next_cursor}
        path = url_for(request.endpoint, **(request.view_args or {}), **query)
        links.append({"rel": "next", "href": _absolute(path)})
    return links


def _absolute(path: str) -> str:
    base = current_app.config.get("BASE_URL") or request.host_url
    return base.rstrip("/") + path

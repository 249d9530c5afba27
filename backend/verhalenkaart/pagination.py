"""Paging of lists: opaque cursors and the `links` of a page, in one place.

A service decodes the cursor it was given and encodes the next one (`decode_cursor`,
`encode_cursor`: a small JSON object of non-negative integers, base64url); a view turns the next
cursor into links (`page_links`). Clients only follow the `next` link.
"""

from __future__ import annotations

import base64
import binascii
import json

from flask import request, url_for
from flask_babel import _

from verhalenkaart.errors import ValidationProblem

# Larger numbers in a forged cursor would overflow the databases' 64-bit integers.
MAX_CURSOR_VALUE = 2**53
#: Cursor keys that hold a row id: the id columns are 32-bit on PostgreSQL (a larger value in a
#: comparison with them is an error there, a 500), so they get the smaller cap.
CURSOR_ID_KEYS = frozenset({"before", "i"})
MAX_CURSOR_ID = 2**31 - 1


def encode_cursor(position: dict[str, int]) -> str:
    raw = json.dumps(position, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, int]:
    """The position a cursor of encode_cursor() holds; a 422 naming `cursor` otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
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
    next cursor) when there is more."""
    links = [{"rel": "self", "href": request.url}]
    if next_cursor:
        query = request.args.to_dict() | {"cursor": next_cursor}
        href = url_for(request.endpoint, _external=True, **(request.view_args or {}), **query)
        links.append({"rel": "next", "href": href})
    return links

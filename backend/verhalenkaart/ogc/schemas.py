"""The query parameters of the OGC API's items, read into the stories' StoryFilters.

OGC API – Features answers a parameter it cannot use with 400 (not the 422 of /api/v1), and an
unknown parameter too (Part 1, /req/core/query-param-unknown), so a typo never silently returns
everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import _

from verhalenkaart import geo
from verhalenkaart.errors import BadParameter, ValidationProblem
from verhalenkaart.stories.models import Kind

DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000
ITEMS_PARAMETERS = frozenset({"bbox", "limit", "offset", "datetime", "kind", "theme", "f"})
FORMATS = ("json", "html")
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
KINDS = tuple(k.value for k in Kind)


@dataclass(frozen=True)
class ItemsQuery:
    """What GET /ogc/collections/{id}/items asks for (themes still unchecked slugs)."""

    bbox: geo.BBox | None
    limit: int
    offset: int
    published_from: dt.datetime | None
    published_to: dt.datetime | None
    kinds: tuple[str, ...]
    themes: tuple[str, ...]


def check_known(args: Mapping[str, str], known: frozenset[str]) -> None:
    unknown = sorted(set(args) - known)
    if unknown:
        raise BadParameter.field(
            unknown[0],
            _("Unknown parameter. This address takes: %(names)s.", names=", ".join(sorted(known))),
        )


def output_format(args: Mapping[str, str]) -> str | None:
    """`f=json` or `f=html`, or None when the Accept header decides."""
    value = args.get("f")
    if value is None:
        return None
    if value not in FORMATS:
        raise BadParameter.field("f", _("Use f=json or f=html."))
    return value


def _integer(args: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    text = args.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadParameter.field(name, _("Must be a whole number.")) from None
    if value < minimum:
        raise BadParameter.field(name, _("Must be at least %(minimum)d.", minimum=minimum))
    return value


def _instant(text: str, *, end: bool) -> dt.datetime:
    """An RFC 3339 date-time (UTC if it names no offset), or a date: its first or last moment."""
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            moment = dt.time.max if end else dt.time.min
            return dt.datetime.combine(day, moment, tzinfo=dt.UTC)
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadParameter.field(
            "datetime",
            _("Use an RFC 3339 time, or an interval start/end with .. for an open end."),
        ) from None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def parse_datetime(text: str | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The `datetime` parameter: an instant, or an interval whose ends may be open (`..`)."""
    if text is None:
        return None, None
    if "/" not in text:
        return _instant(text, end=False), _instant(text, end=True)
    start, _slash, finish = text.partition("/")
    low = None if start in {"", ".."} else _instant(start, end=False)
    high = None if finish in {"", ".."} else _instant(finish, end=True)
    if low is not None and high is not None and high < low:
        raise BadParameter.field("datetime", _("The interval ends before it starts."))
    return low, high


def _list(args: Mapping[str, str], name: str) -> tuple[str, ...]:
    text = args.get(name)
    return tuple(part.strip() for part in text.split(",") if part.strip()) if text else ()


def parse_items_query(args: Mapping[str, str]) -> ItemsQuery:
    check_known(args, ITEMS_PARAMETERS)
    output_format(args)
    bbox = None
    if "bbox" in args:
        try:
            bbox = geo.parse_bbox(args["bbox"])
        except ValidationProblem as problem:
            raise BadParameter(problem.detail, problem.errors) from None
    kinds = _list(args, "kind")
    wrong = [k for k in kinds if k not in KINDS]
    if wrong:
        raise BadParameter.field("kind", _("Unknown kind: %(kinds)s.", kinds=", ".join(wrong)))
    published_from, published_to = parse_datetime(args.get("datetime"))
    return ItemsQuery(
        bbox=bbox,
        limit=min(_integer(args, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT),
        offset=_integer(args, "offset", 0, 0),
        published_from=published_from,
        published_to=published_to,
        kinds=kinds,
        themes=_list(args, "theme"),
    )

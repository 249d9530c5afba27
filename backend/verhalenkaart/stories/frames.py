"""The seed's frame *wat was, wat is en wat Drenthe worden kan*, as conditions on stories.

Which story belongs where (docs/decisions/0019-resident-pages.md):

- **wordt** (what may become): every wish for the future.
- **was** (what was): every memory, and every story or photo whose years all lie more than
  PAST_YEARS before this year.
- **is** (what is): the other stories and photos: those about recent years and those without
  any years (a photo without a date is taken as a photo of now).

Every published story falls in exactly one of the three; tests/test_place_pages.py holds it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

FRAMES = ("was", "is", "wordt")

#: A story about years ending this long ago or more tells of the past ("a generation ago").
PAST_YEARS = 25


def past_before(today: dt.date | None = None) -> int:
    """The first year that still counts as *now*."""
    return (today or dt.date.today()).year - PAST_YEARS


def frame_condition(table: sa.Table, frame: str) -> sa.ColumnElement[bool]:
    """The WHERE condition of `frame` ("was", "is" or "wordt") on the stories table."""
    story_end = sa.func.coalesce(table.c.era_to, table.c.era_from)
    old = sa.and_(story_end.is_not(None), story_end < past_before())
    if frame == "wordt":
        return table.c.kind == "wish"
    if frame == "was":
        return sa.or_(table.c.kind == "memory", sa.and_(table.c.kind.in_(["story", "photo"]), old))
    return sa.and_(table.c.kind.in_(["story", "photo"]), sa.not_(sa.func.coalesce(old, False)))


def undated_condition(table: sa.Table) -> sa.ColumnElement[bool]:
    """Stories that name no year at all."""
    return sa.and_(table.c.era_from.is_(None), table.c.era_to.is_(None))


@dataclass(frozen=True)
class PlaceArea:
    """A gazetteer place as a filter: stories whose place_name is `name` (any case) or whose
    point lies within `radius_m` of (lon, lat)."""

    name: str
    lon: float
    lat: float
    radius_m: float

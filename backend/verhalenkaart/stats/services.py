"""Counts of published stories (by kind, theme, place, era decade, month of contribution and
map cell) and the "waar kom jij weg?" lines: from the place a memory's teller comes from to the
place they remember.

Everything here reads through the stories' read side (`published_conditions`) with the list's
filters, so a story the public may not see is never counted, and nothing but counts, gazetteer
names and published places leaves this module: no author, no nickname, no free text of an
`origin_place` (unmatched ones are only counted).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart import geo, sqljson
from verhalenkaart.places.models import Place
from verhalenkaart.stories.features import StoryFilters, published_conditions
from verhalenkaart.stories.models import Kind, Story, Theme, story_themes
from verhalenkaart.text import fold

#: The most places listed by name (the rest are counted in `places_other`).
TOP_PLACES = 25
#: The density grid's cell, in degrees (lon, lat): about 2.7 × 2.8 km at 53° N.
CELL_DEG = (0.04, 0.025)
#: The most lines /stats/origins answers, largest counts first (the rest are counted).
MAX_LINES = 2000


def _count_rows(session: Session, stmt: sa.Select) -> list[tuple]:
    return [tuple(row) for row in session.execute(stmt)]


def _grouped(session: Session, inner: sa.Select) -> list[tuple]:
    """Counts per distinct row of `inner`, in order. Grouping an expression with bound
    parameters directly fails on PostgreSQL (the SELECT's and the GROUP BY's parameters are
    different ones), so the expression is computed in a subquery first."""
    sub = inner.subquery()
    columns = list(sub.c)
    return _count_rows(
        session, sa.select(*columns, sa.func.count()).group_by(*columns).order_by(*columns)
    )


def story_stats(
    session: Session, filters: StoryFilters, region: tuple[float, float, float, float]
) -> dict:
    """Counts of the published stories matching `filters` (stats.schemas.StatsOut)."""
    table = Story.__table__
    where = published_conditions(filters)
    matching = sa.select(table.c.id).where(*where)
    kinds = dict(
        _count_rows(
            session, sa.select(table.c.kind, sa.func.count()).where(*where).group_by(table.c.kind)
        )
    )
    total = sum(kinds.values())  # every story has a kind: no separate count
    themes_table = Theme.__table__
    theme_counts = dict(
        _count_rows(
            session,
            sa.select(themes_table.c.slug, sa.func.count(story_themes.c.story_id))
            .join(story_themes, story_themes.c.theme_id == themes_table.c.id)
            .where(story_themes.c.story_id.in_(matching))
            .group_by(themes_table.c.slug),
        )
    )
    theme_order = session.scalars(sa.select(themes_table.c.slug).order_by(themes_table.c.position))

    place_rows = _count_rows(
        session,
        sa.select(table.c.place_name, sa.func.count().label("n"))
        .where(*where, table.c.place_name.is_not(None), table.c.place_name != "")
        .group_by(table.c.place_name)
        .order_by(sa.desc("n"), table.c.place_name),
    )
    named = sum(n for _, n in place_rows)

    start = sa.func.coalesce(table.c.era_from, table.c.era_to)
    # Floor to the decade with integer arithmetic only (same on both databases; division
    # truncates towards zero, so years before 0 are shifted first): -3405 → -3410, 1963 → 1960.
    decade = sa.case((start < 0, -((-start + 9) // 10) * 10), else_=(start // 10) * 10).label(
        "decade"
    )
    decades = _grouped(session, sa.select(decade).where(*where, start.is_not(None)))
    month = sqljson.year_month(table.c.created_at).label("month")
    months = _grouped(session, sa.select(month).where(*where))
    return {
        "total": total,
        "kinds": [{"kind": k.value, "count": kinds.get(k.value, 0)} for k in Kind],
        "themes": [{"theme": slug, "count": theme_counts.get(slug, 0)} for slug in theme_order],
        "places": [{"name": name, "count": n} for name, n in place_rows[:TOP_PLACES]],
        "places_other": sum(n for _, n in place_rows[TOP_PLACES:]),
        "places_unnamed": total - named,
        "decades": [{"decade": int(d), "count": n} for d, n in decades],
        "no_era": total - sum(n for _, n in decades),
        "months": [{"month": m, "count": n} for m, n in months],
        "cells": _density(session, where, region),
    }


def _density(
    session: Session, where: list[sa.ColumnElement[bool]], region: tuple[float, float, float, float]
) -> dict:
    """Stories per grid cell of CELL_DEG (by their representative point): the density view."""
    table = Story.__table__
    min_lon, min_lat = region[0], region[1]
    size_lon, size_lat = CELL_DEG
    col = geo.cell_index(geo.point_x(table.c.point), min_lon, size_lon).label("col")
    row = geo.cell_index(geo.point_y(table.c.point), min_lat, size_lat).label("row")
    cells = _grouped(session, sa.select(col, row).where(*where))
    return {
        "size": [size_lon, size_lat],
        "items": [
            {
                # The cell's south-west corner; the cell spans `size` from there.
                "lon": round(min_lon + c * size_lon, 6),
                "lat": round(min_lat + r * size_lat, 6),
                "count": n,
            }
            for c, r, n in cells
        ],
    }


# --- waar kom jij weg? ------------------------------------------------------------------------


def _gazetteer_matches(
    session: Session, names: Iterable[str], region: tuple[float, float, float, float]
) -> tuple[dict[str, Place], set[str]]:
    """Folded origin names → their gazetteer place, and the names that are ambiguous.

    A name matches when exactly one place has that (folded) name, or, of several, exactly one
    lies in the region. Anything else is not guessed: it stays unmatched."""
    folded = {fold(n) for n in names} - {""}
    if not folded:
        return {}, set()
    candidates: dict[str, list[Place]] = defaultdict(list)
    for place in session.scalars(sa.select(Place).where(Place.search_name.in_(sorted(folded)))):
        candidates[place.search_name].append(place)
    matched: dict[str, Place] = {}
    ambiguous: set[str] = set()
    for name, places in candidates.items():
        if len(places) > 1:
            inside = [p for p in places if _in_region(p, region)]
            if len(inside) != 1:
                ambiguous.add(name)
                continue
            places = inside
        matched[name] = places[0]
    return matched, ambiguous


def _in_region(place: Place, region: tuple[float, float, float, float]) -> bool:
    point = geo.to_shape_point(place.point)
    return region[0] <= point.x <= region[2] and region[1] <= point.y <= region[3]


def origin_lines(
    session: Session, filters: StoryFilters, region: tuple[float, float, float, float]
) -> dict:
    """Lines from where tellers come from (their `origin_place`, matched to the gazetteer) to
    the published stories they told (stats.schemas.OriginsOut), identical lines merged with a
    count, largest first; how many named origins matched, were ambiguous or unknown."""
    table = Story.__table__
    rows = session.execute(
        sa.select(
            table.c.origin_place,
            geo.point_x(table.c.point).label("lon"),
            geo.point_y(table.c.point).label("lat"),
            table.c.place_name,
        ).where(
            *published_conditions(filters),
            table.c.origin_place.is_not(None),
            table.c.origin_place != "",
        )
    ).all()
    matched, ambiguous = _gazetteer_matches(session, {r.origin_place for r in rows}, region)
    lines: Counter[tuple[int, float, float, str | None]] = Counter()
    unmatched = ambiguous_count = 0
    for r in rows:
        name = fold(r.origin_place)
        place = matched.get(name)
        if place is None:
            if name in ambiguous:
                ambiguous_count += 1
            else:
                unmatched += 1
            continue
        lines[(place.id, round(r.lon, 6), round(r.lat, 6), r.place_name or None)] += 1
    places = {p.id: p for p in matched.values()}
    ordered = sorted(lines.items(), key=lambda item: (-item[1], item[0]))
    features = []
    for (place_id, lon, lat, to_name), count in ordered[:MAX_LINES]:
        origin = places[place_id]
        point = geo.to_shape_point(origin.point)
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[round(point.x, 6), round(point.y, 6)], [lon, lat]],
                },
                "properties": {"from": origin.name, "to": to_name, "count": count},
            }
        )
    by_origin: Counter[int] = Counter()
    for (place_id, *_rest), count in lines.items():
        by_origin[place_id] += count
    return {
        "type": "FeatureCollection",
        "features": features,
        "origins": [
            {"name": places[pid].name, "count": n}
            for pid, n in sorted(by_origin.items(), key=lambda i: (-i[1], places[i[0]].name))
        ],
        "matched": sum(lines.values()),
        "ambiguous": ambiguous_count,
        "unmatched": unmatched,
        "lines_left_out": max(0, len(ordered) - MAX_LINES),
    }

"""Writing many stories at once (the demo seed, the benchmark's generator): validated as
create_story validates them, written with COPY on PostgreSQL and multi-row INSERTs on SQLite
(db.bulk_insert), then every derived table (the map cells) rebuilt once. Measured: 100,000
stories one create at a time took 434 s; numbers of this path in docs/performance.md."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from itertools import islice

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart import geo, grid
from verhalenkaart.accounts.models import User
from verhalenkaart.db import bulk_insert, utcnow
from verhalenkaart.stories.cells import rebuild_cells
from verhalenkaart.stories.models import Precision, Status, Story, story_themes
from verhalenkaart.stories.services import StoryRules, search_text, stored_shape
from verhalenkaart.stories.themes import list_themes


def _batches(items: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _row(
    feature: dict, author: User | None, rules: StoryRules, now, is_demo: bool
) -> tuple[int, dict]:
    """(space key of the story's point, its row)."""
    props = feature["properties"]
    precision = props.get("location_precision", Precision.EXACT)
    shape = stored_shape(feature["geometry"], precision, rules)
    point = geo.representative_point(shape)
    return grid.space_key(point.x, point.y), {
        "uuid": uuid.uuid4(),
        "kind": props["kind"],
        "title": props["title"].strip(),
        "body": props.get("body") or "",
        "language": props.get("language", "nl"),
        "era_from": props.get("era_from"),
        "era_to": props.get("era_to"),
        "place_name": props.get("place_name"),
        "origin_place": props.get("origin_place"),
        "geom": geo.to_db(shape),
        "point": geo.to_db(point),
        "location_precision": precision,
        "status": Status.PUBLISHED,
        "license": props.get("license", "CC-BY-4.0"),
        "consent_at": now,
        "consent_version": rules.consent_version,
        "author_id": author.id if author is not None else None,
        "is_demo": is_demo,
        "search_text": search_text(
            props["title"], props.get("body"), props.get("place_name"), props.get("origin_place")
        ),
        "published_at": now,
        "created_at": now,
        "updated_at": now,
    }


def bulk_publish_stories(
    session: Session,
    author: User | None,
    features: Iterable[dict],
    rules: StoryRules,
    *,
    is_demo: bool = False,
    batch: int = 2_000,
    window: int = 100_000,
) -> int:
    """Write `features` as published stories of `author`; returns how many. For trusted
    generated content only (no moderation, no place look-up: give `place_name`).

    Each `window` of features is written in the Z-order of its points (grid.space_key), so
    the rows of a bbox share heap pages instead of lying one per page (the issue measured
    5,284 heap blocks for a bbox of 5,441 stories at 1,000,000 inserted in random order);
    the window bounds the memory (≈ 0.5 GB per 100,000)."""
    theme_ids = {t.slug: t.id for t in list_themes(session)}
    written = 0
    now = utcnow()
    for part in _batches(features, window):
        keyed = sorted(
            ((*_row(f, author, rules, now, is_demo), f) for f in part), key=lambda kr: kr[0]
        )
        for start in range(0, len(keyed), batch):
            chunk = keyed[start : start + batch]
            _write(session, [r for _, r, _ in chunk], [f for _, _, f in chunk], theme_ids)
            written += len(chunk)
    rebuild_cells(session.connection())
    return written


def _write(session: Session, rows: list[dict], features: list[dict], theme_ids: dict) -> None:
    """Insert `rows` (made from `features`) and their theme links."""
    table = Story.__table__
    # Plain multi-row inserts, then the ids by uuid: RETURNING in a given order makes SQLite
    # insert one row at a time.
    bulk_insert(session.connection(), table, rows)
    uuids = [r["uuid"] for r in rows]
    ids = dict(
        session.execute(sa.select(table.c.uuid, table.c.id).where(table.c.uuid.in_(uuids))).all()
    )
    links = [
        {"story_id": ids[row["uuid"]], "theme_id": theme_ids[slug]}
        for row, feature in zip(rows, features, strict=True)
        for slug in dict.fromkeys(feature["properties"].get("themes") or ())
    ]
    bulk_insert(session.connection(), story_themes, links)

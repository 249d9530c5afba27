"""The read side of stories: what the public sees, and the one way every reader gets it.

The list, the detail, the map (stories/clusters.py) and every later reader (collections,
exports, OGC API, projects) build on this module: `published_conditions()` decides which
stories the public may see (published only, never hidden, rejected, deleted or withdrawn), and a
story reaches the outside only as the Feature below — with its author's display name, never a
pupil's nickname (pupils' stories carry no author: story_feature and feature_json leave it
out). A new reader adds a filter to StoryFilters or a projection here; it never writes its
own `status = 'published'`.

The Feature exists twice: built in Python for one story (`story_feature`) and written by the
database for lists (`feature_json`). tests/test_stories_list.py holds the two equal.

Properties that other capabilities own (photos and recordings, reaction and comment counts)
are *parts*: media and community register how to write them (`register_feature_part`), so
stories imports neither of them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import _
from geoalchemy2.shape import to_shape
from sqlalchemy.orm import Session, object_session

from verhalenkaart import geo, pagination, sqljson
from verhalenkaart.accounts.models import Role, User
from verhalenkaart.errors import NotFound
from verhalenkaart.schools.models import Project
from verhalenkaart.stories.frames import PlaceArea, frame_condition, undated_condition
from verhalenkaart.stories.models import PUBLIC_STATUS, Status, Story, Theme, story_themes
from verhalenkaart.stories.themes import theme_filter, themes_of
from verhalenkaart.text import like_escape, search_terms

DEFAULT_NEAR_RADIUS_M = 1000.0


@dataclass
class StoryFilters:
    """What a reader asks for: shared by the list, the map and every later reader."""

    bbox: geo.BBox | None = None
    kinds: Sequence[str] = ()
    themes: Sequence[str] = ()
    era_from: int | None = None
    era_to: int | None = None
    q: str | None = None
    project: str | None = None
    near: tuple[float, float] | None = None
    radius_m: float | None = None
    #: Publication time (OGC `datetime`): from and to, inclusive; None is an open end.
    published_from: dt.datetime | None = None
    published_to: dt.datetime | None = None
    #: With an era filter, also the stories that name no year (they have no era to overlap).
    undated: bool = False
    #: "was", "is" or "wordt" (stories/frames.py).
    frame: str | None = None
    #: The stories of one place: named after it, or near its point.
    place: PlaceArea | None = None


def filters_from_query(session: Session, args: dict) -> StoryFilters:
    """The filters of a list query (stories.schemas.StoryListQuery, loaded): the list, the
    statistics and every reader that takes the list's filters. Raises ValidationProblem for a
    bad bbox, near point or unknown theme."""
    near = geo.parse_lonlat(args["near"], "near") if "near" in args else None
    return StoryFilters(
        bbox=geo.parse_bbox(args["bbox"]) if "bbox" in args else None,
        kinds=args.get("kind") or (),
        themes=theme_filter(session, args.get("theme") or ()),
        era_from=args.get("era_from"),
        era_to=args.get("era_to"),
        q=args.get("q"),
        project=args.get("project"),
        near=near,
        radius_m=args.get("radius"),
        undated=args.get("undated") == "include",
        frame=args.get("frame"),
    )


# --- what the public may see ------------------------------------------------------------------


def published_conditions(
    filters: StoryFilters, geom_column: str = "geom", *, every_status: bool = False
) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions of published stories matching `filters` (on Story.__table__).

    `geom_column` is what the bbox is tested against: the drawn geometry, or the stored
    representative point (the map). `every_status` is for curators only (their exports): every
    story that is not deleted, whatever its status; the caller checks the role.
    """
    table = Story.__table__
    conditions: list[sa.ColumnElement[bool]] = [
        table.c.status != Status.DELETED if every_status else table.c.status == PUBLIC_STATUS
    ]
    if filters.published_from is not None:
        conditions.append(table.c.published_at >= filters.published_from)
    if filters.published_to is not None:
        conditions.append(table.c.published_at <= filters.published_to)
    if filters.bbox is not None:
        # For points the index's bounding-box answer is already exact.
        conditions.append(
            geo.in_bbox(table.c[geom_column], filters.bbox, exact=geom_column != "point")
        )
    if filters.kinds:
        conditions.append(table.c.kind.in_(list(filters.kinds)))
    if filters.themes:
        theme_ids = sa.select(Theme.id).where(Theme.slug.in_(list(filters.themes)))
        conditions.append(
            geo.not_a_key(table.c.id).in_(
                sa.select(story_themes.c.story_id).where(story_themes.c.theme_id.in_(theme_ids))
            )
        )
    # Stories overlap the asked era; a story without any era matches an era filter only when
    # the reader asks for the undated ones too (the app says how many there are).
    story_start = sa.func.coalesce(table.c.era_from, table.c.era_to)
    story_end = sa.func.coalesce(table.c.era_to, table.c.era_from)
    era: list[sa.ColumnElement[bool]] = []
    if filters.era_from is not None:
        era.append(story_end >= filters.era_from)
    if filters.era_to is not None:
        era.append(story_start <= filters.era_to)
    if era and filters.undated:
        conditions.append(sa.or_(sa.and_(*era), undated_condition(table)))
    else:
        conditions.extend(era)
    if filters.frame:
        conditions.append(frame_condition(table, filters.frame))
    if filters.place is not None:
        place = filters.place
        conditions.append(
            sa.or_(
                sa.func.lower(table.c.place_name) == place.name.lower(),
                geo.within_distance(table.c.point, place.lon, place.lat, place.radius_m),
            )
        )
    for term in search_terms(filters.q):
        conditions.append(table.c.search_text.like(f"%{like_escape(term)}%", escape="\\"))
    if filters.project:
        conditions.append(
            table.c.project_id.in_(sa.select(Project.id).where(Project.slug == filters.project))
        )
    if filters.near is not None:
        lon, lat = filters.near
        radius = filters.radius_m or DEFAULT_NEAR_RADIUS_M
        conditions.append(geo.within_distance(table.c.point, lon, lat, radius))
    return conditions


#: What a class sees on its class map: its project's stories the teacher approved for the class,
#: and those published. Only members of the project ever get these (schools routes check).
CLASS_MAP_STATUSES = (Status.CLASS, PUBLIC_STATUS)


def class_map_conditions(project_id: int) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions of a project's class map (not public: see CLASS_MAP_STATUSES)."""
    table = Story.__table__
    return [
        table.c.project_id == project_id,
        table.c.status.in_([str(s) for s in CLASS_MAP_STATUSES]),
    ]


def get_story(session: Session, story_uuid: uuid.UUID, user: User | None) -> Story:
    """The story if `user` may see it (published, or their own, or they moderate it); NotFound
    (never Forbidden) otherwise."""
    story = session.scalar(sa.select(Story).where(Story.uuid == story_uuid))
    if story is None or not story.visible_to(user):
        raise NotFound(_("There is no story with this id."))
    return story


def published_story(session: Session, story_uuid: uuid.UUID) -> Story:
    """The story if the public may see it; NotFound otherwise (for anyone, its author too)."""
    story = session.scalar(sa.select(Story).where(Story.uuid == story_uuid))
    if story is None or story.status != PUBLIC_STATUS:
        raise NotFound(_("There is no story with this id."))
    return story


# --- parts other capabilities supply ------------------------------------------------------------


@dataclass(frozen=True)
class FeaturePart:
    """A Feature property another capability owns: how the database writes it for the story
    whose id is the given column, and how Python builds it for one stored story."""

    sql: Callable[[sa.ColumnElement], sa.ColumnElement]
    python: Callable[[Session, Story], object]


#: The parts in Feature order, with the value a story has while nothing supplies them.
PART_DEFAULTS: dict[str, Callable[[], object]] = {
    "photos": list,
    "audio": list,
    "reactions": int,
    "comments": int,
}
_parts: dict[str, FeaturePart] = {}


def register_feature_part(name: str, part: FeaturePart) -> None:
    """Let a capability supply the Feature property `name` (one of PART_DEFAULTS)."""
    if name not in PART_DEFAULTS:
        raise ValueError(f"{name!r} is not a Feature part: {', '.join(PART_DEFAULTS)}")
    _parts[name] = part


def _parts_python(story: Story) -> dict[str, object]:
    session = object_session(story)
    stored = session is not None and story.id is not None
    return {
        name: _parts[name].python(session, story) if stored and name in _parts else default()
        for name, default in PART_DEFAULTS.items()
    }


def _parts_sql(
    story_id: sa.ColumnElement, names: Iterable[str] = PART_DEFAULTS
) -> dict[str, sa.ColumnElement]:
    empty = {list: sqljson.json_empty_array, int: lambda: sa.literal(0)}
    return {
        name: _parts[name].sql(story_id) if name in _parts else empty[PART_DEFAULTS[name]]()
        for name in names
    }


# --- the Feature ------------------------------------------------------------------------------


def story_feature(story: Story, *, include_private: bool = False) -> dict:
    """One story as a GeoJSON Feature, as GET /stories/{id} answers it; `include_private` adds
    what only its author and moderators see (consent)."""
    parts = _parts_python(story)
    properties = {
        "kind": story.kind,
        "title": story.title,
        "body": story.body,
        "language": story.language,
        "themes": [t.slug for t in story.themes],
        "era_from": story.era_from,
        "era_to": story.era_to,
        "place_name": story.place_name,
        "origin_place": story.origin_place,
        "location_precision": story.location_precision,
        "status": story.status,
        "license": story.license,
        "project": story.project.slug if story.project else None,
        "author": (
            {"display_name": story.author.display_name}
            if story.author and story.author.role != Role.PUPIL
            else None
        ),
        "author_label": (
            f"{_('pupil at')} {story.project.school or story.project.name}"
            if story.author and story.author.role == Role.PUPIL and story.project
            else None
        ),
        "demo": bool(story.is_demo),
        "photos": parts["photos"],
        "audio": parts["audio"],
        "reactions": parts["reactions"],
        "comments": parts["comments"],
        "created_at": sqljson.iso(story.created_at),
        "updated_at": sqljson.iso(story.updated_at),
        "published_at": sqljson.iso(story.published_at),
    }
    if include_private:
        properties["consent_version"] = story.consent_version
        properties["consent_at"] = sqljson.iso(story.consent_at)
    geometry = geo.shape_to_geojson(to_shape(story.geom)) if story.geom is not None else None
    return {
        "type": "Feature",
        "id": str(story.uuid),
        "geometry": geometry,
        "properties": properties,
    }


def feature_json(
    themes: sa.ColumnElement | None, only: frozenset[str] | None = None
) -> sa.ColumnElement:
    """A story's GeoJSON Feature, written by the database (in a query joined with its author,
    project and the `themes` JSON array); the same keys, in the same order, as story_feature().
    With `only`, just those of its properties (FEATURE_PROPERTIES), and no work for the rest:
    `themes` may then be None when "themes" is not among them."""
    users, projects = User.__table__, Project.__table__
    c = Story.__table__.c
    chosen = [name for name in PART_DEFAULTS if only is None or name in only]
    parts = _parts_sql(c.id, chosen)
    everything = {
        "kind": c.kind,
        "title": c.title,
        "body": c.body,
        "language": c.language,
        "themes": sqljson.json_array_or_empty(themes) if themes is not None else None,
        "era_from": c.era_from,
        "era_to": c.era_to,
        "place_name": c.place_name,
        "origin_place": c.origin_place,
        "location_precision": c.location_precision,
        "status": c.status,
        "license": c.license,
        "project": projects.c.slug,
        # A pupil's nickname never leaves the app: pupils' stories carry no author.
        "author": sqljson.json_object_or_null(
            sa.and_(users.c.display_name.is_not(None), users.c.role != Role.PUPIL),
            {"display_name": users.c.display_name},
        ),
        # … and say whose they are instead: "leerling van De Esch".
        "author_label": sa.case(
            (
                sa.and_(users.c.role == Role.PUPIL, projects.c.id.is_not(None)),
                sa.literal(_("pupil at") + " ")
                + sa.func.coalesce(sa.func.nullif(projects.c.school, ""), projects.c.name),
            ),
            else_=sa.null(),
        ),
        "demo": sqljson.json_bool(c.is_demo),
        **parts,
        "created_at": sqljson.iso_timestamp(c.created_at),
        "updated_at": sqljson.iso_timestamp(c.updated_at),
        "published_at": sqljson.iso_timestamp(c.published_at),
    }
    properties = sqljson.json_object(
        {name: value for name, value in everything.items() if only is None or name in only}
    )
    return sqljson.json_object(
        {
            "type": sa.literal("Feature"),
            "id": sqljson.uuid_text(c.uuid),
            "geometry": geo.json_geometry(c.geom),
            "properties": properties,
        }
    )


def features_of(page: sa.CTE, only: frozenset[str] | None = None) -> sa.Select:
    """(id, feature) of the stories in `page` (a CTE with an `id` column), the Feature as
    JSON text written by the database; each story's themes by an index lookup (themes_of).
    `only`: just these properties (feature_json)."""
    table = Story.__table__
    themes = themes_of(table.c.id) if only is None or "themes" in only else None
    return (
        sa.select(page.c.id, sa.cast(feature_json(themes, only), sa.Text).label("feature"))
        .select_from(page)
        .join(table, table.c.id == page.c.id)
        .outerjoin(User.__table__, User.id == table.c.author_id)
        .outerjoin(Project.__table__, Project.id == table.c.project_id)
    )


def list_published_stories(
    session: Session,
    filters: StoryFilters,
    limit: int,
    cursor: str | None,
    only: frozenset[str] | None = None,
) -> tuple[list[str], str | None]:
    """Published stories matching `filters` as GeoJSON Feature texts, and the next page's
    cursor (or None). Newest first; with `near`, nearest first. Raises ValidationProblem for a
    bad cursor. `only`: just these properties of each Feature (FEATURE_PROPERTIES).

    The database writes each Feature's JSON itself (feature_json): for hundreds of stories
    that is several times faster than building dicts in Python.
    """
    table = Story.__table__
    position = pagination.decode_cursor(cursor) if cursor else {}
    # First the page of ids (answered from the indexes), then the JSON of just those stories.
    page = sa.select(table.c.id).where(*published_conditions(filters))
    if filters.near is not None:
        distance = geo.distance_m(table.c.point, *filters.near)
        page = page.add_columns(distance.label("rank")).order_by(distance, table.c.id)
        page = page.offset(position.get("offset", 0)).limit(limit + 1)
    else:
        if "before" in position:
            page = page.where(table.c.id < position["before"])
        page = page.add_columns((-table.c.id).label("rank")).order_by(table.c.id.desc())
        page = page.limit(limit + 1)
    page = page.cte("page")
    stmt = features_of(page, only).order_by(page.c.rank, page.c.id)
    rows = session.connection().execute(stmt).all()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = pagination.encode_cursor(
            {"offset": position.get("offset", 0) + limit}
            if filters.near is not None
            else {"before": rows[-1].id}
        )
    return [row.feature for row in rows], next_cursor

"""Story services: create, edit, delete, find and cluster stories. No Flask request state here."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from shapely import geometry as shp
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from verhalenkaart import geo, permissions
from verhalenkaart.accounts.models import User
from verhalenkaart.community.models import Comment, CommentStatus, Reaction
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, NotFound, ValidationProblem
from verhalenkaart.media.services import (
    audio_json_sql,
    photos_json_sql,
    remove_story_media,
    story_media,
)
from verhalenkaart.places.services import nearest_place_name
from verhalenkaart.schools.models import Project
from verhalenkaart.stories import models as story_models
from verhalenkaart.stories.models import (
    PUBLIC_STATUS,
    Precision,
    Status,
    Story,
    Theme,
    story_themes,
)
from verhalenkaart.text import fold, like_escape, search_terms

DEFAULT_NEAR_RADIUS_M = 1000.0
#: The location every deleted story gets (the geometry columns cannot be empty).
TOMBSTONE_POINT = shp.Point(0.0, 0.0)
# Larger numbers in a forged cursor would overflow the databases' 64-bit integers.
MAX_CURSOR_VALUE = 2**53
#: Cursor keys that hold a row id: the id columns are 32-bit on PostgreSQL (a larger value in a
#: comparison with them is an error there, a 500), so they get the smaller cap.
CURSOR_ID_KEYS = frozenset({"before", "i"})
MAX_CURSOR_ID = 2**31 - 1


@dataclass(frozen=True)
class StoryRules:
    """The configuration that story writes depend on."""

    region: geo.BBox
    grid_metres: float = 250
    moderation: str = "pre"
    consent_version: str = "1"
    place_radius_m: float = 10_000

    @classmethod
    def from_config(cls, config: dict) -> StoryRules:
        return cls(
            region=config["REGION_BBOX"],
            grid_metres=config["APPROXIMATE_GRID_METRES"],
            moderation=config["MODERATION"],
            consent_version=config["CONSENT_VERSION"],
            place_radius_m=config["PLACE_NAME_RADIUS_METRES"],
        )


@dataclass
class StoryFilters:
    """Filters shared by the list and the map."""

    bbox: geo.BBox | None = None
    kinds: Sequence[str] = ()
    themes: Sequence[str] = ()
    era_from: int | None = None
    era_to: int | None = None
    q: str | None = None
    project: str | None = None
    near: tuple[float, float] | None = None
    radius_m: float | None = None


# --- serialisation ----------------------------------------------------------------------------


def _iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with microseconds and Z, as geo.iso_timestamp() writes it in SQL."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if value else None


def _properties(
    source: Story | sa.Row,
    *,
    status: str,
    themes: list[str],
    author_name: str | None,
    project_slug: str | None,
    reactions: int = 0,
    comments: int = 0,
) -> dict:
    """A story's public properties from a Story or a row with the same column names."""
    return {
        "kind": source.kind,
        "title": source.title,
        "body": source.body,
        "language": source.language,
        "themes": themes,
        "era_from": source.era_from,
        "era_to": source.era_to,
        "place_name": source.place_name,
        "origin_place": source.origin_place,
        "location_precision": source.location_precision,
        "status": status,
        "license": source.license,
        "project": project_slug,
        "author": {"display_name": author_name} if author_name else None,
        "demo": bool(source.is_demo),
        "photos": [],
        "audio": [],
        "reactions": reactions,
        "comments": comments,
        "created_at": _iso(source.created_at),
        "updated_at": _iso(source.updated_at),
        "published_at": _iso(source.published_at),
    }


def story_feature(story: Story, *, include_private: bool = False) -> dict:
    """One story as a GeoJSON Feature, as GET /stories/{id} answers it; `include_private` adds
    what only its author and moderators see (consent)."""
    reactions, comments = _response_counts(story)
    properties = _properties(
        story,
        status=story.status,
        themes=[t.slug for t in story.themes],
        author_name=story.author.display_name if story.author else None,
        project_slug=story.project.slug if story.project else None,
        reactions=reactions,
        comments=comments,
    )
    session = object_session(story)
    if session is not None:
        properties["photos"], properties["audio"] = story_media(session, story)
    if include_private:
        properties["consent_version"] = story.consent_version
        properties["consent_at"] = _iso(story.consent_at)
    geometry = geo.shape_to_geojson(to_shape(story.geom)) if story.geom is not None else None
    return {
        "type": "Feature",
        "id": str(story.uuid),
        "geometry": geometry,
        "properties": properties,
    }


def _response_counts(story: Story) -> tuple[int, int]:
    """(reactions, published comments) of a stored story; (0, 0) for one not yet stored."""
    session = object_session(story)
    if session is None or story.id is None:
        return 0, 0
    from verhalenkaart.community.services import response_counts

    return response_counts(session, story.id)


# --- writes -----------------------------------------------------------------------------------


def _themes_by_slug(session: Session, slugs: Sequence[str], field: str = "themes") -> list[Theme]:
    """The themes of `slugs`, in order; an unknown slug is a 422 on `field`."""
    wanted = list(dict.fromkeys(slugs))
    if not wanted:
        return []
    found = {t.slug: t for t in session.scalars(sa.select(Theme).where(Theme.slug.in_(wanted)))}
    unknown = [s for s in wanted if s not in found]
    if unknown:
        raise ValidationProblem.field(
            field, f"Unknown theme: {', '.join(unknown)}. See GET /api/v1/themes."
        )
    return [found[s] for s in wanted]


def check_theme_filter(session: Session, slugs: Sequence[str]) -> tuple[str, ...]:
    """The `theme` filter's slugs, each a known theme (a typo answers 422, not an empty map)."""
    return tuple(t.slug for t in _themes_by_slug(session, slugs, field="theme"))


def _project_id(session: Session, slug: str | None, user: User | None) -> int | None:
    """The id of project `slug` for a story `user` writes: 422 naming `project` if it is
    unknown or `user` may not put a story in it (permissions.may_attach_to_project)."""
    if not slug:
        return None
    project = session.scalar(sa.select(Project).where(Project.slug == slug))
    if project is None:
        raise ValidationProblem.field("project", f"Unknown project: {slug}.")
    if not permissions.may_attach_to_project(user, project):
        raise ValidationProblem.field(
            "project", "Only pupils and the project's teacher can add a story to a project."
        )
    return project.id


def _place_geometry(story: Story, geometry: dict, precision: str, rules: StoryRules) -> shp.Point:
    """Validate, snap if approximate, and set geom and point; returns the stored point."""
    shape = geo.story_shape(geometry, rules.region)
    if precision == Precision.APPROXIMATE:
        if not isinstance(shape, shp.Point):
            raise ValidationProblem.field(
                "location_precision",
                "Only a point can be approximate; a route or area is stored as drawn.",
            )
        shape = geo.clamp_to_region(
            shp.Point(*geo.snap_point(shape.x, shape.y, rules.grid_metres)), rules.region
        )
    point = geo.representative_point(shape)
    story.geom = geo.to_db(shape)
    story.point = geo.to_db(point)
    return point


def _refresh_search_text(story: Story) -> None:
    story.search_text = fold(
        " ".join(filter(None, [story.title, story.body, story.place_name, story.origin_place]))
    )


def initial_status(author: User | None, rules: StoryRules) -> str:
    """See stories.models.initial_status."""
    return story_models.initial_status(author, rules.moderation)


def create_story(
    session: Session, dialect: str, author: User | None, data: dict, rules: StoryRules
) -> tuple[Story, bool]:
    """Create a story from a validated Feature; returns (story, created).

    Repeating a create with the same client `id` by the same author returns the existing story
    with created=False. Raises ValidationProblem (422) and Conflict (409, the id belongs to
    another story of someone else).
    """
    client_id: uuid.UUID | None = data.get("id")
    if client_id is not None:
        existing = _existing_for_retry(session, client_id, author)
        if existing is not None:
            return existing, False

    props = data["properties"]
    now = utcnow()
    story = Story(
        uuid=client_id or uuid.uuid4(),
        kind=props["kind"],
        title=props["title"].strip(),
        body=props.get("body") or "",
        language=props["language"],
        era_from=props.get("era_from"),
        era_to=props.get("era_to"),
        origin_place=(props.get("origin_place") or "").strip() or None,
        location_precision=props["location_precision"],
        license=props["license"],
        consent_at=now,
        consent_version=rules.consent_version,
        author_id=author.id if author is not None else None,
        project_id=_project_id(session, props.get("project"), author),
        status=initial_status(author, rules),
    )
    if not story.title:
        raise ValidationProblem.field("title", "A story needs a title.")
    story.themes = _themes_by_slug(session, props.get("themes") or [])
    point = _place_geometry(story, data["geometry"], story.location_precision, rules)
    story.place_name = (props.get("place_name") or "").strip() or nearest_place_name(
        session, dialect, point, rules.place_radius_m
    )
    if story.status == Status.PUBLISHED:
        story.published_at = now
    _refresh_search_text(story)
    try:
        with session.begin_nested():
            session.add(story)
            session.flush()
    except IntegrityError:
        # A concurrent retry with the same client id won the race.
        if client_id is not None:
            existing = _existing_for_retry(session, client_id, author)
            if existing is not None:
                return existing, False
        raise
    return story, True


#: How long an anonymous create may be retried with its client id.
ANONYMOUS_RETRY_WINDOW = dt.timedelta(hours=24)


def _existing_for_retry(
    session: Session, client_id: uuid.UUID, author: User | None
) -> Story | None:
    existing = session.scalar(sa.select(Story).where(Story.uuid == client_id))
    if existing is None:
        return None
    same_author = (
        existing.author_id == author.id
        if author is not None
        else _anonymous_retry_of(session, existing)
    )
    if same_author:
        return existing
    raise Conflict(
        "A story with this id exists already. Use a new UUID for a new story.",
        {"id": ["This id is taken."]},
    )


def _anonymous_retry_of(session: Session, story: Story) -> bool:
    """Whether an anonymous create with `story`'s id may be answered with `story`: only the
    unguessable client UUID ties the retry to the first attempt, and anyone who saw a public
    link knows it. So only while it is still what that create made: author-less, at most
    ANONYMOUS_RETRY_WINDOW old, pending or published (post-moderation), and nothing has
    happened to it since (no decision, hide, deletion, or anonymisation of an erased account's
    story: each is a moderation event)."""
    from verhalenkaart.moderation.models import ModerationEvent

    if story.author_id is not None or story.status not in {Status.PENDING, Status.PUBLISHED}:
        return False
    if story.created_at < utcnow() - ANONYMOUS_RETRY_WINDOW:
        return False
    touched = session.scalar(
        sa.select(ModerationEvent.id)
        .where(ModerationEvent.item_type == "story", ModerationEvent.item_id == story.id)
        .limit(1)
    )
    return touched is None


def update_story(
    session: Session, dialect: str, story: Story, editor: User, data: dict, rules: StoryRules
) -> Story:
    """Apply a validated partial Feature to `story`. Raises ValidationProblem.

    With pre-moderation, a published story that its (non-moderator) author edits goes back to
    review, so nothing unreviewed is ever public.
    """
    props = data.get("properties") or {}
    for name in ("kind", "language", "license"):
        if props.get(name) is not None:
            setattr(story, name, props[name])
    for name in ("era_from", "era_to"):
        if name in props:
            setattr(story, name, props[name])
    if story.era_from is not None and story.era_to is not None and story.era_to < story.era_from:
        raise ValidationProblem.field("era_to", "era_to must not be before era_from.")
    if "body" in props:
        story.body = props["body"] or ""
    if "title" in props:
        story.title = (props["title"] or "").strip()
        if not story.title:
            raise ValidationProblem.field("title", "A story needs a title.")
    if "origin_place" in props:
        story.origin_place = (props["origin_place"] or "").strip() or None
    if "themes" in props:
        story.themes = _themes_by_slug(session, props["themes"] or [])
    if "project" in props:
        current = story.project.slug if story.project is not None else None
        if (props["project"] or None) != current:  # sending the current project back is fine
            story.project_id = _project_id(session, props["project"], editor)

    precision = props.get("location_precision") or story.location_precision
    if "geometry" in data:
        point = _place_geometry(story, data["geometry"], precision, rules)
        if "place_name" not in props:  # moved without naming the place: the gazetteer names it
            story.place_name = nearest_place_name(session, dialect, point, rules.place_radius_m)
    elif precision != story.location_precision:
        if precision == Precision.EXACT:
            raise ValidationProblem.field(
                "geometry", "Send the exact geometry to make an approximate location exact."
            )
        _place_geometry(story, geo.shape_to_geojson(to_shape(story.geom)), precision, rules)
    story.location_precision = precision
    if "place_name" in props:
        # An empty name clears it: a place name can give away more than the author wants.
        story.place_name = (props["place_name"] or "").strip() or None
    story.updated_at = utcnow()
    _refresh_search_text(story)
    story.status = story_models.status_after_edit(story.status, editor, rules.moderation)
    session.flush()
    return story


def delete_story(session: Session, story: Story) -> None:
    """Delete a story's content, keeping a tombstone row for the audit trail. Its reactions and
    comments go with it. Every capability's clean-up (photos, collections) belongs here."""
    from verhalenkaart.community.services import delete_responses

    delete_responses(session, [story.id])
    story.status = Status.DELETED
    story.title = ""
    story.body = ""
    story.place_name = None
    story.origin_place = None
    story.search_text = ""
    story.themes = []
    story.era_from = story.era_to = None
    # Where a story was pinned can point at someone's home: the tombstone keeps no location.
    story.geom = geo.to_db(TOMBSTONE_POINT)
    story.point = geo.to_db(TOMBSTONE_POINT)
    story.updated_at = utcnow()
    remove_story_media(session, story)  # the files go once this is committed
    session.flush()


def get_story(session: Session, story_uuid: uuid.UUID, user: User | None) -> Story:
    """The story if `user` may see it; NotFound (never Forbidden) otherwise."""
    story = session.scalar(sa.select(Story).where(Story.uuid == story_uuid))
    if story is None or not story.visible_to(user):
        raise NotFound("There is no story with this id.")
    return story


# --- reads ------------------------------------------------------------------------------------


def encode_cursor(payload: dict) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict) or not all(
        isinstance(v, int)
        and not isinstance(v, bool)
        and 0 <= v <= (MAX_CURSOR_ID if k in CURSOR_ID_KEYS else MAX_CURSOR_VALUE)
        for k, v in payload.items()
    ):
        raise ValidationProblem.field("cursor", "This cursor is not valid; follow the next link.")
    return payload


def _filter_conditions(
    session: Session, dialect: str, filters: StoryFilters, geom_column: str = "geom"
) -> list[sa.ColumnElement[bool]]:
    table = Story.__table__
    conditions: list[sa.ColumnElement[bool]] = [table.c.status == PUBLIC_STATUS]
    if filters.bbox is not None:
        # For points the index's bounding-box answer is already exact.
        conditions.append(
            geo.in_bbox(dialect, table, geom_column, filters.bbox, exact=geom_column != "point")
        )
    if filters.kinds:
        conditions.append(table.c.kind.in_(list(filters.kinds)))
    if filters.themes:
        theme_ids = sa.select(Theme.id).where(Theme.slug.in_(list(filters.themes)))
        conditions.append(
            table.c.id.in_(
                sa.select(story_themes.c.story_id).where(story_themes.c.theme_id.in_(theme_ids))
            )
        )
    # Stories overlap the asked era; a story without any era does not match an era filter.
    story_start = sa.func.coalesce(table.c.era_from, table.c.era_to)
    story_end = sa.func.coalesce(table.c.era_to, table.c.era_from)
    if filters.era_from is not None:
        conditions.append(story_end >= filters.era_from)
    if filters.era_to is not None:
        conditions.append(story_start <= filters.era_to)
    for term in search_terms(filters.q):
        conditions.append(table.c.search_text.like(f"%{like_escape(term)}%", escape="\\"))
    if filters.project:
        conditions.append(
            table.c.project_id.in_(sa.select(Project.id).where(Project.slug == filters.project))
        )
    if filters.near is not None:
        lon, lat = filters.near
        radius = filters.radius_m or DEFAULT_NEAR_RADIUS_M
        conditions.append(geo.within_distance(dialect, table, "point", lon, lat, radius))
    return conditions


def list_published_stories(
    session: Session, dialect: str, filters: StoryFilters, limit: int, cursor: str | None
) -> tuple[list[str], str | None]:
    """Published stories matching `filters` as GeoJSON Feature texts, and the next page's
    cursor (or None). Newest first; with `near`, nearest first. Raises ValidationProblem for a
    bad cursor.

    The database writes each Feature's JSON itself (see _feature_json): for hundreds of stories
    that is several times faster than building dicts in Python. The shape is the one
    story_feature() gives; a test holds the two together.
    """
    table = Story.__table__
    position = decode_cursor(cursor) if cursor else {}
    # First the page of ids (answered from the indexes), then the JSON of just those stories,
    # with their themes gathered in one grouped pass rather than one subquery per story.
    page = sa.select(table.c.id).where(*_filter_conditions(session, dialect, filters))
    if filters.near is not None:
        distance = geo.distance_m(dialect, table.c.point, *filters.near)
        page = page.add_columns(distance.label("rank")).order_by(distance, table.c.id)
        page = page.offset(position.get("offset", 0)).limit(limit + 1)
    else:
        if "before" in position:
            page = page.where(table.c.id < position["before"])
        page = page.add_columns((-table.c.id).label("rank")).order_by(table.c.id.desc())
        page = page.limit(limit + 1)
    page = page.cte("page")
    themes = _themes_by_story(dialect, sa.select(page.c.id))
    media = {
        "photos": photos_json_sql(dialect, table.c.id),
        "audio": audio_json_sql(dialect, table.c.id),
    }
    stmt = (
        sa.select(
            page.c.id,
            sa.cast(_feature_json(dialect, table, themes.c.themes, media), sa.Text).label(
                "feature"
            ),
        )
        .select_from(page)
        .join(table, table.c.id == page.c.id)
        .outerjoin(User.__table__, User.id == table.c.author_id)
        .outerjoin(Project.__table__, Project.id == table.c.project_id)
        .outerjoin(themes, themes.c.story_id == table.c.id)
        .order_by(page.c.rank, page.c.id)
    )
    rows = session.connection().execute(stmt).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if has_more:
        next_cursor = encode_cursor(
            {"offset": position.get("offset", 0) + limit}
            if filters.near is not None
            else {"before": rows[-1].id}
        )
    return [row.feature for row in rows], next_cursor


def _themes_by_story(dialect: str, story_ids: sa.Select) -> sa.Subquery:
    """(story_id, themes): each story's theme slugs as a JSON array, in theme order."""
    themes = Theme.__table__
    return (
        sa.select(
            story_themes.c.story_id,
            geo.json_text_array(dialect, themes.c.slug, themes.c.position).label("themes"),
        )
        .join(themes, themes.c.id == story_themes.c.theme_id)
        .where(story_themes.c.story_id.in_(story_ids))
        .group_by(story_themes.c.story_id)
        .subquery("story_theme_lists")
    )


def _feature_json(
    dialect: str,
    table: sa.Table,
    themes: sa.ColumnElement,
    media: dict[str, sa.ColumnElement] | None = None,
) -> sa.ColumnElement:
    """A published story's GeoJSON Feature, written by the database (joined with its author,
    project and `themes` JSON array); the same keys, in the same order, as story_feature()."""
    users, projects = User.__table__, Project.__table__
    c = table.c
    properties = geo.json_object(
        dialect,
        {
            "kind": c.kind,
            "title": c.title,
            "body": c.body,
            "language": c.language,
            "themes": sa.func.coalesce(
                geo.json_nested(dialect, themes), geo.json_empty_array(dialect)
            ),
            "era_from": c.era_from,
            "era_to": c.era_to,
            "place_name": c.place_name,
            "origin_place": c.origin_place,
            "location_precision": c.location_precision,
            "status": c.status,
            "license": c.license,
            "project": projects.c.slug,
            "author": geo.json_object_or_null(
                dialect, users.c.display_name.is_not(None), {"display_name": users.c.display_name}
            ),
            "demo": geo.json_bool(dialect, c.is_demo),
            "photos": _media_array(dialect, (media or {}).get("photos")),
            "audio": _media_array(dialect, (media or {}).get("audio")),
            "reactions": _count_of(Reaction.__table__, table),
            "comments": _count_of(
                Comment.__table__, table, Comment.__table__.c.status == CommentStatus.PUBLISHED
            ),
            "created_at": geo.iso_timestamp(dialect, c.created_at),
            "updated_at": geo.iso_timestamp(dialect, c.updated_at),
            "published_at": geo.iso_timestamp(dialect, c.published_at),
        },
    )
    story_id = sa.cast(c.uuid, sa.Text) if dialect == "postgresql" else _sqlite_uuid_text(c.uuid)
    return geo.json_object(
        dialect,
        {
            "type": sa.literal("Feature"),
            "id": story_id,
            "geometry": geo.json_geometry(dialect, c.geom),
            "properties": properties,
        },
    )


def _count_of(
    responses: sa.Table, stories: sa.Table, *where: sa.ColumnElement[bool]
) -> sa.ColumnElement:
    """A correlated count of a story's rows in `responses` (indexed by story_id)."""
    return (
        sa.select(sa.func.count())
        .select_from(responses)
        .where(responses.c.story_id == stories.c.id, *where)
        .correlate(stories)
        .scalar_subquery()
    )


def _media_array(dialect: str, column: sa.ColumnElement | None) -> sa.ColumnElement:
    """A story's photos or recordings (a JSON array from media.services), [] if none."""
    if column is None:
        return geo.json_empty_array(dialect)
    return sa.func.coalesce(geo.json_nested(dialect, column), geo.json_empty_array(dialect))


def _sqlite_uuid_text(column: sa.ColumnElement) -> sa.ColumnElement:
    """SQLAlchemy stores UUIDs on SQLite as 32 hex digits; the API writes them with hyphens."""
    return (
        sa.func.substr(column, 1, 8)
        + "-"
        + sa.func.substr(column, 9, 4)
        + "-"
        + sa.func.substr(column, 13, 4)
        + "-"
        + sa.func.substr(column, 17, 4)
        + "-"
        + sa.func.substr(column, 21, 12)
    )


def map_features(
    session: Session,
    dialect: str,
    zoom: int,
    filters: StoryFilters,
    threshold: int,
    cell_pixels: int,
) -> dict:
    """What the map draws for `filters.bbox` (required) at `zoom`: single stories when at most
    `threshold` are in view, otherwise grid clusters of ~`cell_pixels` screen pixels with their
    count and extent. A cluster of one is drawn as that story."""
    table = Story.__table__
    bbox = filters.bbox
    conditions = _filter_conditions(session, dialect, filters, geom_column="point")
    x, y = geo.point_x(dialect, table.c.point), geo.point_y(dialect, table.c.point)

    def stories_where(*where: sa.ColumnElement[bool]) -> sa.Select:
        themes = _themes_by_story(dialect, sa.select(table.c.id).where(*where))
        return (
            sa.select(
                table.c.id,
                table.c.uuid,
                table.c.kind,
                table.c.title,
                table.c.place_name,
                x.label("x"),
                y.label("y"),
                sa.cast(themes.c.themes, sa.Text).label("themes"),
            )
            .outerjoin(themes, themes.c.story_id == table.c.id)
            .where(*where)
        )

    cell = 360.0 / (256 * 2**zoom) * cell_pixels  # degrees of longitude per cell
    # Cells are square on screen in Web Mercator: scale the latitude step by cos(lat).
    cell_lat = cell * math.cos(math.radians((bbox[1] + bbox[3]) / 2))
    cx = geo.cell_index(dialect, x, bbox[0], cell).label("cx")
    cy = geo.cell_index(dialect, y, bbox[1], cell_lat).label("cy")
    grouped = (
        sa.select(
            cx,
            cy,
            sa.func.count().label("n"),
            sa.func.min(table.c.id).label("first_id"),
            sa.func.avg(x).label("ax"),
            sa.func.avg(y).label("ay"),
            sa.func.min(x).label("x1"),
            sa.func.min(y).label("y1"),
            sa.func.max(x).label("x2"),
            sa.func.max(y).label("y2"),
        )
        .where(*conditions)
        .group_by(cx, cy)
    )
    cells = session.execute(grouped).all()
    total = sum(c.n for c in cells)
    if total <= threshold:
        rows = session.execute(stories_where(*conditions).order_by(table.c.id)).all()
        return {
            "type": "FeatureCollection",
            "total": total,
            "clustered": False,
            "features": [_map_story(r) for r in rows],
        }

    singles = [c.first_id for c in cells if c.n == 1]
    single_rows = {}
    if singles:
        single_rows = {r.id: r for r in session.execute(stories_where(table.c.id.in_(singles)))}
    features = []
    for c in cells:
        if c.n == 1:
            features.append(_map_story(single_rows[c.first_id]))
            continue
        features.append(
            {
                "type": "Feature",
                "id": None,
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(float(c.ax), 6), round(float(c.ay), 6)],
                },
                "properties": {
                    "cluster": True,
                    "count": int(c.n),
                    "bbox": [round(float(v), 6) for v in (c.x1, c.y1, c.x2, c.y2)],
                },
            }
        )
    return {"type": "FeatureCollection", "total": total, "clustered": True, "features": features}


def _map_story(row: sa.Row) -> dict:
    return {
        "type": "Feature",
        "id": str(row.uuid),
        "geometry": {
            "type": "Point",
            "coordinates": [round(float(row.x), 6), round(float(row.y), 6)],
        },
        "properties": {
            "cluster": False,
            "count": 1,
            "kind": row.kind,
            "title": row.title,
            "place_name": row.place_name,
            "themes": json.loads(row.themes) if row.themes else [],
        },
    }


def list_themes(session: Session) -> list[Theme]:
    return list(session.scalars(sa.select(Theme).order_by(Theme.position)))

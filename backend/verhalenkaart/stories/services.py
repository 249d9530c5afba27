"""Story writes: create, edit and delete stories. No Flask request state here.

Reading stories is the read side's work (stories/features.py); deleting one sends the
`story_deleted` signal (stories/signals.py) for the capabilities that keep something about it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import _
from geoalchemy2.shape import to_shape
from shapely import geometry as shp
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from verhalenkaart import geo, permissions
from verhalenkaart.accounts.models import Role, User
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, NotFound, ProjectEnded, ValidationProblem
from verhalenkaart.places.services import nearest_place_name
from verhalenkaart.schools.models import Project, ProjectStatus, Pupil
from verhalenkaart.stories import models as story_models
from verhalenkaart.stories.features import get_story
from verhalenkaart.stories.models import Precision, Status, Story
from verhalenkaart.stories.signals import story_changed_since_created, story_deleted
from verhalenkaart.stories.themes import themes_by_slug
from verhalenkaart.text import fold

#: The location every deleted story gets (the geometry columns cannot be empty).
TOMBSTONE_POINT = shp.Point(0.0, 0.0)


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


# --- writes -----------------------------------------------------------------------------------


def _project_for(session: Session, slug: str | None, user: User | None) -> Project | None:
    """The project a story `user` writes goes in: a pupil's own project (also when `slug` is
    left out); for others project `slug`, if they may put a story in it
    (permissions.may_attach_to_project). 422 naming `project` otherwise; 409 project-ended
    when the project is read-only."""
    membership = (
        session.get(Pupil, user.id) if user is not None and user.role == Role.PUPIL else None
    )
    if membership is not None:
        project = membership.project
        if slug and slug != project.slug:
            raise ValidationProblem.field(
                "project", _("You can only add stories to your own class project.")
            )
    elif not slug:
        return None
    else:
        project = session.scalar(sa.select(Project).where(Project.slug == slug))
        if project is None:
            raise ValidationProblem.field(
                "project", _("Unknown project: %(project)s.", project=slug)
            )
        if not permissions.may_attach_to_project(user, project):
            raise ValidationProblem.field(
                "project", _("Only pupils and the project's teacher can add a story to a project.")
            )
    if project.status_on(utcnow().date()) == ProjectStatus.ENDED:
        raise ProjectEnded(_("This project has ended: it can no longer be changed."))
    return project


def _check_project_area(story: Story, project: Project | None) -> None:
    """A story of a project with an area lies inside it: 422 naming `geometry` otherwise."""
    if project is None or project.area is None:
        return
    if not to_shape(project.area).covers(to_shape(story.geom)):
        raise ValidationProblem.field(
            "geometry",
            _(
                "This place lies outside the area of your class project. "
                "Choose a place inside the area on the map."
            ),
        )


def stored_shape(geometry: dict, precision: str, rules: StoryRules) -> shp.base.BaseGeometry:
    """The shape a story's validated GeoJSON `geometry` is stored as: snapped to the grid
    inside the region when approximate (the exact point is never stored). Raises
    ValidationProblem."""
    shape = geo.story_shape(geometry, rules.region)
    if precision == Precision.APPROXIMATE:
        if not isinstance(shape, shp.Point):
            raise ValidationProblem.field(
                "location_precision",
                _("Only a point can be approximate; a route or area is stored as drawn."),
            )
        shape = shp.Point(
            *geo.snap_point_in_region(shape.x, shape.y, rules.grid_metres, rules.region)
        )
    return shape


def _place_geometry(story: Story, geometry: dict, precision: str, rules: StoryRules) -> shp.Point:
    """Validate, snap if approximate, and set geom and point; returns the stored point."""
    shape = stored_shape(geometry, precision, rules)
    point = geo.representative_point(shape)
    story.geom = geo.to_db(shape)
    story.point = geo.to_db(point)
    return point


def search_text(*texts: str | None) -> str:
    """What the list's `q` searches: title, text and places, folded (text.fold)."""
    return fold(" ".join(filter(None, texts)))


def _refresh_search_text(story: Story) -> None:
    story.search_text = search_text(story.title, story.body, story.place_name, story.origin_place)


def create_story(
    session: Session, author: User | None, data: dict, rules: StoryRules
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
        status=story_models.initial_status(author, rules.moderation),
    )
    if not story.title:
        raise ValidationProblem.field("title", _("A story needs a title."))
    story.themes = themes_by_slug(session, props.get("themes") or [])
    project = _project_for(session, props.get("project"), author)
    story.project_id = project.id if project is not None else None
    point = _place_geometry(story, data["geometry"], story.location_precision, rules)
    _check_project_area(story, project)
    story.place_name = (props.get("place_name") or "").strip() or nearest_place_name(
        session, point, rules.place_radius_m
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
        _("A story with this id exists already. Use a new UUID for a new story."),
        {"id": [_("This id is taken.")]},
    )


def _anonymous_retry_of(session: Session, story: Story) -> bool:
    """Whether an anonymous create with `story`'s id may be answered with `story`: only the
    unguessable client UUID ties the retry to the first attempt, and anyone who saw a public
    link knows it. So only while it is still what that create made: author-less, at most
    ANONYMOUS_RETRY_WINDOW old, pending or published (post-moderation), and nothing has
    happened to it since (no decision, hide, deletion, or anonymisation of an erased account's
    story: each is a moderation event)."""
    if story.author_id is not None or story.status not in {Status.PENDING, Status.PUBLISHED}:
        return False
    if story.created_at < utcnow() - ANONYMOUS_RETRY_WINDOW:
        return False
    answers = story_changed_since_created.send(story, session=session)
    return not any(changed for _receiver, changed in answers)


def update_story(
    session: Session, story: Story, editor: User, data: dict, rules: StoryRules
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
        raise ValidationProblem.field("era_to", _("era_to must not be before era_from."))
    if "body" in props:
        story.body = props["body"] or ""
    if "title" in props:
        story.title = (props["title"] or "").strip()
        if not story.title:
            raise ValidationProblem.field("title", _("A story needs a title."))
    if "origin_place" in props:
        story.origin_place = (props["origin_place"] or "").strip() or None
    if "themes" in props:
        story.themes = themes_by_slug(session, props["themes"] or [])
    if "project" in props:
        current = story.project.slug if story.project is not None else None
        if (props["project"] or None) != current:  # sending the current project back is fine
            project = _project_for(session, props["project"], editor)
            story.project_id = project.id if project is not None else None
            session.flush()
            session.refresh(story, ["project"])
    elif (
        story.project is not None
        and not editor.is_moderator
        and story.project.status_on(utcnow().date()) == ProjectStatus.ENDED
    ):
        raise ProjectEnded(_("This project has ended: it can no longer be changed."))

    precision = props.get("location_precision") or story.location_precision
    if "geometry" in data:
        point = _place_geometry(story, data["geometry"], precision, rules)
        if "place_name" not in props:  # moved without naming the place: the gazetteer names it
            story.place_name = nearest_place_name(session, point, rules.place_radius_m)
        _check_project_area(story, story.project)
    elif precision != story.location_precision:
        if precision == Precision.EXACT:
            raise ValidationProblem.field(
                "geometry", _("Send the exact geometry to make an approximate location exact.")
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


def editable_story(session: Session, story_uuid: uuid.UUID, user: User) -> Story:
    """The story `user` may edit or delete (its author, or a moderator); NotFound otherwise,
    also for a story they can see but not change."""
    story = get_story(session, story_uuid, user)
    if not story.can_edit(user):
        raise NotFound(_("There is no story with this id."))
    return story


def delete_story(
    session: Session, story: Story, *, by: User | None, action: str = "delete"
) -> None:
    """Delete a story's content, keeping a tombstone row for the audit trail. `by` is who
    deletes it (None for an account's erasure); `action` is what the audit trail records
    ("delete", "withdraw-consent"). Every capability's clean-up (media, responses, audit)
    subscribes to the story_deleted signal."""
    story_deleted.send(story, session=session, by=by, action=action, from_status=story.status)
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
    session.flush()

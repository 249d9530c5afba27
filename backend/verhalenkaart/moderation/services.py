"""Moderation services: the review queue, decisions on stories and comments (each recorded as a
ModerationEvent with a reason code and a message for the contributor), bulk decisions and the
audit trail.

Moderated item kinds are entries of MODERATED_KINDS; adding one (photos) is one entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart import permissions
from verhalenkaart.accounts.models import Role, User
from verhalenkaart.community.models import Comment, Report
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, DomainError, Forbidden, NotFound, ValidationProblem
from verhalenkaart.i18n import N_
from verhalenkaart.moderation.models import TRANSITIONS, ModerationEvent
from verhalenkaart.moderation.reasons import DEFAULT_REASON, REASON_CODES
from verhalenkaart.schools.models import PublicPick
from verhalenkaart.stories.models import Status, Story
from verhalenkaart.stories.signals import story_changed_since_created, story_deleted


@dataclass(frozen=True)
class ModeratedKind:
    """One kind of item curators decide on. Its messages are whole sentences about this kind,
    for the translator (decision 9): marked here (N_), translated where they are said."""

    path: str  # URL segment: /moderation/<path>/<id>
    item_type: str  # ModerationEvent.item_type and bulk `type`
    model: type
    may_moderate: Callable[[User, object], bool]
    missing: str  # the 404 detail
    refused: str  # the 409 detail, with %(status)s and %(action)s
    not_possible: str  # the 409 error on `action`, with %(status)s
    after_decision: Callable[[Session, object, User], None] | None = None


def _resolve_story_reports(session: Session, story: object, moderator: User) -> None:
    """A curator decided on the story: its open reports are resolved, and the reporters'
    keys are not needed any more."""
    session.execute(
        sa.update(Report)
        .where(Report.story_id == story.id, Report.resolved_at.is_(None))  # type: ignore[attr-defined]
        .values(resolved_at=utcnow(), reporter_key=None)
    )
    # A teacher's pick for the public map is decided (schools): a later change by the pupil
    # goes back to the teacher, not to the curators.
    if not permissions.approves_for_class(moderator, story):
        session.execute(sa.delete(PublicPick).where(PublicPick.story_id == story.id))  # type: ignore[attr-defined]


MODERATED_KINDS: dict[str, ModeratedKind] = {
    "stories": ModeratedKind(
        "stories",
        "story",
        Story,
        permissions.may_moderate_story,
        missing=N_("There is no story with this id."),
        refused=N_("A %(status)s story cannot be given '%(action)s'."),
        not_possible=N_("Not possible for a %(status)s story."),
        after_decision=_resolve_story_reports,
    ),
    "comments": ModeratedKind(
        "comments",
        "comment",
        Comment,
        permissions.may_moderate_comment,
        missing=N_("There is no comment with this id."),
        refused=N_("A %(status)s comment cannot be given '%(action)s'."),
        not_possible=N_("Not possible for a %(status)s comment."),
    ),
}
KINDS_BY_TYPE = {kind.item_type: kind for kind in MODERATED_KINDS.values()}


def record_event(
    session: Session,
    item_type: str,
    item_id: int,
    actor: User | None,
    action: str,
    from_status: str,
    to_status: str,
    reason_code: str | None = None,
    message: str | None = None,
) -> ModerationEvent:
    """Add one entry to the audit trail (decisions, automatic hides, deletions, consent)."""
    event = ModerationEvent(
        item_type=item_type,
        item_id=item_id,
        moderator_id=actor.id if actor is not None else None,
        action=action,
        reason_code=reason_code,
        reason=message,
        from_status=from_status,
        to_status=to_status,
    )
    session.add(event)
    return event


@story_deleted.connect
def _record_deletion(
    story: Story, *, session: Session, by: User | None, action: str, from_status: str
) -> None:
    """Every deletion of a story is in the audit trail: by its author or a moderator, by an
    account's erasure (no moderator), or by a withdrawn consent."""
    record_event(session, "story", story.id, by, action, from_status, Status.DELETED)


@story_changed_since_created.connect
def _has_events(story: Story, *, session: Session) -> bool:
    """Whether anything was recorded about the story: a decision, a hide, an anonymisation."""
    first = sa.select(ModerationEvent.id).where(
        ModerationEvent.item_type == "story", ModerationEvent.item_id == story.id
    )
    return session.scalar(first.limit(1)) is not None


def _load(session: Session, kind: ModeratedKind, item_uuid: uuid.UUID) -> object:
    item = session.scalar(sa.select(kind.model).where(kind.model.uuid == item_uuid))
    if item is None or item.status == Status.DELETED:
        raise NotFound(_(kind.missing))
    return item


def _apply(
    session: Session,
    kind: ModeratedKind,
    item: object,
    moderator: User,
    action: str,
    reason_code: str | None,
    message: str | None,
) -> None:
    if not kind.may_moderate(moderator, item):
        raise Forbidden(_not_yours(moderator, kind))
    allowed_from, to_status = TRANSITIONS[action]
    if to_status == Status.PUBLISHED and permissions.approves_for_class(moderator, item):
        to_status = Status.CLASS  # the class map; the public map only when picked (schools)
    status = item.status  # type: ignore[attr-defined]
    if status not in allowed_from:
        raise Conflict(
            _(kind.refused, status=status, action=action),
            {"action": [_(kind.not_possible, status=status)]},
        )
    record_event(
        session,
        kind.item_type,
        item.id,  # type: ignore[attr-defined]
        moderator,
        action,
        status,
        to_status,
        reason_code or DEFAULT_REASON[action],
        message,
    )
    item.status = to_status  # type: ignore[attr-defined]
    if to_status == Status.PUBLISHED and item.published_at is None:  # type: ignore[attr-defined]
        item.published_at = utcnow()  # type: ignore[attr-defined]
    if kind.after_decision is not None:
        kind.after_decision(session, item, moderator)


def _not_yours(moderator: User, kind: ModeratedKind) -> str:
    if moderator.role == Role.TEACHER and kind.item_type == "story":
        return _("Teachers moderate only their pupils' stories in their own projects.")
    return _("Only curators and administrators may moderate.")


def moderate(
    session: Session,
    path: str,
    item_uuid: uuid.UUID,
    moderator: User,
    action: str,
    reason_code: str | None = None,
    message: str | None = None,
) -> object:
    """Apply `action` to one item of kind `path` and record it. Raises NotFound, Forbidden (a
    teacher outside their projects), Conflict (the action does not apply to its status)."""
    kind = MODERATED_KINDS[path]
    item = _load(session, kind, item_uuid)
    _apply(session, kind, item, moderator, action, reason_code, message)
    session.flush()
    return item


def moderate_bulk(
    session: Session,
    items: Sequence[dict],
    moderator: User,
    action: str,
    reason_code: str | None,
    message: str | None,
) -> list[dict]:
    """Apply one decision to many items, all or nothing (the result lists each item's type,
    id and new status): if any item is unknown, not the
    moderator's, or in a status the action does not apply to, nothing changes and the problem
    names each failing item (`items.<index>`)."""
    errors: dict[str, list[str]] = {}
    refusals: set[type[DomainError]] = set()
    done: list[tuple[ModeratedKind, object]] = []
    seen: set[tuple[str, uuid.UUID]] = set()
    savepoint = session.begin_nested()
    for index, entry in enumerate(items):
        kind = KINDS_BY_TYPE[entry["type"]]
        key = (kind.item_type, entry["id"])
        if key in seen:
            errors[f"items.{index}"] = [_("This item is listed twice.")]
            refusals.add(Conflict)
            continue
        seen.add(key)
        try:
            item = _load(session, kind, entry["id"])
            _apply(session, kind, item, moderator, action, reason_code, message)
        except (NotFound, Forbidden, Conflict) as error:
            errors[f"items.{index}"] = [error.detail]
            refusals.add(type(error))
            continue
        done.append((kind, item))
    if errors:
        savepoint.rollback()
        # The most telling status: not allowed, then unknown items, then wrong status.
        problem = next(c for c in (Forbidden, NotFound, Conflict) if c in refusals)
        raise problem(_("Nothing was changed; see errors for each item."), errors)
    savepoint.commit()
    session.flush()
    return [
        {"type": kind.item_type, "id": item.uuid, "status": item.status}  # type: ignore[attr-defined]
        for kind, item in done
    ]


def validate_reason_code(code: str | None) -> None:
    if code is not None and code not in REASON_CODES:
        raise ValidationProblem.field("reason_code", _("Unknown reason code."))

"""Moderation services: the review queue, decisions on stories and comments (each recorded as a
ModerationEvent with a reason code and a message for the contributor), bulk decisions and the
audit trail.

Moderated item kinds are entries of MODERATED_KINDS; adding one (photos) is one entry.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart import permissions
from verhalenkaart.accounts.models import Role, User
from verhalenkaart.community.models import Comment, Report
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, DomainError, Forbidden, NotFound, ValidationProblem
from verhalenkaart.moderation.models import DECISIONS, TRANSITIONS, ModerationEvent, is_about
from verhalenkaart.moderation.reasons import DEFAULT_REASON, REASON_CODES
from verhalenkaart.pagination import decode_cursor, encode_cursor
from verhalenkaart.schools.models import Project
from verhalenkaart.sqljson import iso
from verhalenkaart.stories.features import story_feature
from verhalenkaart.stories.models import Status, Story
from verhalenkaart.stories.signals import story_changed_since_created, story_deleted


@dataclass(frozen=True)
class ModeratedKind:
    """One kind of item curators decide on."""

    path: str  # URL segment: /moderation/<path>/<id>
    item_type: str  # ModerationEvent.item_type and bulk `type`
    model: type
    may_moderate: Callable[[User, object], bool]
    noun: str  # for messages: "story"
    after_decision: Callable[[Session, object], None] | None = None


def _resolve_story_reports(session: Session, story: object) -> None:
    """A curator decided on the story: its open reports are resolved, and the reporters'
    keys are not needed any more."""
    session.execute(
        sa.update(Report)
        .where(Report.story_id == story.id, Report.resolved_at.is_(None))  # type: ignore[attr-defined]
        .values(resolved_at=utcnow(), reporter_key=None)
    )


MODERATED_KINDS: dict[str, ModeratedKind] = {
    "stories": ModeratedKind(
        "stories",
        "story",
        Story,
        permissions.may_moderate_story,
        "story",
        _resolve_story_reports,
    ),
    "comments": ModeratedKind(
        "comments", "comment", Comment, permissions.may_moderate_comment, "comment"
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
        raise NotFound(f"There is no {kind.noun} with this id.")
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
    status = item.status  # type: ignore[attr-defined]
    if status not in allowed_from:
        raise Conflict(
            f"A {status} {kind.noun} cannot be given '{action}'.",
            {"action": [f"Not possible for a {status} {kind.noun}."]},
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
        kind.after_decision(session, item)


def _not_yours(moderator: User, kind: ModeratedKind) -> str:
    if moderator.role == Role.TEACHER and kind.item_type == "story":
        return "Teachers moderate only their pupils' stories in their own projects."
    return "Only curators and administrators may moderate."


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


def moderate_story(
    session: Session, story_uuid: uuid.UUID, moderator: User, action: str, reason: str | None
) -> Story:
    """The foundation's entry point: a story decision with a message and the default code."""
    return moderate(session, "stories", story_uuid, moderator, action, None, reason)  # type: ignore[return-value]


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
            errors[f"items.{index}"] = ["This item is listed twice."]
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
        raise problem("Nothing was changed; see errors for each item.", errors)
    savepoint.commit()
    session.flush()
    return [
        {"type": kind.item_type, "id": item.uuid, "status": item.status}  # type: ignore[attr-defined]
        for kind, item in done
    ]


# --- the queue ----------------------------------------------------------------------------------


@dataclass
class QueueItem:
    kind: ModeratedKind
    item: object
    rank: int
    open_reports: list[Report]


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _us(value: dt.datetime) -> int:
    """Microseconds since the epoch, exactly (a float timestamp would round)."""
    return (value - EPOCH) // dt.timedelta(microseconds=1)


def _after_condition(model: type, rank: int, after: tuple[int, int, int] | None):
    if after is None:
        return sa.true()
    t_us, k, i = after
    t = EPOCH + dt.timedelta(microseconds=t_us)
    if rank > k:
        return model.created_at >= t
    if rank < k:
        return model.created_at > t
    return sa.or_(model.created_at > t, sa.and_(model.created_at == t, model.id > i))


def _open_reports(session: Session, story_ids: list[int]) -> dict[int, list[Report]]:
    """Open reports per story, oldest first."""
    if not story_ids:
        return {}
    reports: dict[int, list[Report]] = {}
    for report in session.scalars(
        sa.select(Report)
        .where(Report.story_id.in_(story_ids), Report.resolved_at.is_(None))
        .order_by(Report.id)
    ):
        reports.setdefault(report.story_id, []).append(report)
    return reports


def review_queue(
    session: Session,
    user: User,
    *,
    kinds: Sequence[str] = (),
    statuses: Sequence[str] = (),
    reported: bool | None = None,
    project: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> tuple[list[dict], str | None]:
    """Items waiting for a decision, oldest first (as moderation.schemas.QueueItemOut shows
    them), and the next page's cursor (or None). Raises ValidationProblem for a bad cursor.

    Defaults: pending items; with `reported`, items with open reports in any status but
    deleted. A teacher sees only their pupils' stories in their own projects.
    """
    after = None
    if cursor:
        position = decode_cursor(cursor)
        after = (position.get("t", 0), position.get("k", 0), position.get("i", 0))
    kinds = list(kinds) or ["story", "comment"]
    if not statuses:
        statuses = (
            [Status.PENDING, Status.PUBLISHED, Status.HIDDEN, Status.REJECTED]
            if reported
            else [Status.PENDING]
        )
    teacher_only = not user.is_moderator
    open_report = (
        sa.select(Report.id)
        .where(Report.story_id == Story.id, Report.resolved_at.is_(None))
        .exists()
    )
    found: list[QueueItem] = []
    if "story" in kinds:
        stmt = sa.select(Story).where(
            Story.status.in_(list(statuses)), _after_condition(Story, 0, after)
        )
        if reported is not None:
            stmt = stmt.where(open_report if reported else ~open_report)
        if project:
            stmt = stmt.where(
                Story.project_id.in_(sa.select(Project.id).where(Project.slug == project))
            )
        if teacher_only:  # permissions.leads_project_of: pupils' stories in their projects
            stmt = stmt.where(
                Story.project_id.in_(sa.select(Project.id).where(Project.teacher_id == user.id)),
                Story.author_id.in_(sa.select(User.id).where(User.role == Role.PUPIL)),
            )
        stmt = stmt.order_by(Story.created_at, Story.id).limit(limit + 1)
        stories = list(session.scalars(stmt))
        reports = _open_reports(session, [s.id for s in stories])
        found += [
            QueueItem(MODERATED_KINDS["stories"], s, 0, reports.get(s.id, [])) for s in stories
        ]
    # Comments have no reports (reports are about stories) and teachers do not moderate them.
    if "comment" in kinds and not teacher_only and not reported:
        stmt = (
            sa.select(Comment)
            .where(Comment.status.in_(list(statuses)), _after_condition(Comment, 1, after))
            .order_by(Comment.created_at, Comment.id)
            .limit(limit + 1)
        )
        if project:
            stmt = stmt.where(
                Comment.story_id.in_(
                    sa.select(Story.id).join(Project).where(Project.slug == project)
                )
            )
        found += [QueueItem(MODERATED_KINDS["comments"], c, 1, []) for c in session.scalars(stmt)]
    found.sort(key=lambda q: (q.item.created_at, q.rank, q.item.id))  # type: ignore[attr-defined]
    page = found[:limit]
    next_cursor = None
    if len(found) > limit:
        last = page[-1]
        next_cursor = encode_cursor(
            {"t": _us(last.item.created_at), "k": last.rank, "i": last.item.id}  # type: ignore[attr-defined]
        )
    return [_queue_entry(session, entry) for entry in page], next_cursor


def _queue_entry(session: Session, entry: QueueItem) -> dict:
    """One queue item for QueueItemOut: the story's Feature, or the comment and its story."""
    item = entry.item
    out = {
        "type": entry.kind.item_type,
        "id": item.uuid,  # type: ignore[attr-defined]
        "status": item.status,  # type: ignore[attr-defined]
        "created_at": item.created_at,  # type: ignore[attr-defined]
        "reports": dict(Counter(r.reason for r in entry.open_reports)),
        # What reporters wrote, for the curator; who they are is not shown.
        "report_notes": entry.open_reports,
    }
    story = item if entry.kind.item_type == "story" else session.get(Story, item.story_id)  # type: ignore[attr-defined]
    out["project"] = story.project.slug if story.project else None
    if entry.kind.item_type == "story":
        out["feature"] = story_feature(story, include_private=True)
    else:
        out["comment"] = item
        out["story"] = story
    return out


# --- the audit trail and the latest decision -----------------------------------------------------


def audit_events(
    session: Session,
    *,
    item_type: str | None = None,
    action: str | None = None,
    moderator_id: int | None = None,
    item_uuid: uuid.UUID | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> tuple[list[dict], str | None]:
    """Audit entries, newest first (as moderation.schemas.AuditEventOut shows them), and the
    next page's cursor (or None). Raises ValidationProblem for a bad cursor."""
    before = decode_cursor(cursor).get("before") if cursor else None
    stmt = sa.select(ModerationEvent)
    if item_type:
        stmt = stmt.where(ModerationEvent.item_type == item_type)
    if action:
        stmt = stmt.where(ModerationEvent.action == action)
    if moderator_id is not None:
        stmt = stmt.where(ModerationEvent.moderator_id == moderator_id)
    if item_uuid is not None:
        conditions = [
            sa.exists().where(
                kind.model.uuid == item_uuid,
                is_about(kind.item_type, kind.model.id, kind.model.created_at),
            )
            for kind in MODERATED_KINDS.values()
        ]
        stmt = stmt.where(sa.or_(*conditions))
    if before is not None:
        stmt = stmt.where(ModerationEvent.id < before)
    events = list(session.scalars(stmt.order_by(ModerationEvent.id.desc()).limit(limit + 1)))
    next_cursor = encode_cursor({"before": events[limit - 1].id}) if len(events) > limit else None
    events = events[:limit]
    # By event: a deleted comment's id can be another comment's now (see is_about).
    uuids: dict[int, str] = {}
    for kind in MODERATED_KINDS.values():
        ids = [e.id for e in events if e.item_type == kind.item_type]
        if ids:
            for event_id, item_uuid_ in session.execute(
                sa.select(ModerationEvent.id, kind.model.uuid)
                .join(kind.model, is_about(kind.item_type, kind.model.id, kind.model.created_at))
                .where(ModerationEvent.id.in_(ids))
            ):
                uuids[event_id] = str(item_uuid_)
    moderator_ids = {e.moderator_id for e in events if e.moderator_id is not None}
    moderators = (
        {u.id: u for u in session.scalars(sa.select(User).where(User.id.in_(moderator_ids)))}
        if moderator_ids
        else {}
    )
    return [
        {
            "id": e.id,
            "item": {"type": e.item_type, "id": uuids.get(e.id)},
            "action": e.action,
            "reason_code": e.reason_code,
            "message": e.reason,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "moderator": moderators.get(e.moderator_id),  # type: ignore[arg-type]
            "created_at": e.created_at,
        }
        for e in events
    ], next_cursor


def latest_decisions(
    session: Session, item_type: str, item_ids: Sequence[int]
) -> dict[int, ModerationEvent]:
    """The latest moderation decision (approve, reject, hide, restore) per item."""
    if not item_ids:
        return {}
    latest = (
        sa.select(sa.func.max(ModerationEvent.id))
        .where(
            ModerationEvent.item_type == item_type,
            ModerationEvent.item_id.in_(list(item_ids)),
            ModerationEvent.action.in_(DECISIONS),
        )
        .group_by(ModerationEvent.item_id)
    )
    events = session.scalars(sa.select(ModerationEvent).where(ModerationEvent.id.in_(latest)))
    return {e.item_id: e for e in events}


def decision_out(event: ModerationEvent | None) -> dict | None:
    """The contributor's view of a decision: contract 6's `moderation` object."""
    if event is None:
        return None
    return {
        "action": event.action,
        "reason_code": event.reason_code,
        "message": event.reason,
        "decided_at": iso(event.created_at),
    }


def validate_reason_code(code: str | None) -> None:
    if code is not None and code not in REASON_CODES:
        raise ValidationProblem.field("reason_code", "Unknown reason code.")

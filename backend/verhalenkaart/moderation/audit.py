"""The audit trail as curators read it, and the latest decision per item as contributors see it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import User
from verhalenkaart.moderation.models import DECISIONS, ModerationEvent, is_about
from verhalenkaart.moderation.services import MODERATED_KINDS, record_event
from verhalenkaart.pagination import decode_cursor, encode_cursor
from verhalenkaart.sqljson import iso
from verhalenkaart.stories.features import story_feature
from verhalenkaart.stories.models import Story


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


#: ModerationEvent.item_type of administrators' actions on accounts (roles, teacher requests,
#: blocking), which share the audit trail with the moderation decisions.
ACCOUNT_ITEM_TYPE = "account"


def record_account_event(
    session: Session,
    account: User,
    admin: User,
    action: str,
    from_status: str,
    to_status: str,
    message: str | None = None,
) -> ModerationEvent:
    """Put an administrator's action on `account` in the audit trail."""
    return record_event(
        session, ACCOUNT_ITEM_TYPE, account.id, admin, action, from_status, to_status,
        message=message,
    )  # fmt: skip


def account_events(session: Session, account: User, limit: int = 50) -> list[dict]:
    """The audit trail of one account, newest first: {"action", "from_status", "to_status",
    "message", "by" (display name or None), "created_at"}."""
    rows = session.execute(
        sa.select(ModerationEvent, User.display_name)
        .outerjoin(User, User.id == ModerationEvent.moderator_id)
        .where(is_about(ACCOUNT_ITEM_TYPE, account.id, account.created_at))
        .order_by(ModerationEvent.id.desc())
        .limit(limit)
    )
    return [
        {
            "action": event.action,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "message": event.reason,
            "by": by,
            "created_at": event.created_at,
        }
        for event, by in rows
    ]


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


def decided_story_feature(session: Session, story: Story) -> dict:
    """The story as its author and moderators see it, with its latest decision
    (properties.moderation, as "my stories" shows it): the answer to a decision."""
    feature = story_feature(story, include_private=True)
    decision = latest_decisions(session, "story", [story.id]).get(story.id)
    feature["properties"]["moderation"] = decision_out(decision)
    return feature

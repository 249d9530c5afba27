"""ModerationEvent: who did what to which item, when, and why."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from verhalenkaart.db import Base, utcnow
from verhalenkaart.stories.models import Status

# action → (statuses it applies to, resulting status); stories and comments share the lifecycle.
TRANSITIONS = {
    "approve": ({Status.PENDING, Status.REJECTED, Status.HIDDEN}, Status.PUBLISHED),
    # A teacher's approval gives a pupil's story Status.CLASS instead (moderation.services).
    "reject": ({Status.PENDING, Status.PUBLISHED, Status.HIDDEN, Status.CLASS}, Status.REJECTED),
    "hide": ({Status.PUBLISHED}, Status.HIDDEN),
    "restore": ({Status.HIDDEN}, Status.PUBLISHED),
}
DECISIONS = tuple(TRANSITIONS)
#: What curators decide on (ModerationEvent.item_type, and `type` in the queue and bulk).
ITEM_TYPES = ("story", "comment")
BULK_MAX_ITEMS = 100


class ModerationEvent(Base):
    __tablename__ = "moderation_events"
    __table_args__ = (sa.Index("ix_moderation_events_item", "item_type", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_type: Mapped[str] = mapped_column(sa.String(16))  # "story", "comment"; later "photo"
    item_id: Mapped[int]
    moderator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(16))
    # A code from moderation.reasons.REASON_CODES, and the message to the contributor.
    reason_code: Mapped[str | None] = mapped_column(sa.String(32))
    reason: Mapped[str | None] = mapped_column(sa.String(1000))
    from_status: Mapped[str] = mapped_column(sa.String(16))
    to_status: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def is_about(item_type: str, item_id: object, item_created_at: object) -> sa.ColumnElement[bool]:
    """Whether an event is about the item `item_id` created at `item_created_at` (values, or
    columns of a joined or correlated item table).

    Comments are deleted for good, and SQLite gives a deleted row's id to the next row made: an
    event about that id belongs to the item that existed when it was recorded, the one created
    at or before it, never to a later comment (someone else's) that got the same id."""
    return sa.and_(
        ModerationEvent.item_type == item_type,
        ModerationEvent.item_id == item_id,
        ModerationEvent.created_at >= item_created_at,
    )

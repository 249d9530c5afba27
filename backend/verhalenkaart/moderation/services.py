"""Moderation services: the review queue and decisions, each recorded as a ModerationEvent."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import User
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, NotFound
from verhalenkaart.moderation.models import ModerationEvent
from verhalenkaart.stories.models import Status, Story

# action → (statuses it applies to, resulting status)
STORY_TRANSITIONS = {
    "approve": ({Status.PENDING, Status.REJECTED, Status.HIDDEN}, Status.PUBLISHED),
    "reject": ({Status.PENDING, Status.PUBLISHED, Status.HIDDEN}, Status.REJECTED),
    "hide": ({Status.PUBLISHED}, Status.HIDDEN),
    "restore": ({Status.HIDDEN}, Status.PUBLISHED),
}


def review_queue(session: Session, limit: int, before: int | None) -> list[Story]:
    """Pending stories, oldest first, after story id `before` (for paging)."""
    stmt = sa.select(Story).where(Story.status == Status.PENDING)
    if before is not None:
        stmt = stmt.where(Story.id > before)
    return list(session.scalars(stmt.order_by(Story.id).limit(limit + 1)))


def moderate_story(
    session: Session, story_uuid: object, moderator: User, action: str, reason: str | None
) -> Story:
    """Apply `action` to a story and record it. Raises NotFound, Conflict (not applicable)."""
    story = session.scalar(sa.select(Story).where(Story.uuid == story_uuid))
    if story is None or story.status == Status.DELETED:
        raise NotFound("There is no story with this id.")
    allowed_from, to_status = STORY_TRANSITIONS[action]
    if story.status not in allowed_from:
        raise Conflict(
            f"A {story.status} story cannot be given '{action}'.",
            {"action": [f"Not possible for a {story.status} story."]},
        )
    event = ModerationEvent(
        item_type="story",
        item_id=story.id,
        moderator_id=moderator.id,
        action=action,
        reason=reason,
        from_status=story.status,
        to_status=to_status,
    )
    story.status = to_status
    if to_status == Status.PUBLISHED and story.published_at is None:
        story.published_at = utcnow()
    session.add(event)
    session.flush()
    return story

"""Counts of published stories through the read side: the place page's frames, and the
stories a period filter leaves out because they name no year."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart.stories.features import StoryFilters, published_conditions
from verhalenkaart.stories.frames import undated_condition
from verhalenkaart.stories.models import Story


def count_published(session: Session, filters: StoryFilters) -> int:
    """How many published stories match `filters`."""
    table = Story.__table__
    stmt = sa.select(sa.func.count()).select_from(table).where(*published_conditions(filters))
    return session.scalar(stmt) or 0


def count_undated(session: Session, filters: StoryFilters) -> int | None:
    """With an era filter: how many published stories match the other filters but name no
    year (so a period filter never drops them silently); None without an era filter."""
    if filters.era_from is None and filters.era_to is None:
        return None
    others = dataclasses.replace(filters, era_from=None, era_to=None, undated=False)
    table = Story.__table__
    stmt = (
        sa.select(sa.func.count())
        .select_from(table)
        .where(*published_conditions(others), undated_condition(table))
    )
    return session.scalar(stmt) or 0

"""The themes stories are tagged with: the list, the slugs a story or a filter names (an
unknown one is a 422 on its field), and each story's slugs as a JSON array for the lists."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart import sqljson
from verhalenkaart.errors import ValidationProblem
from verhalenkaart.stories.models import Theme, story_themes


def list_themes(session: Session) -> list[Theme]:
    return list(session.scalars(sa.select(Theme).order_by(Theme.position)))


def themes_by_slug(session: Session, slugs: Sequence[str], field: str = "themes") -> list[Theme]:
    """The themes of `slugs`, in order; an unknown slug is a 422 on `field`."""
    wanted = list(dict.fromkeys(slugs))
    if not wanted:
        return []
    found = {t.slug: t for t in session.scalars(sa.select(Theme).where(Theme.slug.in_(wanted)))}
    unknown = [s for s in wanted if s not in found]
    if unknown:
        raise ValidationProblem.field(
            field,
            _("Unknown theme: %(themes)s. See GET /api/v1/themes.", themes=", ".join(unknown)),
        )
    return [found[s] for s in wanted]


def theme_filter(session: Session, slugs: Sequence[str]) -> tuple[str, ...]:
    """The `theme` filter's slugs, each a known theme (a typo answers 422, not an empty map)."""
    return tuple(t.slug for t in themes_by_slug(session, slugs, field="theme"))


def themes_of(story_id: sa.ColumnElement) -> sa.ScalarSelect:
    """One story's theme slugs as a JSON array (NULL if none), in theme order: a correlated
    subquery, an index lookup per story. Its cost follows the page, whatever the planner
    thinks of the page's size: a grouped pass over the page joined back to it, which
    PostgreSQL estimated at one row at 1,000,000 stories, re-ran its grouping for every
    story (2–3.6 s for a page of 952)."""
    themes = Theme.__table__
    return (
        sa.select(sqljson.json_array_agg(themes.c.slug, themes.c.position))
        .join_from(story_themes, themes, themes.c.id == story_themes.c.theme_id)
        .where(story_themes.c.story_id == story_id)
        .scalar_subquery()
    )

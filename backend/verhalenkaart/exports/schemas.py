"""The exports' query: the list's filters (StoryListQuery) without its paging, and the
curators' flag for every status."""

from __future__ import annotations

import marshmallow as ma

from verhalenkaart.stories.schemas import StoryListQuery


class ExportQuery(StoryListQuery):
    class Meta:
        unknown = ma.RAISE
        exclude = ("limit", "cursor")

    all_statuses = ma.fields.Boolean(
        load_default=False,
        metadata={
            "description": "Curators and administrators: every story that is not deleted, "
            "whatever its status (401/403 for others). Never cached, never cross-origin."
        },
    )

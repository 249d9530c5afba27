"""Schemas of the moderation endpoints."""

import marshmallow as ma
from marshmallow import validate

from verhalenkaart.moderation.services import STORY_TRANSITIONS
from verhalenkaart.text import TextInputSchema


class DecisionIn(TextInputSchema):
    action = ma.fields.String(required=True, validate=validate.OneOf(sorted(STORY_TRANSITIONS)))
    reason = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=1000),
        metadata={"description": "Why; shown to the contributor later"},
    )


class QueueQuery(ma.Schema):
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 1000))
    cursor = ma.fields.String(validate=validate.Length(max=200))

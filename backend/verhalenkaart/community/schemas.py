"""Schemas of the reaction, comment and report endpoints."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import _
from marshmallow import validate

from verhalenkaart.community.models import ReportReason
from verhalenkaart.fields import Timestamp
from verhalenkaart.text import TextInputSchema

COMMENT_MAX_LENGTH = 2000


class ReactionStateOut(ma.Schema):
    count = ma.fields.Integer(metadata={"description": '"Herkenbaar!" reactions on the story'})
    mine = ma.fields.Boolean(metadata={"description": "Whether the caller reacted"})


class CommentIn(TextInputSchema):
    class Meta:
        unknown = ma.EXCLUDE

    body = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=COMMENT_MAX_LENGTH),
        metadata={"description": "The comment, plain text"},
    )
    id = ma.fields.UUID(  # noqa: A003
        allow_none=True,
        load_default=None,
        metadata={"description": "Client UUID for idempotent retries"},
    )

    @ma.validates("body")
    def not_blank(self, value: str, **_kwargs: object) -> None:
        if not value.strip():
            raise ma.ValidationError(_("Write something first."))


class CommentOut(ma.Schema):
    """A Comment as the API shows it."""

    id = ma.fields.UUID(attribute="uuid")  # noqa: A003
    body = ma.fields.String()
    # A pupil's nickname never leaves the class: their comments carry no author.
    author = ma.fields.Function(
        lambda c: (
            {"display_name": c.author.display_name}
            if c.author is not None and c.author.role != "pupil"
            else None
        ),
        allow_none=True,
        metadata={"description": "The author's display name; null for pupils"},
    )
    created_at = Timestamp()
    status = ma.fields.String(metadata={"description": "pending or published (to the public)"})


class CommentListOut(ma.Schema):
    comments = ma.fields.List(ma.fields.Nested(CommentOut))


class ReportIn(TextInputSchema):
    class Meta:
        unknown = ma.EXCLUDE

    reason = ma.fields.String(
        required=True, validate=validate.OneOf([r.value for r in ReportReason])
    )
    note = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=1000),
        metadata={"description": "What is wrong, for the curator"},
    )


class ReportAcceptedOut(ma.Schema):
    status = ma.fields.String(metadata={"description": "Always 'received'"})

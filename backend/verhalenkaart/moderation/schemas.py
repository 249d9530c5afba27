"""Schemas of the moderation endpoints."""

import marshmallow as ma
from marshmallow import validate
from webargs.fields import DelimitedList

from verhalenkaart.community.schemas import CommentOut
from verhalenkaart.fields import Timestamp
from verhalenkaart.moderation.models import BULK_MAX_ITEMS, DECISIONS, ITEM_TYPES
from verhalenkaart.moderation.reasons import REASON_CODES
from verhalenkaart.stories.models import Status
from verhalenkaart.stories.schemas import (
    GeometrySchema,
    LinkSchema,
    StoryFeatureOut,
    StoryPropertiesOut,
)
from verhalenkaart.text import MAX_ID, TextInputSchema

QUEUE_STATUSES = [Status.PENDING, Status.PUBLISHED, Status.HIDDEN, Status.REJECTED]


class DecisionIn(TextInputSchema):
    action = ma.fields.String(required=True, validate=validate.OneOf(sorted(DECISIONS)))
    reason_code = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.OneOf(list(REASON_CODES)),
        metadata={
            "description": "Why, from GET /moderation/reasons; default 'ok' for approve and "
            "restore, 'other' for reject and hide"
        },
    )
    message = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=1000),
        metadata={"description": "A message the contributor sees with the item"},
    )
    reason = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=1000),
        metadata={"description": "Older name of `message`", "deprecated": True},
    )

    @ma.post_load
    def merge_message(self, data: dict, **_kwargs: object) -> dict:
        data["message"] = data.get("message") or data.pop("reason", None)
        data.pop("reason", None)
        return data


class DecisionOut(ma.Schema):
    """A decision as its contributor sees it (my stories; the answer to a decision)."""

    action = ma.fields.String(metadata={"description": "approve, reject, hide or restore"})
    reason_code = ma.fields.String(
        allow_none=True, metadata={"description": "See GET /moderation/reasons"}
    )
    message = ma.fields.String(allow_none=True, metadata={"description": "From the moderator"})
    decided_at = ma.fields.String()


class DecidedStoryPropertiesOut(StoryPropertiesOut):
    moderation = ma.fields.Nested(
        DecisionOut, allow_none=True, metadata={"description": "The latest decision, or null"}
    )


class DecidedStoryOut(ma.Schema):
    """A story with its latest decision: the answer to a decision, and "my stories"."""

    type = ma.fields.String()  # noqa: A003
    id = ma.fields.UUID()  # noqa: A003
    geometry = ma.fields.Nested(GeometrySchema)
    properties = ma.fields.Nested(DecidedStoryPropertiesOut)


class BulkItemIn(TextInputSchema):
    type = ma.fields.String(required=True, validate=validate.OneOf(sorted(ITEM_TYPES)))  # noqa: A003
    id = ma.fields.UUID(required=True)  # noqa: A003


class BulkDecisionIn(DecisionIn):
    items = ma.fields.List(
        ma.fields.Nested(BulkItemIn),
        required=True,
        validate=validate.Length(min=1, max=BULK_MAX_ITEMS),
        metadata={"description": f"At most {BULK_MAX_ITEMS} items; all change or none"},
    )


class BulkResultItem(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    id = ma.fields.UUID()  # noqa: A003
    status = ma.fields.String()


class BulkDecisionOut(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(BulkResultItem))


class QueueQuery(TextInputSchema):
    kind = DelimitedList(
        ma.fields.String(validate=validate.OneOf(sorted(ITEM_TYPES))),
        metadata={"description": "Item kinds, comma list: story, comment (default both)"},
    )
    status = DelimitedList(
        ma.fields.String(validate=validate.OneOf(QUEUE_STATUSES)),
        metadata={"description": "Default pending; with reported=true every status but deleted"},
    )
    reported = ma.fields.Boolean(metadata={"description": "Only items with open reports"})
    project = ma.fields.String(
        validate=validate.Length(max=80), metadata={"description": "Project slug"}
    )
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 1000))
    cursor = ma.fields.String(validate=validate.Length(max=200))


class StoryRefOut(ma.Schema):
    id = ma.fields.UUID(attribute="uuid")  # noqa: A003
    title = ma.fields.String()


class ReportNoteOut(ma.Schema):
    reason = ma.fields.String()
    note = ma.fields.String(allow_none=True)
    created_at = Timestamp()


class EarlierDecisionOut(ma.Schema):
    story = ma.fields.Nested(
        StoryRefOut, allow_none=True, metadata={"description": "null: the story was deleted"}
    )
    action = ma.fields.String()
    reason_code = ma.fields.String(allow_none=True)
    decided_at = ma.fields.String()


class AuthorHistoryOut(ma.Schema):
    counts = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={"description": "Decisions on the author's other stories, by action"},
    )
    recent = ma.fields.List(
        ma.fields.Nested(EarlierDecisionOut),
        metadata={"description": "The latest few, newest first"},
    )


class QueueItemOut(ma.Schema):
    type = ma.fields.String(metadata={"description": "story or comment"})  # noqa: A003
    id = ma.fields.UUID()  # noqa: A003
    status = ma.fields.String()
    created_at = Timestamp()
    project = ma.fields.String(allow_none=True)
    reports = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={"description": "Open reports by reason"},
    )
    report_notes = ma.fields.List(
        ma.fields.Nested(ReportNoteOut), metadata={"description": "Open reports, oldest first"}
    )
    feature = ma.fields.Nested(StoryFeatureOut, metadata={"description": "Stories"})
    comment = ma.fields.Nested(CommentOut, metadata={"description": "Comments"})
    story = ma.fields.Nested(StoryRefOut, metadata={"description": "A comment's story"})
    author_history = ma.fields.Nested(
        AuthorHistoryOut,
        allow_none=True,
        metadata={"description": "Stories: the author's earlier decisions; null without author"},
    )


class QueueOut(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(QueueItemOut))
    links = ma.fields.List(ma.fields.Nested(LinkSchema))
    numberReturned = ma.fields.Integer()  # noqa: N815


class AuditQuery(TextInputSchema):
    kind = ma.fields.String(validate=validate.OneOf(sorted(ITEM_TYPES)))
    action = ma.fields.String(
        validate=validate.Length(max=32),
        metadata={
            "description": f"{', '.join(DECISIONS)}, delete, withdraw-consent, "
            "remove-photo, remove-audio or pick-public (a teacher's pick for the public map)"
        },
    )
    moderator = ma.fields.Integer(
        validate=validate.Range(1, MAX_ID), metadata={"description": "Account id of the moderator"}
    )
    item = ma.fields.UUID(metadata={"description": "Public id of a story or comment"})
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 1000))
    cursor = ma.fields.String(validate=validate.Length(max=200))


class ItemRefOut(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    id = ma.fields.UUID(allow_none=True)  # noqa: A003


class ModeratorOut(ma.Schema):
    id = ma.fields.Integer()  # noqa: A003
    display_name = ma.fields.String()


class AuditEventOut(ma.Schema):
    id = ma.fields.Integer()  # noqa: A003
    item = ma.fields.Nested(ItemRefOut)
    action = ma.fields.String()
    reason_code = ma.fields.String(allow_none=True)
    message = ma.fields.String(allow_none=True)
    from_status = ma.fields.String()
    to_status = ma.fields.String()
    moderator = ma.fields.Nested(
        ModeratorOut,
        allow_none=True,
        metadata={"description": "null: automatic (reports) or an erased account"},
    )
    created_at = Timestamp()


class AuditOut(ma.Schema):
    events = ma.fields.List(ma.fields.Nested(AuditEventOut))
    links = ma.fields.List(ma.fields.Nested(LinkSchema))
    numberReturned = ma.fields.Integer()  # noqa: N815


class ReasonOut(ma.Schema):
    code = ma.fields.String()
    nl = ma.fields.String()
    en = ma.fields.String()

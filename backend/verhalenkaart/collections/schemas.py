"""Schemas of the collection endpoints (DESIGN §4: title, slug, intro, status, cover, items)."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import _
from marshmallow import validate

from verhalenkaart.collections.models import SLUG_PATTERN, CollectionStatus
from verhalenkaart.fields import Timestamp
from verhalenkaart.i18n import N_
from verhalenkaart.text import TextInputSchema

TITLE_MAX = 160
INTRO_MAX = 5000
NOTE_MAX = 2000
ITEMS_MAX = 200
QR_URL_MAX = 512

_slug = validate.And(
    validate.Length(min=1, max=80),
    validate.Regexp(SLUG_PATTERN, error=N_("Use lower-case letters, digits and hyphens.")),
)
_status = validate.OneOf([s.value for s in CollectionStatus])


class ItemIn(TextInputSchema):
    class Meta:
        unknown = ma.RAISE

    story = ma.fields.UUID(required=True, metadata={"description": "The story's id"})
    note = ma.fields.String(
        load_default="",
        validate=validate.Length(max=NOTE_MAX),
        metadata={"description": "The curator's note with this story"},
    )


class ItemAddIn(ItemIn):
    position = ma.fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=0, max=ITEMS_MAX),
        metadata={"description": "Where to insert it (0 = first); at the end when left out"},
    )


class ItemPatch(TextInputSchema):
    class Meta:
        unknown = ma.RAISE

    note = ma.fields.String(validate=validate.Length(max=NOTE_MAX))
    position = ma.fields.Integer(validate=validate.Range(min=0, max=ITEMS_MAX))


class CollectionPatch(TextInputSchema):
    """Any part of a collection; `items` replaces the list (that is how stories are reordered,
    added and removed in one go)."""

    class Meta:
        unknown = ma.RAISE

    title = ma.fields.String(validate=validate.Length(min=1, max=TITLE_MAX))
    slug = ma.fields.String(validate=_slug, metadata={"description": "Its address: /expositie/…"})
    intro = ma.fields.String(validate=validate.Length(max=INTRO_MAX))
    status = ma.fields.String(validate=_status, metadata={"description": "draft or published"})
    cover = ma.fields.UUID(
        allow_none=True, metadata={"description": "The id of a photo of one of its stories"}
    )
    opens_on = ma.fields.Date(allow_none=True)
    closes_on = ma.fields.Date(allow_none=True)
    items = ma.fields.List(
        ma.fields.Nested(ItemIn), validate=validate.Length(max=ITEMS_MAX), metadata={}
    )

    @ma.validates("title")
    def not_blank(self, value: str, **_kwargs: object) -> None:
        if not value.strip():
            raise ma.ValidationError(_("Give the collection a title."))

    @ma.validates_schema
    def dates_in_order(self, data: dict, **_kwargs: object) -> None:
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            raise ma.ValidationError(
                _("The closing date comes after the opening date."), "closes_on"
            )


class CollectionIn(CollectionPatch):
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=TITLE_MAX))
    slug = ma.fields.String(
        load_default=None,
        validate=_slug,
        metadata={"description": "Made from the title if left out"},
    )
    intro = ma.fields.String(load_default="", validate=validate.Length(max=INTRO_MAX))
    status = ma.fields.String(load_default=CollectionStatus.DRAFT.value, validate=_status)
    items = ma.fields.List(
        ma.fields.Nested(ItemIn), load_default=list, validate=validate.Length(max=ITEMS_MAX)
    )


class CollectionListQuery(ma.Schema):
    status = ma.fields.String(
        load_default="published",
        validate=validate.OneOf(["published", "draft", "all"]),
        metadata={"description": "draft and all: curators only"},
    )
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))
    cursor = ma.fields.String(validate=validate.Length(max=200))


class CollectionQuery(ma.Schema):
    view = ma.fields.String(
        load_default="public",
        validate=validate.OneOf(["public", "edit"]),
        metadata={"description": "edit (curators): every item, also those no longer public"},
    )


class QrQuery(ma.Schema):
    url = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=QR_URL_MAX),
        metadata={"description": "An address on this site (other sites answer 422)"},
    )


class LinkOut(ma.Schema):
    rel = ma.fields.String()
    href = ma.fields.String()


class ItemOut(ma.Schema):
    story = ma.fields.String(metadata={"description": "The story's id"})
    position = ma.fields.Integer()
    note = ma.fields.String()
    available = ma.fields.Boolean(
        metadata={"description": "Whether the public sees it (edit view lists the others too)"}
    )
    status = ma.fields.String(metadata={"description": "edit view: the story's status"})
    title = ma.fields.String(metadata={"description": "edit view: the story's title"})
    feature = ma.fields.Raw(metadata={"description": "The story as a GeoJSON Feature"})


class CollectionSummaryOut(ma.Schema):
    slug = ma.fields.String()
    title = ma.fields.String()
    intro = ma.fields.String()
    status = ma.fields.String()
    cover = ma.fields.Raw(
        allow_none=True, metadata={"description": "The cover photo (as in a story's photos)"}
    )
    opens_on = ma.fields.Date(allow_none=True)
    closes_on = ma.fields.Date(allow_none=True)
    count = ma.fields.Integer(metadata={"description": "Stories the public sees"})
    unavailable = ma.fields.Integer(
        metadata={"description": "Curators only: stories no longer public"}
    )
    published_at = Timestamp(allow_none=True)
    updated_at = Timestamp()


class CollectionOut(CollectionSummaryOut):
    cover_id = ma.fields.UUID(
        allow_none=True, metadata={"description": "edit view: the chosen cover photo's id"}
    )
    items = ma.fields.List(ma.fields.Nested(ItemOut))


class CollectionListOut(ma.Schema):
    collections = ma.fields.List(ma.fields.Nested(CollectionSummaryOut))
    links = ma.fields.List(ma.fields.Nested(LinkOut))
    numberReturned = ma.fields.Integer()  # noqa: N815

"""Schemas of the endpoints for the caller's own data."""

import marshmallow as ma
from marshmallow import validate

from verhalenkaart.fields import JsonBoolean, Timestamp
from verhalenkaart.moderation.schemas import DecidedStoryOut, DecidedStoryPropertiesOut
from verhalenkaart.text import TextInputSchema


class CollectionRefOut(ma.Schema):
    title = ma.fields.String()
    slug = ma.fields.String()


class MyStoryPropertiesOut(DecidedStoryPropertiesOut):
    collections = ma.fields.List(
        ma.fields.Nested(CollectionRefOut),
        metadata={"description": "The published exhibitions and routes the story is in"},
    )


class MyStoryOut(DecidedStoryOut):
    properties = ma.fields.Nested(MyStoryPropertiesOut)


class MyStoriesOut(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    features = ma.fields.List(ma.fields.Nested(MyStoryOut))
    numberReturned = ma.fields.Integer()  # noqa: N815


class ExportOut(ma.Schema):
    exported_at = ma.fields.String()
    account = ma.fields.Dict()
    stories = ma.fields.List(ma.fields.Dict(), metadata={"description": "Feature per story"})
    comments = ma.fields.List(ma.fields.Dict())
    reactions = ma.fields.List(ma.fields.Dict())
    reports = ma.fields.List(ma.fields.Dict())
    moderation = ma.fields.List(
        ma.fields.Dict(), metadata={"description": "Decisions about the user's stories, comments"}
    )


class EraseIn(TextInputSchema):
    stories = ma.fields.String(
        required=True,
        validate=validate.OneOf(["delete", "anonymise"]),
        metadata={
            "description": "delete: remove all your stories; anonymise: keep published ones "
            "without your name"
        },
    )
    password = ma.fields.String(
        load_only=True,
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=200),
        metadata={"description": "Required for accounts with a password"},
    )


class ConsentIn(TextInputSchema):
    consent = JsonBoolean(
        required=True,
        metadata={
            "description": "true: consent again to the current text; false: withdraw — the "
            "story leaves every public view and its content is deleted"
        },
    )


class ConsentOut(ma.Schema):
    """A story's consent, after giving or withdrawing it."""

    id = ma.fields.UUID(attribute="uuid")  # noqa: A003
    consent = ma.fields.Function(lambda story: story.consent_at is not None)
    consent_version = ma.fields.String(allow_none=True)
    consent_at = Timestamp(allow_none=True)
    status = ma.fields.String()


class PrivacyOut(ma.Schema):
    version = ma.fields.String(metadata={"description": "The consent text version"})
    language = ma.fields.String()
    format = ma.fields.String(metadata={"description": "text/markdown"})  # noqa: A003
    markdown = ma.fields.String()

"""Marshmallow schemas of the photo and recording endpoints."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import _
from flask_smorest.fields import Upload
from marshmallow import validate
from werkzeug.datastructures import FileStorage

from verhalenkaart.text import MAX_ID, TextInputSchema

CAPTION_MAX, ALT_MAX, TRANSCRIPT_MAX = 500, 300, 20_000


class FileUpload(Upload):
    """A multipart file part; a plain text field of the same name is not a file."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise ma.ValidationError(_("Send a file, not a text field."))
        return value


class PhotoForm(TextInputSchema):
    """A photo upload (multipart/form-data): the file and its text fields."""

    file = FileUpload(
        required=True,
        metadata={"description": "JPEG, PNG, WebP or HEIC; the type is decided from the content"},
    )

    id = ma.fields.UUID(  # noqa: A003
        metadata={"description": "Your own UUID: a retry with it returns the same photo (200)"}
    )
    caption = ma.fields.String(load_default="", validate=validate.Length(max=CAPTION_MAX))
    alt = ma.fields.String(
        load_default="",
        validate=validate.Length(max=ALT_MAX),
        metadata={"description": "What the photo shows, for people who cannot see it"},
    )


class PhotoPatch(TextInputSchema):
    caption = ma.fields.String(validate=validate.Length(max=CAPTION_MAX))
    alt = ma.fields.String(validate=validate.Length(max=ALT_MAX))
    position = ma.fields.Integer(
        strict=True,  # 1.5 is refused rather than truncated to 1
        validate=validate.Range(0, MAX_ID),
        metadata={"description": "0 is the first photo; the others move to make room"},
    )


class PhotoUrls(ma.Schema):
    thumb = ma.fields.String(metadata={"description": "400 px WebP"})
    medium = ma.fields.String(metadata={"description": "1280 px WebP"})
    large = ma.fields.String(metadata={"description": "2560 px JPEG, for print"})


class PhotoSuggestion(ma.Schema):
    lon = ma.fields.Float(allow_none=True)
    lat = ma.fields.Float(allow_none=True)
    taken_at = ma.fields.String(
        allow_none=True, metadata={"description": "Capture time, ISO 8601 (local if no offset)"}
    )


class PhotoOut(ma.Schema):
    id = ma.fields.UUID()  # noqa: A003
    position = ma.fields.Integer()
    urls = ma.fields.Nested(PhotoUrls)
    width = ma.fields.Integer()
    height = ma.fields.Integer()
    caption = ma.fields.String()
    alt = ma.fields.String()


class PhotoUploadOut(PhotoOut):
    processing = ma.fields.Boolean(
        metadata={
            "description": "true in a 202 answer: the photo (a HEIC) is being made; only `id` "
            "and `suggestion` are there yet"
        }
    )
    suggestion = ma.fields.Nested(
        PhotoSuggestion,
        allow_none=True,
        metadata={
            "description": "The photo's own GPS position and capture time, read before all "
            "metadata was stripped; offered to the contributor, never stored"
        },
    )


class AudioForm(TextInputSchema):
    """A recording upload (multipart/form-data): the file and its transcript."""

    file = FileUpload(
        required=True,
        metadata={"description": "Opus in WebM or Ogg, AAC in MP4, or MP3; at most 5 minutes"},
    )
    id = ma.fields.UUID(  # noqa: A003
        metadata={"description": "Your own UUID: a retry with it returns the same recording"}
    )
    transcript = ma.fields.String(
        load_default="",
        validate=validate.Length(max=TRANSCRIPT_MAX),
        metadata={"description": "What is said, for everyone who cannot listen"},
    )


class AudioPatch(TextInputSchema):
    transcript = ma.fields.String(validate=validate.Length(max=TRANSCRIPT_MAX))


class AudioOut(ma.Schema):
    id = ma.fields.UUID()  # noqa: A003
    url = ma.fields.String()
    duration = ma.fields.Float(metadata={"description": "Seconds"})
    mime_type = ma.fields.String()
    transcript = ma.fields.String()

"""Marshmallow schemas of the context-layer endpoints."""

from __future__ import annotations

import json
import re

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate
from werkzeug.datastructures import FileStorage

from verhalenkaart.fields import Timestamp
from verhalenkaart.i18n import N_
from verhalenkaart.layers.models import (
    ATTRIBUTION_MAX,
    EXPLANATION_MAX,
    LICENCE_MAX,
    SLUG_MAX,
    TITLE_MAX,
)
from verhalenkaart.text import TextInputSchema

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
POSITION_MAX = 10_000


class LayerFile(Upload):
    """A multipart file part; a plain text field of the same name is not a file."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise ma.ValidationError("Send a file, not a text field.")
        return value


class StyleSchema(ma.Schema):
    """How the layer is drawn. Missing keys keep their current (or default) value."""

    colour = ma.fields.String(
        validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$", error=N_("Use a colour like #1f6f8b.")),
        metadata={"description": "Line and fill colour, #rrggbb", "example": "#1f6f8b"},
    )
    line_width = ma.fields.Float(
        validate=validate.Range(0, 12), metadata={"description": "Line width in pixels, 0–12"}
    )
    fill = ma.fields.Boolean(metadata={"description": "Fill areas"})
    fill_opacity = ma.fields.Float(
        validate=validate.Range(0, 1), metadata={"description": "0 (clear) to 1 (solid)"}
    )


class StyleField(ma.fields.Nested):
    """The style as a JSON object, or (in a multipart form) as JSON text."""

    def __init__(self, **kwargs):
        super().__init__(StyleSchema, **kwargs)

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except (ValueError, RecursionError):
                raise ma.ValidationError(N_("Send the style as a JSON object.")) from None
        if not isinstance(value, dict):
            raise ma.ValidationError(N_("Send the style as a JSON object."))
        return super()._deserialize(value, attr, data, partial=partial, **kwargs)


class LayerTexts(TextInputSchema):
    """The fields a curator writes, on creation and in edits."""

    title = ma.fields.String(validate=validate.Length(1, TITLE_MAX))
    explanation = ma.fields.String(
        validate=validate.Length(max=EXPLANATION_MAX),
        metadata={"description": "What the layer shows and why it matters, in plain words"},
    )
    attribution = ma.fields.String(
        validate=validate.Length(max=ATTRIBUTION_MAX),
        metadata={"description": "Who made the data, shown with the layer"},
    )
    licence = ma.fields.String(
        validate=validate.Length(max=LICENCE_MAX), metadata={"example": "CC BY 4.0"}
    )
    style = StyleField()
    position = ma.fields.Integer(
        validate=validate.Range(0, POSITION_MAX),
        metadata={"description": "Display order, 0 first; the other layers move to make room"},
    )
    visible_by_default = ma.fields.Boolean(
        metadata={"description": "Switched on when the map opens"}
    )
    source_layer = ma.fields.String(
        load_only=True,
        validate=validate.Length(1, 200),
        metadata={"description": "For a GeoPackage with several layers: which one to import"},
    )

    @ma.post_load
    def strip_texts(self, data, **_kwargs):
        for key in ("title", "explanation", "attribution", "licence"):
            if isinstance(data.get(key), str):
                data[key] = data[key].strip()
        if data.get("title") == "":
            raise ma.ValidationError(N_("Give the layer a title."), "title")
        return data


class LayerForm(LayerTexts):
    """A new layer (multipart/form-data): the file and its texts; style as JSON text."""

    file = LayerFile(
        required=True,
        metadata={
            "description": "GeoJSON, GeoPackage or a zipped shapefile; the format is decided "
            "from the content; any coordinate system with a definition is converted to WGS84"
        },
    )
    title = ma.fields.String(required=True, validate=validate.Length(1, TITLE_MAX))
    slug = ma.fields.String(
        validate=[
            validate.Length(1, SLUG_MAX),
            validate.Regexp(SLUG_PATTERN, error=N_("Use lower-case letters, digits and hyphens.")),
        ],
        metadata={"description": "The layer's address; made from the title when left out"},
    )


class LayerPatch(LayerTexts):
    """An edit (JSON, or multipart/form-data to replace the file as well)."""

    file = LayerFile(metadata={"description": "A new file that replaces the layer's features"})
    slug = ma.fields.String(
        load_only=True,
        metadata={"description": "Refused: a layer's address stays the same"},
    )

    @ma.validates("slug")
    def refuse_slug(self, _value, **_kwargs):
        raise ma.ValidationError(N_("A layer's address cannot change."))


class LayerOut(ma.Schema):
    slug = ma.fields.String()
    title = ma.fields.String()
    explanation = ma.fields.String()
    attribution = ma.fields.String()
    licence = ma.fields.String()
    style = ma.fields.Nested(StyleSchema)
    position = ma.fields.Integer()
    visible_by_default = ma.fields.Boolean()
    bbox = ma.fields.List(
        ma.fields.Float(), metadata={"description": "minLon,minLat,maxLon,maxLat"}
    )
    feature_count = ma.fields.Integer()
    vertex_count = ma.fields.Integer()
    data_bytes = ma.fields.Integer(metadata={"description": "Size of the GeoJSON in bytes"})
    data_url = ma.fields.String(metadata={"description": "The features as GeoJSON"})
    etag = ma.fields.String(metadata={"description": "The data's ETag; changes with the file"})
    source_format = ma.fields.String(metadata={"description": "geojson, gpkg or shapefile"})
    source_crs = ma.fields.String(allow_none=True)
    simplify_tolerance = ma.fields.Float(
        allow_none=True, metadata={"description": "Degrees; null when the layer is not simplified"}
    )
    created_at = Timestamp()
    updated_at = Timestamp()


class LayerList(ma.Schema):
    layers = ma.fields.List(ma.fields.Nested(LayerOut))


class LayerData(ma.Schema):
    """A GeoJSON FeatureCollection (RFC 7946, WGS84 lon/lat)."""

    type = ma.fields.String(metadata={"example": "FeatureCollection"})  # noqa: A003
    features = ma.fields.List(ma.fields.Dict())

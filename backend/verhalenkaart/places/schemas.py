"""Schemas of the gazetteer endpoint."""

import marshmallow as ma
from marshmallow import validate

from verhalenkaart.stories.schemas import StoryFeatureOut
from verhalenkaart.text import TextInputSchema


class PlaceQuery(TextInputSchema):
    q = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "Part of a place name, any case or accents"},
    )
    limit = ma.fields.Integer(load_default=10, validate=validate.Range(1, 50))


class NearestQuery(ma.Schema):
    lon = ma.fields.Float(required=True, validate=validate.Range(-180, 180))
    lat = ma.fields.Float(required=True, validate=validate.Range(-90, 90))
    radius = ma.fields.Integer(
        load_default=5000,
        validate=validate.Range(1, 25000),
        metadata={"description": "Metres around the point to look in (at most 25 km)"},
    )


class PlaceProperties(ma.Schema):
    name = ma.fields.String()
    kind = ma.fields.String(metadata={"description": "stad, dorp, buurtschap, wijk, …"})
    municipality = ma.fields.String(allow_none=True)
    province = ma.fields.String(allow_none=True)


class PlaceFeature(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    id = ma.fields.Integer()  # noqa: A003
    geometry = ma.fields.Dict()
    properties = ma.fields.Nested(PlaceProperties)
    distance = ma.fields.Integer(metadata={"description": "Metres from the asked point (nearest)"})


class PlaceNearest(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    features = ma.fields.List(
        ma.fields.Nested(PlaceFeature),
        metadata={"description": "The nearest place, with `distance` in metres; empty if none"},
    )
    attribution = ma.fields.String()


class PlaceCollection(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    features = ma.fields.List(ma.fields.Nested(PlaceFeature))
    attribution = ma.fields.String()


class FrameCounts(ma.Schema):
    was = ma.fields.Integer(metadata={"description": "Memories and stories of the past"})
    is_ = ma.fields.Integer(
        attribute="is", data_key="is", metadata={"description": "Stories and photos of now"}
    )
    wordt = ma.fields.Integer(metadata={"description": "Wishes for the future"})


class PlacePage(ma.Schema):
    place = ma.fields.Nested(PlaceFeature)
    counts = ma.fields.Nested(FrameCounts)
    was = ma.fields.List(ma.fields.Nested(StoryFeatureOut))
    is_ = ma.fields.List(ma.fields.Nested(StoryFeatureOut), attribute="is", data_key="is")
    wordt = ma.fields.List(ma.fields.Nested(StoryFeatureOut))

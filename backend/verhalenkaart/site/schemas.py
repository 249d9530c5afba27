"""Shapes of the public client settings."""

import marshmallow as ma


class BasemapSchema(ma.Schema):
    id = ma.fields.String(metadata={"description": "Stable layer id"})  # noqa: A003
    name = ma.fields.String()
    url = ma.fields.String(metadata={"description": "Tile URL template with {z}, {x}, {y}"})
    attribution = ma.fields.String()
    max_zoom = ma.fields.Integer()
    bulk_cache = ma.fields.Boolean(
        metadata={"description": "The tile server's terms allow saving an area's tiles ahead"}
    )


class MapLabelSchema(ma.Schema):
    name = ma.fields.String()
    lon = ma.fields.Float()
    lat = ma.fields.Float()


class RegionSchema(ma.Schema):
    name = ma.fields.String()
    bbox = ma.fields.List(
        ma.fields.Float(), metadata={"description": "minLon, minLat, maxLon, maxLat"}
    )
    labels = ma.fields.List(
        ma.fields.Nested(MapLabelSchema),
        metadata={"description": "The largest places, to label a map without tiles"},
    )


class PhotoLimitsSchema(ma.Schema):
    max_bytes = ma.fields.Integer(metadata={"description": "Largest upload accepted"})
    max_per_story = ma.fields.Integer()
    max_dimension = ma.fields.Integer(
        metadata={"description": "The app downscales photos to this many pixels first"}
    )
    accepted_types = ma.fields.List(ma.fields.String())


class AudioLimitsSchema(ma.Schema):
    max_bytes = ma.fields.Integer(metadata={"description": "Largest recording accepted"})
    max_per_story = ma.fields.Integer()
    max_seconds = ma.fields.Integer(metadata={"description": "Longest recording accepted"})
    accepted_types = ma.fields.List(ma.fields.String())


class ClientConfigSchema(ma.Schema):
    region = ma.fields.Nested(RegionSchema)
    basemaps = ma.fields.List(ma.fields.Nested(BasemapSchema))
    moderation = ma.fields.String(metadata={"description": "pre or post"})
    anonymous_contributions = ma.fields.Boolean()
    consent_version = ma.fields.String()
    approximate_grid_metres = ma.fields.Integer()
    photos = ma.fields.Nested(PhotoLimitsSchema)
    audio = ma.fields.Nested(AudioLimitsSchema)
    languages = ma.fields.List(ma.fields.String())

"""Marshmallow schemas of the stories API: Feature in = Feature out, list filters, collections."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import _, lazy_gettext
from marshmallow import validate
from webargs.fields import DelimitedList

from verhalenkaart.fields import JsonBoolean
from verhalenkaart.stories.frames import FRAMES
from verhalenkaart.stories.models import (
    FEATURE_PROPERTIES,
    LANGUAGES,
    LICENSES,
    Kind,
    Precision,
    Status,
)
from verhalenkaart.text import TextInputSchema

ERA_MIN, ERA_MAX = -12000, 2200
MAX_THEMES = 5


class StoryPropertiesIn(TextInputSchema):
    """What a contributor may set on a story. Server-owned properties are ignored."""

    class Meta:
        unknown = ma.EXCLUDE

    kind = ma.fields.String(
        required=True,
        validate=validate.OneOf([k.value for k in Kind]),
        metadata={"description": "memory, story, photo or wish"},
    )
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=120))
    body = ma.fields.String(load_default="", validate=validate.Length(max=10_000))
    themes = ma.fields.List(
        ma.fields.String(),
        load_default=list,
        validate=validate.Length(max=MAX_THEMES),
        metadata={"description": "Theme slugs, see GET /themes"},
    )
    # strict: 1963.7 is refused rather than stored as 1963.
    era_from = ma.fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=validate.Range(ERA_MIN, ERA_MAX),
        metadata={"description": "Year (negative: BCE)"},
    )
    era_to = ma.fields.Integer(
        strict=True, allow_none=True, load_default=None, validate=validate.Range(ERA_MIN, ERA_MAX)
    )
    place_name = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=160),
        metadata={"description": "Filled from the gazetteer if empty"},
    )
    origin_place = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=160),
        metadata={"description": "Waar kom jij weg? The teller's own place"},
    )
    location_precision = ma.fields.String(
        load_default=Precision.EXACT.value,
        validate=validate.OneOf([p.value for p in Precision]),
        metadata={"description": "approximate points are snapped to a ~250 m grid before storage"},
    )
    language = ma.fields.String(load_default="nl", validate=validate.OneOf(LANGUAGES))
    license = ma.fields.String(load_default=LICENSES[0], validate=validate.OneOf(LICENSES))  # noqa: A003
    project = ma.fields.String(
        allow_none=True, load_default=None, metadata={"description": "Project slug, for pupils"}
    )
    consent = JsonBoolean(
        required=True,
        validate=validate.Equal(True, error=lazy_gettext("Consent is needed to share a story.")),
        metadata={"description": "The contributor agrees to publication under the licence"},
    )

    @ma.validates_schema
    def era_order(self, data: dict, **_kwargs: object) -> None:
        era_from, era_to = data.get("era_from"), data.get("era_to")
        if era_from is not None and era_to is not None and era_to < era_from:
            raise ma.ValidationError(_("era_to must not be before era_from."), "era_to")


class StoryFeatureIn(TextInputSchema):
    """A story as a GeoJSON Feature, optionally with the client's own UUID as `id`."""

    class Meta:
        unknown = ma.EXCLUDE

    type = ma.fields.String(load_default="Feature", validate=validate.Equal("Feature"))  # noqa: A003
    id = ma.fields.UUID(
        allow_none=True,
        load_default=None,  # noqa: A003
        metadata={"description": "Client UUID for idempotent retries"},
    )
    geometry = ma.fields.Dict(
        required=True,
        metadata={
            "description": "GeoJSON Point, LineString (route) or Polygon (area), ≤ 500 vertices"
        },
    )
    properties = ma.fields.Nested(StoryPropertiesIn, required=True)


class StoryPropertiesPatch(StoryPropertiesIn):
    """PATCH: any part of the story; consent, if sent, must still be true."""

    consent = JsonBoolean(
        validate=validate.Equal(
            True,
            error=lazy_gettext(
                "Consent cannot be withdrawn by editing; use POST /stories/<id>/consent."
            ),
        )
    )


class StoryFeaturePatch(TextInputSchema):
    class Meta:
        unknown = ma.EXCLUDE

    type = ma.fields.String(validate=validate.Equal("Feature"))  # noqa: A003
    geometry = ma.fields.Dict()
    # partial: nothing is required, and fields not sent get no defaults (they stay as stored).
    properties = ma.fields.Nested(StoryPropertiesPatch(partial=True))


# --- output (documentation of what the serializer writes) ----------------------------------


class GeometrySchema(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    coordinates = ma.fields.List(ma.fields.Raw())


class AuthorSchema(ma.Schema):
    display_name = ma.fields.String()


class StoryPropertiesOut(ma.Schema):
    kind = ma.fields.String()
    title = ma.fields.String()
    body = ma.fields.String()
    language = ma.fields.String()
    themes = ma.fields.List(ma.fields.String())
    era_from = ma.fields.Integer(allow_none=True)
    era_to = ma.fields.Integer(allow_none=True)
    place_name = ma.fields.String(allow_none=True)
    origin_place = ma.fields.String(allow_none=True)
    location_precision = ma.fields.String()
    status = ma.fields.String(validate=validate.OneOf([s.value for s in Status]))
    license = ma.fields.String()  # noqa: A003
    project = ma.fields.String(allow_none=True)
    author = ma.fields.Nested(AuthorSchema, allow_none=True)
    author_label = ma.fields.String(
        allow_none=True,
        metadata={"description": "Pupils' stories: 'leerling van <school>' (never a name)"},
    )
    demo = ma.fields.Boolean(metadata={"description": "A demonstration story, not a real one"})
    # Parts media supplies (stories.features.register_feature_part): named, not imported, so
    # stories depends on none of the capabilities that build on it.
    photos = ma.fields.List(ma.fields.Nested("PhotoOut"))
    audio = ma.fields.List(ma.fields.Nested("AudioOut"))
    reactions = ma.fields.Integer(metadata={"description": '"Herkenbaar!" reactions'})
    comments = ma.fields.Integer(metadata={"description": "Published comments"})
    created_at = ma.fields.String()
    updated_at = ma.fields.String()
    published_at = ma.fields.String(allow_none=True)
    consent_version = ma.fields.String(metadata={"description": "Author and moderators only"})
    consent_at = ma.fields.String(
        allow_none=True, metadata={"description": "Author and moderators only"}
    )


class StoryFeatureOut(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    id = ma.fields.UUID()  # noqa: A003
    geometry = ma.fields.Nested(GeometrySchema)
    properties = ma.fields.Nested(StoryPropertiesOut)


class LinkSchema(ma.Schema):
    rel = ma.fields.String()
    href = ma.fields.String()


class StoryCollectionOut(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    features = ma.fields.List(ma.fields.Nested(StoryFeatureOut))
    links = ma.fields.List(ma.fields.Nested(LinkSchema))
    numberReturned = ma.fields.Integer()  # noqa: N815 (OGC name)
    undated = ma.fields.Integer(
        metadata={
            "description": "With era_from or era_to: how many stories match the other filters "
            "but name no year (left out unless undated=include)"
        }
    )


class EraQuery(TextInputSchema):
    """The era filter GET /stories and GET /map share: years whose range the story overlaps."""

    class Meta:
        unknown = ma.RAISE

    era_from = ma.fields.Integer(
        validate=validate.Range(ERA_MIN, ERA_MAX),
        metadata={"description": "Stories whose era overlaps from"},
    )
    era_to = ma.fields.Integer(validate=validate.Range(ERA_MIN, ERA_MAX))
    undated = ma.fields.String(
        validate=validate.OneOf(["include", "exclude"]),
        metadata={"description": "With an era filter: include the stories without years"},
    )
    frame = ma.fields.String(
        validate=validate.OneOf(list(FRAMES)),
        metadata={
            "description": "was (memories, the past), is (now), wordt (wishes); "
            "docs/decisions/0019-resident-pages.md"
        },
    )

    @ma.validates_schema
    def era_order(self, data: dict, **_kwargs: object) -> None:
        if "era_from" in data and "era_to" in data and data["era_to"] < data["era_from"]:
            raise ma.ValidationError(_("era_to must not be before era_from."), "era_to")


class StoryListQuery(EraQuery):
    """Filters of GET /stories. Comma lists for kind and theme."""

    bbox = ma.fields.String(metadata={"description": "minLon,minLat,maxLon,maxLat (WGS84)"})
    kind = DelimitedList(ma.fields.String(validate=validate.OneOf([k.value for k in Kind])))
    theme = DelimitedList(ma.fields.String(), metadata={"description": "Theme slugs"})
    q = ma.fields.String(
        validate=validate.Length(max=200), metadata={"description": "Words in title, text or place"}
    )
    project = ma.fields.String(metadata={"description": "Project slug"})
    near = ma.fields.String(metadata={"description": "lon,lat; with radius, nearest first"})
    radius = ma.fields.Float(
        validate=validate.Range(1, 100_000),
        metadata={"description": "Metres around near (default 1000)"},
    )
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 1000))
    cursor = ma.fields.String(
        validate=validate.Length(max=200), metadata={"description": "Opaque; from the `next` link"}
    )

    @ma.validates_schema
    def radius_needs_near(self, data: dict, **_kwargs: object) -> None:
        if "radius" in data and "near" not in data:
            raise ma.ValidationError(_("radius needs near=lon,lat."), "radius")


class StoryPageQuery(StoryListQuery):
    """GET /stories: the list's filters and paging, and which properties to answer."""

    properties = DelimitedList(
        ma.fields.String(validate=validate.OneOf(FEATURE_PROPERTIES)),
        metadata={
            "description": "Only these properties of each Feature (comma list), e.g. "
            "kind,title,place_name for markers: a smaller, faster answer. Empty: all"
        },
    )


class MapTileQuery(EraQuery):
    kind = DelimitedList(ma.fields.String(validate=validate.OneOf([k.value for k in Kind])))
    theme = DelimitedList(
        ma.fields.String(),
        metadata={"description": "Theme slugs; one theme is answered from the map cells"},
    )


class MapQuery(MapTileQuery):
    bbox = ma.fields.String(
        required=True, metadata={"description": "minLon,minLat,maxLon,maxLat (WGS84)"}
    )
    zoom = ma.fields.Integer(required=True, validate=validate.Range(0, 22))


class MapFeatureProperties(ma.Schema):
    cluster = ma.fields.Boolean()
    count = ma.fields.Integer(metadata={"description": "Stories in the cluster"})
    bbox = ma.fields.List(ma.fields.Float(), metadata={"description": "Cluster extent"})
    kind = ma.fields.String()
    title = ma.fields.String()
    place_name = ma.fields.String(allow_none=True)
    themes = ma.fields.List(ma.fields.String())
    shape = ma.fields.Nested(
        GeometrySchema,
        metadata={"description": "A route's or area's own geometry (absent for points)"},
    )


class MapFeature(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    id = ma.fields.String(allow_none=True)  # noqa: A003
    geometry = ma.fields.Nested(GeometrySchema)
    properties = ma.fields.Nested(MapFeatureProperties)


class MapOut(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    features = ma.fields.List(ma.fields.Nested(MapFeature))
    total = ma.fields.Integer(metadata={"description": "Stories in the answered cells"})
    clustered = ma.fields.Boolean()
    zoom = ma.fields.Integer(metadata={"description": "The zoom whose cells answered"})
    bbox = ma.fields.List(
        ma.fields.Float(), metadata={"description": "The area answered: whole cells"}
    )


class ThemeOut(ma.Schema):
    slug = ma.fields.String()
    name_nl = ma.fields.String()
    name_en = ma.fields.String()
    colour = ma.fields.String()

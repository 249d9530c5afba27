"""Schemas of the statistics endpoints."""

import marshmallow as ma

from verhalenkaart.stories.schemas import StoryListQuery


class StatsQuery(StoryListQuery):
    """The list's filters (GET /stories), without paging."""

    class Meta(StoryListQuery.Meta):
        exclude = ("limit", "cursor")


class KindCount(ma.Schema):
    kind = ma.fields.String()
    count = ma.fields.Integer()


class ThemeCount(ma.Schema):
    theme = ma.fields.String(metadata={"description": "Theme slug (GET /themes)"})
    count = ma.fields.Integer()


class NameCount(ma.Schema):
    name = ma.fields.String()
    count = ma.fields.Integer()


class DecadeCount(ma.Schema):
    decade = ma.fields.Integer(metadata={"description": "e.g. 1960: the era starts in 1960–1969"})
    count = ma.fields.Integer()


class MonthCount(ma.Schema):
    month = ma.fields.String(metadata={"description": "YYYY-MM (UTC) the story was contributed"})
    count = ma.fields.Integer()


class CellCount(ma.Schema):
    lon = ma.fields.Float(metadata={"description": "West edge of the cell"})
    lat = ma.fields.Float(metadata={"description": "South edge of the cell"})
    count = ma.fields.Integer()


class Cells(ma.Schema):
    size = ma.fields.List(ma.fields.Float(), metadata={"description": "[degrees lon, lat]"})
    items = ma.fields.List(ma.fields.Nested(CellCount))


class StatsOut(ma.Schema):
    total = ma.fields.Integer(metadata={"description": "Published stories matching the filters"})
    kinds = ma.fields.List(ma.fields.Nested(KindCount))
    themes = ma.fields.List(ma.fields.Nested(ThemeCount), metadata={"description": "Theme order"})
    places = ma.fields.List(
        ma.fields.Nested(NameCount), metadata={"description": "The 25 places named most"}
    )
    places_other = ma.fields.Integer(metadata={"description": "Stories of the places not listed"})
    places_unnamed = ma.fields.Integer(metadata={"description": "Stories without a place name"})
    decades = ma.fields.List(
        ma.fields.Nested(DecadeCount), metadata={"description": "By the decade the era starts"}
    )
    no_era = ma.fields.Integer(metadata={"description": "Stories without an era"})
    months = ma.fields.List(ma.fields.Nested(MonthCount))
    cells = ma.fields.Nested(Cells, metadata={"description": "Density grid (representative point)"})


class OriginLineProperties(ma.Schema):
    # "from" is a Python keyword: the field's attribute and key are set explicitly.
    from_ = ma.fields.String(data_key="from", attribute="from")
    to = ma.fields.String(allow_none=True, metadata={"description": "The story's place name"})
    count = ma.fields.Integer()


class LineGeometry(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    coordinates = ma.fields.List(ma.fields.List(ma.fields.Float()))


class OriginLine(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    geometry = ma.fields.Nested(LineGeometry)
    properties = ma.fields.Nested(OriginLineProperties)


class OriginsOut(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    features = ma.fields.List(ma.fields.Nested(OriginLine))
    origins = ma.fields.List(
        ma.fields.Nested(NameCount), metadata={"description": "Stories per matched origin place"}
    )
    matched = ma.fields.Integer(metadata={"description": "Stories whose origin place matched"})
    ambiguous = ma.fields.Integer(
        metadata={"description": "Named origins with several gazetteer places: not guessed"}
    )
    unmatched = ma.fields.Integer(metadata={"description": "Named origins not in the gazetteer"})
    lines_left_out = ma.fields.Integer(metadata={"description": "Lines beyond the first 2000"})

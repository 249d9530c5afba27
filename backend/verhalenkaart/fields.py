"""Marshmallow fields the capabilities' response schemas share."""

from __future__ import annotations

import datetime as dt

import marshmallow as ma

from verhalenkaart.sqljson import iso


class Timestamp(ma.fields.DateTime):
    """A UTC timestamp as the API writes it everywhere: ISO 8601 with microseconds and Z, the
    same text the database writes into lists (sqljson.iso_timestamp)."""

    def _serialize(self, value: dt.datetime | str | None, attr, obj, **kwargs) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return iso(value)


class JsonBoolean(ma.fields.Boolean):
    """A boolean of a JSON body: only JSON `true` or `false`. marshmallow's Boolean also takes
    "true", "yes", 1 and more; where the value is a person's consent, only an unmistakable
    `true` may count as one."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value

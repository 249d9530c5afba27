"""JSON written by the database, ISO timestamps and UUID text, on SpatiaLite and PostGIS alike.

Each helper returns a SQL construct that compiles to the right SQL for the connection it runs
on (SQLAlchemy's `@compiles`), so callers never pass a dialect name around. Lists of hundreds
of stories are written as JSON by the database: several times faster than building dicts in
Python (see stories/features.py). Geometry has its own helpers in geo.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

DIALECTS = ("postgresql", "sqlite")


class ByDialect(FunctionElement):
    """A SQL expression built differently per dialect: subclasses define `postgresql(*args)`
    and `sqlite(*args)`, each returning a SQLAlchemy expression of the arguments. All state
    is in the arguments, so SQLAlchemy's statement cache stays correct."""

    inherit_cache = True
    name = "by_dialect"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.inherit_cache = True  # SQLAlchemy asks each class itself
        cls.name = cls.__name__.strip("_").lower()  # names its bound parameters in the SQL
        for dialect in DIALECTS:
            compiles(cls, dialect)(_compile_for(dialect))


def _compile_for(dialect: str) -> Callable:
    def compile_(element: ByDialect, compiler, **kw) -> str:
        build = getattr(element, dialect)
        return compiler.process(build(*element.clauses), **kw)

    return compile_


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with microseconds and Z, as iso_timestamp() writes it in SQL."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if value else None


class iso_timestamp(ByDialect):  # noqa: N801 - used like a SQL function
    """A UTC timestamp column as ISO 8601 text with microseconds and Z."""

    type = sa.String()

    @staticmethod
    def postgresql(column):
        return sa.func.to_char(sa.func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')

    @staticmethod
    def sqlite(column):
        # SQLAlchemy stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' (always 6 digits).
        return sa.func.replace(column, " ", "T") + "Z"


class year_month(ByDialect):  # noqa: N801 - used like a SQL function
    """A UTC timestamp column as its month, 'YYYY-MM' (statistics by month)."""

    type = sa.String()

    @staticmethod
    def postgresql(column):
        return sa.func.to_char(sa.func.timezone("UTC", column), "YYYY-MM")

    @staticmethod
    def sqlite(column):
        # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC (see iso_timestamp).
        return sa.func.substr(column, 1, 7)


class uuid_text(ByDialect):  # noqa: N801
    """A UUID column as text with hyphens (SQLAlchemy stores UUIDs on SQLite as 32 hex digits)."""

    type = sa.String()

    @staticmethod
    def postgresql(column):
        return sa.cast(column, sa.Text)

    @staticmethod
    def sqlite(column):
        parts = [sa.func.substr(column, start, length) for start, length in _UUID_GROUPS]
        text = parts[0]
        for part in parts[1:]:
            text = text + "-" + part
        return text


_UUID_GROUPS = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))


class _JsonObject(ByDialect):
    @staticmethod
    def postgresql(*args):
        return sa.func.json_build_object(*args)

    @staticmethod
    def sqlite(*args):
        return sa.func.json_object(*args)


def json_object(pairs: dict[str, sa.ColumnElement]) -> sa.ColumnElement:
    """A JSON object built by the database, keys in the given order."""
    args: list[object] = []
    for key, value in pairs.items():
        args += [sa.literal(key, sa.String), value]
    return _JsonObject(*args)


class json_nested(ByDialect):  # noqa: N801
    """JSON from a subquery as a nested value (SQLite loses the JSON subtype across joins)."""

    @staticmethod
    def postgresql(value):
        return value

    @staticmethod
    def sqlite(value):
        return sa.func.json(value)


def json_object_or_null(
    condition: sa.ColumnElement[bool], pairs: dict[str, sa.ColumnElement]
) -> sa.ColumnElement:
    """json_object(pairs) where `condition` holds, else JSON null."""
    return json_nested(sa.case((condition, json_object(pairs))))


class json_empty_array(ByDialect):  # noqa: N801
    @staticmethod
    def postgresql():
        return sa.literal_column("'[]'::json")

    @staticmethod
    def sqlite():
        return sa.func.json("[]")


def json_array_or_empty(value: sa.ColumnElement) -> sa.ColumnElement:
    """A nested JSON array that may be NULL (no rows) as [] instead."""
    return sa.func.coalesce(json_nested(value), json_empty_array())


class json_bool(ByDialect):  # noqa: N801
    """A boolean column as a JSON true/false (SQLite stores 0/1)."""

    @staticmethod
    def postgresql(column):
        return column

    @staticmethod
    def sqlite(column):
        return sa.func.json(sa.case((column, "true"), else_="false"))


class json_array_agg(FunctionElement):  # noqa: N801
    """An aggregate: `value` over the group as a JSON array in `order_by` order (NULL if none)."""

    inherit_cache = True
    name = "json_array_agg"

    def __init__(self, value: sa.ColumnElement, order_by: sa.ColumnElement):
        super().__init__(value, order_by)


def _ordered_aggregate(name: str) -> Callable:
    def compile_(element: json_array_agg, compiler, **kw) -> str:
        value, order_by = (compiler.process(c, **kw) for c in element.clauses)
        return f"{name}({value} ORDER BY {order_by})"

    return compile_


compiles(json_array_agg, "postgresql")(_ordered_aggregate("json_agg"))
compiles(json_array_agg, "sqlite")(_ordered_aggregate("json_group_array"))

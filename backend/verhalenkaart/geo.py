"""Geometry helpers: GeoJSON ⇄ shapes, bbox parsing, snapping, SpatiaLite/PostGIS differences.

Every spatial difference of the two dialects lives here (JSON and timestamps in sqljson.py), as
SQL constructs that compile for the connection they run on, so services stay dialect-free:
- PostGIS answers `&&` from its GiST index by itself.
- SpatiaLite never consults its R*Tree on its own; a query must go through the `SpatialIndex`
  virtual table (measured: a plain ST_Intersects over 100k rows is a full scan).
"""

from __future__ import annotations

import math

import sqlalchemy as sa
from flask_babel import _
from geoalchemy2.shape import from_shape, to_shape
from shapely import geometry as shp
from shapely.errors import GEOSException
from shapely.validation import explain_validity
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from verhalenkaart.errors import ValidationProblem
from verhalenkaart.i18n import N_
from verhalenkaart.sqljson import ByDialect

SRID = 4326
MAX_VERTICES = 500
METRES_PER_DEGREE_LAT = 111_320.0

BBox = tuple[float, float, float, float]
BBOX_HINT = N_("Use four numbers: minLon,minLat,maxLon,maxLat.")


def parse_bbox(text: str, field: str = "bbox") -> BBox:
    """Parse 'minLon,minLat,maxLon,maxLat' (WGS84) or raise a 422 naming `field`."""
    parts = [p.strip() for p in str(text).split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ValidationProblem.field(field, _(BBOX_HINT)) from None
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ValidationProblem.field(field, _(BBOX_HINT))
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ValidationProblem.field(field, _("Longitudes must lie between -180 and 180."))
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise ValidationProblem.field(field, _("Latitudes must lie between -90 and 90."))
    if min_lon > max_lon or min_lat > max_lat:
        raise ValidationProblem.field(field, _("The minimum must not be larger than the maximum."))
    return min_lon, min_lat, max_lon, max_lat


def parse_lonlat(text: str, field: str) -> tuple[float, float]:
    """Parse 'lon,lat' or raise a 422 naming `field`."""
    parts = str(text).split(",")
    try:
        lon, lat = (float(p) for p in parts)
    except ValueError:
        raise ValidationProblem.field(field, _("Use two numbers: lon,lat.")) from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationProblem.field(field, _("Use a longitude and latitude in WGS84 degrees."))
    return lon, lat


def _vertex_count(shape: shp.base.BaseGeometry) -> int:
    if isinstance(shape, shp.Polygon):
        return len(shape.exterior.coords) + sum(len(r.coords) for r in shape.interiors)
    return len(shape.coords)


# How deep each geometry type nests its lists of coordinates.
_COORDINATE_DEPTH = {"Point": 1, "LineString": 2, "Polygon": 3}


def _numbers_only(coordinates: object, depth: int) -> bool:
    """True if `coordinates` nests `depth` levels of lists around JSON numbers only (shapely
    would coerce "6.5"; the fixed depth keeps recursion bounded whatever a client sends)."""
    if depth == 0:
        return isinstance(coordinates, (int, float)) and not isinstance(coordinates, bool)
    return isinstance(coordinates, list) and all(_numbers_only(c, depth - 1) for c in coordinates)


def _closed_ring(ring: list) -> bool:
    """A GeoJSON linear ring: at least four positions, the last equal to the first."""
    return len(ring) >= 4 and ring[0] == ring[-1]


def story_shape(geojson: object, region: BBox) -> shp.base.BaseGeometry:
    """Validate a story's GeoJSON geometry and return it as a shapely shape.

    A Point, a LineString (a route) or a Polygon (an area) of at most 500 vertices, valid, in
    WGS84 without Z, and entirely inside the configured region. Raises ValidationProblem naming
    "geometry".
    """

    def fail(message: str) -> ValidationProblem:
        return ValidationProblem.field("geometry", message)

    if not isinstance(geojson, dict):
        raise fail(_("Send a GeoJSON geometry object."))
    kind = geojson.get("type")
    # A list or object as the type is unhashable: test it is a string before the set lookup.
    if not isinstance(kind, str) or kind not in _COORDINATE_DEPTH:
        raise fail(_("Use a Point, a LineString (a route) or a Polygon (an area)."))
    if not _numbers_only(geojson.get("coordinates"), _COORDINATE_DEPTH[kind]):
        raise fail(
            _(
                "Give the %(kind)s's coordinates as GeoJSON numbers: [longitude, latitude].",
                kind=kind,
            )
        )
    if kind == "Polygon" and not all(_closed_ring(ring) for ring in geojson["coordinates"]):
        # shapely would close an open ring silently; RFC 7946 requires it closed.
        raise fail(_("Close every ring of the Polygon: its last position repeats its first."))
    try:
        shape = shp.shape(geojson)
    except (
        GEOSException,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        KeyError,
        OverflowError,
    ):  # OverflowError: an integer too large for a float (JSON numbers have no bound)
        raise fail(_("This is not a valid GeoJSON %(kind)s.", kind=kind)) from None
    if shape.is_empty:
        raise fail(_("The geometry has no coordinates."))
    if shape.has_z:
        raise fail(_("Use two-dimensional coordinates: [longitude, latitude]."))
    if not all(math.isfinite(c) for c in shape.bounds):
        raise fail(_("Coordinates must be finite numbers."))
    if _vertex_count(shape) > MAX_VERTICES:
        raise fail(_("Use at most %(limit)d vertices.", limit=MAX_VERTICES))
    if not shape.is_valid:
        raise fail(
            _("The %(kind)s is not valid: %(reason)s.", kind=kind, reason=explain_validity(shape))
        )
    min_lon, min_lat, max_lon, max_lat = region
    if not shp.box(min_lon, min_lat, max_lon, max_lat).covers(shape):
        raise fail(
            _(
                "This place lies outside the region this map covers (%(region)s).",
                region=f"{min_lon},{min_lat} – {max_lon},{max_lat}",
            )
        )
    return shape


def snap_point(lon: float, lat: float, grid_metres: float) -> tuple[float, float]:
    """Snap a point to the centre of its cell in a ~`grid_metres` grid.

    The latitude step is fixed; the longitude step is scaled for the snapped latitude so cells
    stay roughly square. The exact point cannot be recovered from the result.
    """
    lat_step = grid_metres / METRES_PER_DEGREE_LAT
    snapped_lat = (math.floor(lat / lat_step) + 0.5) * lat_step
    lon_step = grid_metres / (METRES_PER_DEGREE_LAT * math.cos(math.radians(snapped_lat)))
    snapped_lon = (math.floor(lon / lon_step) + 0.5) * lon_step
    return round(snapped_lon, 6), round(snapped_lat, 6)


def snap_point_in_region(
    lon: float, lat: float, grid_metres: float, region: BBox
) -> tuple[float, float]:
    """snap_point(), kept inside the region without revealing more than the grid does.

    Near the region's edge a cell's centre can lie outside it. Clamping that centre onto the
    edge would place the point on a line (narrowing where it can be); instead the point goes to
    the centre of the nearest cell whose centre is inside, so every point of an edge cell
    still gets one and the same answer.
    """
    min_lon, min_lat, max_lon, max_lat = region
    margin = 1e-6  # the answer is rounded to 6 decimals: keep it inside after rounding

    def cell(value: float, step: float, low: float, high: float) -> float:
        index = math.floor(value / step)
        first = math.ceil((low + margin) / step - 0.5)
        last = math.floor((high - margin) / step - 0.5)
        if first > last:  # the region is narrower than one cell: its middle is the answer
            return (low + high) / 2
        return (min(max(index, first), last) + 0.5) * step

    lat_step = grid_metres / METRES_PER_DEGREE_LAT
    snapped_lat = cell(lat, lat_step, min_lat, max_lat)
    lon_step = grid_metres / (METRES_PER_DEGREE_LAT * math.cos(math.radians(snapped_lat)))
    snapped_lon = cell(lon, lon_step, min_lon, max_lon)
    return round(snapped_lon, 6), round(snapped_lat, 6)


def representative_point(shape: shp.base.BaseGeometry) -> shp.Point:
    """A point on the geometry that stands for it in clusters and distance queries."""
    if isinstance(shape, shp.Point):
        return shape
    return shape.representative_point()


def to_db(shape: shp.base.BaseGeometry) -> object:
    """A shapely shape as a GeoAlchemy2 value in WGS84."""
    return from_shape(shape, srid=SRID)


def circle_bbox(lon: float, lat: float, radius_m: float) -> BBox:
    """The lon/lat box that contains a circle, for an index-backed prefilter."""
    dlat = radius_m / METRES_PER_DEGREE_LAT
    dlon = radius_m / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 1e-6))
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres on a 6,371 km sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


# --- dialect differences -------------------------------------------------------------------

_SRID = sa.literal_column(str(SRID))  # written into the SQL, as the queries were before


class _Envelope(ByDialect):
    @staticmethod
    def postgresql(*bbox):
        return sa.func.ST_MakeEnvelope(*bbox, _SRID)

    @staticmethod
    def sqlite(*bbox):
        return sa.func.BuildMbr(*bbox, _SRID)


# The two conditions below have no Boolean type on purpose: SQLAlchemy would write "… = 1" after
# them on SQLite, and SQLite only answers a bare "ROWID IN (…)" from the index.
class _InSpatialIndex(ByDialect):
    """Rows whose geometry `column` has a bounding box overlapping the bbox, from the index."""

    @staticmethod
    def postgresql(column, *bbox):
        return column.op("&&")(_Envelope(*bbox))

    @staticmethod
    def sqlite(column, *bbox):
        candidates = (
            sa.select(sa.literal_column("ROWID"))
            .select_from(sa.table("SpatialIndex"))
            .where(
                sa.literal_column("f_table_name") == sa.literal(column.table.name, sa.String),
                sa.literal_column("f_geometry_column") == sa.literal(column.name, sa.String),
                sa.literal_column("search_frame") == sa.func.BuildMbr(*bbox, _SRID),
            )
        )
        return sa.literal_column(f"{column.table.name}.ROWID").in_(candidates)


class _Intersects(ByDialect):
    @staticmethod
    def postgresql(column, envelope):
        return sa.func.ST_Intersects(column, envelope)

    @staticmethod
    def sqlite(column, envelope):
        return sa.func.ST_Intersects(column, envelope) == 1


class not_a_key(ByDialect):  # noqa: N801
    """An integer column in a condition that must not pick the index: on SQLite `column + 0`.

    Beside _InSpatialIndex's `ROWID IN (…)`, SQLite used a second IN list on the id (the
    theme filter) as a key of the (status, id) index too and probed every pair of the two
    lists: 15 s for a phone view at zoom 14 of 100,000 stories with one theme, 21 ms with
    this. PostgreSQL plans these as semi-joins; the column stays as it is there."""

    type = sa.Integer()

    @staticmethod
    def postgresql(column):
        return column

    @staticmethod
    def sqlite(column):
        return column + 0


def in_bbox(column: sa.ColumnElement, bbox: BBox, *, exact: bool = True) -> sa.ColumnElement[bool]:
    """Rows whose geometry `column` intersects `bbox`, answered from the spatial index.

    With exact=False only the bounding boxes are compared: exact for points, and a cheap
    prefilter when a finer test follows.
    """
    overlaps = _InSpatialIndex(column, *bbox)
    return sa.and_(overlaps, _Intersects(column, _Envelope(*bbox))) if exact else overlaps


def within_distance(
    column: sa.ColumnElement, lon: float, lat: float, radius_m: float
) -> sa.ColumnElement[bool]:
    """Rows whose point `column` lies within `radius_m` metres, index prefilter included."""
    prefilter = in_bbox(column, circle_bbox(lon, lat, radius_m), exact=False)
    return sa.and_(prefilter, distance_m(column, lon, lat) <= radius_m)


class distance_m(ByDialect):  # noqa: N801 - used like a SQL function
    """Great-circle distance in metres from a WGS84 point column to (lon, lat)."""

    type = sa.Float()

    @staticmethod
    def postgresql(column, lon, lat):
        return sa.func.ST_DistanceSphere(
            column, sa.func.ST_SetSRID(sa.func.ST_MakePoint(lon, lat), _SRID)
        )

    @staticmethod
    def sqlite(column, lon, lat):
        return sa.func.ST_Distance(column, sa.func.MakePoint(lon, lat, _SRID), 0)


class cell_index(ByDialect):  # noqa: N801
    """The integer grid cell of `value` from `origin` in steps of `size` (floor, on both)."""

    type = sa.Integer()

    @staticmethod
    def postgresql(value, origin, size):
        return sa.cast(sa.func.floor((value - origin) / size), sa.Integer)  # CAST rounds

    @staticmethod
    def sqlite(value, origin, size):
        # Values are ≥ 0 inside the bbox, so truncation is floor.
        return sa.cast((value - origin) / size, sa.Integer)


class point_x(ByDialect):  # noqa: N801
    type = sa.Float()

    @staticmethod
    def postgresql(column):
        return sa.func.ST_X(column)

    @staticmethod
    def sqlite(column):
        return sa.func.X(column)


class point_y(ByDialect):  # noqa: N801
    type = sa.Float()

    @staticmethod
    def postgresql(column):
        return sa.func.ST_Y(column)

    @staticmethod
    def sqlite(column):
        return sa.func.Y(column)


class _Bound(ByDialect):
    """One side of a geometry's bounding box (see x_min and the others)."""

    type = sa.Float()
    pg = sqlite_name = ""

    @classmethod
    def postgresql(cls, column):
        return getattr(sa.func, cls.pg)(column)

    @classmethod
    def sqlite(cls, column):
        return getattr(sa.func, cls.sqlite_name)(column)


class x_min(_Bound):  # noqa: N801
    pg, sqlite_name = "ST_XMin", "MbrMinX"


class y_min(_Bound):  # noqa: N801
    pg, sqlite_name = "ST_YMin", "MbrMinY"


class x_max(_Bound):  # noqa: N801
    pg, sqlite_name = "ST_XMax", "MbrMaxX"


class y_max(_Bound):  # noqa: N801
    pg, sqlite_name = "ST_YMax", "MbrMaxY"


class json_geometry(FunctionElement):  # noqa: N801
    """The geometry as a nested GeoJSON value, 6 decimals (≈ 0.1 m)."""

    inherit_cache = True
    name = "json_geometry"


@compiles(json_geometry, "postgresql")
def _json_geometry_pg(element: json_geometry, compiler, **kw) -> str:
    (column,) = element.clauses
    return f"ST_AsGeoJSON({compiler.process(column, **kw)}, 6)::json"


@compiles(json_geometry, "sqlite")
def _json_geometry_sqlite(element: json_geometry, compiler, **kw) -> str:
    (column,) = element.clauses
    return f"json(AsGeoJSON({compiler.process(column, **kw)}, 6))"


def _round_coords(value: object) -> object:
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(float(c), 6) for c in value]
        return [_round_coords(v) for v in value]
    return value


def shape_to_geojson(shape: shp.base.BaseGeometry) -> dict:
    """A shapely shape as an RFC 7946 geometry dict with 6-decimal coordinates."""
    mapped = shp.mapping(shape)
    return {"type": mapped["type"], "coordinates": _round_coords(mapped["coordinates"])}


def to_shape_point(value: object) -> shp.Point:
    """A GeoAlchemy2 point value as a shapely Point."""
    return to_shape(value)

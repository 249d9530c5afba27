"""Reading an uploaded overlay: tell the format from the content, read it with GDAL (pyogrio),
reproject to WGS84 (pyproj), enforce the limits, simplify when very large, write GeoJSON.

Every problem with the file is a ValidationProblem naming `file` (or `source_layer`), never a
500: GDAL's own messages name temporary paths, so they are replaced by our sentences.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import tempfile
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pyogrio
import pyogrio.errors
import shapely
import shapely.errors
from flask_babel import _
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError

from verhalenkaart.errors import PayloadTooLarge, ValidationProblem
from verhalenkaart.i18n import N_

GPKG_MAGIC = b"SQLite format 3\x00"
#: The SQLite header's application_id (bytes 68–71) of a GeoPackage: "GPKG" since 1.2, "GP10"
#: and "GP11" before. Other SQLite files are refused, so GDAL reads no arbitrary database.
GPKG_APPLICATION_IDS = {b"GPKG", b"GP10", b"GP11"}
ZIP_MAGIC = b"PK\x03\x04"
#: The parts of a shapefile worth unpacking; anything else in the zip is ignored.
SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg"}
ZIP_MAX_MEMBERS = 200
#: A shapefile unpacks to a few times its zipped size; more than this is a zip bomb.
ZIP_UNPACK_FACTOR = 10
#: The simplification starts at about 1 m and doubles while the layer is above the target, up
#: to this fraction of the layer's larger side, so the shape stays recognisable at any zoom.
SIMPLIFY_START_DEGREES = 1e-5
SIMPLIFY_MAX_FRACTION = 1 / 500
_READ_ERRORS = (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, RuntimeError)
_READ_ERRORS += (pyogrio.errors.FieldError, pyogrio.errors.GeometryError, ValueError, OSError)
_WGS84 = CRS.from_epsg(4326)
UNPACK_MESSAGE = N_("The shapefile may unpack to at most %(limit)d bytes.")


@dataclass(frozen=True)
class LayerLimits:
    max_bytes: int
    max_features: int
    max_vertices: int
    simplify_vertices: int

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> LayerLimits:
        return cls(
            max_bytes=int(config["LAYER_MAX_BYTES"]),  # type: ignore[arg-type]
            max_features=int(config["LAYER_MAX_FEATURES"]),  # type: ignore[arg-type]
            max_vertices=int(config["LAYER_MAX_VERTICES"]),  # type: ignore[arg-type]
            simplify_vertices=int(config["LAYER_SIMPLIFY_VERTICES"]),  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class LayerData:
    """A read overlay, ready to store."""

    geojson: str
    etag: str
    bbox: list[float]
    feature_count: int
    vertex_count: int
    source_format: str
    source_crs: str | None
    simplify_tolerance: float | None


def _fail(message: str, field: str = "file") -> ValidationProblem:
    return ValidationProblem.field(field, message)


def read_layer_file(
    upload: bytes, limits: LayerLimits, source_layer: str | None = None
) -> LayerData:
    """Read a GeoJSON file, GeoPackage or zipped shapefile into WGS84 GeoJSON.

    Raises PayloadTooLarge above `limits.max_bytes`, ValidationProblem (`file`, `source_layer`)
    for anything else wrong with the file.
    """
    if len(upload) > limits.max_bytes:
        raise PayloadTooLarge(
            _("Layer files may be at most %(limit)d bytes.", limit=limits.max_bytes)
        )
    if not upload.strip():
        raise _fail("The file is empty.")  # in the catalogue through i18n.py
    source_format = detect_format(upload)
    with tempfile.TemporaryDirectory(prefix="verhalenkaart-layer-") as folder, _gdal_quiet():
        path = _stage(upload, source_format, Path(folder), limits)
        layer_name = _pick_layer(path, source_format, source_layer)
        meta, geometries, fields = _read(path, layer_name, limits)
    try:
        return _to_geojson(meta, geometries, fields, source_format, limits)
    except shapely.errors.GEOSException:
        # GEOS refuses a geometry it cannot repair (simplifying a badly broken ring).
        raise _fail(
            _("The file's geometries cannot be processed; check them for errors.")
        ) from None


@contextlib.contextmanager
def _gdal_quiet():
    """GDAL's warnings about a damaged file come as RuntimeWarnings from inside pyogrio's error
    handler; the file's problem is reported as a 422 instead, so they are not raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def detect_format(upload: bytes) -> str:
    """'gpkg', 'shapefile' (a zip) or 'geojson', from the first bytes, not the file name."""
    if upload.startswith(GPKG_MAGIC):
        if upload[68:72] not in GPKG_APPLICATION_IDS:
            raise _fail(_("This SQLite file is not a GeoPackage."))
        return "gpkg"
    if upload.startswith(ZIP_MAGIC):
        return "shapefile"
    if upload.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "geojson"
    raise _fail(_("Send a GeoJSON file, a GeoPackage (.gpkg) or a shapefile in a .zip."))


def _stage(upload: bytes, source_format: str, folder: Path, limits: LayerLimits) -> Path:
    if source_format == "gpkg":
        path = folder / "layer.gpkg"
        path.write_bytes(upload)
        return path
    if source_format == "geojson":
        try:
            json.loads(upload)
        except (ValueError, RecursionError):
            raise _fail(_("The file is not valid JSON.")) from None
        path = folder / "layer.geojson"
        path.write_bytes(upload)
        return path
    return _unzip_shapefile(upload, folder, limits)


def _unzip_shapefile(upload: bytes, folder: Path, limits: LayerLimits) -> Path:
    """Unpack the shapefile's parts by their base names only (no paths from the zip)."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(upload))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _fail(_("The zip file cannot be opened.")) from None
    if len(members) > ZIP_MAX_MEMBERS:
        raise _fail(
            _("The zip holds more than %(num)d files; send one shapefile.", num=ZIP_MAX_MEMBERS)
        )
    parts = [
        m
        for m in members
        if not m.is_dir()
        and not m.filename.startswith("__MACOSX/")
        and PurePosixPath(m.filename).suffix.lower() in SHAPEFILE_PARTS
    ]
    shps = [m for m in parts if m.filename.lower().endswith(".shp")]
    if len(shps) != 1:
        raise _fail(
            _(
                "The zip must hold exactly one shapefile (.shp with its .shx, .dbf and .prj); "
                "it holds %(num)d.",
                num=len(shps),
            )
        )
    stem = PurePosixPath(shps[0].filename).stem
    unpack_limit = limits.max_bytes * ZIP_UNPACK_FACTOR
    if sum(m.file_size for m in parts) > unpack_limit:
        raise PayloadTooLarge(_(UNPACK_MESSAGE, limit=unpack_limit))
    names = set()
    for member in parts:
        name = PurePosixPath(member.filename)
        if name.stem != stem:
            continue
        suffix = name.suffix.lower()
        names.add(suffix)
        try:
            data = archive.read(member)
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, RuntimeError):
            raise _fail(_("The zip file is damaged or encrypted.")) from None
        if len(data) > unpack_limit:
            raise PayloadTooLarge(_(UNPACK_MESSAGE, limit=unpack_limit))
        (folder / f"layer{suffix}").write_bytes(data)
    missing = {".shx", ".dbf"} - names
    if missing:
        raise _fail(_("The shapefile lacks its %(parts)s part.", parts=" + ".join(sorted(missing))))
    return folder / "layer.shp"


def _pick_layer(path: Path, source_format: str, source_layer: str | None) -> str | None:
    """The layer to read: the only one with geometry, or the one the curator named."""
    try:
        listed = pyogrio.list_layers(path)
    except _READ_ERRORS:
        raise _fail(_unreadable(source_format)) from None
    names = [str(name) for name, geometry_type in listed if geometry_type is not None]
    if source_layer:
        if source_layer not in names:
            raise _fail(
                _("This file has no layer with geometry called %(name)s.", name=repr(source_layer)),
                "source_layer",
            )
        return source_layer
    if not names:
        raise _fail(_("The file has no layer with geometry."))
    if len(names) > 1:
        raise _fail(
            _(
                "The file holds several layers (%(names)s); name one as source_layer.",
                names=", ".join(names[:10]),
            ),
            "source_layer",
        )
    return names[0]


def _unreadable(source_format: str) -> str:
    kind = {"gpkg": "GeoPackage", "shapefile": "shapefile", "geojson": "GeoJSON"}[source_format]
    return _("The file cannot be read as %(kind)s.", kind=kind)


def _read(path: Path, layer: str | None, limits: LayerLimits):
    try:
        info = pyogrio.read_info(path, layer=layer)
    except _READ_ERRORS:
        raise _fail(_("The file's layer cannot be read.")) from None
    count = int(info.get("features") or 0)
    if count > limits.max_features:
        raise _fail(
            _(
                "The layer has %(count)d features; at most %(limit)d are allowed.",
                count=count,
                limit=limits.max_features,
            )
        )
    try:
        meta, _fids, wkb, fields = pyogrio.raw.read(path, layer=layer)
    except _READ_ERRORS:
        raise _fail(_("The file's features cannot be read.")) from None
    if len(wkb) > limits.max_features:
        raise _fail(_("The layer has more than %(limit)d features.", limit=limits.max_features))
    geometries = shapely.from_wkb(wkb, on_invalid="ignore")
    return meta, geometries, fields


def _to_geojson(meta, geometries, fields, source_format: str, limits: LayerLimits) -> LayerData:
    keep = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
    geometries = shapely.force_2d(geometries[keep])
    if not len(geometries):
        raise _fail(_("The file has no features with a geometry."))
    source_crs = _to_wgs84_crs(meta.get("crs"), geometries)
    geometries = _reproject(geometries, source_crs)
    vertex_count = int(shapely.get_num_coordinates(geometries).sum())
    if vertex_count > limits.max_vertices:
        raise _fail(
            _(
                "The layer has %(count)d vertices; at most %(limit)d are allowed.",
                count=vertex_count,
                limit=limits.max_vertices,
            )
        )
    geometries, tolerance = _simplify(geometries, vertex_count, limits.simplify_vertices)
    geometries = shapely.transform(geometries, lambda xy: np.round(xy, 6))
    vertex_count = int(shapely.get_num_coordinates(geometries).sum())
    names = [str(name) for name in meta.get("fields", [])]
    columns = [np.asarray(column)[keep] for column in fields]
    texts = shapely.to_geojson(geometries)
    features = []
    for index, geometry in enumerate(texts):
        # ASCII escapes: a lone surrogate from the file stays storable text.
        properties = {n: _plain(column[index]) for n, column in zip(names, columns, strict=True)}
        features.append(
            f'{{"type":"Feature","id":{index + 1},"geometry":{geometry},'
            f'"properties":{json.dumps(properties, allow_nan=False)}}}'
        )
    geojson = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
    bounds = [round(float(v), 6) for v in shapely.total_bounds(geometries)]
    return LayerData(
        geojson=geojson,
        etag=hashlib.sha256(geojson.encode("utf-8")).hexdigest()[:32],
        bbox=bounds,
        feature_count=len(features),
        vertex_count=vertex_count,
        source_format=source_format,
        source_crs=source_crs.to_string() if source_crs is not None else None,
        simplify_tolerance=tolerance,
    )


def _lonlat_range(geometries) -> bool:
    minx, miny, maxx, maxy = shapely.total_bounds(geometries)
    finite = all(math.isfinite(v) for v in (minx, miny, maxx, maxy))
    return finite and -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def _to_wgs84_crs(crs_text: str | None, geometries) -> CRS | None:
    """The file's CRS (None: it names none and its numbers are longitude/latitude)."""
    if not crs_text:
        if _lonlat_range(geometries):
            return None
        raise _fail(
            _(
                "The file does not say which coordinate system it uses (a shapefile needs its "
                ".prj) and its coordinates are not longitude/latitude."
            )
        )
    try:
        return CRS.from_user_input(crs_text)
    except CRSError:
        raise _fail(_("The file's coordinate system is not known.")) from None


def _reproject(geometries, crs: CRS | None):
    if crs is not None and not crs.equals(_WGS84, ignore_axis_order=True):
        try:
            transformer = Transformer.from_crs(crs, _WGS84, always_xy=True)
        except (CRSError, ProjError):
            raise _fail(_("The file's coordinate system cannot be converted to WGS84.")) from None

        def to_wgs84(xy):
            lon, lat = transformer.transform(xy[:, 0], xy[:, 1], errcheck=False)
            return np.column_stack([lon, lat])

        geometries = shapely.transform(geometries, to_wgs84)
    if not _lonlat_range(geometries):
        raise _fail(
            _(
                "The coordinates do not fall on the earth after conversion to WGS84; check the "
                "file's coordinate system (.prj)."
            )
        )
    return geometries


def _simplify(geometries, vertex_count: int, target: int):
    """Douglas-Peucker (keeping topology) with a growing tolerance until at most `target`
    vertices, the tolerance capped so the shape stays; returns the geometries and tolerance."""
    if vertex_count <= target:
        return geometries, None
    minx, miny, maxx, maxy = shapely.total_bounds(geometries)
    cap = max(maxx - minx, maxy - miny) * SIMPLIFY_MAX_FRACTION
    tolerance = min(SIMPLIFY_START_DEGREES, cap)
    simplified = geometries
    while tolerance > 0:
        simplified = shapely.simplify(geometries, tolerance, preserve_topology=True)
        if int(shapely.get_num_coordinates(simplified).sum()) <= target or tolerance >= cap:
            break
        tolerance = min(tolerance * 2, cap)
    return simplified, float(f"{tolerance:.3g}") if tolerance > 0 else None


def _plain(value: object) -> object:
    """An attribute value as plain JSON: numbers, text, booleans, dates as ISO text, or null."""
    if isinstance(value, np.generic):
        if isinstance(value, np.datetime64):
            return None if np.isnat(value) else str(value)
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)

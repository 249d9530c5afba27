"""Small real overlay files for the layer tests, written with pyogrio (GDAL), and a stored
layer for tests that need one."""

from __future__ import annotations

import io
import json
import uuid
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from shapely import geometry as shp

from verhalenkaart.layers.files import LayerLimits
from verhalenkaart.layers.services import create_layer

#: Generous limits for tests that are not about limits.
LIMITS = LayerLimits(
    max_bytes=5 * 1024 * 1024, max_features=1000, max_vertices=200_000, simplify_vertices=50_000
)
#: A brook valley-like band south of Assen (lon/lat) and the same place in RD New (EPSG:28992).
VALLEY = shp.Polygon([(6.55, 52.95), (6.60, 52.95), (6.60, 52.98), (6.55, 52.98)])


def geojson(features: list[dict] | None = None, **extra: object) -> bytes:
    """A FeatureCollection: one polygon and one point with properties unless given."""
    features = (
        features
        if features is not None
        else [
            {
                "type": "Feature",
                "geometry": shp.mapping(VALLEY),
                "properties": {"naam": "Drentsche Aa", "opgave": "water"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [6.5625, 52.9925]},
                "properties": {"naam": "Assen", "opgave": None},
            },
        ]
    )
    return json.dumps({"type": "FeatureCollection", "features": features, **extra}).encode()


def write(
    path: Path,
    geometries: list,
    crs: str | None,
    driver: str,
    names: list[str] | None = None,
    layer: str | None = None,
    append: bool = False,
) -> Path:
    """Write `geometries` (shapely) with a `naam` field through GDAL."""
    names = names or [f"object {i + 1}" for i in range(len(geometries))]
    geometry_type = shapely.get_type_id(geometries[0])
    kind = {0: "Point", 1: "LineString", 3: "Polygon", 6: "MultiPolygon"}[int(geometry_type)]
    with warnings.catch_warnings():
        # Writing without a CRS (a shapefile without .prj) is what some tests want.
        warnings.filterwarnings("ignore", "'crs' was not provided", UserWarning)
        _write(path, geometries, crs, driver, names, kind, layer, append)
    return path


def _write(path, geometries, crs, driver, names, kind, layer, append) -> None:
    pyogrio.raw.write(
        path,
        geometry=shapely.to_wkb(np.array(geometries, dtype=object)),
        field_data=[np.array(names, dtype=object)],
        fields=["naam"],
        crs=crs,
        driver=driver,
        geometry_type=kind,
        layer=layer,
        append=append,
    )


def gpkg(tmp_path: Path, geometries: list | None = None, crs: str = "EPSG:4326", **kw) -> bytes:
    path = write(tmp_path / f"{uuid.uuid4().hex}.gpkg", geometries or [VALLEY], crs, "GPKG", **kw)
    return path.read_bytes()


def zipped_shapefile(
    tmp_path: Path, geometries: list | None = None, crs: str | None = "EPSG:4326", folder: str = ""
) -> bytes:
    """A shapefile (.shp, .shx, .dbf, .prj unless crs is None, .cpg) zipped, under `folder`."""
    stem = uuid.uuid4().hex
    path = write(tmp_path / f"{stem}.shp", geometries or [VALLEY], crs, "ESRI Shapefile")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(path.parent.glob(f"{stem}.*")):
            archive.write(part, f"{folder}beekdalen{part.suffix}")
    return buffer.getvalue()


def make_layer(session, title: str = "Beekdalen", **data: object):
    layer = create_layer(session, geojson(), "beekdalen.geojson", {"title": title} | data, LIMITS)
    session.commit()
    return layer

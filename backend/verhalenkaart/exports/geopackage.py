"""The GeoPackage export, written by GDAL (through pyogrio, whose wheel ships it).

A GeoPackage is an SQLite file, which cannot be written to a stream: it is written to a
temporary file in batches (append), so memory holds one batch, then streamed and removed.
pyogrio (GDAL, ~30 MB resident) is imported with the app, before any database connection:
imported later, in a process that has loaded SpatiaLite, GDAL's own SQLite crashed the worker
(SIGSEGV, measured with bench/export.py).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator

import numpy as np
import pyogrio.raw
import shapely

from verhalenkaart.exports import services

BATCH = 2000
LAYER = "stories"
READ_BYTES = 256 * 1024
_NUMBERS = {"era_from", "era_to", "lon", "lat"}
_FIELDS = [c for c in services.COLUMNS if c != "wkt"]


def _write_batch(path: str, batch: list[dict], source: services.Source, append: bool) -> None:
    geometry = shapely.to_wkb(shapely.from_wkt([r["wkt"] for r in batch]))
    columns = []
    for name in _FIELDS:
        values = [r[name] for r in batch]
        if name in _NUMBERS:
            columns.append(np.array([np.nan if v is None else v for v in values], dtype="f8"))
        else:
            columns.append(np.array(["" if v is None else str(v) for v in values], dtype=object))
    pyogrio.raw.write(
        path,
        geometry,
        columns,
        _FIELDS,
        layer=LAYER,
        driver="GPKG",
        geometry_type="Unknown",
        crs="EPSG:4326",
        append=append,
        layer_metadata=None
        if append
        else {
            "DESCRIPTION": source.notice(),
            "ATTRIBUTION": source.attribution,
        },
    )


def write_geopackage(path: str, stories: Iterable[dict], source: services.Source) -> int:
    """Write the rows (services.rows) to a new GeoPackage at `path`; the number written."""
    batch: list[dict] = []
    written = 0
    for story in stories:
        batch.append(story)
        if len(batch) >= BATCH:
            _write_batch(path, batch, source, append=written > 0)
            written += len(batch)
            batch = []
    if batch:
        _write_batch(path, batch, source, append=written > 0)
        written += len(batch)
    elif not written:  # an empty layer still says what it would hold
        _write_empty(path, source)
    return written


def _write_empty(path: str, source: services.Source) -> int:
    pyogrio.raw.write(
        path,
        np.array([], dtype=object),
        [np.array([], dtype="f8" if n in _NUMBERS else object) for n in _FIELDS],
        _FIELDS,
        layer=LAYER,
        driver="GPKG",
        geometry_type="Unknown",
        crs="EPSG:4326",
        layer_metadata={"DESCRIPTION": source.notice(), "ATTRIBUTION": source.attribution},
    )
    return 0


def gpkg_chunks(stories: Iterable[dict], source: services.Source) -> Iterator[bytes]:
    handle, path = tempfile.mkstemp(suffix=".gpkg", prefix="verhalenkaart-export-")
    os.close(handle)
    os.unlink(path)  # GDAL creates the file itself
    try:
        write_geopackage(path, stories, source)
        with open(path, "rb") as file:
            while chunk := file.read(READ_BYTES):
                yield chunk
    finally:
        if os.path.exists(path):
            os.unlink(path)

"""Context-layer import benchmark: realistic overlay files through read_layer_file (detect,
GDAL read, reprojection from RD New, limits, simplification, GeoJSON writing). Prints the time
per import, the input and output vertex counts and the size of the stored GeoJSON.

    .venv/bin/python bench/layers_import.py            # 5 runs per case
    .venv/bin/python bench/layers_import.py --runs 10

Cases: many small polygons in a GeoPackage (like parcels of an Opgavenkaart), and a few very
detailed brook-valley polygons in a zipped RD New shapefile (which get simplified).
"""

from __future__ import annotations

import argparse
import gzip
import io
import math
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from pyproj import Transformer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))

from verhalenkaart.config import DEFAULTS  # noqa: E402
from verhalenkaart.layers.files import LayerLimits, read_layer_file  # noqa: E402

LIMITS = LayerLimits.from_config(DEFAULTS)


def _write(path: Path, geometries, crs: str, driver: str) -> None:
    pyogrio.raw.write(
        path,
        geometry=shapely.to_wkb(np.array(geometries, dtype=object)),
        field_data=[np.array([f"object {i}" for i in range(len(geometries))], dtype=object)],
        fields=["naam"],
        crs=crs,
        driver=driver,
        geometry_type="Polygon",
    )


def parcels(folder: Path, count: int = 10_000) -> bytes:
    """`count` 12-vertex polygons across Drenthe, WGS84, in a GeoPackage."""
    rng = np.random.default_rng(2026)
    centres = rng.uniform((6.2, 52.65), (7.0, 53.15), size=(count, 2))
    angles = np.linspace(0, 2 * math.pi, 12, endpoint=False)
    shapes = [
        shapely.Polygon(np.column_stack([x + 0.002 * np.cos(angles), y + 0.0013 * np.sin(angles)]))
        for x, y in centres
    ]
    path = folder / "parcels.gpkg"
    _write(path, shapes, "EPSG:4326", "GPKG")
    return path.read_bytes()


def valleys(folder: Path, count: int = 8, vertices: int = 60_000) -> bytes:
    """`count` wiggly valley polygons of `vertices` vertices each, RD New, zipped shapefile."""
    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    shapes = []
    for i in range(count):
        t = np.linspace(0, 2 * math.pi, vertices, endpoint=False)
        r = 0.05 + 0.004 * np.sin(t * 180) + 0.002 * np.sin(t * 1100)
        lon = 6.3 + 0.09 * i + r * np.cos(t) * 1.6
        lat = 52.9 + r * np.sin(t)
        x, y = to_rd.transform(lon, lat)
        shapes.append(shapely.Polygon(np.column_stack([x, y])))
    path = folder / "valleys.shp"
    _write(path, shapes, "EPSG:28992", "ESRI Shapefile")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in folder.glob("valleys.*"):
            archive.write(part, part.name)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cases = {
            "10,000 parcels, GeoPackage, WGS84": parcels(Path(folder)),
            "8 valleys × 60,000 vertices, zipped shapefile, RD New": valleys(Path(folder)),
        }
    for name, data in cases.items():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = read_layer_file(data, LIMITS)
            times.append(time.perf_counter() - start)
        print(f"{name}")
        zipped = len(gzip.compress(result.geojson.encode(), compresslevel=9))
        print(
            f"  file {len(data) / 1e6:.1f} MB → GeoJSON {len(result.geojson) / 1e6:.1f} MB, "
            f"{zipped / 1e6:.2f} MB gzipped (what most clients download)"
        )
        print(f"  features {result.feature_count}, stored vertices {result.vertex_count}")
        print(f"  simplify tolerance {result.simplify_tolerance} degrees")
        print(
            f"  median {statistics.median(times):.2f} s, max {max(times):.2f} s "
            f"over {args.runs} runs"
        )


if __name__ == "__main__":
    main()

"""The map's grid: Web Mercator tiles and the cells the map's clusters are counted in
(stories/cells.py keeps them, stories/clusters.py reads them), and the Z-order key the bulk
seed writes stories in. Plain arithmetic, no SQL: the same numbers in the listener, the seed's
rebuild and the map's reads."""

from __future__ import annotations

import math

from verhalenkaart.geo import BBox

#: Each map tile (256 px) is split into 2**CELL_BITS × 2**CELL_BITS cells of 64 px: the map's
#: clusters. Cells of zoom z are the tiles of zoom z + CELL_BITS.
CELL_BITS = 2
MAX_MERCATOR_LAT = 85.05112878


def cell_of(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The (x, y) cell of a WGS84 point at `zoom` (y grows southwards, as in tile URLs)."""
    n = 2 ** (zoom + CELL_BITS)
    lat = min(max(lat, -MAX_MERCATOR_LAT), MAX_MERCATOR_LAT)
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return min(max(int(x), 0), n - 1), min(max(int(y), 0), n - 1)


#: space_key's grid: the cells of this zoom (≈ 0.6 m in the region), well below any bbox.
SPACE_KEY_ZOOM = 16


def _spread_bits(value: int) -> int:
    """The bits of a value below 2**32 moved to the even positions (0b111 → 0b10101)."""
    value = (value | (value << 16)) & 0x0000FFFF0000FFFF
    value = (value | (value << 8)) & 0x00FF00FF00FF00FF
    value = (value | (value << 4)) & 0x0F0F0F0F0F0F0F0F
    value = (value | (value << 2)) & 0x3333333333333333
    return (value | (value << 1)) & 0x5555555555555555


def space_key(lon: float, lat: float) -> int:
    """The Z-order (Morton) code of the point's map cell: points close together mostly get
    close keys, so rows written in this order keep a bbox's rows on few pages."""
    x, y = cell_of(lon, lat, SPACE_KEY_ZOOM)
    return _spread_bits(x) | (_spread_bits(y) << 1)


def _cell_lon(x: int, n: int) -> float:
    return x / n * 360.0 - 180.0


def _cell_lat(y: int, n: int) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y / n))))


def cells_bbox(zoom: int, x0: int, y0: int, x1: int, y1: int) -> BBox:
    """The WGS84 bbox covered by the cells x0..x1 × y0..y1 (inclusive) of `zoom`."""
    n = 2 ** (zoom + CELL_BITS)
    return _cell_lon(x0, n), _cell_lat(y1 + 1, n), _cell_lon(x1 + 1, n), _cell_lat(y0, n)


def bbox_cells(bbox: BBox, zoom: int) -> tuple[int, int, int, int]:
    """The cells (x0, y0, x1, y1) of `zoom` that cover `bbox`."""
    x0, y0 = cell_of(bbox[0], bbox[3], zoom)
    x1, y1 = cell_of(bbox[2], bbox[1], zoom)
    return x0, y0, x1, y1


def tile_cells(zoom: int, x: int, y: int) -> tuple[int, int, int, int]:
    """The cells (x0, y0, x1, y1) of the tile zoom/x/y."""
    side = 2**CELL_BITS
    return x * side, y * side, x * side + side - 1, y * side + side - 1

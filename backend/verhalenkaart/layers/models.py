"""The Layer model: a context overlay, stored whole as a GeoJSON FeatureCollection in WGS84."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from verhalenkaart.db import Base, TimestampMixin

SLUG_MAX, TITLE_MAX, EXPLANATION_MAX = 80, 120, 4000
ATTRIBUTION_MAX, LICENCE_MAX, FILENAME_MAX = 300, 120, 200

#: How a layer is drawn when the curator says nothing else.
DEFAULT_STYLE: dict[str, Any] = {
    "colour": "#1f6f8b",
    "line_width": 2.0,
    "fill": True,
    "fill_opacity": 0.2,
}


class Layer(TimestampMixin, Base):
    __tablename__ = "layers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(SLUG_MAX), unique=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    style: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=lambda: dict(DEFAULT_STYLE))
    attribution: Mapped[str] = mapped_column(sa.String(ATTRIBUTION_MAX), default="")
    licence: Mapped[str] = mapped_column(sa.String(LICENCE_MAX), default="")
    #: Display order: 0 is listed first (and drawn at the bottom of the overlays).
    position: Mapped[int] = mapped_column(default=0, index=True)
    visible_by_default: Mapped[bool] = mapped_column(default=False)
    #: The FeatureCollection as served: WGS84, 6 decimals, simplified when very large. Text, so
    #: GET …/data sends the stored bytes without parsing them again.
    data: Mapped[str] = mapped_column(sa.Text)
    #: `data` gzipped once at import, sent to clients that accept gzip (most of them).
    data_gzip: Mapped[bytes] = mapped_column(sa.LargeBinary)
    #: A hash of `data`: the strong ETag of GET …/data.
    data_etag: Mapped[str] = mapped_column(sa.String(64))
    data_bytes: Mapped[int]
    #: [minLon, minLat, maxLon, maxLat] of the features.
    bbox: Mapped[list[float]] = mapped_column(sa.JSON)
    feature_count: Mapped[int]
    vertex_count: Mapped[int]
    #: What the curator sent: format (geojson, gpkg, shapefile), file name, its CRS.
    source_format: Mapped[str] = mapped_column(sa.String(16))
    source_filename: Mapped[str] = mapped_column(sa.String(FILENAME_MAX), default="")
    source_crs: Mapped[str | None] = mapped_column(sa.String(120))
    #: The Douglas-Peucker tolerance (degrees) used to simplify it, or None when kept whole.
    simplify_tolerance: Mapped[float | None] = mapped_column(sa.Float)

    @property
    def etag(self) -> str:
        """The strong ETag of GET …/data (uncompressed), quoted as in the header."""
        return f'"{self.data_etag}"'

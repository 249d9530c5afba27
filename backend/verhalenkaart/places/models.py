"""The Place model of the gazetteer."""

from __future__ import annotations

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.orm import Mapped, mapped_column

from verhalenkaart.db import Base

PLACE_KINDS = ("stad", "dorp", "buurtschap", "wijk", "gehucht", "overig")


class Place(Base):
    __tablename__ = "places"
    __table_args__ = (sa.UniqueConstraint("source", name="uq_places_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    # Lower case, without diacritics, punctuation folded to spaces: what search compares.
    search_name: Mapped[str] = mapped_column(sa.String(160), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default="dorp")
    municipality: Mapped[str | None] = mapped_column(sa.String(120))
    province: Mapped[str | None] = mapped_column(sa.String(120))
    population: Mapped[int | None]
    point = mapped_column(Geometry("POINT", srid=4326, spatial_index=True), nullable=False)
    # Where the entry came from, e.g. "geonames:2759633" or "import:<file>:<row>".
    source: Mapped[str] = mapped_column(sa.String(200))

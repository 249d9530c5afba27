"""The data version: one row whose token changes in every transaction that writes data."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from verhalenkaart.db import Base


class DataVersion(Base):
    """One row (id 1). `token` is a new random number in every committed transaction that
    wrote anything (caching/services.py): public answers' ETags and cache keys are built on it,
    so a publish is visible at once to every process. Random rather than counted, so a rolled
    back or restored database never reuses a token that named other data."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(sa.BigInteger)
    token: Mapped[int] = mapped_column(sa.BigInteger)

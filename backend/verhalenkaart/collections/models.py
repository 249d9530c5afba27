"""Collection (an exhibition or a route) and CollectionItem (a story in it, with a note)."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from verhalenkaart.db import Base, TimestampMixin


class CollectionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Collection(TimestampMixin, Base):
    """A curated, ordered selection of stories. Drafts are seen by curators only; a published
    collection shows only those of its stories the public may see at that moment."""

    __tablename__ = "collections"
    __table_args__ = (
        sa.CheckConstraint("status IN ('draft', 'published')", name="status"),
        sa.CheckConstraint(
            "closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on", name="dates"
        ),
        sa.Index("ix_collections_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    intro: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(12), default=CollectionStatus.DRAFT)
    # A photo of one of its stories (media's public id); shown only while that story is public.
    cover: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    opens_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    closes_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    published_at: Mapped[dt.datetime | None]

    items: Mapped[list[CollectionItem]] = relationship(
        order_by="CollectionItem.position",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="collection",
    )


class CollectionItem(Base):
    """One story in a collection, at `position` (0-based), with the curator's note."""

    __tablename__ = "collection_items"
    __table_args__ = (
        sa.UniqueConstraint("collection_id", "story_id", name="uq_collection_items_story"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(sa.ForeignKey("collections.id", ondelete="CASCADE"))
    # Stories are never removed for good (a tombstone stays), so the row outlives a deletion
    # and the curator sees that the collection lost it.
    story_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    note: Mapped[str] = mapped_column(sa.Text, default="")

    collection: Mapped[Collection] = relationship(back_populates="items")

"""Photo and Audio rows: what a story shows, and the storage keys of its files."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from verhalenkaart.db import Base, TimestampMixin


class Photo(TimestampMixin, Base):
    """A photo of a story, stored only as re-encoded derivatives (the original is discarded)."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, unique=True, default=uuid.uuid4)
    story_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    caption: Mapped[str] = mapped_column(sa.String(500), default="")
    alt: Mapped[str] = mapped_column(sa.String(300), default="")
    # Of the largest derivative, as a client lays the image out.
    width: Mapped[int]
    height: Mapped[int]
    thumb_key: Mapped[str] = mapped_column(sa.String(120), index=True)
    medium_key: Mapped[str] = mapped_column(sa.String(120), index=True)
    large_key: Mapped[str] = mapped_column(sa.String(120), index=True)

    @property
    def keys(self) -> tuple[str, str, str]:
        return (self.thumb_key, self.medium_key, self.large_key)


class Audio(TimestampMixin, Base):
    """A voice recording of a story, stored as sent (container rewritten without metadata)."""

    __tablename__ = "audio_recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, unique=True, default=uuid.uuid4)
    story_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(sa.String(120), index=True)
    mime_type: Mapped[str] = mapped_column(sa.String(40))
    duration: Mapped[float]  # seconds, two decimals
    transcript: Mapped[str] = mapped_column(sa.Text, default="")

    @property
    def keys(self) -> tuple[str]:
        return (self.key,)


class PhotoUpload(TimestampMixin, Base):
    """A photo accepted but not made yet: its upload kept as sent under `incoming/` (never
    served) until the job media/deferred.py queued makes the derivatives and the Photo row
    (same uuid) and deletes this row and the upload. Counts towards the story's photo limit."""

    __tablename__ = "photo_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, unique=True, default=uuid.uuid4)
    story_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    editor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    caption: Mapped[str] = mapped_column(sa.String(500), default="")
    alt: Mapped[str] = mapped_column(sa.String(300), default="")
    source_key: Mapped[str] = mapped_column(sa.String(120), index=True)

    @property
    def keys(self) -> tuple[str]:
        return (self.source_key,)

"""Reaction ("herkenbaar!"), Comment and Report: what residents answer to a published story."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from verhalenkaart.accounts.models import User
from verhalenkaart.db import Base, TimestampMixin, utcnow


class CommentStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    HIDDEN = "hidden"


class ReportReason(StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    PRIVACY = "privacy"
    INCORRECT = "incorrect"
    OTHER = "other"


def _in(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Reaction(Base):
    """One "herkenbaar!" per account per story."""

    __tablename__ = "reactions"
    __table_args__ = (sa.UniqueConstraint("story_id", "user_id", name="uq_reactions_story_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(sa.ForeignKey("stories.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Comment(TimestampMixin, Base):
    """A resident's comment on a story, moderated like stories are."""

    __tablename__ = "comments"
    __table_args__ = (
        sa.CheckConstraint(_in("status", CommentStatus), name="status"),
        sa.Index("ix_comments_story_status", "story_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, unique=True, default=uuid.uuid4)
    story_id: Mapped[int] = mapped_column(sa.ForeignKey("stories.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(12), default=CommentStatus.PENDING)
    published_at: Mapped[dt.datetime | None]

    author: Mapped[User | None] = relationship(lazy="joined")


class Report(Base):
    """An abuse report about a story. `reporter_key` tells reporters apart ("user:<id>", or a
    keyed hash of an anonymous reporter's IP address) and is cleared once the report is
    resolved or older than the retention period."""

    __tablename__ = "reports"
    __table_args__ = (
        sa.CheckConstraint(_in("reason", ReportReason), name="reason"),
        sa.UniqueConstraint("story_id", "reporter_key", name="uq_reports_story_reporter"),
        sa.Index("ix_reports_story_open", "story_id", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(sa.ForeignKey("stories.id", ondelete="CASCADE"))
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reporter_key: Mapped[str | None] = mapped_column(sa.String(80))
    reason: Mapped[str] = mapped_column(sa.String(16))
    note: Mapped[str | None] = mapped_column(sa.String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None]

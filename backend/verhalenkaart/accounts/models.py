"""The User model and its roles."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from verhalenkaart.accounts.passwords import hash_password, verify_password
from verhalenkaart.db import Base, utcnow


class Role(StrEnum):
    RESIDENT = "resident"
    PUPIL = "pupil"
    TEACHER = "teacher"
    CURATOR = "curator"
    ADMIN = "admin"


MODERATOR_ROLES = frozenset({Role.CURATOR, Role.ADMIN})


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('resident', 'pupil', 'teacher', 'curator', 'admin')", name="role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    display_name: Mapped[str] = mapped_column(sa.String(80))
    role: Mapped[str] = mapped_column(sa.String(16), default=Role.RESIDENT)
    # Part of the session cookie's identity: bumping it logs out every session of this user.
    session_version: Mapped[int] = mapped_column(default=1)
    # Counts the reset links sent; a link names the count it was made with, so only the newest
    # one works (an older link is retired as soon as a newer one is sent).
    reset_counter: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    def set_password(self, password: str) -> None:
        """Store an argon2id hash of `password` (the caller checks the password rules)."""
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        """Whether `password` is right; takes as long for an account without a password."""
        return verify_password(self.password_hash, password)

    def get_id(self) -> str:
        """The identity a session cookie holds: 'id:session_version:created'. Bumping
        session_version ends every session; `created` (see session_stamp) ties the cookie to
        this very account, because SQLite hands an erased account's id to the next account made,
        whose session_version starts at 1 again."""
        return f"{self.id}:{self.session_version}:{self.session_stamp}"

    @property
    def session_stamp(self) -> int:
        """When this account was created, in microseconds since 1970 (UTC): no later account
        that gets the same id shares it."""
        created = self.created_at
        if created.tzinfo is not None:
            created = created.astimezone(dt.UTC).replace(tzinfo=None)
        return (created - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1)

    @property
    def is_moderator(self) -> bool:
        return self.role in MODERATOR_ROLES

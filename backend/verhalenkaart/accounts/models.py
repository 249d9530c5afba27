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
#: Roles an administrator may give; pupils join with a class code (their teacher manages them).
ASSIGNABLE_ROLES = (Role.RESIDENT, Role.TEACHER, Role.CURATOR, Role.ADMIN)


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
    #: A blocked account cannot log in; blocking ends its sessions (admin/services.py).
    blocked_at: Mapped[dt.datetime | None]
    #: The school a teacher (or a resident asking to be one) names, and when they asked:
    #: `teacher_requested_at` is set while an administrator has not yet decided.
    school: Mapped[str | None] = mapped_column(sa.String(120))
    teacher_requested_at: Mapped[dt.datetime | None]
    #: TOTP second factor (accounts/two_factor.py): the secret, encrypted under SECRET_KEY; it
    #: protects logins once `totp_enabled_at` is set. `totp_last_step` refuses a code twice.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(255))
    totp_enabled_at: Mapped[dt.datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    #: The server-side session (UserSession.key) this object was loaded for, if any: part of
    #: the identity in the cookie, so ending that record ends the session. Not a column.
    session_key = None  # str | None, set by start_session and load_session
    #: Set for the request's user when their role must have a second factor they have not set
    #: up (accounts/sessions.py): every moderator check then treats them as a resident.
    staff_powers_withheld = False

    def set_password(self, password: str) -> None:
        """Store an argon2id hash of `password` (the caller checks the password rules)."""
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        """Whether `password` is right; takes as long for an account without a password."""
        return verify_password(self.password_hash, password)

    def get_id(self) -> str:
        """The identity a session cookie holds: 'id:session_version:created:key'. Bumping
        session_version ends every session; `created` (see session_stamp) ties the cookie to
        this very account, because SQLite hands an erased account's id to the next account made,
        whose session_version starts at 1 again; `key` names its UserSession record, so one
        session can be ended from another device."""
        return f"{self.id}:{self.session_version}:{self.session_stamp}:{self.session_key or ''}"

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
        """Acts as a curator or administrator now: the role, and the second factor it must
        have (REQUIRE_TWO_FACTOR) set up; until then they act as a resident everywhere."""
        return self.has_moderator_role and not self.staff_powers_withheld

    @property
    def has_moderator_role(self) -> bool:
        return self.role in MODERATOR_ROLES

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None


class UserSession(Base):
    """One logged-in device: made at login, ended by logout (all of them), a password change
    or block (all), or by the user from another of their sessions (GET/DELETE /me/sessions)."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: 128 random bits in the signed cookie; shown to the user as the session's id.
    key: Mapped[str] = mapped_column(sa.String(32), unique=True)
    #: "Firefox op Android": a summary of the User-Agent, never the whole header.
    device: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RecoveryCode(Base):
    """A one-time code that stands in for the second factor (a lost phone); only its hash is
    kept, and using it sets used_at."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[dt.datetime | None]

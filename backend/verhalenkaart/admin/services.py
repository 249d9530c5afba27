"""Administrators' work on accounts: find them, change a role, decide a teacher request, block
and unblock. Every change is in the audit trail (moderation.audit.record_account_event)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart.accounts import devices
from verhalenkaart.accounts.models import ASSIGNABLE_ROLES, Role, User
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, NotFound, ValidationProblem
from verhalenkaart.moderation.audit import record_account_event
from verhalenkaart.pagination import decode_cursor, encode_cursor
from verhalenkaart.text import MAX_ID


def list_users(
    session: Session,
    *,
    q: str | None = None,
    role: str | None = None,
    waiting: bool = False,
    blocked: bool | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[User], str | None]:
    """Accounts, newest first, and the next page's cursor. `q` searches name and e-mail
    (case-insensitive), `waiting` keeps those with a teacher request waiting. Raises
    ValidationProblem for a bad cursor."""
    before = decode_cursor(cursor).get("before") if cursor else None
    stmt = sa.select(User)
    if q:
        needle = q.strip().lower()
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(User.display_name).contains(needle, autoescape=True),
                sa.func.lower(sa.func.coalesce(User.email, "")).contains(needle, autoescape=True),
            )
        )
    if role:
        stmt = stmt.where(User.role == role)
    if waiting:
        stmt = stmt.where(User.teacher_requested_at.is_not(None))
    if blocked is not None:
        stmt = stmt.where(User.blocked_at.is_not(None) if blocked else User.blocked_at.is_(None))
    if before is not None:
        stmt = stmt.where(User.id < before)
    users = list(session.scalars(stmt.order_by(User.id.desc()).limit(limit + 1)))
    next_cursor = encode_cursor({"before": users[limit - 1].id}) if len(users) > limit else None
    return users[:limit], next_cursor


def get_user(session: Session, user_id: int) -> User:
    """The account with this id (NotFound otherwise, also for ids beyond the column's range)."""
    user = session.get(User, user_id) if 0 < user_id <= MAX_ID else None
    if user is None:
        raise NotFound(_("There is no account with this number."))
    return user


def change_role(session: Session, admin: User, user: User, role: str) -> User:
    """Give `user` another role. Pupils' accounts belong to their class (Conflict), and an
    administrator cannot take away their own admin role (Conflict: someone must remain)."""
    if role not in ASSIGNABLE_ROLES:
        roles = ", ".join(ASSIGNABLE_ROLES)
        raise ValidationProblem.field("role", _("Use one of: %(roles)s.", roles=roles))
    if user.role == Role.PUPIL:
        raise Conflict(_("Pupils' accounts are managed by their teacher; you can block one."))
    if user.id == admin.id and role != Role.ADMIN:
        raise Conflict(_("You cannot take away your own administrator role."))
    if role == user.role:
        return user
    old = user.role
    user.role = role
    if role != Role.RESIDENT:
        user.teacher_requested_at = None  # decided by giving the role
    record_account_event(session, user, admin, "change-role", old, role)
    session.flush()
    return user


def decide_teacher_request(
    session: Session, admin: User, user: User, decision: str, message: str | None = None
) -> User:
    """Approve (the account becomes a teacher) or decline a waiting teacher request;
    Conflict when none is waiting."""
    if user.teacher_requested_at is None or user.role != Role.RESIDENT:
        raise Conflict(_("This account has no teacher request waiting."))
    user.teacher_requested_at = None
    if decision == "approve":
        user.role = Role.TEACHER
        record_account_event(
            session, user, admin, "approve-teacher", Role.RESIDENT, Role.TEACHER, message
        )
    else:
        record_account_event(
            session, user, admin, "decline-teacher", Role.RESIDENT, Role.RESIDENT, message
        )
    session.flush()
    return user


def block(session: Session, admin: User, user: User, reason: str | None = None) -> User:
    """Block an account: it cannot log in, and its sessions end at once. Not one's own."""
    if user.id == admin.id:
        raise Conflict(_("You cannot block your own account."))
    if user.blocked_at is None:
        user.blocked_at = utcnow()
        devices.end_all_sessions(session, user)
        record_account_event(session, user, admin, "block", "active", "blocked", reason)
        session.flush()
    return user


def unblock(session: Session, admin: User, user: User) -> User:
    """Let a blocked account log in again."""
    if user.blocked_at is not None:
        user.blocked_at = None
        record_account_event(session, user, admin, "unblock", "blocked", "active")
        session.flush()
    return user

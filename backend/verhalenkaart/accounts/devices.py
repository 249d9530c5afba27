"""The server-side record of each logged-in session (UserSession): made at login, listed and
ended by its user, all ended at logout, password change and block (ASVS V3.3.4)."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import User, UserSession
from verhalenkaart.db import utcnow
from verhalenkaart.errors import NotFound

#: last_used_at is written at most this often per session (not on every request).
TOUCH_INTERVAL = dt.timedelta(minutes=5)

# First match wins: Edge and Opera also name Chrome, Chrome also names Safari.
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("SamsungBrowser", "Samsung Internet"),
    ("CriOS", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


def device_summary(user_agent: str | None) -> str:
    """'Firefox, Android' from a User-Agent header: enough to recognise a device, no more
    (the whole header is never stored)."""
    agent = user_agent or ""
    browser = next((name for token, name in _BROWSERS if token in agent), None)
    system = next((name for token, name in _SYSTEMS if token in agent), None)
    if browser is None and system is None:
        # A tool such as curl: its first product token, letters only.
        match = re.match(r"[A-Za-z][A-Za-z0-9._-]{0,30}", agent)
        return match.group(0) if match else "?"
    return ", ".join(part for part in (browser, system) if part)


def open_session(session: Session, user: User, user_agent: str | None) -> UserSession:
    """A new session record for `user`; its key goes into the cookie (User.session_key)."""
    record = UserSession(
        user_id=user.id, key=secrets.token_hex(16), device=device_summary(user_agent)
    )
    session.add(record)
    session.flush()
    return record


def find_session(session: Session, user_id: int, key: str) -> UserSession | None:
    return session.scalar(
        sa.select(UserSession).where(UserSession.user_id == user_id, UserSession.key == key)
    )


def touch_session(session: Session, record_id: int) -> None:
    """Note that the session was used now."""
    session.execute(
        sa.update(UserSession).where(UserSession.id == record_id).values(last_used_at=utcnow())
    )


def needs_touch(record: UserSession) -> bool:
    return unused_for(record) > TOUCH_INTERVAL


def unused_for(record: UserSession) -> dt.timedelta:
    """How long ago the session was last noted as used (TOUCH_INTERVAL is its precision)."""
    return utcnow() - record.last_used_at


def list_sessions(session: Session, user: User) -> list[dict]:
    """The user's sessions, the most recently used first, marking the current one (the one
    `user` was loaded for)."""
    records = session.scalars(
        sa.select(UserSession)
        .where(UserSession.user_id == user.id)
        .order_by(UserSession.last_used_at.desc(), UserSession.id.desc())
    )
    return [
        {
            "id": r.key,
            "device": r.device,
            "created_at": r.created_at,
            "last_used_at": r.last_used_at,
            "current": r.key == user.session_key,
        }
        for r in records
    ]


def end_session_record(session: Session, user: User, key: str) -> None:
    """End one of the user's sessions (NotFound when it is not theirs or ended already)."""
    record = find_session(session, user.id, key)
    if record is None:
        raise NotFound(_("This session does not exist or has ended."))
    session.delete(record)
    session.flush()


def end_other_sessions(session: Session, user: User) -> int:
    """End every session of the user but the current one; the number ended."""
    result = session.execute(
        sa.delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.key != (user.session_key or "")
        )
    )
    session.flush()
    return result.rowcount


def end_all_sessions(session: Session, user: User) -> None:
    """End every session of the user on every device (logout, password, block)."""
    session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))
    user.session_version += 1
    session.flush()

"""Cookie sessions: started at login with an idle and an absolute lifetime and a server-side
record (accounts/devices.py) whose key is part of the identity in the cookie. Ending the record
ends that session; bumping the user's session_version (logout, password change, block) ends
every copy of every cookie of the account."""

from __future__ import annotations

import datetime as dt
import time

from flask import Flask, current_app, g, request, session
from flask_login import login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

from verhalenkaart.accounts import devices, services, two_factor
from verhalenkaart.accounts.models import User
from verhalenkaart.extensions import db
from verhalenkaart.security.keys import PENDING_SECOND_FACTOR

_AUTH_AT = "auth_at"
#: Where Flask-WTF keeps the session's CSRF secret (WTF_CSRF_FIELD_NAME).
_CSRF_SESSION_KEY = "csrf_token"
#: How long the password step of a login waits for the second factor.
PENDING_SECONDS = 300


def start_session(user: User) -> None:
    """Log `user` in on this device (again, after its session_version changed): a new session
    record, committed. It ends SESSION_IDLE_HOURS after the record's last use (noted every few
    minutes) and at most SESSION_MAX_HOURS after this login."""
    # Flask-Login keeps what it is given; a current_user proxy would then point at itself.
    user = getattr(user, "_get_current_object", lambda: user)()
    record = devices.open_session(db.session, user, request.headers.get("User-Agent"))
    db.session.commit()
    user.session_key = record.key
    session.permanent = True
    session.pop(PENDING_SECOND_FACTOR, None)
    login_user(user)
    session[_AUTH_AT] = int(time.time())
    # A new login gets a new CSRF secret: a token fetched before it (perhaps planted by someone
    # else on a shared device) is worthless after it. Clients fetch a fresh one after login.
    session.pop(_CSRF_SESSION_KEY, None)


def await_second_factor(user: User) -> None:
    """The password was right and the account has a second factor: remember the account on
    this device, not logged in, until /auth/login/code confirms the code."""
    end_session()
    session[PENDING_SECOND_FACTOR] = {
        "u": user.id,
        "v": user.session_version,
        "s": user.session_stamp,
        "at": int(time.time()),
    }


def pending_second_factor_user() -> User | None:
    """The account waiting for its second factor on this device (PENDING_SECONDS at most), or
    None; a login elsewhere that changed the session_version (a password change) voids it."""
    pending = session.get(PENDING_SECOND_FACTOR)
    if not isinstance(pending, dict) or not all(
        isinstance(pending.get(k), int) for k in ("u", "at")
    ):
        return None
    if time.time() - pending["at"] > PENDING_SECONDS:
        session.pop(PENDING_SECOND_FACTOR, None)
        return None
    user = db.session.get(User, pending.get("u"))
    if (
        user is None
        or user.session_version != pending.get("v")
        or user.session_stamp != pending.get("s")
        or user.is_blocked
        or not user.two_factor_enabled
    ):
        return None
    return user


def end_session() -> None:
    """Forget the login on this device (the caller ends the session records)."""
    logout_user()
    session.pop(_AUTH_AT, None)
    session.pop(_CSRF_SESSION_KEY, None)
    session.pop(PENDING_SECOND_FACTOR, None)


def load_session_user(session_id: str) -> User | None:
    """Flask-Login's user loader: the user of a live session, noting when it was last used."""
    loaded = services.load_session(db.session, session_id)
    if loaded is None:
        return None
    user, record = loaded
    if devices.unused_for(record) > dt.timedelta(hours=current_app.config["SESSION_IDLE_HOURS"]):
        return None  # idle too long: the cookie is not re-signed on use (see config.py)
    user.staff_powers_withheld = two_factor.is_missing(
        user, current_app.config["REQUIRE_TWO_FACTOR"]
    )
    if devices.needs_touch(record):
        g.touch_session = record.id
    return user


def init_app(app: Flask) -> None:
    @app.before_request
    def _end_sessions_past_their_maximum_age():
        if "_user_id" not in session:
            return
        started = session.get(_AUTH_AT)
        max_age = current_app.config["SESSION_MAX_HOURS"] * 3600
        if not isinstance(started, int) or time.time() - started > max_age:
            logout_user()
            session.pop(_AUTH_AT, None)

    @app.after_request
    def _note_session_use(response):
        record_id = g.pop("touch_session", None)
        if record_id is None or response.status_code >= 400:
            return response
        # After the view's own commit: this transaction holds only the note.
        try:
            devices.touch_session(db.session, record_id)
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
        return response

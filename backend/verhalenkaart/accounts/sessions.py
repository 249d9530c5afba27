"""Cookie sessions: started at login with an idle and an absolute lifetime, ended for every
device of the account at logout and password change (the user's session_version is part of
the identity in the cookie, so bumping it invalidates every copy of every cookie)."""

from __future__ import annotations

import time

from flask import Flask, current_app, session
from flask_login import login_user, logout_user

from verhalenkaart.accounts.models import User

_AUTH_AT = "auth_at"
#: Where Flask-WTF keeps the session's CSRF secret (WTF_CSRF_FIELD_NAME).
_CSRF_SESSION_KEY = "csrf_token"


def start_session(user: User) -> None:
    """Log `user` in on this device (again, after its session_version changed). The cookie lives
    SESSION_IDLE_HOURS after the last request (it is re-signed on each one) and at most
    SESSION_MAX_HOURS after this login."""
    # Flask-Login keeps what it is given; a current_user proxy would then point at itself.
    user = getattr(user, "_get_current_object", lambda: user)()
    session.permanent = True
    login_user(user)
    session[_AUTH_AT] = int(time.time())
    # A new login gets a new CSRF secret: a token fetched before it (perhaps planted by someone
    # else on a shared device) is worthless after it. Clients fetch a fresh one after login.
    session.pop(_CSRF_SESSION_KEY, None)


def end_session() -> None:
    """Forget the login on this device (the caller bumps session_version to end the others)."""
    logout_user()
    session.pop(_AUTH_AT, None)
    session.pop(_CSRF_SESSION_KEY, None)


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

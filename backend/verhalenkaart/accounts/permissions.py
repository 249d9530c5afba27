"""Who the request is from, and the role checks routes use."""

from __future__ import annotations

from flask_login import current_user

from verhalenkaart.accounts.models import User
from verhalenkaart.errors import Forbidden, NotLoggedIn


def request_user() -> User | None:
    """The logged-in user of this request, or None."""
    return current_user if current_user.is_authenticated else None  # type: ignore[return-value]


def require_user() -> User:
    user = request_user()
    if user is None:
        raise NotLoggedIn("Log in to do this.")
    return user


def require_moderator() -> User:
    user = require_user()
    if not user.is_moderator:
        raise Forbidden("Only curators and administrators may moderate.")
    return user

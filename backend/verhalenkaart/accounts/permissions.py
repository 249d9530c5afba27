"""Who the request is from, and the role checks routes use."""

from __future__ import annotations

from flask_babel import _
from flask_login import current_user

from verhalenkaart.accounts.models import User
from verhalenkaart.errors import NotLoggedIn


def request_user() -> User | None:
    """The logged-in user of this request, or None."""
    return current_user if current_user.is_authenticated else None  # type: ignore[return-value]


def require_user() -> User:
    user = request_user()
    if user is None:
        raise NotLoggedIn(_("Log in to do this."))
    return user

"""Who the request is from, and the role checks routes use."""

from __future__ import annotations

from flask import current_app
from flask_babel import _
from flask_login import current_user

from verhalenkaart.accounts import two_factor
from verhalenkaart.accounts.models import User
from verhalenkaart.errors import NotLoggedIn, SecondFactorSetupRequired


def request_user() -> User | None:
    """The logged-in user of this request, or None."""
    return current_user if current_user.is_authenticated else None  # type: ignore[return-value]


def require_user() -> User:
    user = request_user()
    if user is None:
        raise NotLoggedIn(_("Log in to do this."))
    return user


def second_factor_missing(user: User) -> bool:
    """The user's role must have a second factor (REQUIRE_TWO_FACTOR) and they have none."""
    return two_factor.is_missing(user, current_app.config["REQUIRE_TWO_FACTOR"])


def require_second_factor(user: User) -> User:
    """Staff endpoints: 403 two-factor-setup-required until a required factor is set up."""
    if second_factor_missing(user):
        raise SecondFactorSetupRequired(
            _("Set up two-step verification in your account before you use this.")
        )
    return user

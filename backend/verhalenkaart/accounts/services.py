"""Account services: registration, authentication, user creation."""

from __future__ import annotations

import functools

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from verhalenkaart.accounts.models import Role, User
from verhalenkaart.errors import Conflict, ValidationProblem

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session, *, email: str, password: str, display_name: str, role: str = Role.RESIDENT
) -> User:
    """Create a user; raises ValidationProblem (weak password, bad role) or Conflict (e-mail
    taken)."""
    if role not in set(Role):
        raise ValidationProblem.field("role", f"Use one of: {', '.join(r.value for r in Role)}.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationProblem.field("password", f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    display_name = display_name.strip()
    if not display_name:
        raise ValidationProblem.field("display_name", "Choose a name others will see.")
    email = normalise_email(email)
    if session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise Conflict(
            "An account with this e-mail address exists already.",
            {"email": ["This e-mail address is taken."]},
        )
    user = User(email=email, display_name=display_name, role=role)
    user.set_password(password)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user with this e-mail and password, or None (the same for either mistake)."""
    user = session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        # Spend the same hashing time so the answer does not reveal whether the address exists.
        check_password_hash(_dummy_hash(), password)
        return None
    return user if user.check_password(password) else None


def load_user(session: Session, session_id: str) -> User | None:
    """The user of a session cookie id 'id:version', if that version is still current."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash("not-a-real-password")

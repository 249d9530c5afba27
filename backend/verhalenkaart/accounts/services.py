"""Account services: registration, authentication, passwords and their reset."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from verhalenkaart.accounts import devices, passwords, tokens
from verhalenkaart.accounts.models import Role, User, UserSession
from verhalenkaart.accounts.passwords import (
    MIN_PASSWORD_LENGTH,  # noqa: F401 (re-exported)
    check_new_password,
)
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, Forbidden, TokenUsed, ValidationProblem
from verhalenkaart.text import fold


def normalise_email(email: str) -> str:
    return email.strip().lower()


#: Words that make a name look like the staff's (folded: case, accents and look-alike letters
#: from other scripts do not matter). Staff accounts made by administrators may use them.
STAFF_WORDS = frozenset(
    {
        "admin", "administrator", "beheer", "beheerder", "curator", "curatoren", "moderator",
        "moderatie", "redactie", "redacteur", "staff", "teacher", "docent", "leraar",
        "verhalenkaart", "atelier", "support", "helpdesk", "official", "officieel",
    }
)  # fmt: skip


# Latin look-alikes from Cyrillic and Greek, which unidecode transliterates by sound instead
# ("Сurator" with a Cyrillic С would become "Surator").
_LOOKALIKES = str.maketrans(
    "АВСЕНІЈКМОРЅТХУасеіјорѕхуΑΒΕΗΙΚΜΝΟΡΤΧΥΖαοριυνκτ",
    "ABCEHIJKMOPSTXYaceijopsxyABEHIKMNOPTXYZaopiuvkt",
)


def _check_display_name(display_name: str, role: str = Role.RESIDENT) -> str:
    """A name others will see: not empty, without invisible formatting or control characters
    (bidirectional overrides can reorder what the reader sees), and, for residents and pupils,
    without words that pass them off as the staff ("Curator", "Redactie")."""
    display_name = display_name.strip()
    if not display_name:
        raise ValidationProblem.field("display_name", _("Choose a name others will see."))
    if any(unicodedata.category(c) in {"Cc", "Cf"} for c in display_name):
        raise ValidationProblem.field(
            "display_name", _("Remove invisible control or formatting characters from the name.")
        )
    if role in {Role.RESIDENT, Role.PUPIL}:
        words = fold(display_name.translate(_LOOKALIKES)).split()
        if "".join(words) in STAFF_WORDS or STAFF_WORDS.intersection(words):
            raise ValidationProblem.field(
                "display_name", _("Choose a name that does not look like one of the staff's.")
            )
    return display_name


def create_user(
    session: Session, *, email: str, password: str, display_name: str, role: str = Role.RESIDENT
) -> User:
    """Create a user at once (administrators, the CLI); raises ValidationProblem (weak
    password, bad role) or Conflict (e-mail taken)."""
    if role not in set(Role):
        roles = ", ".join(r.value for r in Role)
        raise ValidationProblem.field("role", _("Use one of: %(roles)s.", roles=roles))
    email = normalise_email(email)
    check_new_password(password, email=email)
    display_name = _check_display_name(display_name, role)
    if session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise Conflict(
            _("An account with this e-mail address exists already."),
            {"email": [_("This e-mail address is taken.")]},
        )
    user = User(email=email, display_name=display_name, role=role)
    user.set_password(password)
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class RegistrationRequest:
    """What a registration asked for: a new account (`password_hash` to put in the e-mailed
    link). Whether the address has an account is found out by the mail's job, off the request
    path (accounts/notifications.py)."""

    email: str
    display_name: str
    password_hash: str
    #: The school of a request for the teacher role made with the registration.
    teacher_school: str | None = None


def check_school(school: str | None, field: str = "school") -> str:
    """A school's name as a teacher gives it (ValidationProblem naming `field` when empty)."""
    school = (school or "").strip()
    if not school or any(unicodedata.category(c) in {"Cc", "Cf"} for c in school):
        raise ValidationProblem.field(field, _("Write the name of your school."))
    return school


def request_registration(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str,
    teacher_school: str | None = None,
    teacher: bool = False,
) -> RegistrationRequest:
    """Check a registration; nothing is stored until the address is confirmed. Raises
    ValidationProblem for a weak password or an empty name. The address is not looked up
    here: the request does the same work whether or not it has an account."""
    email = normalise_email(email)
    display_name = _check_display_name(display_name)
    school = check_school(teacher_school) if teacher else None
    check_new_password(password, email=email)
    password_hash = passwords.hash_password(password)
    return RegistrationRequest(
        email=email, display_name=display_name, password_hash=password_hash, teacher_school=school
    )


def confirm_registration(session: Session, registration: dict[str, str]) -> User:
    """Create the resident account of a confirmed registration link; raises TokenUsed when the
    address has an account by now (the link was used, or the address registered otherwise)."""
    email = normalise_email(registration["email"])
    if session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise _used()
    school = registration.get("teacher_school")
    user = User(
        email=email,
        display_name=registration["display_name"],
        role=Role.RESIDENT,
        password_hash=registration["password_hash"],
        school=school,
        teacher_requested_at=utcnow() if school else None,
    )
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError:  # the same link confirmed twice at the same moment
        raise _used() from None
    return user


def request_teacher_role(session: Session, user: User, school: str) -> User:
    """A resident asks to be a teacher at `school`; an administrator decides. Asking again
    replaces the school. Forbidden for pupils, teachers and staff."""
    if user.role == Role.PUPIL:
        raise Forbidden(_("Pupils' accounts are managed by their teacher."))
    if user.role != Role.RESIDENT:
        raise Forbidden(_("Your account has a role already; it needs no teacher request."))
    user.school = check_school(school)
    user.teacher_requested_at = utcnow()
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user with this e-mail and password, or None (the same answer and about the same
    time for either mistake); Forbidden when the account is blocked. An older or weaker hash
    is replaced by a current argon2 one."""
    user = session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        passwords.spend_hashing_time(password)
        return None
    if not user.check_password(password):
        return None
    if user.is_blocked:  # told only to who knows the password
        raise Forbidden(_("This account is blocked. Ask the administrators of the story map why."))
    if passwords.needs_rehash(user.password_hash or ""):
        user.set_password(password)
        session.flush()
    return user


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def new_reset_link(session: Session, user: User) -> None:
    """Count up the user's reset links before one is made and sent: every older link stops
    working (the caller commits before sending)."""
    session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(reset_counter=User.reset_counter + 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(user, ["reset_counter"])


def reset_password(
    session: Session, user_id: int, fingerprint: str, number: int, new_password: str
) -> User:
    """Set a new password with a reset token's (user id, fingerprint, link number); every
    session of the user ends. Raises TokenUsed when the password changed since the token was
    made (the token was used) or a newer link was sent since, ValidationProblem for a weak
    password."""
    user = session.get(User, user_id)
    if (
        user is None
        or not user.email
        or tokens.password_fingerprint(user) != fingerprint
        or user.reset_counter != number
    ):
        raise _used()
    check_new_password(new_password, email=user.email)
    old_hash = user.password_hash
    # Compare-and-set on the old hash: of two requests with the same token, one wins.
    result = session.execute(
        sa.update(User)
        .where(User.id == user.id, User.password_hash == old_hash, User.reset_counter == number)
        .values(
            password_hash=passwords.hash_password(new_password),
            session_version=User.session_version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _used()
    session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))
    session.refresh(user)
    return user


def change_password(session: Session, user: User, current_password: str, new_password: str):
    """A logged-in change: the current password must be right (ValidationProblem naming
    current_password otherwise), the new one must meet the rules (naming new_password).
    Every session of the user ends; the caller keeps the current one."""
    if not user.check_password(current_password):
        raise ValidationProblem.field("current_password", _("This is not your current password."))
    check_new_password(new_password, field="new_password", email=user.email)
    user.set_password(new_password)
    devices.end_all_sessions(session, user)


def end_sessions(session: Session, user: User) -> None:
    """Invalidate every session of `user` (logout)."""
    devices.end_all_sessions(session, user)


def load_session(session: Session, session_id: str) -> tuple[User, UserSession] | None:
    """The user and session record of a session cookie id 'id:version:created:key'
    (User.get_id), if that version is still current, the account is the one the cookie was made
    for (an erased account's id can be reused by a new account on SQLite), the session record
    still exists and the account is not blocked. Older cookies without a key log in no more."""
    parts = session_id.split(":")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() for p in parts[:3]):
        return None
    user_id, version, stamp = (int(p) for p in parts[:3])
    user = session.get(User, user_id)
    if user is None or user.session_version != version or user.session_stamp != stamp:
        return None
    record = devices.find_session(session, user.id, parts[3]) if parts[3] else None
    if record is None or user.is_blocked:
        return None
    user.session_key = record.key
    return user, record


def load_user(session: Session, session_id: str) -> User | None:
    """The user of a session cookie id (see load_session), or None."""
    loaded = load_session(session, session_id)
    return loaded[0] if loaded else None


def _used() -> TokenUsed:
    message = _("This link has been used already, or a newer one was sent; ask for a new one.")
    return TokenUsed(message, {"token": [message]})

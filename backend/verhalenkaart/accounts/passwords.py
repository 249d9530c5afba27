"""Passwords: the argon2id hash, older werkzeug hashes still accepted (and upgraded), an
optional pepper, and the rules a new password must meet.

With PASSWORD_PEPPER set (a secret kept outside the database, ASVS 2.4.5), the password is
first keyed with HMAC-SHA256 under the pepper and the result is hashed with argon2id; such
hashes are stored as `$vkpepper$<argon2 hash>`. Hashes made without the pepper keep working
and are re-made with it at the next login. Changing or losing the pepper makes peppered
passwords unusable (their owners reset them), so keep it like the database backups."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import string
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import _, ngettext
from werkzeug.security import check_password_hash

from verhalenkaart.errors import ValidationProblem

#: The default of PASSWORD_MIN_LENGTH (the issue's choice; ASVS 2.1.1 asks 12, NIST 8).
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
#: argon2-cffi's defaults, RFC 9106's second recommended profile (argon2id, 64 MiB, t=3, p=4).
DEFAULT_ARGON2 = {"ARGON2_TIME_COST": 3, "ARGON2_MEMORY_KIB": 65536, "ARGON2_PARALLELISM": 4}
_LEGACY_PREFIXES = ("scrypt:", "pbkdf2:")
PEPPER_PREFIX = "$vkpepper$"
_NOISE = string.digits + string.punctuation + string.whitespace


@functools.cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def hasher() -> PasswordHasher:
    """The argon2id hasher with the configured cost (the defaults outside an app)."""
    config = current_app.config if has_app_context() else {}
    cost = {key: int(config.get(key, default)) for key, default in DEFAULT_ARGON2.items()}
    return _hasher(cost["ARGON2_TIME_COST"], cost["ARGON2_MEMORY_KIB"], cost["ARGON2_PARALLELISM"])


def min_length() -> int:
    """PASSWORD_MIN_LENGTH of the app (never below 8), the default outside an app."""
    if not has_app_context():
        return MIN_PASSWORD_LENGTH
    return max(8, int(current_app.config.get("PASSWORD_MIN_LENGTH", MIN_PASSWORD_LENGTH)))


def _pepper() -> bytes:
    pepper = current_app.config.get("PASSWORD_PEPPER") if has_app_context() else None
    return str(pepper).encode("utf-8") if pepper else b""


def _keyed(password: str, pepper: bytes) -> str:
    return hmac.new(pepper, password.encode("utf-8"), hashlib.sha256).hexdigest()


def hash_password(password: str) -> str:
    pepper = _pepper()
    if pepper:
        return PEPPER_PREFIX + hasher().hash(_keyed(password, pepper))
    return hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches `stored_hash` (argon2 with or without pepper, or a werkzeug
    scrypt/pbkdf2 hash)."""
    if not stored_hash:
        spend_hashing_time(password)
        return False
    if stored_hash.startswith(_LEGACY_PREFIXES):
        return check_password_hash(stored_hash, password)
    if stored_hash.startswith(PEPPER_PREFIX):
        pepper = _pepper()
        if not pepper:
            spend_hashing_time(password)
            return False
        stored_hash, password = stored_hash[len(PEPPER_PREFIX) :], _keyed(password, pepper)
    try:
        return hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """A werkzeug hash, a hash without the configured pepper, or an argon2 hash with another
    cost than configured."""
    if stored_hash.startswith(_LEGACY_PREFIXES):
        return True
    peppered = stored_hash.startswith(PEPPER_PREFIX)
    if bool(_pepper()) != peppered:
        return bool(_pepper())  # add a pepper; a peppered hash cannot lose its pepper
    try:
        return hasher().check_needs_rehash(stored_hash.removeprefix(PEPPER_PREFIX))
    except InvalidHashError:
        return True


def spend_hashing_time(password: str) -> None:
    """Verify against a dummy hash, so an unknown account costs as long as a known one."""
    with contextlib.suppress(VerificationError):
        hasher().verify(_dummy_hash(*hasher_parameters()), password)


def hasher_parameters() -> tuple[int, int, int]:
    h = hasher()
    return h.time_cost, h.memory_cost, h.parallelism


@functools.cache
def _dummy_hash(time_cost: int, memory_kib: int, parallelism: int) -> str:
    return _hasher(time_cost, memory_kib, parallelism).hash("not the password of anyone")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case."""
    text = resources.files("verhalenkaart.accounts").joinpath("data/common-passwords.txt")
    return frozenset(
        line.strip()
        for line in text.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Why `password` may not be used (a message for people), or None when it is fine.

    No composition rules (NIST SP 800-63B, ASVS 2.1.9): length, and not a common password, not
    a common password with digits or punctuation around it, not the e-mail address."""
    minimum = min_length()
    if len(password) < minimum:
        return ngettext(
            "Use at least %(num)d character.", "Use at least %(num)d characters.", minimum
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        return ngettext(
            "Use at most %(num)d character.", "Use at most %(num)d characters.", MAX_PASSWORD_LENGTH
        )
    lowered = password.lower()
    core = lowered.strip(_NOISE)
    common = common_passwords()
    if lowered in common or core in common or len(set(lowered)) < 3:
        return _("This password is too common; choose one that is harder to guess.")
    if email:
        address = email.strip().lower()
        local = address.partition("@")[0]
        if core in {address, local} or lowered in {address, local}:
            return _("Do not use your e-mail address as password.")
    return None


def check_new_password(password: str, *, field: str = "password", email: str | None = None):
    """Raise ValidationProblem naming `field` when the password may not be used."""
    problem = password_problem(password, email=email)
    if problem:
        raise ValidationProblem.field(field, problem)

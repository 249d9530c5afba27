"""The tokens in e-mailed links.

Password reset: signed (itsdangerous) and timed, naming the user, a fingerprint of their
current password hash and the number of the reset link (users.reset_counter, counted up for
each link sent). Setting a password changes the hash (argon2 salts are random), so a token
works once; a newer link (the count moved on), a password change or a login that upgrades the
hash retire it as well.

Registration: nothing is stored before the address is confirmed. The token carries the
e-mail address, the display name and the argon2 hash of the chosen password, encrypted and
authenticated (Fernet), so the hash never travels readable through mail systems.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time

from cryptography.fernet import Fernet, InvalidToken
from flask_babel import _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from verhalenkaart.accounts.models import User
from verhalenkaart.errors import TokenExpired, TokenInvalid

_RESET_SALT = "verhalenkaart.password-reset"
_REGISTRATION_CONTEXT = b"verhalenkaart.registration:"


def password_fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode("utf-8")).hexdigest()[:32]


def make_reset_token(secret_key: str, user: User) -> str:
    """A token for the user's current reset link number (count it up first: a new link)."""
    serializer = URLSafeTimedSerializer(secret_key, salt=_RESET_SALT)
    return serializer.dumps(
        {"u": user.id, "f": password_fingerprint(user), "n": user.reset_counter or 0}
    )


def read_reset_token(secret_key: str, token: str, max_age: int) -> tuple[int, str, int]:
    """(user id, password fingerprint, link number) of a reset token; raises TokenExpired or
    TokenInvalid."""
    serializer = URLSafeTimedSerializer(secret_key, salt=_RESET_SALT)
    try:
        data = serializer.loads(token, max_age=max_age)
    except SignatureExpired:
        raise _expired() from None
    except BadSignature:
        raise _invalid() from None
    if not (isinstance(data, dict) and isinstance(data.get("u"), int) and data.get("f")):
        raise _invalid()
    number = data.get("n")
    if not isinstance(number, int) or isinstance(number, bool):
        raise _invalid()
    return data["u"], str(data["f"]), number


def _fernet(secret_key: str) -> Fernet:
    key = hashlib.sha256(_REGISTRATION_CONTEXT + secret_key.encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def make_registration_token(
    secret_key: str,
    *,
    email: str,
    display_name: str,
    password_hash: str,
    teacher_school: str | None = None,
) -> str:
    """The registration link's token; `teacher_school` carries a request for the teacher role
    ("Ik ben leerkracht") to the account the link makes."""
    values = {"e": email, "n": display_name, "h": password_hash}
    if teacher_school:
        values["t"] = teacher_school
    payload = json.dumps(values).encode("utf-8")
    return _fernet(secret_key).encrypt(payload).decode("ascii")


def read_registration_token(secret_key: str, token: str, max_age: int) -> dict[str, str]:
    """{"email", "display_name", "password_hash", "teacher_school"}; raises TokenExpired or
    TokenInvalid."""
    fernet = _fernet(secret_key)
    try:
        payload = json.loads(fernet.decrypt(token.encode("ascii")))
        issued = fernet.extract_timestamp(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError, ValueError):
        raise _invalid() from None
    if time.time() - issued > max_age:
        raise _expired()
    return {
        "email": payload["e"],
        "display_name": payload["n"],
        "password_hash": payload["h"],
        "teacher_school": payload.get("t"),
    }


def _invalid() -> TokenInvalid:
    message = _("This link is not valid; ask for a new one.")
    return TokenInvalid(message, {"token": [message]})


def _expired() -> TokenExpired:
    message = _("This link has expired; ask for a new one.")
    return TokenExpired(message, {"token": [message]})

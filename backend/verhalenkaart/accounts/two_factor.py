"""The second factor (ASVS V2.7/V2.8): a TOTP app (RFC 6238 through pyotp, its QR code drawn by
segno) and ten one-time recovery codes, kept as keyed hashes.

The TOTP secret is stored encrypted (Fernet under a key derived from SECRET_KEY), so a copy of
the database alone does not give the codes. A code is accepted in the 30-second step before,
at or after now (phones' clocks drift) and never twice: the step of the last accepted code is
kept (ASVS 2.8.4)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import time

import pyotp
import segno
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import RecoveryCode, User
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, Forbidden, ValidationProblem

RECOVERY_CODE_COUNT = 10
#: Recovery codes: 10 characters from an alphabet without look-alikes (50 bits each), shown
#: as XXXXX-XXXXX.
_RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_RECOVERY_LENGTH = 10
_STEP_SECONDS = 30


def _fernet(secret_key: str) -> Fernet:
    key = hashlib.sha256(b"verhalenkaart totp secret|" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _secret(user: User, secret_key: str) -> str | None:
    if not user.totp_secret:
        return None
    try:
        return _fernet(secret_key).decrypt(user.totp_secret.encode()).decode()
    except InvalidToken:  # SECRET_KEY changed: the factor must be set up again
        return None


def _recovery_hash(code: str, secret_key: str) -> str:
    normalised = "".join(c for c in code.upper() if c.isalnum())
    key = hashlib.sha256(b"verhalenkaart recovery code|" + secret_key.encode()).digest()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def is_required(user: User, required_roles: frozenset[str]) -> bool:
    """Whether the user's role must have a second factor (REQUIRE_TWO_FACTOR)."""
    return user.role in required_roles


def is_missing(user: User, required_roles: frozenset[str]) -> bool:
    """The role must have a second factor and this account has not set one up yet."""
    return is_required(user, required_roles) and not user.two_factor_enabled


def status(session: Session, user: User, required_roles: frozenset[str]) -> dict:
    """{"enabled", "required", "recovery_codes_left"} as GET /me/two-factor shows it."""
    left = session.scalar(
        sa.select(sa.func.count()).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    return {
        "enabled": user.two_factor_enabled,
        "required": is_required(user, required_roles),
        "recovery_codes_left": left,
    }


def begin_setup(session: Session, user: User, secret_key: str, issuer: str) -> dict:
    """A new TOTP secret for the user to scan: {"secret", "otpauth_uri", "qr_svg"}. It protects
    nothing until confirmed with a code. Conflict when a factor is on already."""
    if user.two_factor_enabled:
        raise Conflict(_("Two-step verification is on already. Turn it off first."))
    secret = pyotp.random_base32()
    user.totp_secret = _fernet(secret_key).encrypt(secret.encode()).decode()
    user.totp_last_step = None
    session.flush()
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email or str(user.id), issuer_name=issuer)
    code = segno.make(uri, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=6, border=4, xmldecl=False, svgns=True)
    return {"secret": secret, "otpauth_uri": uri, "qr_svg": buffer.getvalue().decode()}


def _accept_totp(user: User, code: str, secret_key: str) -> bool:
    secret = _secret(user, secret_key)
    digits = "".join(c for c in code if not c.isspace())
    if secret is None or len(digits) != 6 or not digits.isdigit():
        return False
    totp = pyotp.TOTP(secret)
    now = int(time.time())
    for offset in (-1, 0, 1):
        step = now // _STEP_SECONDS + offset
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if hmac.compare_digest(totp.at(step * _STEP_SECONDS), digits):
            user.totp_last_step = step
            return True
    return False


def confirm_setup(session: Session, user: User, code: str, secret_key: str) -> list[str]:
    """Turn the factor on with a first code from the app; the new recovery codes (shown once).
    ValidationProblem naming `code` for a wrong code, Conflict when there is nothing to
    confirm."""
    if user.two_factor_enabled:
        raise Conflict(_("Two-step verification is on already."))
    if not user.totp_secret:
        raise Conflict(_("Start the set-up first: scan the QR code."))
    if not _accept_totp(user, code, secret_key):
        raise ValidationProblem.field("code", _("This code is not right. Try the newest code."))
    user.totp_enabled_at = utcnow()
    codes = new_recovery_codes(session, user, secret_key)
    session.flush()
    return codes


def new_recovery_codes(session: Session, user: User, secret_key: str) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones (returned once)."""
    session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _j in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(raw, secret_key)))
    session.flush()
    return codes


def replace_recovery_codes(
    session: Session, user: User, password: str | None, secret_key: str
) -> list[str]:
    """New recovery codes for an account with the factor on; the password confirms it
    (Forbidden naming `password`), Conflict when the factor is off."""
    _check_password(user, password)
    if not user.two_factor_enabled:
        raise Conflict(_("Turn on two-step verification first."))
    return new_recovery_codes(session, user, secret_key)


def _check_password(user: User, password: str | None) -> None:
    if user.password_hash and not user.check_password(password or ""):
        wrong = _("The password is not right.")
        raise Forbidden(wrong, {"password": [wrong]})


def verify(session: Session, user: User, code: str, secret_key: str) -> bool:
    """Whether `code` is a current TOTP code or an unused recovery code of the user (which is
    then used up)."""
    if _accept_totp(user, code, secret_key):
        session.flush()
        return True
    normalised = "".join(c for c in code.upper() if c.isalnum())
    if len(normalised) != _RECOVERY_LENGTH:
        return False
    used = session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _recovery_hash(normalised, secret_key),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return used.rowcount == 1


def disable(session: Session, user: User, password: str | None) -> None:
    """Turn the factor off; the password confirms it (Forbidden naming `password` when
    wrong)."""
    _check_password(user, password)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.flush()

"""Join and re-entry codes: made, shown, read back, and kept (docs/schools.md, decision 0015).

The alphabet has no look-alike characters (no 0/O, 1/l/I): 31 symbols. A join code has 8
(31^8 ≈ 8.5·10^11), a re-entry code 12 (31^12 ≈ 7.9·10^17). Input is case-insensitive; dashes
and spaces are ignored.

A re-entry code is stored twice: as an HMAC-SHA256 of the code under a key derived from the
secret key (what a lookup compares: a stolen database does not give the codes, and without the
secret a guess cannot be checked offline), and sealed with Fernet under another derived key, so
the teacher can print the class's cards again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from cryptography.fernet import Fernet, InvalidToken

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 8
REENTRY_CODE_LENGTH = 12
_NOT_IN_CODE = re.compile(r"[\s\-]+")


def new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(text: str) -> str:
    """What the user typed, as stored: upper case, no dashes or spaces."""
    return _NOT_IN_CODE.sub("", text or "").upper()


def is_well_formed(code: str, length: int) -> bool:
    return len(code) == length and all(c in ALPHABET for c in code)


def shown(code: str | None) -> str | None:
    """A code in groups of four: ABCD-EFGH(-JKLM)."""
    if code is None:
        return None
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _derived_key(secret_key: str, purpose: str) -> bytes:
    return hmac.new(secret_key.encode(), purpose.encode(), hashlib.sha256).digest()


def digest(secret_key: str, code: str) -> str:
    """The keyed hash a re-entry code is looked up by."""
    key = _derived_key(secret_key, "verhalenkaart.reentry.lookup")
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def seal(secret_key: str, code: str) -> str:
    key = base64.urlsafe_b64encode(_derived_key(secret_key, "verhalenkaart.reentry.seal"))
    return Fernet(key).encrypt(code.encode()).decode()


def unseal(secret_key: str, sealed: str) -> str | None:
    """The sealed code, or None when it was sealed under another secret key."""
    key = base64.urlsafe_b64encode(_derived_key(secret_key, "verhalenkaart.reentry.seal"))
    try:
        return Fernet(key).decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None

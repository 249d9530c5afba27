"""Who a rate limit counts: the client address, the account, or the e-mail address tried."""

from __future__ import annotations

import hashlib

from flask import request, session
from flask_login import current_user


def remote_address() -> str:
    """The client's address (behind TRUSTED_PROXIES proxies, the one they forwarded)."""
    return request.remote_addr or "unknown"


def account_or_address() -> str:
    """The logged-in account, else the client address: a class of pupils behind one school
    address each have their own allowance."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{remote_address()}"


def submitted_email() -> str:
    """The e-mail address in the JSON body, hashed (no addresses in the limit storage); the
    client address when the body has none."""
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) or not email.strip():
        return f"ip:{remote_address()}"
    # surrogatepass: a lone surrogate (valid JSON, not encodable as UTF-8) must still get a key;
    # an exception here made the limiter skip the limit, or (with the in-memory fallback)
    # take the storage for dead.
    raw = email.strip().lower().encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return f"email:{digest}"


#: The session key where accounts.sessions keeps the account that owes its second factor.
PENDING_SECOND_FACTOR = "pending_2fa"


def second_factor_account() -> str:
    """The account a second-factor code is tried for: the one that gave its password on this
    device (login), else the logged-in one (set-up), else the client address. Codes are
    counted per account, so a new session or address buys no extra guesses."""
    pending = session.get(PENDING_SECOND_FACTOR)
    if isinstance(pending, dict) and isinstance(pending.get("u"), int):
        return f"user:{pending['u']}"
    return account_or_address()

"""CSRF protection: Flask-WTF's signed, session-bound tokens, sent in the X-CSRF-Token header on
every POST/PUT/PATCH/DELETE (JSON and multipart alike)."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_babel import _
from flask_wtf.csrf import CSRFError

from verhalenkaart.errors import CsrfExpired, CsrfInvalid, render_domain_error
from verhalenkaart.extensions import csrf

HEADER = "X-CSRF-Token"
#: Flask-WTF's reason for a token whose signature is older than WTF_CSRF_TIME_LIMIT.
_EXPIRED_REASON = "The CSRF token has expired."


def init_app(app: Flask) -> None:
    config = app.config
    config["WTF_CSRF_ENABLED"] = True
    config["WTF_CSRF_CHECK_DEFAULT"] = True
    config["WTF_CSRF_METHODS"] = ["POST", "PUT", "PATCH", "DELETE"]
    config["WTF_CSRF_HEADERS"] = [HEADER]
    config["WTF_CSRF_TIME_LIMIT"] = int(config["CSRF_TOKEN_MAX_AGE"])
    # Only the header counts: a token in a form field would make the check parse every
    # multipart body, and a cross-site form cannot set headers anyway.
    config["WTF_CSRF_FIELD_NAME"] = "csrf_token"
    csrf.init_app(app)
    app.register_error_handler(CSRFError, render_csrf_error)


def token_from_header() -> str | None:
    return request.headers.get(HEADER) or None


def render_csrf_error(error: CSRFError) -> Response:
    """403 csrf-expired for an old token (the client fetches a new one and retries), 403
    csrf-invalid for anything else."""
    if error.description == _EXPIRED_REASON:
        problem: CsrfInvalid | CsrfExpired = CsrfExpired(
            _("Fetch a new token from GET /api/v1/auth/csrf and send the request again.")
        )
    else:
        problem = CsrfInvalid(
            _("Send the token from GET /api/v1/auth/csrf in the X-CSRF-Token header.")
        )
    return render_domain_error(problem)

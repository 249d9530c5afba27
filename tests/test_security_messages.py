"""Every client-facing message of the trust-and-safety work has its Dutch text."""

from flask_babel import ngettext

from verhalenkaart.accounts.passwords import password_problem
from verhalenkaart.accounts.services import _used
from verhalenkaart.accounts.tokens import _expired, _invalid
from verhalenkaart.errors import (
    CsrfExpired,
    CsrfInvalid,
    RateLimited,
    TokenExpired,
    TokenInvalid,
    TokenUsed,
)
from verhalenkaart.i18n import translate

PROBLEMS = (CsrfInvalid, CsrfExpired, RateLimited, TokenInvalid, TokenExpired, TokenUsed)


def _messages() -> list[str]:
    """The messages as this request's client reads them."""
    return [
        *(translate(problem.title) for problem in PROBLEMS),
        *(problem.detail for problem in (_expired(), _invalid(), _used())),
        password_problem("qwertyuiop"),
        password_problem("short"),
        password_problem("x" * 201),
        password_problem("jan@example.org", email="jan@example.org"),
        translate("This is not your current password."),
        ngettext(
            "Too many attempts: try again in %(num)d second.",
            "Too many attempts: try again in %(num)d seconds.",
            42,
        ),
        translate("Send the token from GET /api/v1/auth/csrf in the X-CSRF-Token header."),
        translate("Fetch a new token from GET /api/v1/auth/csrf and send the request again."),
    ]


def test_every_message_has_a_dutch_text(app):
    with app.test_request_context():
        english = _messages()
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        dutch = _messages()
    assert all(english)
    assert [message for message, nl in zip(english, dutch, strict=True) if nl == message] == []

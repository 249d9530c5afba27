"""Every client-facing message of the trust-and-safety work has its Dutch text."""

import pytest

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
MESSAGES = [
    *(problem.title for problem in PROBLEMS),
    *(problem.detail for problem in (_expired(), _invalid(), _used())),
    password_problem("qwertyuiop"),
    password_problem("short"),
    password_problem("x" * 201),
    password_problem("jan@example.org", email="jan@example.org"),
    "This is not your current password.",
    "Too many attempts: try again in 42 seconds.",
    "Send the token from GET /api/v1/auth/csrf in the X-CSRF-Token header.",
    "Fetch a new token from GET /api/v1/auth/csrf and send the request again.",
]


@pytest.mark.parametrize("message", MESSAGES)
def test_the_message_has_a_dutch_text(message):
    assert message
    assert translate(message, "nl") != message

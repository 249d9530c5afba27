"""Rate limits: the configured limits, the decorator routes use, and the 429 problem.

A route is limited by stacking `rate_limit(...)` as the outermost decorator of its method:

    @rate_limit("RATELIMIT_STORY_CREATE", key_func=account_or_address)
    @blp.arguments(StoryFeatureIn)
    ...
    def post(self, data): ...

The first argument names a config key holding a limit string ("30 per hour;200 per day"), so
operators can change it with VERHALENKAART_<KEY> and tests can change it on app.config.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import limits
from flask import Flask, Response, current_app
from flask_babel import ngettext
from flask_limiter import RateLimitExceeded

from verhalenkaart.errors import ConfigurationError, RateLimited, render_domain_error
from verhalenkaart.extensions import limiter

#: Every limit setting with its default; all are VERHALENKAART_* variables (docs/configuration.md).
LIMIT_DEFAULTS: dict[str, str] = {
    "RATELIMIT_LOGIN": "20 per minute;200 per day",  # per client address
    "RATELIMIT_LOGIN_ACCOUNT": "5 per minute;30 per hour",  # failed logins per e-mail address
    "RATELIMIT_REGISTER": "10 per hour;50 per day",  # per client address
    "RATELIMIT_REGISTER_ACCOUNT": "3 per hour",  # per e-mail address (no mail bombing)
    "RATELIMIT_PASSWORD_RESET": "10 per hour;50 per day",  # per client address
    "RATELIMIT_PASSWORD_RESET_ACCOUNT": "3 per hour",  # per e-mail address
    "RATELIMIT_TOKEN_CONFIRM": "30 per hour",  # reset/registration links, per client address
    "RATELIMIT_PASSWORD_CHANGE": "10 per hour",  # per account
    "RATELIMIT_STORY_CREATE": "60 per hour;300 per day",  # per account, else client address
    # Ready for the community and schools endpoints (applied where those routes are defined):
    "RATELIMIT_COMMENT_CREATE": "20 per hour;100 per day",  # per account
    "RATELIMIT_REACTION": "120 per hour",  # per account
    "RATELIMIT_REPORT_CREATE": "10 per hour;30 per day",  # per account, else client address
    "RATELIMIT_MEDIA_UPLOAD": "120 per hour;500 per day",  # photos and recordings, per account
    "RATELIMIT_EXPORT": "10 per hour;30 per day",  # GDPR exports (JSON and ZIP), per account
    "RATELIMIT_PUPIL_JOIN": "60 per minute;300 per hour",  # client address (a class at once)
    "RATELIMIT_PUPIL_JOIN_CODE": "40 per minute;200 per hour",  # per join code typed
    "RATELIMIT_PUPIL_REENTER": "30 per minute;300 per hour",  # client address
    "RATELIMIT_PUPIL_REENTER_CODE": "10 per minute;30 per hour",  # per re-entry code typed
    # Wrong codes from all addresses together: bounds guessing from many addresses at once.
    "RATELIMIT_PUPIL_CODES_WRONG": "2000 per hour",
}


def setting(key: str) -> Callable[[], str]:
    """The limit string in app.config[key], read at each request."""
    return lambda: current_app.config[key]


def rate_limit(
    key: str,
    *,
    key_func: Callable[[], str] | None = None,
    methods: list[str] | None = None,
    deduct_when: Callable[[Response], bool] | None = None,
):
    """Limit the decorated view method by the limit in app.config[key]."""
    return limiter.limit(
        setting(key),
        key_func=key_func,
        methods=methods,
        deduct_when=deduct_when,
        override_defaults=False,
    )


def failed(response: Response) -> bool:
    """Count only refused attempts (wrong password), not successful ones."""
    return response.status_code in {401, 403, 422}


def validate_limit_settings(config) -> None:
    """Stop start-up when a limit setting cannot be parsed."""
    for key in LIMIT_DEFAULTS:
        try:
            parsed = limits.parse_many(str(config[key]))
        except ValueError as exc:
            raise ConfigurationError(
                f"VERHALENKAART_{key} is not a rate limit like '10 per minute': {config[key]!r}"
            ) from exc
        if not parsed:
            raise ConfigurationError(f"VERHALENKAART_{key} is empty")


def init_app(app: Flask) -> None:
    for key, value in LIMIT_DEFAULTS.items():
        app.config.setdefault(key, value)
    validate_limit_settings(app.config)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "verhalenkaart")
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    # A Redis outage must not turn every login into a 500: the limits pause (and the
    # failure is logged) until the storage answers again.
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, render_rate_limited)


def render_rate_limited(error: RateLimitExceeded) -> Response:
    """429 problem+json with Retry-After (seconds until the breached window frees a request)."""
    retry_after = 60
    current = limiter.current_limit
    if current is not None:
        retry_after = max(1, int(current.reset_at - time.time()))
    response = render_domain_error(
        RateLimited(
            ngettext(
                "Too many attempts: try again in %(num)d second.",
                "Too many attempts: try again in %(num)d seconds.",
                retry_after,
            )
        )
    )
    response.headers["Retry-After"] = str(retry_after)
    return response

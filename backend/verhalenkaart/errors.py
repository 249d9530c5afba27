"""The DomainError family and the one RFC 9457 problem+json renderer."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import Response, current_app, json
from flask_babel import _, lazy_gettext
from werkzeug.exceptions import HTTPException

from verhalenkaart.i18n import response_language, translate

log = logging.getLogger(__name__)

PROBLEM_MIMETYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:verhalenkaart:problem:"

# Stable slugs for the statuses the API contract lists.
_SLUGS = {
    400: "malformed-request",
    401: "not-logged-in",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    429: "rate-limited",
    503: "unavailable",
    500: "internal-error",
}


class ConfigurationError(RuntimeError):
    """The configuration cannot work; raised at start-up with a message for the operator."""


class DomainError(Exception):
    """An error a client caused, rendered as problem+json with a stable type slug."""

    status = 400
    slug = "malformed-request"
    title = lazy_gettext("Bad request")
    #: Response headers the problem carries (Retry-After on a 503).
    headers: Mapping[str, str] = {}

    def __init__(self, detail: str, errors: Mapping[str, list[str]] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = dict(errors) if errors else None


class MalformedRequest(DomainError):
    status, slug = 400, "malformed-request"
    title = lazy_gettext("The request body is not valid JSON")

    def __init__(self, detail: str | None = None):
        super().__init__(detail or _("Send a JSON document encoded as UTF-8."))


class ValidationProblem(DomainError):
    status, slug, title = 422, "validation-error", lazy_gettext("Some fields are not valid")

    @classmethod
    def field(cls, name: str, message: str) -> ValidationProblem:
        """A validation problem about one field."""
        errors = {name: [message]}
        return cls(field_detail(errors), errors)


class BadParameter(DomainError):
    """A query parameter the OGC API cannot use: OGC API – Features answers 400, not 422."""

    status, slug, title = 400, "invalid-parameter", lazy_gettext("A query parameter is not valid")

    @classmethod
    def field(cls, name: str, message: str) -> BadParameter:
        errors = {name: [message]}
        return cls(field_detail(errors), errors)


class NotLoggedIn(DomainError):
    status, slug, title = 401, "not-logged-in", lazy_gettext("Log in first")


class Forbidden(DomainError):
    status, slug, title = 403, "forbidden", lazy_gettext("Not allowed")


class SecondFactorSetupRequired(Forbidden):
    """The role must use a second factor (REQUIRE_TWO_FACTOR) and the account has none yet."""

    slug, title = "two-factor-setup-required", lazy_gettext("Set up two-step verification first")


class NotFound(DomainError):
    status, slug, title = 404, "not-found", lazy_gettext("Not found")


class Conflict(DomainError):
    status, slug, title = 409, "conflict", lazy_gettext("Conflict")


class ProjectEnded(Conflict):
    """A school project past its end date is read-only (docs/schools.md)."""

    slug = "project-ended"


class UnsupportedMediaType(DomainError):
    status, slug, title = 415, "unsupported-media-type", lazy_gettext("Unsupported media type")


class Busy(DomainError):
    """The server is at its bound for this kind of work; the client retries after a while."""

    status, slug, title = 503, "busy", lazy_gettext("Busy")

    def __init__(self, detail: str, retry_after: int):
        super().__init__(detail)
        self.headers = {"Retry-After": str(retry_after)}


class PayloadTooLarge(DomainError):
    status, slug, title = 413, "payload-too-large", lazy_gettext("Request body too large")


def problem_response(
    status: int,
    title: str,
    detail: str | None = None,
    *,
    slug: str | None = None,
    errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Render one problem+json response; every error in the API goes through here.

    Texts are rendered in the client's language: marked ones are Dutch already or lazy, and
    plain English ones (libraries', or not marked yet) are looked up in the catalogue.
    """
    body: dict[str, object] = {
        "type": PROBLEM_TYPE_PREFIX + (slug or _SLUGS.get(status, "error")),
        "title": translate(title),
        "status": status,
    }
    translated = (
        {name: [translate(message) for message in messages] for name, messages in errors.items()}
        if errors
        else None
    )
    if detail:
        # A detail that only lists the field errors is listed again from their translations.
        is_field_list = errors is not None and str(detail) == field_detail(errors)
        body["detail"] = field_detail(translated) if is_field_list else translate(detail)
    if translated:
        body["errors"] = translated
    response = current_app.response_class(
        json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE
    )
    response.headers["Content-Language"] = response_language()
    response.vary.add("Accept-Language")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def field_detail(errors: Mapping[str, list[str]]) -> str:
    """A detail that lists field errors: "title: Missing data for required field.; …"."""
    return "; ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in errors.items())


def flatten_field_errors(
    messages: object, prefix: str = "", *, in_body: bool = True
) -> dict[str, list[str]]:
    """Turn webargs/marshmallow nested messages into {"field.path": [messages]}.

    The request location ("json", "query", …) and a body Feature's "properties" wrapper are
    left out, so a form can map `errors` straight onto its fields (a query parameter named
    `properties`, GET /stories?properties=, stays named).
    """
    flat: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = str(key)
            is_location = name in {"json", "query", "form", "files", "headers", "path"}
            is_properties = in_body and name == "properties" and isinstance(value, Mapping)
            if not prefix and (is_location or is_properties):
                inner_body = name in {"json", "form", "files"}
                flat.update(flatten_field_errors(value, "", in_body=inner_body))
            elif isinstance(key, int):
                # An item of a list (kind=memory,foo): the list is the field a form shows.
                for field, msgs in flatten_field_errors(value, prefix).items():
                    flat.setdefault(field, []).extend(msgs)
            else:
                flat.update(flatten_field_errors(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(messages, list) and not any(isinstance(m, Mapping | list) for m in messages):
        # Messages: strings, or lazy texts that a schema defined at import time.
        flat.setdefault(prefix or "_schema", []).extend(messages)
    elif isinstance(messages, list):
        for index, item in enumerate(messages):
            flat.update(flatten_field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        flat[prefix or "_schema"] = [str(messages)]
    return flat


def render_http_exception(error: HTTPException) -> Response:
    """problem+json for werkzeug HTTP errors, including webargs' 422 validation errors."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = dict(data.get("headers") or {})
    if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
        headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    if status == 500:
        original = getattr(error, "original_exception", None)
        if original is not None:
            log.exception("Unhandled error", exc_info=original)
        return problem_response(500, _("Something went wrong on our side; please try again later"))
    messages = data.get("errors") or data.get("messages")
    errors = flatten_field_errors(messages) if messages else None
    if status == 422 and errors:
        return problem_response(
            422, ValidationProblem.title, field_detail(errors), errors=errors, headers=headers
        )
    if status == 400 and data.get("messages"):
        # webargs reports an undecodable JSON body as a 400 with its own messages.
        problem = MalformedRequest()
        return problem_response(400, problem.title, problem.detail, headers=headers)
    title = error.name  # werkzeug's English title, in the catalogue (i18n.LIBRARY_MESSAGES)
    detail = data.get("message") or error.description
    if detail == type(error).description:
        # werkzeug's default sentence has no place in the catalogue; ours does.
        detail = _default_detail(error) or detail
    if status == 413:
        detail = _("The request body is larger than this endpoint accepts.")
    return problem_response(status, title, detail, errors=errors, headers=headers)


def _default_detail(error: HTTPException) -> str | None:
    """Our own sentence for a werkzeug error that came without one of its own."""
    if error.code == 404:
        return _("There is nothing at this address.")
    if error.code == 405:
        methods = sorted(getattr(error, "valid_methods", None) or ())
        if methods:
            return _(
                "This address takes only these methods: %(methods)s.", methods=", ".join(methods)
            )
        return _("This method is not allowed at this address.")
    if error.code == 400:
        return _("The request could not be understood.")
    return None


def render_domain_error(error: DomainError) -> Response:
    """problem+json for our own DomainError family."""
    return problem_response(
        error.status,
        error.title,
        error.detail,
        slug=error.slug,
        errors=error.errors,
        headers=error.headers,
    )


# --- trust and safety -----------------------------------------------------------------------------


class CsrfInvalid(DomainError):
    status, slug, title = (
        403,
        "csrf-invalid",
        lazy_gettext("The CSRF token is missing or not valid"),
    )


class CsrfExpired(DomainError):
    status, slug, title = 403, "csrf-expired", lazy_gettext("The CSRF token has expired")


class RateLimited(DomainError):
    status, slug, title = 429, "rate-limited", lazy_gettext("Too many requests")


class TokenInvalid(DomainError):
    status, slug, title = 422, "token-invalid", lazy_gettext("This link is not valid")


class TokenExpired(DomainError):
    status, slug, title = 422, "token-expired", lazy_gettext("This link has expired")


class TokenUsed(DomainError):
    status, slug, title = 422, "token-used", lazy_gettext("This link has been used already")

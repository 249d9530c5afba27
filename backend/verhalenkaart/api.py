"""The flask-smorest Api, speaking RFC 9457 problem+json for every error."""

from __future__ import annotations

from http import HTTPStatus

import flask_smorest
import marshmallow as ma
from apispec import BasePlugin
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from webargs.flaskparser import FlaskParser

from verhalenkaart.errors import (
    PROBLEM_MIMETYPE,
    DomainError,
    render_domain_error,
    render_http_exception,
)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, as every error of the API is answered."""

    type = ma.fields.String(metadata={"description": "Stable problem type URI"})  # noqa: A003
    title = ma.fields.String(metadata={"description": "Short summary"})
    status = ma.fields.Integer(metadata={"description": "HTTP status code"})
    detail = ma.fields.String(metadata={"description": "What went wrong, for people"})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Field name → messages, for invalid fields"},
    )


class StrictQueryParser(FlaskParser):
    """webargs ignores unknown query parameters by default; a misspelt filter (`kinds=`) would
    then silently return everything. Unknown query parameters are a 422 here; unknown JSON
    fields follow each schema (stories ignore server-owned properties)."""

    DEFAULT_UNKNOWN_BY_LOCATION = FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION | {"query": ma.RAISE}


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint with the strict query parser; every API blueprint uses it."""

    ARGUMENTS_PARSER = StrictQueryParser()


#: What the body guard in app.py (`_check_body`) answers on any write, also on one that takes
#: no body (POST /auth/logout, reactions, DELETEs): a body too large (413), not JSON (415), or
#: JSON that does not parse (400; uploads are not parsed there).
BODY_METHODS = ("post", "put", "patch", "delete")


class BodyGuardPlugin(BasePlugin):
    """Lists the body guard's problems on every write operation, so the document cannot forget
    one (a decorator per endpoint did)."""

    def operation_helper(self, path=None, operations=None, **_kwargs):
        for method, operation in (operations or {}).items():
            if method not in BODY_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            content = (operation.get("requestBody") or {}).get("content") or {}
            upload = "multipart/form-data" in content
            for status in (413, 415) if upload else (400, 413, 415):
                if status not in responses and str(status) not in responses:
                    responses[status] = HTTPStatus(status).name


class ProblemApi(Api):
    """flask-smorest's Api with problem+json errors from one renderer."""

    ERROR_SCHEMA = ProblemSchema

    def _init_spec(self, *, extra_plugins=None, **kwargs):
        super()._init_spec(extra_plugins=[*(extra_plugins or ()), BodyGuardPlugin()], **kwargs)

    def _register_error_handlers(self):
        super()._register_error_handlers()
        self._app.register_error_handler(DomainError, render_domain_error)

    def handle_http_exception(self, error):
        return render_http_exception(error)

    def _register_responses(self):
        """Register a response component per status, errors as application/problem+json."""
        for status in HTTPStatus:
            response: dict = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Any other problem", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def problems(blp: Blueprint, *statuses: int):
    """Document the problem+json answers an endpoint can give, besides 422 and the default."""

    def decorator(func):
        for status in statuses:
            func = blp.alt_response(status, response=HTTPStatus(status).name)(func)
        return func

    return decorator

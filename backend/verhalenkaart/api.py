"""The flask-smorest Api, speaking RFC 9457 problem+json for every error."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest import Api

from verhalenkaart.errors import DomainError, render_domain_error, render_http_exception


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


class ProblemApi(Api):
    """flask-smorest's Api with problem+json errors from one renderer."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        super()._register_error_handlers()
        self._app.register_error_handler(DomainError, render_domain_error)

    def handle_http_exception(self, error):
        return render_http_exception(error)

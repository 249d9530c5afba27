"""The OpenAPI document tells clients about CSRF: a header scheme, required by every write."""

from __future__ import annotations

from flask import Flask

from verhalenkaart.security.csrf import HEADER

SCHEME = "csrfToken"
_UNSAFE = ("post", "put", "patch", "delete")


def document_csrf(app: Flask) -> None:
    """Mark every write operation registered so far as needing the X-CSRF-Token header
    (and answering 403). Runs after all API blueprints are registered."""
    apis = app.extensions.get("flask-smorest", {}).get("apis", {})
    for entry in apis.values():
        spec = entry["ext_obj"].spec
        spec.components.security_scheme(
            SCHEME,
            {
                "type": "apiKey",
                "in": "header",
                "name": HEADER,
                "description": "From GET /api/v1/auth/csrf; a missing or wrong token is a 403 "
                "csrf-invalid problem, a token older than CSRF_TOKEN_MAX_AGE a 403 "
                "csrf-expired problem.",
            },
        )
        for operations in spec.to_dict()["paths"].values():
            for method in _UNSAFE:
                operation = operations.get(method)
                if operation is None:
                    continue
                operation.setdefault("security", [{SCHEME: []}])
                operation.setdefault("responses", {}).setdefault(
                    "403", {"$ref": "#/components/responses/FORBIDDEN"}
                )

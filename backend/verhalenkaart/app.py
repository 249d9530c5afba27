"""The application factory: config → extensions → blueprints → error handlers → CLI."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, jsonify, request, send_from_directory
from flask_babel import _
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import PathConverter

from verhalenkaart import security
from verhalenkaart.api import ProblemApi
from verhalenkaart.caching import routes as caching
from verhalenkaart.config import load_config
from verhalenkaart.errors import (
    MalformedRequest,
    NotLoggedIn,
    PayloadTooLarge,
    UnsupportedMediaType,
    problem_response,
    render_http_exception,
)
from verhalenkaart.extensions import babel, db, login_manager
from verhalenkaart.jobs import services as jobs

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
JSON_MIMETYPES = {"application/json", "application/geo+json", "application/merge-patch+json"}
API_VERSION = "1.0.0"


class FrontendPathConverter(PathConverter):
    """Any path except the API's, media's and OGC's own, so those answer 404/405 themselves."""

    regex = r"(?!(?:api|media|ogc)(?:/|$))[^/].*?"


def create_app(overrides: dict | None = None) -> Flask:
    """Build the Flask app. `overrides` (tests) take precedence over the environment."""
    app = Flask(__name__, static_folder=None)
    app.json.sort_keys = False  # keep GeoJSON's natural order: type, id, geometry, properties
    load_config(app, overrides)
    app.config.update(
        API_TITLE="Verhalenkaart API",
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/api/v1/docs/assets/",
        API_SPEC_OPTIONS={
            "info": {
                "description": (
                    "Stories, memories and wishes pinned on the landscape of "
                    f"{app.config['REGION_NAME']}. GeoJSON (RFC 7946) in and out; errors are "
                    "RFC 9457 application/problem+json."
                ),
                "license": {"name": "EUPL-1.2"},
            },
        },
    )
    db.init_app(app)
    jobs.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app)  # problems speak the client's language (i18n.py)
    api = ProblemApi(app)
    _register_blueprints(app, api)
    security.init_app(app)
    caching.init_app(app)
    _register_request_guards(app)
    _register_error_handlers(app)
    _register_site_routes(app)

    from verhalenkaart.cli import register_cli

    register_cli(app)
    return app


def _register_blueprints(app: Flask, api: ProblemApi) -> None:
    from verhalenkaart.accounts.account_routes import blp as account_blp
    from verhalenkaart.accounts.routes import blp as auth_blp
    from verhalenkaart.admin.routes import blp as admin_blp
    from verhalenkaart.collections.routes import blp as collections_blp
    from verhalenkaart.community.routes import blp as community_blp
    from verhalenkaart.layers.routes import blp as layers_blp
    from verhalenkaart.me.routes import blp as me_blp
    from verhalenkaart.moderation.routes import blp as moderation_blp
    from verhalenkaart.places.routes import blp as places_blp
    from verhalenkaart.schools import purge  # noqa: F401 - registers the daily purge job
    from verhalenkaart.schools.routes import auth_blp as schools_auth_blp
    from verhalenkaart.schools.routes import blp as schools_blp
    from verhalenkaart.site.routes import blp as site_blp
    from verhalenkaart.stats.routes import blp as stats_blp
    from verhalenkaart.stories import cells  # noqa: F401 - keeps the map cells current
    from verhalenkaart.stories.routes import blp as stories_blp

    # Media first: the story Feature's schema names media's PhotoOut and AudioOut (stories
    # imports no capability that builds on it), so they must be defined when stories registers.
    _register_media(app, api)
    from verhalenkaart.exports.routes import blp as exports_blp
    from verhalenkaart.ogc.routes import blp as ogc_blp

    app.register_blueprint(ogc_blp)  # outside /api/v1, with its own OpenAPI document
    for blueprint in (
        exports_blp,
        stories_blp,
        places_blp,
        auth_blp,
        account_blp,
        admin_blp,
        moderation_blp,
        community_blp,
        me_blp,
        site_blp,
        collections_blp,
        stats_blp,
        layers_blp,
        schools_blp,
        schools_auth_blp,
    ):
        api.register_blueprint(blueprint)

    @login_manager.user_loader
    def _load_user(session_id: str):
        from verhalenkaart.accounts.sessions import load_session_user

        return load_session_user(session_id)

    @login_manager.unauthorized_handler
    def _unauthorized():
        raise NotLoggedIn(_("Log in to do this."))


def _register_media(app: Flask, api: ProblemApi) -> None:
    from verhalenkaart.media import export, storage  # noqa: F401 - export registers itself
    from verhalenkaart.media.routes import blp as media_blp
    from verhalenkaart.media.routes import files_blp

    storage.init_app(app)
    api.register_blueprint(media_blp)
    app.register_blueprint(files_blp)


def _check_upload(limit: int) -> None:
    """Multipart uploads (photos, audio, layers): their own size limit, nothing else."""
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(_("Uploads may be at most %(limit)d bytes.", limit=limit))
    if request.mimetype != "multipart/form-data":
        raise UnsupportedMediaType(
            _(
                "Send the file as multipart/form-data, not %(mimetype)s.",
                mimetype=request.mimetype,
            )
            if request.mimetype
            else _("Send the file as multipart/form-data; this request names no content type.")
        )


def _register_request_guards(app: Flask) -> None:
    @app.before_request
    def _check_body():
        """API writes take JSON up to JSON_MAX_BYTES; uploads have their own rule. DELETE too:
        DELETE /me reads a JSON body, and a bodyless DELETE passes as before."""
        if not request.path.startswith("/api/") or request.method not in BODY_METHODS:
            return
        from verhalenkaart.layers.routes import upload_limit as layer_upload_limit
        from verhalenkaart.media.routes import upload_limit

        limit = upload_limit(request.endpoint, app.config)
        limit = layer_upload_limit(request.endpoint, app.config) if limit is None else limit
        # Uploads are POSTs; a layer's PATCH may also be a form with a new file (or JSON).
        if limit is not None and (
            request.method == "POST" or request.mimetype == "multipart/form-data"
        ):
            _check_upload(limit)
            return
        request.max_content_length = app.config["JSON_MAX_BYTES"]
        length = request.content_length
        if length is not None and length > app.config["JSON_MAX_BYTES"]:
            raise PayloadTooLarge(
                _("JSON bodies may be at most %(limit)d bytes.", limit=app.config["JSON_MAX_BYTES"])
            )
        has_body = bool(length) or request.headers.get("Transfer-Encoding") == "chunked"
        if not has_body:
            return
        if request.mimetype not in JSON_MIMETYPES:
            raise UnsupportedMediaType(
                _("Send the body as application/json, not %(mimetype)s.", mimetype=request.mimetype)
                if request.mimetype
                else _("Send the body as application/json; this request names no content type.")
            )
        # Parse here (Flask caches the result for the view): json raises RecursionError, not
        # ValueError, for absurd nesting, which webargs would let through as a 500.
        try:
            request.get_json()
        except (BadRequest, RecursionError):
            raise MalformedRequest(_("The request body is not valid JSON.")) from None


#: Seconds a client is asked to wait after a 503 for an unavailable database.
DATABASE_RETRY_AFTER_S = 5


def _database_unavailable(error: BaseException) -> bool:
    """The database could not serve the request now: an operational error (SQLite locked past
    the busy timeout, PostgreSQL shutting down or unreachable) or a dropped connection."""
    return isinstance(error, sa.exc.OperationalError) or (
        isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated
    )


def _register_error_handlers(app: Flask) -> None:
    # flask-smorest handles HTTPExceptions; plain Flask routes outside the API use the same
    # renderer. A catch-all turns anything else into a generic 500 (re-raised when testing).
    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return render_http_exception(error)
        if _database_unavailable(error):
            # Locked past the busy timeout, restarting, unreachable: the client may retry
            # (the PWA's outbox does); the next request gets a fresh connection from the pool.
            app.logger.warning("Database unavailable: %s", error)
            return problem_response(
                503,
                _("Database not reachable"),
                _("The database is busy or unreachable; please try again shortly."),
                slug="database-unavailable",
                headers={"Retry-After": str(DATABASE_RETRY_AFTER_S)},
            )
        if app.testing:
            raise error
        app.logger.exception("Unhandled error")
        return problem_response(500, _("Something went wrong on our side; please try again later"))


def _register_site_routes(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        """The process is up."""
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz():
        """The database answers."""
        try:
            db.session.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError:
            app.logger.exception("Database not reachable")
            return problem_response(503, _("Database not reachable"), slug="not-ready")
        return jsonify(status="ready", database=db.dialect)

    @app.get("/api/v1/docs/assets/<path:filename>")
    def swagger_assets(filename: str):
        import swagger_ui_bundle

        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename, max_age=86400)

    app.url_map.converters["frontend_path"] = FrontendPathConverter

    @app.get("/", defaults={"path": ""})
    @app.get("/<frontend_path:path>")
    def frontend(path: str):
        """The built PWA, with a fallback to index.html for its client-side routes."""
        from verhalenkaart.site.routes import serve_frontend

        return serve_frontend(path)

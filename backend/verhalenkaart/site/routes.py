"""GET /api/v1/config, and the built PWA with its SPA fallback."""

from __future__ import annotations

import mimetypes
from pathlib import Path, PurePosixPath

from flask import current_app, make_response, request, send_from_directory
from flask.views import MethodView
from flask_babel import _, force_locale

from verhalenkaart.accounts.permissions import request_user
from verhalenkaart.api import Blueprint
from verhalenkaart.errors import problem_response
from verhalenkaart.extensions import db
from verhalenkaart.i18n import select_locale
from verhalenkaart.site import pages, services
from verhalenkaart.site.schemas import ClientConfigSchema

blp = Blueprint("site", __name__, url_prefix="/api/v1", description="Settings for the web app")


@blp.route("/config")
class ClientConfig(MethodView):
    @blp.response(200, ClientConfigSchema)
    def get(self):
        """Public settings of this installation: region, basemaps, moderation, photo limits."""
        config = current_app.config
        labels = services.map_labels(db.session, config["REGION_NAME"])
        return services.client_config(config, labels)


def send_build_file(root: Path, path: str):
    """A file of the build, as the build's brotli or gzip copy when the browser takes one."""
    encoded = services.precompressed(root, path, request.accept_encodings)
    if encoded:
        name = PurePosixPath(path).name
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = send_from_directory(
            root, encoded[0], max_age=None, mimetype=mimetype, download_name=name
        )
        response.headers["Content-Encoding"] = encoded[1]
    else:
        response = send_from_directory(root, path, max_age=None)
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = services.cache_control_for(path)
    if path == "sw.js":
        response.headers["Service-Worker-Allowed"] = "/"
    return response


def serve_frontend(path: str):
    """A file of the build when it exists; index.html for the app's pages (with a public
    story's, collection's or place's preview tags and content), also for a page the app does
    not know, with status 404 so it can say so; a 404 problem for a missing file, so a stale
    asset never gets HTML."""
    root = Path(current_app.config["FRONTEND_DIR"])
    if path and ".." not in PurePosixPath(path).parts and (root / path).is_file():
        return send_build_file(root, path)
    if "." in PurePosixPath(path).name:
        return problem_response(404, _("Not found"), detail=_("There is no such file."))
    if not (root / "index.html").is_file():
        return problem_response(
            503,
            _("The web app has not been built"),
            detail=_("Run scripts/run.sh (or npm ci && npx vite build in frontend/)."),
            slug="frontend-not-built",
        )
    shell = (root / "index.html").read_text(encoding="utf-8")
    # A link preview's fetcher rarely names a language: the shell is Dutch (lang="nl") first.
    with force_locale(select_locale() if request.accept_languages else "nl"):
        page = pages.shell_page(
            db.session,
            root,
            path,
            request_user(),
            anonymous_contributions=current_app.config["ANONYMOUS_CONTRIBUTIONS"],
        )
        html = services.render_shell(shell, page, request.host_url.rstrip("/"), request.path)
    response = make_response(html, page.status)
    response.mimetype = "text/html"
    response.headers["Cache-Control"] = services.REVALIDATE
    response.vary.add("Accept-Language")
    return response

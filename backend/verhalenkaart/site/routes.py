"""GET /api/v1/config, and the built PWA with its SPA fallback."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from flask import current_app, send_from_directory
from flask.views import MethodView
from flask_babel import _

from verhalenkaart.api import Blueprint
from verhalenkaart.errors import problem_response
from verhalenkaart.extensions import db
from verhalenkaart.site import services
from verhalenkaart.site.schemas import ClientConfigSchema

blp = Blueprint("site", __name__, url_prefix="/api/v1", description="Settings for the web app")


@blp.route("/config")
class ClientConfig(MethodView):
    @blp.response(200, ClientConfigSchema)
    def get(self):
        """Public settings of this installation: region, basemaps, moderation, photo limits."""
        return services.client_config(current_app.config, services.map_labels(db.session))


def serve_frontend(path: str):
    """A file of the build when it exists; index.html for the app's routes (paths without a
    file extension); a 404 problem for a missing file, so a stale asset never gets HTML."""
    root = Path(current_app.config["FRONTEND_DIR"])
    if path and ".." not in PurePosixPath(path).parts and (root / path).is_file():
        response = send_from_directory(root, path, max_age=None)
        response.headers["Cache-Control"] = services.cache_control_for(path)
        if path == "sw.js":
            response.headers["Service-Worker-Allowed"] = "/"
        return response
    if "." in PurePosixPath(path).name:
        return problem_response(404, _("Not found"), detail=_("There is no such file."))
    if not (root / "index.html").is_file():
        return problem_response(
            503,
            _("The web app has not been built"),
            detail=_("Run scripts/run.sh (or npm ci && npx vite build in frontend/)."),
            slug="frontend-not-built",
        )
    response = send_from_directory(root, "index.html", max_age=None)
    response.headers["Cache-Control"] = services.REVALIDATE
    return response

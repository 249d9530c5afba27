"""GET /api/v1/export/stories.{geojson,csv,gpkg,zip}: open data, streamed.

The list's filters; published stories for everyone (open to every origin), every status but
deleted for curators and administrators with `all_statuses=true` (a session; never cached,
never cross-origin: security/headers.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flask import current_app, request, stream_with_context
from flask.views import MethodView

from verhalenkaart.api import Blueprint, problems
from verhalenkaart.exports import services
from verhalenkaart.exports.archive import zip_chunks
from verhalenkaart.exports.geopackage import gpkg_chunks
from verhalenkaart.exports.schemas import ExportQuery
from verhalenkaart.extensions import db
from verhalenkaart.permissions import require_curator
from verhalenkaart.stories import features

blp = Blueprint(
    "exports",
    __name__,
    url_prefix="/api/v1/export",
    description="Open data: the stories as GeoJSON, CSV, GeoPackage or ZIP, streamed",
)

GEOJSON = "application/geo+json"
FORMATS = {
    "geojson": (GEOJSON, "GeoJSON FeatureCollection (RFC 7946): the stories as the list has them"),
    "csv": (
        "text/csv; charset=utf-8",
        "CSV, UTF-8 with a byte order mark (Excel), one row a story: lon, lat, wkt, themes, "
        "license, attribution and the other properties",
    ),
    "gpkg": ("application/geopackage+sqlite3", "GeoPackage, layer `stories` (EPSG:4326)"),
    "zip": (
        "application/zip",
        "ZIP: stories.geojson, the photos, and a README with each story's licence and credit",
    ),
}


def _source() -> services.Source:
    config = current_app.config
    base = config.get("BASE_URL") or request.url_root
    return services.Source(f"Verhalenkaart {config['REGION_NAME']}", base.rstrip("/"))


def _export(fmt: str, args: dict):
    every_status = bool(args.pop("all_statuses", False))
    if every_status:
        require_curator()
    filters = features.filters_from_query(db.session, args)
    source = _source()
    session = db.session
    makers: dict[str, Callable[[], Iterator[bytes]]] = {
        "geojson": lambda: services.chunked(
            services.geojson_parts(services.stream(session, filters, every_status), source)
        ),
        "csv": lambda: services.chunked(
            services.csv_parts(services.stream(session, filters, every_status), source)
        ),
        "gpkg": lambda: gpkg_chunks(
            services.rows(services.stream(session, filters, every_status), source), source
        ),
        "zip": lambda: zip_chunks(session, filters, every_status, source),
    }
    body = (chunk for chunk in makers[fmt]() if chunk)  # an empty chunk would end the stream
    response = current_app.response_class(
        stream_with_context(body), mimetype=FORMATS[fmt][0].split(";")[0]
    )
    if fmt == "csv":
        response.headers["Content-Type"] = FORMATS["csv"][0]
    name = "verhalenkaart-stories" + ("-all-statuses" if every_status else "")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers["Cache-Control"] = "no-store" if every_status else "public, max-age=300"
    response.vary.add("Accept-Language")  # pupils' stories say "leerling van …" or "pupil at …"
    return response


def _view(fmt: str) -> type[MethodView]:
    media_type, description = FORMATS[fmt]
    # The GeoJSON export is a JSON document (a FeatureCollection); the others are files.
    schema = (
        {"type": "object", "description": "A GeoJSON FeatureCollection (RFC 7946)"}
        if media_type.endswith("json")
        else {"type": "string", "format": "binary"}
    )

    class Export(MethodView):
        @blp.arguments(ExportQuery, location="query", as_kwargs=True)
        @problems(blp, 401, 403)
        @blp.response(200, description=description)
        @blp.doc(
            responses={
                "200": {
                    "description": description,
                    "content": {media_type: {"schema": schema}},
                }
            }
        )
        def get(self, **args):
            return _export(fmt, args)

    Export.get.__doc__ = f"The stories as {fmt.upper()}: {description}."
    Export.__name__ = f"Export{fmt.title()}"
    return Export


for _fmt in FORMATS:
    blp.route(f"/stories.{_fmt}", endpoint=f"stories_{_fmt}")(_view(_fmt))

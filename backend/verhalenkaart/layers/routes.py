"""HTTP endpoints for context layers: anyone reads, curators import, edit and remove."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask.views import MethodView
from werkzeug.datastructures import CombinedMultiDict

from verhalenkaart.api import Blueprint, StrictQueryParser, problems
from verhalenkaart.errors import ValidationProblem
from verhalenkaart.extensions import db
from verhalenkaart.layers import services
from verhalenkaart.layers.files import LayerLimits
from verhalenkaart.layers.models import Layer
from verhalenkaart.layers.schemas import LayerData, LayerForm, LayerList, LayerOut, LayerPatch
from verhalenkaart.permissions import require_curator

#: Public reads are open to other origins (DESIGN §4), never with credentials.
OPEN_TO_ALL = {"Access-Control-Allow-Origin": "*"}
#: Short enough that a replaced file shows soon; the ETag makes the revalidation cheap.
DATA_CACHE_CONTROL = "public, max-age=60"
LIST_CACHE_CONTROL = "public, max-age=30"
GEOJSON = "application/geo+json"
#: Room for the multipart envelope and the text fields beside the file.
MULTIPART_OVERHEAD_BYTES = 256 * 1024


class FormOrJsonParser(StrictQueryParser):
    """The `files` location reads a multipart form (the file and the text fields beside it),
    or a JSON body, so an edit can be a JSON document or a form with a new file."""

    def load_files(self, req, schema):
        if req.mimetype != "multipart/form-data":
            return self.load_json(req, schema)
        form = CombinedMultiDict([req.files, req.form])
        for name in form:
            if len(form.getlist(name)) > 1:
                raise ValidationProblem.field(name, "Send one value.")
        return self._makeproxy(form, schema)


class LayersBlueprint(Blueprint):
    ARGUMENTS_PARSER = FormOrJsonParser()


blp = LayersBlueprint(
    "layers",
    __name__,
    url_prefix="/api/v1",
    description="Context layers: overlays such as brook valleys or the province's Opgavenkaart",
)


def upload_limit(endpoint: str | None, config: dict) -> int | None:
    """The largest request body `endpoint` accepts, if it takes layer files."""
    if endpoint in {"layers.Layers", "layers.LayerBySlug"}:
        return int(config["LAYER_MAX_BYTES"]) + MULTIPART_OVERHEAD_BYTES
    return None


def _ref(schema: str) -> dict:
    return {"$ref": f"#/components/schemas/{schema}"}


def _limits() -> LayerLimits:
    return LayerLimits.from_config(current_app.config)


def layer_json(layer: Layer) -> dict:
    """The layer as LayerOut writes it, with the address of its features."""
    return LayerOut().dump(layer) | {"data_url": url_for("layers.LayerFeatures", slug=layer.slug)}


def _read(file_storage) -> tuple[bytes, str]:
    limit = int(current_app.config["LAYER_MAX_BYTES"])
    # One byte more tells "too large" from "exactly full".
    return file_storage.read(limit + 1), file_storage.filename or ""


@blp.route("/layers")
class Layers(MethodView):
    @blp.response(200, LayerList)
    def get(self):
        """Every context layer's description and style, in display order (no features)."""
        layers = [layer_json(layer) for layer in services.list_layers(db.session)]
        return {"layers": layers}, 200, OPEN_TO_ALL | {"Cache-Control": LIST_CACHE_CONTROL}

    @blp.arguments(LayerForm, location="files")
    @problems(blp, 401, 403, 409, 413, 415)
    @blp.response(201, LayerOut)
    def post(self, form):
        """Import a layer from a GeoJSON file, GeoPackage or zipped shapefile (curators)."""
        require_curator()
        upload, filename = _read(form.pop("file"))
        layer = services.create_layer(db.session, upload, filename, form, _limits())
        db.session.commit()
        headers = {"Location": url_for("layers.LayerBySlug", slug=layer.slug)}
        return layer_json(layer), 201, headers


@blp.route("/layers/<slug>")
class LayerBySlug(MethodView):
    @blp.response(200, LayerOut)
    @problems(blp, 404)
    def get(self, slug: str):
        """One layer's description and style."""
        layer = services.get_layer(db.session, slug)
        return layer_json(layer), 200, OPEN_TO_ALL

    @blp.arguments(LayerPatch, location="files")
    # The same fields as JSON, when no file is sent (FormOrJsonParser reads either).
    @blp.doc(requestBody={"content": {"application/json": {"schema": _ref("LayerPatch")}}})
    @problems(blp, 400, 401, 403, 404, 413)
    @blp.response(200, LayerOut)
    def patch(self, data, slug: str):
        """Change texts, style, order or default visibility; a `file` replaces the features."""
        require_curator()
        layer = services.get_layer(db.session, slug)
        upload, filename = _read(data.pop("file")) if "file" in data else (None, "")
        services.update_layer(db.session, layer, data, _limits(), upload, filename)
        db.session.commit()
        return layer_json(layer)

    @blp.response(204)
    @problems(blp, 401, 403, 404)
    def delete(self, slug: str):
        """Remove a layer (curators)."""
        require_curator()
        services.delete_layer(db.session, services.get_layer(db.session, slug))
        db.session.commit()


@blp.route("/layers/<slug>/data")
class LayerFeatures(MethodView):
    @blp.response(200, LayerData, content_type="application/geo+json")
    @blp.alt_response(304, description="Not modified (If-None-Match matched the ETag)")
    @problems(blp, 404)
    def get(self, slug: str):
        """The layer's features: a GeoJSON FeatureCollection in WGS84, with a strong ETag."""
        layer = services.get_layer(db.session, slug)
        if request.accept_encodings["gzip"]:
            # Compressed once at import: a different representation, so its own strong ETag.
            response = current_app.response_class(layer.data_gzip, mimetype=GEOJSON)
            response.headers["Content-Encoding"] = "gzip"
            response.set_etag(f"{layer.data_etag}-gzip")
        else:
            response = current_app.response_class(layer.data, mimetype=GEOJSON)
            response.set_etag(layer.data_etag)
        response.vary.add("Accept-Encoding")
        response.headers["Cache-Control"] = DATA_CACHE_CONTROL
        response.headers.update(OPEN_TO_ALL)
        return response.make_conditional(request)

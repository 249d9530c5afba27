"""The OpenAPI 3.0 description of /ogc (conformance class OpenAPI 3.0): its own document, apart
from /api/v1's, as OGC API – Features asks (the `service-desc` link of the landing page)."""

from __future__ import annotations

from verhalenkaart.ogc.schemas import DEFAULT_LIMIT, MAX_LIMIT
from verhalenkaart.ogc.services import COLLECTIONS

_PROBLEM = {"application/problem+json": {"schema": {"type": "object"}}}
_JSON = {"application/json": {"schema": {"type": "object"}}, "text/html": {"schema": {}}}
_GEOJSON = {"application/geo+json": {"schema": {"type": "object"}}, "text/html": {"schema": {}}}


def _parameter(name: str, description: str, schema: dict, where: str = "query") -> dict:
    found = {"name": name, "in": where, "description": description, "schema": schema}
    if where == "path":
        found["required"] = True
    elif name == "bbox":
        found |= {"style": "form", "explode": False}
    return found


_F = _parameter("f", "json or html (else the Accept header decides)", {"enum": ["json", "html"]})
_COLLECTION = _parameter(
    "collectionId", "The collection", {"type": "string", "enum": list(COLLECTIONS)}, "path"
)


def _get(summary: str, content: dict, parameters: list[dict], not_found: bool = False) -> dict:
    responses = {
        "200": {"description": summary, "content": content},
        "400": {"description": "A parameter is not valid", "content": _PROBLEM},
    }
    if not_found:
        responses["404"] = {"description": "Not found", "content": _PROBLEM}
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def openapi_document(server_url: str, title: str) -> dict:
    items_parameters = [
        _COLLECTION,
        _parameter(
            "bbox",
            "minLon,minLat,maxLon,maxLat (CRS84): stories whose geometry intersects it",
            {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
        ),
        _parameter(
            "limit",
            f"Stories a page (default {DEFAULT_LIMIT}, at most {MAX_LIMIT})",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        ),
        _parameter("offset", "Stories to skip (the next link sets it)", {"type": "integer"}),
        _parameter(
            "datetime",
            "Publication time: an instant, or start/end with .. for an open end",
            {"type": "string"},
        ),
        _parameter("kind", "memory, story, photo or wish (comma list)", {"type": "string"}),
        _parameter("theme", "Theme slugs (comma list), see /api/v1/themes", {"type": "string"}),
        _F,
    ]
    feature_id = _parameter("featureId", "The story's id (UUID)", {"type": "string"}, "path")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{title} – OGC API Features",
            "version": "1.0.0",
            "description": "The published stories, read-only (OGC API – Features Part 1).",
            "license": {"name": "Each story's own licence (CC BY 4.0, CC BY-SA 4.0, CC0)"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": _get("The landing page", _JSON, [_F]),
            "/conformance": _get("The conformance classes", _JSON, [_F]),
            "/api": _get(
                "This document",
                {"application/vnd.oai.openapi+json;version=3.0": {"schema": {}}},
                [_F],
            ),
            "/collections": _get("The collections", _JSON, [_F]),
            "/collections/{collectionId}": _get(
                "One collection", _JSON, [_COLLECTION, _F], not_found=True
            ),
            "/collections/{collectionId}/items": _get(
                "Its stories as GeoJSON", _GEOJSON, items_parameters, not_found=True
            ),
            "/collections/{collectionId}/items/{featureId}": _get(
                "One story as a GeoJSON Feature",
                _GEOJSON,
                [_COLLECTION, feature_id, _F],
                not_found=True,
            ),
        },
    }

"""OGC API – Features at /ogc (Part 1 Core, GeoJSON, HTML, OpenAPI 3.0), read-only.

A plain Flask blueprint outside /api/v1: it has its own OpenAPI document (/ogc/api) and answers
every error as problem+json (400 for a bad parameter, 404 for an unknown collection or story).
JSON for programs (items as application/geo+json), HTML for people (`f=html`, or a browser's
Accept header). Open to every origin (security/headers.py): it only ever shows published stories.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from flask import Blueprint, Response, current_app, render_template, request, url_for

from verhalenkaart.extensions import db
from verhalenkaart.ogc import services
from verhalenkaart.ogc.document import openapi_document
from verhalenkaart.ogc.schemas import (
    ITEMS_PARAMETERS,
    check_known,
    output_format,
    parse_items_query,
)
from verhalenkaart.ogc.services import GEOJSON, HTML, JSON, OPENAPI, link

blp = Blueprint("ogc", __name__, url_prefix="/ogc", template_folder="templates")
ONLY_F = frozenset({"f"})


def _url(endpoint: str, **values: object) -> str:
    return url_for(endpoint, _external=True, **values)


def _wants_html(known: frozenset[str] = ONLY_F) -> bool:
    check_known(request.args, known)
    chosen = output_format(request.args)
    if chosen is not None:
        return chosen == "html"
    best = request.accept_mimetypes.best_match([GEOJSON, JSON, HTML], default=JSON)
    return best == HTML


def _json(document: object, media_type: str = JSON) -> Response:
    response = current_app.response_class(json.dumps(document), mimetype=media_type)
    response.vary.add("Accept")
    return response


def _html(template: str, **context: object) -> Response:
    response = current_app.response_class(
        render_template(f"ogc/{template}", title=_title(), **context), mimetype=HTML
    )
    response.vary.add("Accept")
    return response


def _title() -> str:
    return f"Verhalenkaart {current_app.config['REGION_NAME']}"


@blp.get("", endpoint="landing")
@blp.get("/", endpoint="landing_slash")
def landing():
    document = services.landing(_url, _title())
    return _html("landing.html", doc=document) if _wants_html() else _json(document)


@blp.get("/conformance")
def conformance():
    document = services.conformance()
    return _html("conformance.html", doc=document) if _wants_html() else _json(document)


@blp.get("/api")
def api():
    document = openapi_document(_url("ogc.landing").rstrip("/"), _title())
    if _wants_html():
        return _html("api.html", doc=document, text=json.dumps(document, indent=2))
    return _json(document, OPENAPI)


@blp.get("/collections")
def collections():
    document = services.collections(db.session, _url)
    return _html("collections.html", doc=document) if _wants_html() else _json(document)


@blp.get("/collections/<collection_id>")
def collection(collection_id: str):
    html = _wants_html()
    document = services.collection_info(db.session, _url, services.collection(collection_id))
    return _html("collection.html", doc=document) if html else _json(document)


@blp.get("/collections/<collection_id>/items")
def items(collection_id: str):
    html = _wants_html(ITEMS_PARAMETERS)
    query = parse_items_query(request.args)
    item = services.collection(collection_id)
    page = services.items(db.session, item, query)
    args = request.args.to_dict()
    links = [
        link(request.url, "self", HTML if html else GEOJSON, "This page"),
        link(
            _page_url(collection_id, args, f="html" if not html else "json"),
            "alternate",
            GEOJSON if html else HTML,
        ),
        link(_url("ogc.collection", collection_id=collection_id), "collection", JSON),
    ]
    if page.has_next:
        next_args = args | {"offset": str(query.offset + query.limit)}
        links.append(link(_page_url(collection_id, next_args), "next", GEOJSON, "Next page"))
    if query.offset > 0:
        prev_args = args | {"offset": str(max(0, query.offset - query.limit))}
        links.append(link(_page_url(collection_id, prev_args), "prev", GEOJSON, "Previous page"))
    if html:
        found = [json.loads(text) for text in page.features]
        return _html("items.html", collection=item, features=found, page=page, links=links)
    envelope = {
        "type": "FeatureCollection",
        "numberMatched": page.matched,
        "numberReturned": len(page.features),
        "links": links,
    }
    return current_app.response_class(_collection_body(envelope, page.features), mimetype=GEOJSON)


def _page_url(collection_id: str, args: dict, **overrides: str) -> str:
    return _url("ogc.items", collection_id=collection_id, **(args | overrides))


def _collection_body(envelope: dict, texts: list[str]) -> Iterator[str]:
    """The FeatureCollection around the database's Feature texts, without parsing them."""
    head = json.dumps(envelope)
    yield f'{head[:-1]}, "features": ['
    for index, text in enumerate(texts):
        yield ("," if index else "") + text
    yield "]}"


@blp.get("/collections/<collection_id>/items/<feature_id>")
def feature(collection_id: str, feature_id: str):
    html = _wants_html()
    item = services.collection(collection_id)
    text = services.item_feature(db.session, item, feature_id)
    self_url = _url("ogc.feature", collection_id=collection_id, feature_id=feature_id)
    links = [
        link(self_url, "self", GEOJSON, "This story"),
        link(f"{self_url}?f=html", "alternate", HTML, "This story as HTML"),
        link(_url("ogc.collection", collection_id=collection_id), "collection", JSON),
    ]
    if html:
        return _html("feature.html", collection=item, feature=json.loads(text), links=links)
    body = f'{text[:-1]}, "links": {json.dumps(links)}}}'
    return current_app.response_class(body, mimetype=GEOJSON)

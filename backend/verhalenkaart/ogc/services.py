"""What the OGC API answers, built on the stories' read side (stories.features): the collections,
their extents and counts, and pages of items as the database-written Feature texts.

Only published stories, through `published_conditions`, the same rule as the list and the map;
pupils' stories carry no author there. Links are made by the caller (routes), which knows the
request: `Links` turns a route and its parameters into absolute URLs.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart.errors import BadParameter, NotFound, ValidationProblem
from verhalenkaart.ogc.schemas import CRS84, KINDS, ItemsQuery
from verhalenkaart.stories import feature_sets, features
from verhalenkaart.stories.themes import theme_filter

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"

#: url(endpoint, **values) → absolute URL (flask.url_for with _external, from the routes)
UrlFor = Callable[..., str]


@dataclass(frozen=True)
class Collection:
    id: str  # noqa: A003
    title: str
    description: str
    kinds: tuple[str, ...] = ()


_KIND_TITLES = {
    "memory": ("Memories", "Herinneringen: what a place meant to someone."),
    "story": ("Stories", "Verhalen: stories told about a place."),
    "photo": ("Photos", "Foto's: a place seen, then or now."),
    "wish": ("Wishes", "Wensen: what someone wishes for a place."),
}
COLLECTIONS = {
    "stories": Collection(
        "stories",
        "All stories",
        "Every published story of the map: memories, stories, photos and wishes, with their "
        "themes, era, place and licence. Pupils' stories carry no author.",
    ),
    **{
        kind: Collection(kind, *_KIND_TITLES[kind], kinds=(kind,))
        for kind in KINDS
        if kind in _KIND_TITLES
    },
}


def collection(collection_id: str) -> Collection:
    found = COLLECTIONS.get(collection_id)
    if found is None:
        raise NotFound(
            _(
                "There is no collection %(collection)s. See /ogc/collections.",
                collection=repr(collection_id),
            )
        )
    return found


def landing(url: UrlFor, title: str) -> dict:
    return {
        "title": title,
        "description": (
            "The published stories of the map as OGC API – Features: add this address in "
            "QGIS, ArcGIS or GDAL (OAPIF). Read-only; GeoJSON in WGS84 (CRS84)."
        ),
        "links": [
            link(url("ogc.landing"), "self", JSON, "This document"),
            link(url("ogc.landing", f="html"), "alternate", HTML, "This document as HTML"),
            link(url("ogc.api"), "service-desc", OPENAPI, "The API definition"),
            link(url("ogc.api", f="html"), "service-doc", HTML, "The API documentation"),
            link(url("ogc.conformance"), "conformance", JSON, "Conformance classes"),
            link(url("ogc.collections"), "data", JSON, "The collections"),
        ],
    }


def conformance() -> dict:
    return {"conformsTo": CONFORMANCE}


def collection_info(session: Session, url: UrlFor, item: Collection) -> dict:
    bbox, (first, last) = feature_sets.published_extent(
        session, features.StoryFilters(kinds=item.kinds)
    )
    extent: dict = {"temporal": {"interval": [[first, last]], "trs": GREGORIAN}}
    if bbox is not None:
        extent["spatial"] = {"bbox": [list(bbox)], "crs": CRS84}
    return {
        "id": item.id,
        "title": item.title,
        "description": item.description,
        "itemType": "feature",
        "crs": [CRS84],
        "extent": extent,
        "links": [
            link(url("ogc.collection", collection_id=item.id), "self", JSON, item.title),
            link(url("ogc.collection", collection_id=item.id, f="html"), "alternate", HTML),
            link(url("ogc.items", collection_id=item.id), "items", GEOJSON, "The stories"),
            link(url("ogc.items", collection_id=item.id, f="html"), "items", HTML),
        ],
    }


def collections(session: Session, url: UrlFor) -> dict:
    return {
        "links": [
            link(url("ogc.collections"), "self", JSON, "The collections"),
            link(url("ogc.collections", f="html"), "alternate", HTML),
        ],
        "collections": [collection_info(session, url, c) for c in COLLECTIONS.values()],
    }


def _filters(session: Session, item: Collection, query: ItemsQuery) -> features.StoryFilters:
    kinds = query.kinds
    if item.kinds:
        # A kind's collection only has that kind; kind=… narrows, it never widens.
        kinds = tuple(k for k in (kinds or item.kinds) if k in item.kinds) or ("-",)
    try:
        themes = theme_filter(session, query.themes)
    except ValidationProblem as problem:  # the 422 of /api/v1 is a 400 here
        raise BadParameter(problem.detail, problem.errors) from None
    return features.StoryFilters(
        bbox=query.bbox,
        kinds=kinds,
        themes=themes,
        published_from=query.published_from,
        published_to=query.published_to,
    )


@dataclass(frozen=True)
class ItemsPage:
    features: list[str]  # Feature JSON texts, written by the database
    matched: int
    has_next: bool


def items(session: Session, item: Collection, query: ItemsQuery) -> ItemsPage:
    filters = _filters(session, item, query)
    matched = feature_sets.count_stories(session, filters)
    found = feature_sets.published_features_at(session, filters, query.limit, query.offset)
    return ItemsPage(found, matched, query.offset + len(found) < matched)


def item_feature(session: Session, item: Collection, feature_id: str) -> str:
    """One story's Feature text, if it is published and in the collection; NotFound otherwise."""
    try:
        story_uuid = uuid.UUID(feature_id)
    except ValueError:
        raise NotFound(_("There is no story with this id.")) from None
    text = feature_sets.published_feature(session, story_uuid)
    if item.kinds and json.loads(text)["properties"]["kind"] not in item.kinds:
        raise NotFound(_("There is no story with this id."))
    return text


def link(href: str, rel: str, media_type: str, title: str | None = None) -> dict:
    """One link object of OGC API – Features (href, rel, type, title)."""
    found = {"href": href, "rel": rel, "type": media_type}
    if title:
        found["title"] = title
    return found

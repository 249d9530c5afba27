"""HTTP endpoints for collections (exhibitions and routes) and the QR codes printed with them."""

from __future__ import annotations

import uuid

from flask import current_app, request
from flask.views import MethodView

from verhalenkaart import qr
from verhalenkaart.accounts.permissions import request_user
from verhalenkaart.api import Blueprint, problems
from verhalenkaart.collections import services
from verhalenkaart.collections.schemas import (
    CollectionIn,
    CollectionListOut,
    CollectionListQuery,
    CollectionOut,
    CollectionPatch,
    CollectionQuery,
    ItemAddIn,
    ItemPatch,
    QrQuery,
)
from verhalenkaart.extensions import db
from verhalenkaart.pagination import page_links
from verhalenkaart.permissions import require_curator

blp = Blueprint(
    "collections",
    __name__,
    url_prefix="/api/v1",
    description="Collections: exhibitions and routes curators build from published stories",
)


@blp.route("/collections")
class Collections(MethodView):
    @blp.arguments(CollectionListQuery, location="query", as_kwargs=True)
    @blp.response(200, CollectionListOut)
    @problems(blp, 403)
    def get(self, status: str, limit: int, cursor: str | None = None):
        """Published collections, newest first (curators: also drafts, with `status`)."""
        found, next_cursor = services.list_collections(
            db.session, status, limit, cursor, request_user()
        )
        return {
            "collections": found,
            "links": page_links(next_cursor),
            "numberReturned": len(found),
        }

    @blp.arguments(CollectionIn)
    @blp.response(201, CollectionOut)
    @problems(blp, 401, 403, 409)
    def post(self, data: dict):
        """Start a collection (curators)."""
        user = require_curator()
        collection = services.create_collection(db.session, user, data)
        db.session.commit()
        return services.edit_view(db.session, collection)


@blp.route("/collections/<slug>")
class CollectionBySlug(MethodView):
    @blp.arguments(CollectionQuery, location="query", as_kwargs=True)
    @blp.response(200, CollectionOut)
    @problems(blp, 401, 403, 404)
    def get(self, slug: str, view: str):
        """One collection with its stories in order; drafts only for curators."""
        if view == "edit":
            require_curator()
        collection = services.collection_by_slug(db.session, slug, request_user())
        if view == "edit":
            return services.edit_view(db.session, collection)
        return services.public_view(db.session, collection)

    @blp.arguments(CollectionPatch)
    @blp.response(200, CollectionOut)
    @problems(blp, 401, 403, 404, 409)
    def patch(self, data: dict, slug: str):
        """Change any part of a collection; `items` replaces (reorders) its stories."""
        user = require_curator()
        collection = services.collection_by_slug(db.session, slug, user)
        services.update_collection(db.session, collection, data)
        db.session.commit()
        return services.edit_view(db.session, collection)

    @blp.response(204)
    @problems(blp, 401, 403, 404)
    def delete(self, slug: str):
        """Delete a collection (its stories stay as they are)."""
        user = require_curator()
        services.delete_collection(db.session, services.collection_by_slug(db.session, slug, user))
        db.session.commit()


@blp.route("/collections/<slug>/items")
class CollectionItems(MethodView):
    @blp.arguments(ItemAddIn)
    @blp.response(201, CollectionOut)
    @problems(blp, 401, 403, 404, 409)
    def post(self, data: dict, slug: str):
        """Add a published story, at `position` or at the end."""
        user = require_curator()
        collection = services.collection_by_slug(db.session, slug, user)
        services.add_item(db.session, collection, data)
        db.session.commit()
        return services.edit_view(db.session, collection)


@blp.route("/collections/<slug>/items/<uuid:story_id>")
class CollectionItemByStory(MethodView):
    @blp.arguments(ItemPatch)
    @blp.response(200, CollectionOut)
    @problems(blp, 401, 403, 404)
    def patch(self, data: dict, slug: str, story_id: uuid.UUID):
        """Change a story's note or move it to another position."""
        user = require_curator()
        collection = services.collection_by_slug(db.session, slug, user)
        services.update_item(db.session, collection, story_id, data)
        db.session.commit()
        return services.edit_view(db.session, collection)

    @blp.response(200, CollectionOut)
    @problems(blp, 401, 403, 404)
    def delete(self, slug: str, story_id: uuid.UUID):
        """Take a story out of the collection."""
        user = require_curator()
        collection = services.collection_by_slug(db.session, slug, user)
        services.remove_item(db.session, collection, story_id)
        db.session.commit()
        return services.edit_view(db.session, collection)


@blp.route("/qr")
class QrCode(MethodView):
    @blp.arguments(QrQuery, location="query", as_kwargs=True)
    @blp.response(200, content_type="image/svg+xml", description="The QR code as SVG")
    @problems(blp, 422)
    def get(self, url: str):
        """A QR code (SVG) for an address on this site: story cards, posters, the kiosk."""
        body = qr.qr_svg(url, request.host_url)
        response = current_app.response_class(body, mimetype="image/svg+xml")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

"""HTTP endpoints for stories, the map and themes."""

from __future__ import annotations

import json
import uuid

from flask import current_app, url_for
from flask.views import MethodView
from flask_babel import _

from verhalenkaart import pagination
from verhalenkaart.accounts.permissions import request_user, require_user
from verhalenkaart.api import GEOJSON_MIMETYPE, Blueprint, geojson_response, problems
from verhalenkaart.errors import NotLoggedIn
from verhalenkaart.extensions import db
from verhalenkaart.security.keys import account_or_address
from verhalenkaart.security.limits import rate_limit
from verhalenkaart.stories import clusters, counts, features, services
from verhalenkaart.stories.schemas import (
    MapOut,
    MapQuery,
    MapTileQuery,
    StoryCollectionOut,
    StoryFeatureIn,
    StoryFeatureOut,
    StoryFeaturePatch,
    StoryPageQuery,
    ThemeOut,
)
from verhalenkaart.stories.themes import list_themes

blp = Blueprint(
    "stories",
    __name__,
    url_prefix="/api/v1",
    description="Stories: the pins of the map, as GeoJSON",
)


def _rules() -> services.StoryRules:
    return services.StoryRules.from_config(current_app.config)


@blp.route("/stories")
class Stories(MethodView):
    @blp.arguments(StoryPageQuery, location="query", as_kwargs=True)
    @blp.response(200, StoryCollectionOut, content_type=GEOJSON_MIMETYPE)
    def get(self, **args):
        """Published stories as a GeoJSON FeatureCollection, filtered and paged."""
        filters = features.filters_from_query(db.session, args)
        only = frozenset(args.get("properties") or ()) or None
        found, next_cursor = features.list_published_stories(
            db.session, filters, args["limit"], args.get("cursor"), only
        )
        # The database wrote each Feature's JSON; only the envelope is encoded here.
        envelope = {
            "type": "FeatureCollection",
            "links": pagination.page_links(next_cursor),
            "numberReturned": len(found),
        }
        undated = counts.count_undated(db.session, filters)
        if undated is not None:
            envelope["undated"] = undated
        envelope = json.dumps(envelope)
        body = f'{envelope[:-1]}, "features": [{",".join(found)}]}}'
        return geojson_response(body)

    @rate_limit("RATELIMIT_STORY_CREATE", key_func=account_or_address, methods=["POST"])
    @blp.arguments(StoryFeatureIn)
    @problems(blp, 401, 409, 429)
    @blp.response(201, StoryFeatureOut)
    @blp.alt_response(
        200,
        schema=StoryFeatureOut,
        description="A retry with a client id that exists: the existing story",
    )
    def post(self, data):
        """Share a story. New stories of residents wait for a curator (status pending)."""
        user = request_user()
        if user is None and not current_app.config["ANONYMOUS_CONTRIBUTIONS"]:
            raise NotLoggedIn(_("Log in to share a story."))
        story, created = services.create_story(db.session, user, data, _rules())
        db.session.commit()
        feature = features.story_feature(story, include_private=True)
        headers = {"Location": url_for("stories.StoryById", story_id=story.uuid)}
        return feature, (201 if created else 200), headers


@blp.route("/stories/<uuid:story_id>")
class StoryById(MethodView):
    @blp.response(200, StoryFeatureOut, content_type=GEOJSON_MIMETYPE)
    @problems(blp, 404)
    def get(self, story_id: uuid.UUID):
        """One story; unpublished ones only for their author and moderators (404 otherwise)."""
        user = request_user()
        story = features.get_story(db.session, story_id, user)
        return geojson_response(features.story_feature(story, include_private=story.can_edit(user)))

    @blp.arguments(StoryFeaturePatch)
    @problems(blp, 401, 404)
    @blp.response(200, StoryFeatureOut)
    def patch(self, data, story_id: uuid.UUID):
        """Edit any part of a story (its author, or a moderator)."""
        user = require_user()
        story = services.editable_story(db.session, story_id, user)
        services.update_story(db.session, story, user, data, _rules())
        db.session.commit()
        return features.story_feature(story, include_private=True)

    @blp.response(204)
    @problems(blp, 401, 404)
    def delete(self, story_id: uuid.UUID):
        """Delete a story (its author, or a moderator); a tombstone stays for the audit trail."""
        user = require_user()
        story = services.editable_story(db.session, story_id, user)
        services.delete_story(db.session, story, by=user)
        db.session.commit()


@blp.route("/map")
class Map(MethodView):
    @blp.arguments(MapQuery, location="query", as_kwargs=True)
    @blp.response(200, MapOut, content_type=GEOJSON_MIMETYPE)
    def get(self, **args):
        """What the map draws in a bbox: single stories where few, clusters with a count where
        many; at most MAP_MAX_FEATURES features (a coarser zoom's clusters for a large bbox)."""
        config = current_app.config
        return geojson_response(
            clusters.map_of_bbox(
                db.session,
                args["zoom"],
                features.filters_from_query(db.session, args),
                config["MAP_CLUSTER_THRESHOLD"],
                config["MAP_MAX_FEATURES"],
            )
        )


@blp.route("/map/<int:z>/<int:x>/<int:y>")
class MapTile(MethodView):
    @blp.arguments(MapTileQuery, location="query", as_kwargs=True)
    @blp.response(200, MapOut, content_type=GEOJSON_MIMETYPE)
    def get(self, z: int, x: int, y: int, **args):
        """What the map draws on one Web Mercator tile (as in tile URLs): at most 16 clusters
        or single stories; identical views are identical URLs, for every cache on the way."""
        threshold = current_app.config["MAP_CLUSTER_THRESHOLD"]
        found = clusters.map_of_tile(
            db.session, z, x, y, features.filters_from_query(db.session, args), threshold
        )
        return geojson_response(found)


@blp.route("/themes")
class Themes(MethodView):
    @blp.response(200, ThemeOut(many=True))
    def get(self):
        """The 14 themes of the consultation, with Dutch and English names and colours."""
        return list_themes(db.session)

"""HTTP endpoints for curators: the review queue and decisions."""

import uuid

from flask import request, url_for
from flask.views import MethodView

from verhalenkaart.accounts.permissions import require_moderator
from verhalenkaart.api import JSON_BODY_PROBLEMS, Blueprint, problems
from verhalenkaart.extensions import db
from verhalenkaart.moderation import services
from verhalenkaart.moderation.schemas import DecisionIn, QueueQuery
from verhalenkaart.stories.schemas import StoryCollectionOut, StoryFeatureOut
from verhalenkaart.stories.services import decode_cursor, encode_cursor, story_feature

blp = Blueprint(
    "moderation",
    __name__,
    url_prefix="/api/v1/moderation",
    description="Review queue and decisions (curators)",
)


@blp.route("/queue")
class Queue(MethodView):
    @blp.arguments(QueueQuery, location="query", as_kwargs=True)
    @blp.response(200, StoryCollectionOut)
    @problems(blp, 401, 403)
    def get(self, limit: int, cursor: str | None = None):
        """Stories waiting for review, oldest first."""
        require_moderator()
        after = decode_cursor(cursor).get("after") if cursor else None
        stories = services.review_queue(db.session, limit, after)
        links = [{"rel": "self", "href": request.url}]
        if len(stories) > limit:
            stories = stories[:limit]
            query = request.args.to_dict() | {"cursor": encode_cursor({"after": stories[-1].id})}
            links.append(
                {"rel": "next", "href": url_for("moderation.Queue", _external=True, **query)}
            )
        features = [story_feature(s, include_private=True) for s in stories]
        return {
            "type": "FeatureCollection",
            "features": features,
            "links": links,
            "numberReturned": len(features),
        }


@blp.route("/stories/<uuid:story_id>")
class StoryDecision(MethodView):
    @blp.arguments(DecisionIn)
    @problems(blp, 401, 403, 404, 409, *JSON_BODY_PROBLEMS)
    @blp.response(200, StoryFeatureOut)
    def post(self, data, story_id: uuid.UUID):
        """Approve, reject, hide or restore a story, with a reason; recorded in the audit trail."""
        moderator = require_moderator()
        story = services.moderate_story(
            db.session, story_id, moderator, data["action"], data.get("reason")
        )
        db.session.commit()
        return story_feature(story, include_private=True)

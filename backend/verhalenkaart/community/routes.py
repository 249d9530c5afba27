"""HTTP endpoints for resident responses: reactions, comments and reports."""

from __future__ import annotations

import uuid

from flask import current_app, request
from flask.views import MethodView

from verhalenkaart.accounts.permissions import request_user, require_user
from verhalenkaart.api import Blueprint, problems
from verhalenkaart.community import services
from verhalenkaart.community.schemas import (
    CommentIn,
    CommentListOut,
    CommentOut,
    ReactionStateOut,
    ReportAcceptedOut,
    ReportIn,
)
from verhalenkaart.extensions import db
from verhalenkaart.security.keys import account_or_address
from verhalenkaart.security.limits import rate_limit

blp = Blueprint(
    "community",
    __name__,
    url_prefix="/api/v1/stories/<uuid:story_id>",
    description="Resident responses to published stories: herkenbaar!, comments, reports",
)


def _rules() -> services.CommunityRules:
    return services.CommunityRules.from_config(current_app.config)


@blp.route("/reactions")
class Reactions(MethodView):
    @blp.response(200, ReactionStateOut)
    @problems(blp, 404)
    def get(self, story_id: uuid.UUID):
        """How many people recognise this story, and whether the caller does."""
        story = services.public_story(db.session, story_id)
        return services.reaction_state(db.session, story, request_user())

    @rate_limit("RATELIMIT_REACTION", key_func=account_or_address, methods=["POST"])
    @blp.response(201, ReactionStateOut)
    @blp.alt_response(200, schema=ReactionStateOut, description="The caller had reacted already")
    @problems(blp, 401, 404, 429)
    def post(self, story_id: uuid.UUID):
        """ "Herkenbaar!": recognise a published story (once per account)."""
        user = require_user()
        story = services.public_story(db.session, story_id, user)
        state, created = services.add_reaction(db.session, story, user)
        db.session.commit()
        return state, 201 if created else 200

    @rate_limit("RATELIMIT_REACTION", key_func=account_or_address, methods=["DELETE"])
    @blp.response(200, ReactionStateOut)
    @problems(blp, 401, 404, 429)
    def delete(self, story_id: uuid.UUID):
        """Take back the caller's "herkenbaar!"."""
        user = require_user()
        story = services.public_story(db.session, story_id, user)
        state = services.remove_reaction(db.session, story, user)
        db.session.commit()
        return state


@blp.route("/comments")
class Comments(MethodView):
    @blp.response(200, CommentListOut)
    @problems(blp, 404)
    def get(self, story_id: uuid.UUID):
        """Published comments, oldest first, plus the caller's own that wait for review."""
        story = services.public_story(db.session, story_id)
        comments = services.list_comments(db.session, story, request_user())
        return {"comments": comments}

    @rate_limit("RATELIMIT_COMMENT_CREATE", key_func=account_or_address, methods=["POST"])
    @blp.arguments(CommentIn)
    @problems(blp, 401, 404, 409, 429)
    @blp.response(201, CommentOut)
    @blp.alt_response(200, schema=CommentOut, description="A retry with a client id that exists")
    def post(self, data, story_id: uuid.UUID):
        """Comment on a published story; moderated like stories (pending or published)."""
        user = require_user()
        story = services.public_story(db.session, story_id, user)
        comment, created = services.create_comment(
            db.session, story, user, data["body"], _rules(), data.get("id")
        )
        db.session.commit()
        return comment, 201 if created else 200


@blp.route("/comments/<uuid:comment_id>")
class CommentById(MethodView):
    @blp.response(204)
    @problems(blp, 401, 404)
    def delete(self, story_id: uuid.UUID, comment_id: uuid.UUID):
        """Delete a comment (its author, or a curator)."""
        user = require_user()
        story = services.public_story(db.session, story_id)
        services.delete_comment(db.session, story, comment_id, user)
        db.session.commit()


@blp.route("/reports")
class Reports(MethodView):
    @rate_limit("RATELIMIT_REPORT_CREATE", key_func=account_or_address, methods=["POST"])
    @blp.arguments(ReportIn)
    @problems(blp, 404, 429)
    @blp.response(202, ReportAcceptedOut)
    def post(self, data, story_id: uuid.UUID):
        """Report a published story to the curators (anyone, also without an account)."""
        story = services.public_story(db.session, story_id)
        services.report_story(
            db.session,
            story,
            reporter=request_user(),
            address=request.remote_addr,
            reason=data["reason"],
            note=data.get("note"),
            rules=_rules(),
        )
        db.session.commit()
        return {"status": "received"}

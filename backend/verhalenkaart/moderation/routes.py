"""HTTP endpoints for curators (and teachers, for their projects): the review queue, decisions,
bulk decisions and the audit trail."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from verhalenkaart.api import Blueprint, problems
from verhalenkaart.community.schemas import CommentOut
from verhalenkaart.extensions import db
from verhalenkaart.moderation import audit, queue, services
from verhalenkaart.moderation.reasons import reason_list
from verhalenkaart.moderation.schemas import (
    AuditOut,
    AuditQuery,
    BulkDecisionIn,
    BulkDecisionOut,
    DecidedStoryOut,
    DecisionIn,
    QueueOut,
    QueueQuery,
    ReasonOut,
)
from verhalenkaart.pagination import page_links
from verhalenkaart.permissions import require_curator, require_moderating_role

blp = Blueprint(
    "moderation",
    __name__,
    url_prefix="/api/v1/moderation",
    description="Review queue, decisions and audit trail (curators; teachers for their projects)",
)

#: How a decided item is answered, per moderated kind (services.MODERATED_KINDS).
DECISION_OUTPUT = {
    "stories": (DecidedStoryOut, lambda story: audit.decided_story_feature(db.session, story)),
    "comments": (CommentOut, lambda comment: comment),
}


@blp.route("/queue")
class Queue(MethodView):
    @blp.arguments(QueueQuery, location="query", as_kwargs=True)
    @blp.response(200, QueueOut)
    @problems(blp, 401, 403)
    def get(self, limit: int, cursor: str | None = None, **filters):
        """Items waiting for a decision, oldest first; filter by kind, status, reports, project."""
        items, next_cursor = queue.review_queue(
            db.session,
            require_moderating_role(),
            kinds=filters.get("kind") or (),
            statuses=filters.get("status") or (),
            reported=filters.get("reported"),
            project=filters.get("project"),
            limit=limit,
            cursor=cursor,
        )
        return {"items": items, "links": page_links(next_cursor), "numberReturned": len(items)}


def _decision_view(path: str) -> type[MethodView]:
    schema, serialize = DECISION_OUTPUT[path]
    noun = services.MODERATED_KINDS[path].item_type  # "story": the OpenAPI text is English

    class Decision(MethodView):
        @blp.arguments(DecisionIn)
        @problems(blp, 401, 403, 404, 409)
        @blp.response(200, schema)
        def post(self, data, item_id: uuid.UUID):
            user = require_moderating_role()
            item = services.moderate(
                db.session,
                path,
                item_id,
                user,
                data["action"],
                data.get("reason_code"),
                data.get("message"),
            )
            db.session.commit()
            return serialize(item)

    Decision.post.__doc__ = (
        f"Approve, reject, hide or restore a {noun}, with a reason code and a message for its "
        "author; recorded in the audit trail."
    )
    Decision.__name__ = f"{path.capitalize()}Decision"
    return Decision


for _path in services.MODERATED_KINDS:
    blp.route(f"/{_path}/<uuid:item_id>", endpoint=f"{_path.capitalize()}Decision")(
        _decision_view(_path)
    )


@blp.route("/bulk")
class BulkDecision(MethodView):
    @blp.arguments(BulkDecisionIn)
    @problems(blp, 401, 403, 404, 409)
    @blp.response(200, BulkDecisionOut)
    def post(self, data):
        """One decision for many stories and comments: all change, or none (errors per item)."""
        user = require_moderating_role()
        done = services.moderate_bulk(
            db.session,
            data["items"],
            user,
            data["action"],
            data.get("reason_code"),
            data.get("message"),
        )
        db.session.commit()
        return {"items": done}


@blp.route("/audit")
class Audit(MethodView):
    @blp.arguments(AuditQuery, location="query", as_kwargs=True)
    @blp.response(200, AuditOut)
    @problems(blp, 401, 403)
    def get(self, limit: int, cursor: str | None = None, **filters):
        """The audit trail: every decision, automatic hide, deletion and consent withdrawal,
        newest first (curators and administrators)."""
        require_curator()
        events, next_cursor = audit.audit_events(
            db.session,
            item_type=filters.get("kind"),
            action=filters.get("action"),
            moderator_id=filters.get("moderator"),
            item_uuid=filters.get("item"),
            limit=limit,
            cursor=cursor,
        )
        return {"events": events, "links": page_links(next_cursor), "numberReturned": len(events)}


@blp.route("/reasons")
class Reasons(MethodView):
    @blp.response(200, ReasonOut(many=True))
    def get(self):
        """The reason codes of moderation decisions, with Dutch and English labels."""
        return reason_list()

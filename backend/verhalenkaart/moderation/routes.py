"""HTTP endpoints for curators (and teachers, for their projects): the review queue, decisions,
bulk decisions and the audit trail."""

from __future__ import annotations

import uuid
from collections import Counter

from flask import request, url_for
from flask.views import MethodView

from verhalenkaart.api import Blueprint, problems
from verhalenkaart.community.schemas import CommentOut
from verhalenkaart.community.services import comment_out
from verhalenkaart.extensions import db
from verhalenkaart.moderation import services
from verhalenkaart.moderation.reasons import reason_list
from verhalenkaart.moderation.schemas import (
    AuditOut,
    AuditQuery,
    BulkDecisionIn,
    BulkDecisionOut,
    DecisionIn,
    QueueOut,
    QueueQuery,
    ReasonOut,
)
from verhalenkaart.permissions import require_curator, require_moderating_role
from verhalenkaart.stories.schemas import StoryFeatureOut
from verhalenkaart.stories.services import _iso, decode_cursor, encode_cursor, story_feature

blp = Blueprint(
    "moderation",
    __name__,
    url_prefix="/api/v1/moderation",
    description="Review queue, decisions and audit trail (curators; teachers for their projects)",
)

#: How a decided item is answered, per moderated kind (services.MODERATED_KINDS).
DECISION_OUTPUT = {
    "stories": (StoryFeatureOut, lambda story: story_feature(story, include_private=True)),
    "comments": (CommentOut, comment_out),
}


def _next_link(endpoint: str, cursor: str) -> dict:
    query = request.args.to_dict() | {"cursor": cursor}
    return {"rel": "next", "href": url_for(endpoint, _external=True, **query)}


def _queue_item(entry: services.QueueItem) -> dict:
    item = entry.item
    out = {
        "type": entry.kind.item_type,
        "id": item.uuid,
        "status": item.status,
        "created_at": _iso(item.created_at),
        "reports": dict(Counter(r.reason for r in entry.open_reports)),
        # What reporters wrote, for the curator; who they are is not shown.
        "report_notes": [
            {"reason": r.reason, "note": r.note, "created_at": _iso(r.created_at)}
            for r in entry.open_reports
        ],
    }
    if entry.kind.item_type == "story":
        out["project"] = item.project.slug if item.project else None
        out["feature"] = story_feature(item, include_private=True)
    else:
        story = db.session.get(services.Story, item.story_id)
        out["project"] = story.project.slug if story.project else None
        out["comment"] = comment_out(item)
        out["story"] = {"id": story.uuid, "title": story.title}
    return out


@blp.route("/queue")
class Queue(MethodView):
    @blp.arguments(QueueQuery, location="query", as_kwargs=True)
    @blp.response(200, QueueOut)
    @problems(blp, 401, 403)
    def get(self, limit: int, cursor: str | None = None, **filters):
        """Items waiting for a decision, oldest first; filter by kind, status, reports, project."""
        user = require_moderating_role()
        after = None
        if cursor:
            position = decode_cursor(cursor)
            after = (position.get("t", 0), position.get("k", 0), position.get("i", 0))
        page, next_after = services.review_queue(
            db.session,
            user,
            kinds=filters.get("kind") or (),
            statuses=filters.get("status") or (),
            reported=filters.get("reported"),
            project=filters.get("project"),
            limit=limit,
            after=after,
        )
        links = [{"rel": "self", "href": request.url}]
        if next_after is not None:
            t, k, i = next_after
            links.append(_next_link("moderation.Queue", encode_cursor({"t": t, "k": k, "i": i})))
        items = [_queue_item(entry) for entry in page]
        return {"items": items, "links": links, "numberReturned": len(items)}


def _decision_view(path: str) -> type[MethodView]:
    schema, serialize = DECISION_OUTPUT[path]
    noun = services.MODERATED_KINDS[path].noun

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
        return {
            "items": [
                {"type": kind.item_type, "id": item.uuid, "status": item.status}
                for kind, item in done
            ]
        }


@blp.route("/audit")
class Audit(MethodView):
    @blp.arguments(AuditQuery, location="query", as_kwargs=True)
    @blp.response(200, AuditOut)
    @problems(blp, 401, 403)
    def get(self, limit: int, cursor: str | None = None, **filters):
        """The audit trail: every decision, automatic hide, deletion and consent withdrawal,
        newest first (curators and administrators)."""
        require_curator()
        before = decode_cursor(cursor).get("before") if cursor else None
        events, next_before = services.audit_events(
            db.session,
            item_type=filters.get("kind"),
            action=filters.get("action"),
            moderator_id=filters.get("moderator"),
            item_uuid=filters.get("item"),
            limit=limit,
            before=before,
        )
        links = [{"rel": "self", "href": request.url}]
        if next_before is not None:
            links.append(_next_link("moderation.Audit", encode_cursor({"before": next_before})))
        out = [
            {
                "id": event.id,
                "item": {"type": event.item_type, "id": item_uuid},
                "action": event.action,
                "reason_code": event.reason_code,
                "message": event.reason,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "moderator": (
                    {"id": moderator.id, "display_name": moderator.display_name}
                    if moderator
                    else None
                ),
                "created_at": _iso(event.created_at),
            }
            for event, item_uuid, moderator in events
        ]
        return {"events": out, "links": links, "numberReturned": len(out)}


@blp.route("/reasons")
class Reasons(MethodView):
    @blp.response(200, ReasonOut(many=True))
    def get(self):
        """The reason codes of moderation decisions, with Dutch and English labels."""
        return reason_list()

"""HTTP endpoints for administrators: accounts, roles, teacher requests, blocking."""

from __future__ import annotations

from flask.views import MethodView

from verhalenkaart.admin import services
from verhalenkaart.admin.schemas import (
    AdminUserDetailOut,
    AdminUserOut,
    BlockIn,
    RoleIn,
    TeacherDecisionIn,
    UsersPageOut,
    UsersQuery,
)
from verhalenkaart.api import Blueprint, problems
from verhalenkaart.extensions import db
from verhalenkaart.moderation.audit import account_events
from verhalenkaart.pagination import page_links
from verhalenkaart.permissions import require_admin

blp = Blueprint(
    "admin",
    __name__,
    url_prefix="/api/v1/admin",
    description="Administrators: accounts, roles, teacher requests, blocking",
)


@blp.route("/users")
class Users(MethodView):
    @blp.arguments(UsersQuery, location="query")
    @blp.response(200, UsersPageOut)
    @problems(blp, 401, 403)
    def get(self, query):
        """Accounts, newest first: search by name or e-mail, filter by role, waiting teacher
        requests or blocked; follow the `next` link for more."""
        require_admin()
        users, next_cursor = services.list_users(db.session, **query)
        return {"items": users, "links": page_links(next_cursor)}


@blp.route("/users/<int:user_id>")
class UserById(MethodView):
    @blp.response(200, AdminUserDetailOut)
    @problems(blp, 401, 403, 404)
    def get(self, user_id: int):
        """One account with its history in the audit trail."""
        require_admin()
        user = services.get_user(db.session, user_id)
        return AdminUserOut().dump(user) | {"history": account_events(db.session, user)}

    @blp.arguments(RoleIn)
    @problems(blp, 401, 403, 404, 409)
    @blp.response(200, AdminUserOut)
    def patch(self, data, user_id: int):
        """Change the account's role (not a pupil's, not your own admin role)."""
        admin = require_admin()
        user = services.change_role(
            db.session, admin, services.get_user(db.session, user_id), data["role"]
        )
        db.session.commit()
        return user


@blp.route("/users/<int:user_id>/teacher-request")
class TeacherRequestDecision(MethodView):
    @blp.arguments(TeacherDecisionIn)
    @problems(blp, 401, 403, 404, 409)
    @blp.response(200, AdminUserOut)
    def post(self, data, user_id: int):
        """Approve (the account becomes a teacher) or decline its teacher request."""
        admin = require_admin()
        user = services.decide_teacher_request(
            db.session,
            admin,
            services.get_user(db.session, user_id),
            data["decision"],
            data["message"],
        )
        db.session.commit()
        return user


@blp.route("/users/<int:user_id>/block")
class Block(MethodView):
    @blp.arguments(BlockIn)
    @problems(blp, 401, 403, 404, 409)
    @blp.response(200, AdminUserOut)
    def post(self, data, user_id: int):
        """Block the account: it cannot log in, and its sessions end at once."""
        admin = require_admin()
        user = services.block(
            db.session, admin, services.get_user(db.session, user_id), data["reason"]
        )
        db.session.commit()
        return user

    @blp.response(200, AdminUserOut)
    @problems(blp, 401, 403, 404)
    def delete(self, user_id: int):
        """Unblock the account: it can log in again."""
        admin = require_admin()
        user = services.unblock(db.session, admin, services.get_user(db.session, user_id))
        db.session.commit()
        return user

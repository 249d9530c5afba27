"""HTTP endpoints of school projects: projects, join codes, pupils, the class map, the teacher's
pick for the public map, the project export; and joining as a pupil (docs/schools.md)."""

from __future__ import annotations

import uuid

from flask import current_app, request, stream_with_context
from flask.views import MethodView
from flask_babel import _

from verhalenkaart import permissions, qr
from verhalenkaart.accounts import sessions
from verhalenkaart.accounts.models import Role
from verhalenkaart.accounts.permissions import request_user, require_user
from verhalenkaart.api import Blueprint, geojson_response, problems
from verhalenkaart.errors import Forbidden
from verhalenkaart.exports import services as exports
from verhalenkaart.extensions import db
from verhalenkaart.media.storage import current_storage
from verhalenkaart.schools import classwork, codes, joining, services
from verhalenkaart.schools.schemas import (
    ClassMapOut,
    JoinIn,
    JoinOut,
    ProjectIn,
    ProjectListOut,
    ProjectOut,
    ProjectPatch,
    PupilListOut,
    ReenterIn,
    ReenterOut,
    ReentryCodeOut,
    TeacherIn,
)
from verhalenkaart.security.keys import remote_address
from verhalenkaart.security.limits import failed, rate_limit
from verhalenkaart.stories.features import story_feature
from verhalenkaart.stories.schemas import StoryFeatureOut

blp = Blueprint(
    "schools",
    __name__,
    url_prefix="/api/v1/projects",
    description="School projects: teachers, join codes, pupils and the class map",
)
auth_blp = Blueprint(
    "schools_auth",
    __name__,
    url_prefix="/api/v1/auth",
    description="Pupils join a class project with its code, and come back with their own code",
)


def _links() -> services.Links:
    return services.Links(current_app.config.get("BASE_URL") or request.url_root)


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _require_teacher():
    user = require_user()
    if user.role not in {Role.TEACHER, Role.ADMIN}:
        raise Forbidden(_("Only teachers and administrators run school projects."))
    return user


def _svg(body: bytes):
    response = current_app.response_class(body, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def every_address() -> str:
    """One key for all clients: the limit on wrong codes from everywhere together."""
    return "pupil-codes"


def submitted_code() -> str:
    """The rate-limit key of a join or re-entry attempt: the code as typed, normalised."""
    data = request.get_json(silent=True)
    code = data.get("code") if isinstance(data, dict) else None
    return "code:" + (codes.normalise(code)[:16] if isinstance(code, str) else "")


@blp.route("")
class Projects(MethodView):
    @blp.response(200, ProjectListOut)
    @problems(blp, 401, 403)
    def get(self):
        """The caller's projects (own and co-taught; administrators: all), newest first."""
        user = _require_teacher()
        found = services.list_projects(db.session, user)
        return {"items": [services.project_view(db.session, p, _links()) for p in found]}

    @blp.arguments(ProjectIn)
    @blp.response(201, ProjectOut)
    @problems(blp, 401, 403)
    def post(self, data: dict):
        """Start a project: name, school, class, prompt, dates, policy, and an area."""
        user = _require_teacher()
        project = services.create_project(db.session, user, data, current_app.config["REGION_BBOX"])
        db.session.commit()
        return services.project_view(db.session, project, _links())


@blp.route("/<slug>")
class ProjectBySlug(MethodView):
    @blp.response(200, ProjectOut)
    @problems(blp, 404)
    def get(self, slug: str):
        """The project as its teachers see it; its pupils get the pupil view; others 404."""
        user = request_user()
        project = services.project_for_member(db.session, slug, user)
        if permissions.teaches(user, project):
            return services.project_view(db.session, project, _links())
        return services.pupil_view(project)

    @blp.arguments(ProjectPatch)
    @blp.response(200, ProjectOut)
    @problems(blp, 403, 404, 409)
    def patch(self, data: dict, slug: str):
        """Change the project (its teachers); 409 project-ended once it has ended."""
        project = services.project_for_teacher(db.session, slug, request_user())
        services.update_project(db.session, project, data, current_app.config["REGION_BBOX"])
        db.session.commit()
        return services.project_view(db.session, project, _links())


@blp.route("/<slug>/code")
class JoinCode(MethodView):
    @blp.response(200, ProjectOut)
    @problems(blp, 403, 404, 409)
    def post(self, slug: str):
        """A new join code: the old one stops working at once."""
        project = services.project_for_teacher(db.session, slug, request_user())
        services.rotate_join_code(db.session, project)
        db.session.commit()
        return services.project_view(db.session, project, _links())


@blp.route("/<slug>/qr.svg")
class JoinQr(MethodView):
    @blp.response(200, content_type="image/svg+xml", description="The join QR code as SVG")
    @problems(blp, 404, 409)
    def get(self, slug: str):
        """The QR code of the project's join address (for the teacher's screen and sheet)."""
        project = services.project_for_teacher(db.session, slug, request_user())
        services.writable(project)
        links = _links()
        return _svg(qr.qr_svg(links.join_url(project.join_code or ""), links.base_url))


@blp.route("/<slug>/teachers")
class Teachers(MethodView):
    @blp.arguments(TeacherIn)
    @blp.response(200, ProjectOut)
    @problems(blp, 403, 404, 409)
    def post(self, data: dict, slug: str):
        """Add a co-teacher by e-mail address (the account must be a teacher's)."""
        project = services.project_for_teacher(db.session, slug, request_user())
        services.add_co_teacher(db.session, project, data["email"])
        db.session.commit()
        return services.project_view(db.session, project, _links())


@blp.route("/<slug>/pupils")
class Pupils(MethodView):
    @blp.response(200, PupilListOut)
    @problems(blp, 404)
    def get(self, slug: str):
        """The class list with each pupil's re-entry code (for the class sheet)."""
        project = services.project_for_teacher(db.session, slug, request_user())
        response_items = joining.class_list(db.session, project, _secret())
        return {"items": response_items}, 200, {"Cache-Control": "private, no-store"}


@blp.route("/<slug>/pupils/<int:pupil_id>/code")
class PupilCode(MethodView):
    @blp.response(200, ReentryCodeOut)
    @problems(blp, 403, 404, 409)
    def post(self, slug: str, pupil_id: int):
        """A new re-entry code for the pupil; the old one stops working."""
        project = services.project_for_teacher(db.session, slug, request_user())
        membership = joining.pupil_of(db.session, project, pupil_id)
        code = joining.reset_reentry_code(db.session, membership, _secret())
        db.session.commit()
        return {
            "id": membership.user_id,
            "nickname": membership.user.display_name,
            "reentry_code": codes.shown(code),
        }


@blp.route("/<slug>/pupils/<int:pupil_id>/qr.svg")
class PupilQr(MethodView):
    @blp.response(200, content_type="image/svg+xml", description="The re-entry QR code as SVG")
    @problems(blp, 404)
    def get(self, slug: str, pupil_id: int):
        """The QR code of the pupil's re-entry address (for their card)."""
        project = services.project_for_teacher(db.session, slug, request_user())
        membership = joining.pupil_of(db.session, project, pupil_id)
        code = codes.unseal(_secret(), membership.reentry_sealed) or ""
        links = _links()
        return _svg(qr.qr_svg(links.reentry_url(code), links.base_url))


@blp.route("/<slug>/pupils/<int:pupil_id>")
class PupilById(MethodView):
    @blp.response(204)
    @problems(blp, 403, 404)
    def delete(self, slug: str, pupil_id: int):
        """Remove a pupil: their account and every story of theirs that is not published."""
        project = services.project_for_teacher(db.session, slug, request_user())
        joining.remove_pupil(db.session, joining.pupil_of(db.session, project, pupil_id))
        db.session.commit()


@blp.route("/<slug>/stories")
class ClassMap(MethodView):
    @blp.response(200, ClassMapOut, content_type="application/geo+json")
    @problems(blp, 404)
    def get(self, slug: str):
        """The class map: the project's approved and published stories, with nicknames
        (members only: its pupils, teachers and administrators)."""
        project = services.project_for_member(db.session, slug, request_user())
        document = classwork.class_map(db.session, project)
        return geojson_response(document, headers={"Cache-Control": "private, no-store"})


@blp.route("/<slug>/stories/<uuid:story_id>/public")
class PublicPick(MethodView):
    @blp.response(200, StoryFeatureOut)
    @problems(blp, 403, 404, 409)
    def post(self, slug: str, story_id: uuid.UUID):
        """Pick a class story for the public map (policy `public`): the curators review it,
        unless the administrator lets the teacher's approval publish it."""
        user = request_user()
        project = services.project_for_teacher(db.session, slug, user)
        story = services.project_of_story(db.session, project, story_id)
        teacher_publishes = current_app.config["SCHOOLS_PUBLIC_REVIEW"] == "teacher"
        classwork.pick_for_public_map(db.session, project, story, user, teacher_publishes)
        db.session.commit()
        return story_feature(story)


@blp.route("/<slug>/export.zip")
class ProjectExport(MethodView):
    @blp.response(200, description="ZIP: stories.geojson, stories.csv, photos, README.md")
    @blp.doc(
        responses={
            "200": {
                "description": "ZIP: stories.geojson, stories.csv, photos, README.md",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    )
    @problems(blp, 404)
    def get(self, slug: str):
        """The project's stories (class and published) with their photos, as a ZIP."""
        project = services.project_for_teacher(db.session, slug, request_user())
        config = current_app.config
        base = (config.get("BASE_URL") or request.url_root).rstrip("/")
        source = exports.Source(f"Verhalenkaart {config['REGION_NAME']}", base)
        body = classwork.export_chunks(db.session, project, source, current_storage().read)
        response = current_app.response_class(stream_with_context(body), mimetype="application/zip")
        response.headers["Content-Disposition"] = f'attachment; filename="{project.slug}.zip"'
        response.headers["Cache-Control"] = "private, no-store"
        return response


@auth_blp.route("/join")
class Join(MethodView):
    @rate_limit("RATELIMIT_PUPIL_JOIN", key_func=remote_address)
    @rate_limit("RATELIMIT_PUPIL_JOIN_CODE", key_func=submitted_code)
    @rate_limit("RATELIMIT_PUPIL_CODES_WRONG", key_func=every_address, deduct_when=failed)
    @auth_blp.arguments(JoinIn)
    @auth_blp.response(201, JoinOut)
    @problems(auth_blp, 403, 429)
    def post(self, data: dict):
        """Join a class project with its code and a nickname: a pupil account (no e-mail, no
        password), a session, and a personal re-entry code to come back on another device."""
        membership, reentry = joining.join(db.session, data["code"], data["nickname"], _secret())
        db.session.commit()
        sessions.start_session(membership.user)
        return {
            "user": membership.user,
            "reentry_code": codes.shown(reentry),
            "project": services.pupil_view(membership.project),
        }


@auth_blp.route("/reenter")
class Reenter(MethodView):
    @rate_limit("RATELIMIT_PUPIL_REENTER", key_func=remote_address)
    @rate_limit("RATELIMIT_PUPIL_REENTER_CODE", key_func=submitted_code)
    @rate_limit("RATELIMIT_PUPIL_CODES_WRONG", key_func=every_address, deduct_when=failed)
    @auth_blp.arguments(ReenterIn)
    @auth_blp.response(200, ReenterOut)
    @problems(auth_blp, 403, 429)
    def post(self, data: dict):
        """Come back as a pupil with the personal re-entry code (from the class sheet)."""
        membership = joining.reenter(db.session, data["code"], _secret())
        sessions.start_session(membership.user)
        return {"user": membership.user, "project": services.pupil_view(membership.project)}

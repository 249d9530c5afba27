"""HTTP endpoints for the caller's own data: my stories, consent, export, erasure, privacy."""

from __future__ import annotations

import uuid
from pathlib import Path

from flask import current_app, stream_with_context
from flask.views import MethodView
from flask_login import logout_user

from verhalenkaart.accounts.permissions import require_user
from verhalenkaart.api import Blueprint, problems
from verhalenkaart.extensions import db
from verhalenkaart.me import services
from verhalenkaart.me.schemas import (
    ConsentIn,
    ConsentOut,
    EraseIn,
    ExportOut,
    MyStoriesOut,
    PrivacyOut,
)
from verhalenkaart.security.keys import account_or_address
from verhalenkaart.security.limits import rate_limit

blp = Blueprint(
    "me",
    __name__,
    url_prefix="/api/v1",
    description="Your own data: my stories, consent, GDPR export and erasure, privacy statement",
)


def _privacy_statement() -> Path:
    return Path(current_app.config["PRIVACY_STATEMENT"])


@blp.route("/me/stories")
class MyStories(MethodView):
    @blp.response(200, MyStoriesOut)
    @problems(blp, 401)
    def get(self):
        """Your stories in every status but deleted, with the latest moderation decision."""
        return services.my_stories(db.session, require_user())


@blp.route("/stories/<uuid:story_id>/consent")
class Consent(MethodView):
    @blp.arguments(ConsentIn)
    @problems(blp, 401, 404)
    @blp.response(200, ConsentOut)
    def post(self, data, story_id: uuid.UUID):
        """Give consent again, or withdraw it: the story then leaves every public view."""
        user = require_user()
        story = services.own_story(db.session, story_id, user)
        services.set_consent(
            db.session, story, user, data["consent"], current_app.config["CONSENT_VERSION"]
        )
        db.session.commit()
        return story


@blp.route("/me/export")
class Export(MethodView):
    @rate_limit("RATELIMIT_EXPORT", key_func=account_or_address)
    @blp.response(200, ExportOut, headers={"Cache-Control": {"schema": {"type": "string"}}})
    @problems(blp, 401, 429)
    def get(self):
        """All data we keep about you, as JSON (GDPR access)."""
        data = services.export_data(db.session, require_user())
        response = current_app.json.response(data)
        response.headers["Cache-Control"] = "no-store"
        return response


@blp.route("/me/export.zip")
class ExportZip(MethodView):
    @rate_limit("RATELIMIT_EXPORT", key_func=account_or_address)
    @blp.response(
        200,
        description="A ZIP with verhalenkaart-export.json, the privacy statement and your files",
        content_type="application/zip",
    )
    @problems(blp, 401, 429)
    def get(self):
        """All data we keep about you, with your files, as a ZIP (GDPR access), streamed."""
        chunks = services.export_zip(db.session, require_user(), _privacy_statement())
        response = current_app.response_class(
            stream_with_context(chunks), mimetype="application/zip"
        )
        response.headers["Content-Disposition"] = 'attachment; filename="verhalenkaart-export.zip"'
        response.headers["Cache-Control"] = "no-store"
        return response


@blp.route("/me")
class Me(MethodView):
    # The password confirms the erasure, so guessing it is limited like a password change.
    @rate_limit("RATELIMIT_PASSWORD_CHANGE", key_func=account_or_address, methods=["DELETE"])
    @blp.arguments(EraseIn)
    @problems(blp, 401, 403, 429)
    @blp.response(204)
    def delete(self, data):
        """Erase your account and personal data; published stories deleted or kept anonymous."""
        user = require_user()
        services.erase_account(db.session, user, data["stories"], data.get("password"))
        db.session.commit()
        db.scrub(services.erased_tables())  # nothing of it readable in the database files
        logout_user()


@blp.route("/privacy")
class Privacy(MethodView):
    @blp.response(200, PrivacyOut)
    @problems(blp, 404)
    def get(self):
        """The privacy statement (Dutch, Markdown) the app shows."""
        return services.privacy_statement(
            _privacy_statement(), current_app.config["CONSENT_VERSION"]
        )

"""HTTP endpoints for one's own account settings: the request for the teacher role, two-step
verification and the list of logged-in sessions."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_babel import _

from verhalenkaart.accounts import devices, services, two_factor
from verhalenkaart.accounts.models import Role
from verhalenkaart.accounts.permissions import require_user
from verhalenkaart.accounts.schemas import (
    CodeIn,
    MeOut,
    PasswordConfirmIn,
    RecoveryCodesOut,
    SessionsEndedOut,
    SessionsOut,
    TeacherRequestIn,
    TwoFactorSetupOut,
    TwoFactorStatusOut,
)
from verhalenkaart.api import Blueprint, problems
from verhalenkaart.errors import Forbidden
from verhalenkaart.extensions import db
from verhalenkaart.security.keys import account_or_address, second_factor_account
from verhalenkaart.security.limits import failed, rate_limit

blp = Blueprint(
    "account",
    __name__,
    url_prefix="/api/v1/me",
    description="Your account: teacher request, two-step verification, logged-in sessions",
)


def _user_with_password():
    """Two-step verification protects a password; pupils log in with a code and have none."""
    user = require_user()
    if user.role == Role.PUPIL or not user.password_hash:
        raise Forbidden(_("Accounts without a password have no two-step verification."))
    return user


@blp.route("/teacher-request")
class TeacherRequest(MethodView):
    @blp.arguments(TeacherRequestIn)
    @problems(blp, 401, 403, 409)
    @blp.response(200, MeOut)
    def post(self, data):
        """Ask to be a teacher ("Ik ben leerkracht"); an administrator approves or declines.
        /auth/me shows the waiting request."""
        user = services.request_teacher_role(db.session, require_user(), data["school"])
        db.session.commit()
        return user


@blp.route("/two-factor")
class TwoFactor(MethodView):
    @blp.response(200, TwoFactorStatusOut)
    @problems(blp, 401)
    def get(self):
        """Whether two-step verification is on, required for your role, and how many recovery
        codes are left."""
        required = current_app.config["REQUIRE_TWO_FACTOR"]
        return two_factor.status(db.session, require_user(), required)

    @rate_limit("RATELIMIT_PASSWORD_CHANGE", key_func=account_or_address, methods=["DELETE"])
    @blp.arguments(PasswordConfirmIn)
    @problems(blp, 401, 403, 429)
    @blp.response(204)
    def delete(self, data):
        """Turn two-step verification off (your password confirms it)."""
        two_factor.disable(db.session, _user_with_password(), data["password"])
        db.session.commit()


@blp.route("/two-factor/setup")
class TwoFactorSetup(MethodView):
    @blp.response(201, TwoFactorSetupOut)
    @problems(blp, 401, 403, 409)
    def post(self):
        """Start setting up: a new secret and its QR code to scan with an authenticator app.
        Nothing changes at login until a code confirms it."""
        config = current_app.config
        setup = two_factor.begin_setup(
            db.session,
            _user_with_password(),
            config["SECRET_KEY"],
            issuer=f"Verhalenkaart {config['REGION_NAME']}",
        )
        db.session.commit()
        return setup


@blp.route("/two-factor/confirm")
class TwoFactorConfirm(MethodView):
    @rate_limit("RATELIMIT_TWO_FACTOR", key_func=second_factor_account, deduct_when=failed)
    @blp.arguments(CodeIn)
    @problems(blp, 401, 403, 409, 429)
    @blp.response(200, RecoveryCodesOut)
    def post(self, data):
        """Turn two-step verification on with a first code from the app; answers the recovery
        codes, shown this once."""
        codes = two_factor.confirm_setup(
            db.session, _user_with_password(), data["code"], current_app.config["SECRET_KEY"]
        )
        db.session.commit()
        return {"recovery_codes": codes}


@blp.route("/two-factor/recovery-codes")
class RecoveryCodes(MethodView):
    @rate_limit("RATELIMIT_PASSWORD_CHANGE", key_func=account_or_address)
    @blp.arguments(PasswordConfirmIn)
    @problems(blp, 401, 403, 409, 429)
    @blp.response(200, RecoveryCodesOut)
    def post(self, data):
        """New recovery codes (the old ones stop working); your password confirms it."""
        user = _user_with_password()
        codes = two_factor.replace_recovery_codes(
            db.session, user, data["password"], current_app.config["SECRET_KEY"]
        )
        db.session.commit()
        return {"recovery_codes": codes}


@blp.route("/sessions")
class Sessions(MethodView):
    @blp.response(200, SessionsOut)
    @problems(blp, 401)
    def get(self):
        """Where you are logged in: each session's device, when it started and was last used."""
        return {"items": devices.list_sessions(db.session, require_user())}

    @blp.response(200, SessionsEndedOut)
    @problems(blp, 401, 403)
    def delete(self):
        """Log out everywhere else: every session but this one ends."""
        ended = devices.end_other_sessions(db.session, require_user())
        db.session.commit()
        return {"ended": ended}


@blp.route("/sessions/<string:session_id>")
class SessionById(MethodView):
    @blp.response(204)
    @problems(blp, 401, 403, 404)
    def delete(self, session_id: str):
        """End one of your sessions (on a device you lost, say). Ending this one logs out."""
        devices.end_session_record(db.session, require_user(), session_id)
        db.session.commit()

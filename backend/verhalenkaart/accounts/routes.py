"""HTTP endpoints for accounts and cookie sessions."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_babel import _
from flask_wtf.csrf import generate_csrf

from verhalenkaart.accounts import notifications, services, sessions, tokens, two_factor
from verhalenkaart.accounts.permissions import request_user, require_user
from verhalenkaart.accounts.schemas import (
    CodeIn,
    CsrfOut,
    LoginIn,
    LoginPendingOut,
    MeOut,
    PasswordChangeIn,
    PasswordResetAcceptedOut,
    PasswordResetConfirmIn,
    PasswordResetIn,
    RegisterAcceptedOut,
    RegisterConfirmIn,
    RegisterIn,
)
from verhalenkaart.api import Blueprint, problems
from verhalenkaart.errors import NotLoggedIn, ValidationProblem
from verhalenkaart.extensions import db
from verhalenkaart.security.keys import account_or_address, second_factor_account, submitted_email
from verhalenkaart.security.limits import failed, rate_limit

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts and sessions")


@blp.route("/csrf")
class Csrf(MethodView):
    @blp.response(200, CsrfOut)
    def get(self):
        """A CSRF token for this session (anonymous too); send it as X-CSRF-Token on writes."""
        return {"csrf_token": generate_csrf()}, 200, {"Cache-Control": "no-store"}


@blp.route("/register")
class Register(MethodView):
    @rate_limit("RATELIMIT_REGISTER")
    @rate_limit("RATELIMIT_REGISTER_ACCOUNT", key_func=submitted_email)
    @blp.arguments(RegisterIn)
    @problems(blp, 403, 429, 503)
    @blp.response(202, RegisterAcceptedOut)
    def post(self, data):
        """Ask for a resident account: a confirmation link is mailed to the address.

        The answer is the same whether or not the address has an account (that owner gets a
        mail saying so instead), so registration does not reveal who has an account."""
        registration = services.request_registration(
            db.session,
            email=data["email"],
            password=data["password"],
            display_name=data["display_name"],
            teacher=data["teacher"],
            teacher_school=data["school"],
        )
        notifications.request_registration_mail(registration)
        return {"status": "confirmation-sent", "email": registration.email}


@blp.route("/register/confirm")
class RegisterConfirm(MethodView):
    @rate_limit("RATELIMIT_TOKEN_CONFIRM")
    @blp.arguments(RegisterConfirmIn)
    @problems(blp, 403, 429)
    @blp.response(201, MeOut)
    def post(self, data):
        """Confirm a registration with the token of the mailed link: creates the account and
        logs in. A used or expired link is a 422 problem (token-used, token-expired)."""
        config = current_app.config
        registration = tokens.read_registration_token(
            config["SECRET_KEY"], data["token"], config["REGISTRATION_LINK_MAX_AGE"]
        )
        user = services.confirm_registration(db.session, registration)
        db.session.commit()
        sessions.start_session(user)
        return user


@blp.route("/login")
class Login(MethodView):
    @rate_limit("RATELIMIT_LOGIN")
    @rate_limit("RATELIMIT_LOGIN_ACCOUNT", key_func=submitted_email, deduct_when=failed)
    @blp.arguments(LoginIn)
    @problems(blp, 401, 403, 429)
    @blp.alt_response(
        202,
        schema=LoginPendingOut,
        description="The password is right; send the second factor to /auth/login/code",
    )
    @blp.response(200, MeOut)
    def post(self, data):
        """Log in with e-mail and password; sets the session cookie. An account with two-step
        verification answers 202 and is logged in by /auth/login/code."""
        user = services.authenticate(db.session, data["email"], data["password"])
        if user is None:
            raise NotLoggedIn(_("The e-mail address or password is not right."))
        db.session.commit()  # a hash upgraded to argon2
        if user.two_factor_enabled:
            sessions.await_second_factor(user)
            response = current_app.json.response({"status": "two-factor-required"})
            response.status_code = 202
            return response
        sessions.start_session(user)
        return user


@blp.route("/login/code")
class LoginCode(MethodView):
    @rate_limit("RATELIMIT_TWO_FACTOR", key_func=second_factor_account, deduct_when=failed)
    @blp.arguments(CodeIn)
    @problems(blp, 401, 403, 429)
    @blp.response(200, MeOut)
    def post(self, data):
        """The second step of a login: a code of the authenticator app or a recovery code
        (each recovery code works once). 401 when no password was given on this device in the
        last 5 minutes."""
        user = sessions.pending_second_factor_user()
        if user is None:
            raise NotLoggedIn(_("Log in with your e-mail address and password first."))
        secret_key = current_app.config["SECRET_KEY"]
        if not two_factor.verify(db.session, user, data["code"], secret_key):
            db.session.rollback()
            raise ValidationProblem.field(
                "code", _("This code is not right. Try the newest code from your app.")
            )
        db.session.commit()
        sessions.start_session(user)
        return user


@blp.route("/logout")
class Logout(MethodView):
    @blp.response(204)
    @problems(blp, 403)
    def post(self):
        """Log out: ends every session of this account (all devices); clears the cookie."""
        user = request_user()
        if user is not None:
            services.end_sessions(db.session, user)
            db.session.commit()
        sessions.end_session()


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeOut)
    @problems(blp, 401)
    def get(self):
        """The logged-in account (401 when nobody is logged in)."""
        return require_user()


@blp.route("/password")
class PasswordChange(MethodView):
    @rate_limit("RATELIMIT_PASSWORD_CHANGE", key_func=account_or_address)
    @blp.arguments(PasswordChangeIn)
    @problems(blp, 401, 403, 429, 503)
    @blp.response(204)
    def post(self, data):
        """Change the password (the current one is needed). Every other session of the
        account ends; this one stays logged in."""
        user = require_user()
        services.change_password(db.session, user, data["current_password"], data["new_password"])
        db.session.commit()
        sessions.start_session(user)
        notifications.send_password_changed(user)


@blp.route("/password-reset")
class PasswordReset(MethodView):
    @rate_limit("RATELIMIT_PASSWORD_RESET")
    @rate_limit("RATELIMIT_PASSWORD_RESET_ACCOUNT", key_func=submitted_email)
    @blp.arguments(PasswordResetIn)
    @problems(blp, 403, 429, 503)
    @blp.response(202, PasswordResetAcceptedOut)
    def post(self, data):
        """Ask for a password reset link by mail; 202 whether or not the address has an
        account (the answer does not tell: the lookup happens in a background job)."""
        notifications.request_reset_link(data["email"])
        return {"status": "reset-requested"}


@blp.route("/password-reset/confirm")
class PasswordResetConfirm(MethodView):
    @rate_limit("RATELIMIT_TOKEN_CONFIRM")
    @blp.arguments(PasswordResetConfirmIn)
    @problems(blp, 403, 429, 503)
    @blp.response(204)
    def post(self, data):
        """Choose a new password with the token of the mailed link. The link works once;
        every session of the account ends (log in with the new password)."""
        config = current_app.config
        user_id, fingerprint, number = tokens.read_reset_token(
            config["SECRET_KEY"], data["token"], config["PASSWORD_RESET_MAX_AGE"]
        )
        user = services.reset_password(db.session, user_id, fingerprint, number, data["password"])
        db.session.commit()
        sessions.end_session()
        notifications.send_password_changed(user)

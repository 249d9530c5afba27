"""Schemas of the account endpoints."""

import marshmallow as ma
from flask import current_app
from marshmallow import validate

from verhalenkaart.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from verhalenkaart.fields import Timestamp
from verhalenkaart.text import TextInputSchema

SCHOOL_MAX_LENGTH = 120

_NEW_PASSWORD = {
    "required": True,
    "load_only": True,
    # The minimum is a setting (PASSWORD_MIN_LENGTH), checked with the other password rules.
    "validate": validate.Length(min=1, max=MAX_PASSWORD_LENGTH),
    "metadata": {
        "description": f"At least PASSWORD_MIN_LENGTH characters (default {MIN_PASSWORD_LENGTH}); "
        "not a common password, not the e-mail address"
    },
}
_TOKEN = ma.fields.String(
    required=True,
    load_only=True,
    validate=validate.Length(min=1, max=2000),
    metadata={"description": "The token from the e-mailed link (its `token` query parameter)"},
)


class RegisterIn(TextInputSchema):
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    password = ma.fields.String(**_NEW_PASSWORD)
    display_name = ma.fields.String(required=True, validate=validate.Length(min=1, max=80))
    teacher = ma.fields.Boolean(
        load_default=False,
        metadata={"description": '"Ik ben leerkracht": ask an administrator for the teacher role'},
    )
    school = ma.fields.String(
        load_default=None,
        validate=validate.Length(max=SCHOOL_MAX_LENGTH),
        metadata={"description": "The teacher's school; required with `teacher: true`"},
    )


class RegisterAcceptedOut(ma.Schema):
    status = ma.fields.String(metadata={"description": "Always `confirmation-sent`"})
    email = ma.fields.String(metadata={"description": "The address the mail went to"})


class RegisterConfirmIn(TextInputSchema):
    token = _TOKEN


class LoginIn(TextInputSchema):
    email = ma.fields.String(required=True, validate=validate.Length(max=254))
    password = ma.fields.String(
        required=True, load_only=True, validate=validate.Length(max=MAX_PASSWORD_LENGTH)
    )


class TeacherRequestOut(ma.Schema):
    school = ma.fields.String()
    requested_at = Timestamp()


class TwoFactorFlagsOut(ma.Schema):
    enabled = ma.fields.Boolean()
    required = ma.fields.Boolean(
        metadata={"description": "The role must have it before using staff functions"}
    )


class MeOut(ma.Schema):
    id = ma.fields.Integer()  # noqa: A003
    email = ma.fields.String(allow_none=True)
    display_name = ma.fields.String()
    role = ma.fields.String()
    school = ma.fields.String(allow_none=True)
    project = ma.fields.Function(
        lambda user: user.pupil.project.slug if getattr(user, "pupil", None) else None,
        allow_none=True,
        metadata={"description": "A pupil's class project (slug); null for everyone else"},
    )
    teacher_request = ma.fields.Method(
        "_teacher_request",
        metadata={
            "description": "The waiting request for the teacher role, or null",
            "type": "object",
            "nullable": True,
            "properties": {
                "school": {"type": "string"},
                "requested_at": {"type": "string", "format": "date-time"},
            },
        },
    )
    two_factor = ma.fields.Method(
        "_two_factor",
        metadata={
            "type": "object",
            "properties": {"enabled": {"type": "boolean"}, "required": {"type": "boolean"}},
        },
    )

    def _teacher_request(self, user):
        if getattr(user, "teacher_requested_at", None) is None:
            return None
        return TeacherRequestOut().dump(
            {"school": user.school, "requested_at": user.teacher_requested_at}
        )

    def _two_factor(self, user):
        required = current_app.config["REQUIRE_TWO_FACTOR"]
        return {"enabled": user.two_factor_enabled, "required": user.role in required}


class LoginPendingOut(ma.Schema):
    status = ma.fields.String(
        metadata={"description": "`two-factor-required`: send the code to /auth/login/code"}
    )


class CodeIn(TextInputSchema):
    code = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=32),
        metadata={"description": "6 digits from the authenticator app, or a recovery code"},
    )


class PasswordConfirmIn(TextInputSchema):
    password = ma.fields.String(
        load_default=None, load_only=True, validate=validate.Length(max=MAX_PASSWORD_LENGTH)
    )


class TwoFactorStatusOut(ma.Schema):
    enabled = ma.fields.Boolean()
    required = ma.fields.Boolean()
    recovery_codes_left = ma.fields.Integer()


class TwoFactorSetupOut(ma.Schema):
    secret = ma.fields.String(metadata={"description": "Base32, to type in when not scanning"})
    otpauth_uri = ma.fields.String()
    qr_svg = ma.fields.String(metadata={"description": "The QR code of otpauth_uri, as SVG"})


class RecoveryCodesOut(ma.Schema):
    recovery_codes = ma.fields.List(
        ma.fields.String(), metadata={"description": "Shown this once; each works one time"}
    )


class SessionOut(ma.Schema):
    id = ma.fields.String()  # noqa: A003
    device = ma.fields.String(metadata={"description": "Browser and system, e.g. Firefox, Android"})
    created_at = Timestamp()
    last_used_at = Timestamp()
    current = ma.fields.Boolean(metadata={"description": "The session of this request"})


class SessionsOut(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SessionOut))


class SessionsEndedOut(ma.Schema):
    ended = ma.fields.Integer()


class TeacherRequestIn(TextInputSchema):
    school = ma.fields.String(required=True, validate=validate.Length(min=1, max=SCHOOL_MAX_LENGTH))


class CsrfOut(ma.Schema):
    csrf_token = ma.fields.String(
        metadata={"description": "Send it as header X-CSRF-Token on POST, PUT, PATCH, DELETE"}
    )


class PasswordResetIn(TextInputSchema):
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))


class PasswordResetAcceptedOut(ma.Schema):
    status = ma.fields.String(metadata={"description": "Always `reset-requested`"})


class PasswordResetConfirmIn(TextInputSchema):
    token = _TOKEN
    password = ma.fields.String(**_NEW_PASSWORD)


class PasswordChangeIn(TextInputSchema):
    current_password = ma.fields.String(
        required=True, load_only=True, validate=validate.Length(max=MAX_PASSWORD_LENGTH)
    )
    new_password = ma.fields.String(**_NEW_PASSWORD)

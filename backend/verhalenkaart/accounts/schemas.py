"""Schemas of the account endpoints."""

import marshmallow as ma
from marshmallow import validate

from verhalenkaart.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from verhalenkaart.text import TextInputSchema

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


class MeOut(ma.Schema):
    id = ma.fields.Integer()  # noqa: A003
    email = ma.fields.String(allow_none=True)
    display_name = ma.fields.String()
    role = ma.fields.String()
    project = ma.fields.Function(
        lambda user: user.pupil.project.slug if getattr(user, "pupil", None) else None,
        allow_none=True,
        metadata={"description": "A pupil's class project (slug); null for everyone else"},
    )


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

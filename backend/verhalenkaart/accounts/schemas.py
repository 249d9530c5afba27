"""Schemas of the account endpoints."""

import marshmallow as ma
from marshmallow import validate

from verhalenkaart.accounts.services import MIN_PASSWORD_LENGTH
from verhalenkaart.text import TextInputSchema


class RegisterIn(TextInputSchema):
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    password = ma.fields.String(
        required=True, load_only=True, validate=validate.Length(min=MIN_PASSWORD_LENGTH, max=200)
    )
    display_name = ma.fields.String(required=True, validate=validate.Length(min=1, max=80))


class LoginIn(TextInputSchema):
    email = ma.fields.String(required=True, validate=validate.Length(max=254))
    password = ma.fields.String(required=True, load_only=True, validate=validate.Length(max=200))


class MeOut(ma.Schema):
    id = ma.fields.Integer()  # noqa: A003
    email = ma.fields.String(allow_none=True)
    display_name = ma.fields.String()
    role = ma.fields.String()

"""Schemas of the administrators' account endpoints."""

import marshmallow as ma
from marshmallow import validate

from verhalenkaart.accounts.models import ASSIGNABLE_ROLES, Role
from verhalenkaart.fields import Timestamp
from verhalenkaart.stories.schemas import LinkSchema
from verhalenkaart.text import TextInputSchema

ROLES = tuple(role.value for role in Role)


class UsersQuery(TextInputSchema):
    q = ma.fields.String(
        validate=validate.Length(max=100), metadata={"description": "Part of a name or e-mail"}
    )
    role = ma.fields.String(validate=validate.OneOf(ROLES))
    waiting = ma.fields.Boolean(
        load_default=False, metadata={"description": "Only accounts with a teacher request"}
    )
    blocked = ma.fields.Boolean(metadata={"description": "Only blocked (true) or active (false)"})
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(1, 200))
    cursor = ma.fields.String(validate=validate.Length(max=200))


class AdminUserOut(ma.Schema):
    id = ma.fields.Integer()  # noqa: A003
    email = ma.fields.String(allow_none=True)
    display_name = ma.fields.String()
    role = ma.fields.String()
    created_at = Timestamp()
    blocked_at = Timestamp(allow_none=True)
    school = ma.fields.String(allow_none=True)
    teacher_requested_at = Timestamp(
        allow_none=True, metadata={"description": "Set while a teacher request waits"}
    )
    two_factor = ma.fields.Boolean(attribute="two_factor_enabled")


class AccountEventOut(ma.Schema):
    action = ma.fields.String(
        metadata={"description": "change-role, approve-teacher, decline-teacher, block or unblock"}
    )
    from_status = ma.fields.String()
    to_status = ma.fields.String()
    message = ma.fields.String(allow_none=True)
    by = ma.fields.String(allow_none=True, metadata={"description": "The administrator's name"})
    created_at = Timestamp()


class AdminUserDetailOut(AdminUserOut):
    history = ma.fields.List(ma.fields.Nested(AccountEventOut))


class UsersPageOut(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(AdminUserOut))
    links = ma.fields.List(ma.fields.Nested(LinkSchema))


class RoleIn(TextInputSchema):
    role = ma.fields.String(required=True, validate=validate.OneOf(ASSIGNABLE_ROLES))


class TeacherDecisionIn(TextInputSchema):
    decision = ma.fields.String(required=True, validate=validate.OneOf(("approve", "decline")))
    message = ma.fields.String(load_default=None, validate=validate.Length(max=1000))


class BlockIn(TextInputSchema):
    reason = ma.fields.String(
        load_default=None,
        validate=validate.Length(max=1000),
        metadata={"description": "For the audit trail"},
    )

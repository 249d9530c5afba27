"""Request and response schemas of school projects and pupils (the contract in docs/schools.md)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from verhalenkaart.accounts.schemas import MeOut
from verhalenkaart.schools.models import (
    MAX_NICKNAME_LENGTH,
    MAX_RADIUS_M,
    MIN_RADIUS_M,
    Policy,
    ProjectStatus,
)
from verhalenkaart.stories.schemas import StoryFeatureOut, StoryPropertiesOut
from verhalenkaart.text import TextInputSchema

STATUSES = [s.value for s in ProjectStatus]
POLICIES = [p.value for p in Policy]


class _ProjectFields(TextInputSchema):
    class Meta:
        unknown = ma.RAISE

    name = ma.fields.String(validate=validate.Length(1, 160))
    school = ma.fields.String(validate=validate.Length(max=160))
    class_ = ma.fields.String(data_key="class", attribute="class", validate=validate.Length(max=80))
    prompt = ma.fields.String(validate=validate.Length(max=500))
    area = ma.fields.Dict(
        allow_none=True,
        metadata={"description": "GeoJSON Polygon or MultiPolygon inside the region"},
    )
    place = ma.fields.String(
        allow_none=True,
        validate=validate.Length(max=160),
        metadata={"description": "A gazetteer place (GET /places); with radius_m"},
    )
    radius_m = ma.fields.Integer(
        allow_none=True, validate=validate.Range(MIN_RADIUS_M, MAX_RADIUS_M)
    )
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date()
    policy = ma.fields.String(validate=validate.OneOf(POLICIES))


class ProjectIn(_ProjectFields):
    name = ma.fields.String(required=True, validate=validate.Length(1, 160))
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    school = ma.fields.String(load_default="", validate=validate.Length(max=160))
    prompt = ma.fields.String(load_default="", validate=validate.Length(max=500))
    policy = ma.fields.String(load_default=Policy.CLASS.value, validate=validate.OneOf(POLICIES))


class ProjectPatch(_ProjectFields):
    pass


class TeacherIn(TextInputSchema):
    class Meta:
        unknown = ma.RAISE

    email = ma.fields.Email(required=True, validate=validate.Length(max=254))


class PupilProjectOut(ma.Schema):
    slug = ma.fields.String()
    name = ma.fields.String()
    school = ma.fields.String()
    class_ = ma.fields.String(data_key="class", attribute="class")
    prompt = ma.fields.String()
    area = ma.fields.Dict(allow_none=True, metadata={"description": "GeoJSON geometry"})
    starts_on = ma.fields.Date(allow_none=True)
    ends_on = ma.fields.Date(allow_none=True)
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    read_only = ma.fields.Boolean()


class TeacherOut(ma.Schema):
    id = ma.fields.Integer()  # noqa: A003
    display_name = ma.fields.String()


class CountsOut(ma.Schema):
    pending = ma.fields.Integer()
    class_ = ma.fields.Integer(data_key="class", attribute="class")
    published = ma.fields.Integer()
    rejected = ma.fields.Integer()


class ProjectOut(PupilProjectOut):
    place = ma.fields.String(allow_none=True)
    radius_m = ma.fields.Integer(allow_none=True)
    policy = ma.fields.String(validate=validate.OneOf(POLICIES))
    join_code = ma.fields.String(
        allow_none=True, metadata={"description": "ABCD-EFGH; null once the project ended"}
    )
    join_url = ma.fields.String(allow_none=True)
    teachers = ma.fields.List(ma.fields.Nested(TeacherOut))
    pupil_count = ma.fields.Integer()
    counts = ma.fields.Nested(CountsOut)
    created_at = ma.fields.DateTime()


class ProjectListOut(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ProjectOut))


class PupilOut(ma.Schema):
    id = ma.fields.Integer()  # noqa: A003
    nickname = ma.fields.String()
    reentry_code = ma.fields.String(
        allow_none=True, metadata={"description": "ABCD-EFGH-JKLM (for the class sheet)"}
    )
    joined_at = ma.fields.DateTime()
    stories = ma.fields.Integer()


class PupilListOut(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PupilOut))


class ReentryCodeOut(ma.Schema):
    id = ma.fields.Integer()  # noqa: A003
    nickname = ma.fields.String()
    reentry_code = ma.fields.String()


class JoinIn(TextInputSchema):
    class Meta:
        unknown = ma.RAISE

    code = ma.fields.String(
        required=True,
        validate=validate.Length(max=40),
        metadata={"description": "The class's join code, e.g. ABCD-EFGH"},
    )
    nickname = ma.fields.String(required=True, validate=validate.Length(1, MAX_NICKNAME_LENGTH))


class ReenterIn(TextInputSchema):
    class Meta:
        unknown = ma.RAISE

    code = ma.fields.String(
        required=True,
        validate=validate.Length(max=40),
        metadata={"description": "The pupil's re-entry code, e.g. ABCD-EFGH-JKLM"},
    )


class JoinOut(ma.Schema):
    user = ma.fields.Nested(MeOut)
    reentry_code = ma.fields.String()
    project = ma.fields.Nested(PupilProjectOut)


class ReenterOut(ma.Schema):
    user = ma.fields.Nested(MeOut)
    project = ma.fields.Nested(PupilProjectOut)


class ClassStoryPropertiesOut(StoryPropertiesOut):
    nickname = ma.fields.String(
        allow_none=True, metadata={"description": "The pupil's nickname (class members only)"}
    )


class ClassStoryOut(StoryFeatureOut):
    properties = ma.fields.Nested(ClassStoryPropertiesOut)


class ClassMapOut(ma.Schema):
    type = ma.fields.String()  # noqa: A003
    features = ma.fields.List(ma.fields.Nested(ClassStoryOut))

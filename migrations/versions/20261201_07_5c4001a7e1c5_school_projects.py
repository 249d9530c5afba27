"""School projects: area, dates, policy and join code; co-teachers, pupils, public picks, and
the `class` status of a pupil's story its teacher approved for the class map.

SQLite cannot change a CHECK constraint in place, and rebuilding the stories table would mean
rebuilding its SpatiaLite geometry columns and R*Tree indexes: the constraint's text is widened
in sqlite_master instead (allowed by SQLite for changes that every stored row already meets,
https://www.sqlite.org/lang_altertable.html#otheralter) and the schema version bumped.

Revision ID: 5c4001a7e1c5
Revises: 5ca1ed0ce115
Create Date: 2026-12-01 04:20:00.000000
"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "5c4001a7e1c5"
down_revision = "5ca1ed0ce115"
branch_labels = None
depends_on = None

OLD_STATUSES = "'pending', 'published', 'rejected', 'hidden', 'deleted'"
NEW_STATUSES = OLD_STATUSES + ", 'class'"


def _story_statuses(old: str, new: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.drop_constraint(op.f("ck_stories_status"), "stories", type_="check")
        op.create_check_constraint(op.f("ck_stories_status"), "stories", f"status IN ({new})")
        return
    version = bind.execute(sa.text("PRAGMA schema_version")).scalar_one()
    bind.execute(sa.text("PRAGMA writable_schema = ON"))
    bind.execute(
        sa.text(
            "UPDATE sqlite_master SET sql = replace(sql, :old, :new) "
            "WHERE type = 'table' AND name = 'stories'"
        ),
        {"old": f"status IN ({old})", "new": f"status IN ({new})"},
    )
    bind.execute(sa.text(f"PRAGMA schema_version = {int(version) + 1}"))
    bind.execute(sa.text("PRAGMA writable_schema = OFF"))


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("school", sa.String(160), nullable=False, server_default=""))
        batch.add_column(sa.Column("class_name", sa.String(80), nullable=False, server_default=""))
        batch.add_column(sa.Column("prompt", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("place", sa.String(160), nullable=True))
        batch.add_column(sa.Column("radius_m", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("policy", sa.String(8), nullable=False, server_default="class"))
        batch.add_column(sa.Column("join_code", sa.String(16), nullable=True))
    op.add_geospatial_column(
        "projects",
        sa.Column("area", Geometry("GEOMETRY", srid=4326, spatial_index=False), nullable=True),
    )
    op.create_index(op.f("ix_projects_join_code"), "projects", ["join_code"], unique=True)
    op.create_table(
        "project_teachers",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_teachers_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_project_teachers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "user_id", name=op.f("pk_project_teachers")),
    )
    op.create_index(
        op.f("ix_project_teachers_user_id"), "project_teachers", ["user_id"], unique=False
    )
    op.create_table(
        "pupils",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("reentry_digest", sa.String(64), nullable=False),
        sa.Column("reentry_sealed", sa.String(255), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_pupils_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_pupils_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_pupils")),
        sa.UniqueConstraint("reentry_digest", name=op.f("uq_pupils_reentry_digest")),
    )
    op.create_index(op.f("ix_pupils_project_id"), "pupils", ["project_id"], unique=False)
    op.create_table(
        "public_picks",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("picked_by", sa.Integer(), nullable=True),
        sa.Column("picked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_public_picks_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["picked_by"],
            ["users.id"],
            name=op.f("fk_public_picks_picked_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_public_picks")),
    )
    _story_statuses(OLD_STATUSES, NEW_STATUSES)


def downgrade() -> None:
    op.execute("UPDATE stories SET status = 'pending' WHERE status = 'class'")
    _story_statuses(NEW_STATUSES, OLD_STATUSES)
    op.drop_table("public_picks")
    op.drop_index(op.f("ix_pupils_project_id"), table_name="pupils")
    op.drop_table("pupils")
    op.drop_index(op.f("ix_project_teachers_user_id"), table_name="project_teachers")
    op.drop_table("project_teachers")
    op.drop_index(op.f("ix_projects_join_code"), table_name="projects")
    if op.get_bind().dialect.name == "sqlite":  # its triggers name the column: discard them first
        op.execute("SELECT DiscardGeometryColumn('projects', 'area')")
    with op.batch_alter_table("projects") as batch:
        for column in (
            "area",
            "join_code",
            "policy",
            "ends_on",
            "starts_on",
            "radius_m",
            "place",
            "prompt",
            "class_name",
            "school",
        ):
            batch.drop_column(column)

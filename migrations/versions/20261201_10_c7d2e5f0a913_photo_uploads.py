"""photo_uploads: photos accepted but not made yet (a HEIC upload waits for its job).

A row holds the upload's storage key under `incoming/` and what the photo row will carry; the
job media.finish-photo makes the derivatives, adds the photo with the same uuid, and deletes
the row and the upload.

Revision ID: c7d2e5f0a913
Revises: b4c6a11e5e71
Create Date: 2026-12-01 08:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "c7d2e5f0a913"
down_revision = "b4c6a11e5e71"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photo_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=True),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("alt", sa.String(length=300), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_photo_uploads_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["editor_id"],
            ["users.id"],
            name=op.f("fk_photo_uploads_editor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_uploads")),
        sa.UniqueConstraint("uuid", name=op.f("uq_photo_uploads_uuid")),
    )
    op.create_index(op.f("ix_photo_uploads_story_id"), "photo_uploads", ["story_id"])
    op.create_index(op.f("ix_photo_uploads_editor_id"), "photo_uploads", ["editor_id"])
    op.create_index(op.f("ix_photo_uploads_source_key"), "photo_uploads", ["source_key"])


def downgrade() -> None:
    op.drop_index(op.f("ix_photo_uploads_source_key"), table_name="photo_uploads")
    op.drop_index(op.f("ix_photo_uploads_editor_id"), table_name="photo_uploads")
    op.drop_index(op.f("ix_photo_uploads_story_id"), table_name="photo_uploads")
    op.drop_table("photo_uploads")

"""Add photos and voice recordings of stories, with the storage keys of their files.

Only keys of re-encoded derivatives and re-muxed recordings are stored; nothing from the original
file's metadata (no GPS, no capture time). Rows go with their story (ON DELETE CASCADE); the
files are removed by the application after the commit.

Revision ID: 10b4a7e111ac
Revises: c0ffee4c0de1
Create Date: 2026-11-28 01:44:30.405176
"""

import sqlalchemy as sa
from alembic import op

revision = "10b4a7e111ac"
down_revision = "c0ffee4c0de1"
branch_labels = None
depends_on = None


def _common_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    ]


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "photos",
        *_common_columns(),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("alt", sa.String(length=300), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("thumb_key", sa.String(length=120), nullable=False),
        sa.Column("medium_key", sa.String(length=120), nullable=False),
        sa.Column("large_key", sa.String(length=120), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_photos_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photos")),
        sa.UniqueConstraint("uuid", name=op.f("uq_photos_uuid")),
    )
    for column in ("story_id", "thumb_key", "medium_key", "large_key"):
        op.create_index(op.f(f"ix_photos_{column}"), "photos", [column], unique=False)

    op.create_table(
        "audio_recordings",
        *_common_columns(),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("mime_type", sa.String(length=40), nullable=False),
        sa.Column("duration", sa.Double(), nullable=False),
        sa.Column("transcript", sa.Text(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_audio_recordings_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audio_recordings")),
        sa.UniqueConstraint("uuid", name=op.f("uq_audio_recordings_uuid")),
    )
    for column in ("story_id", "key"):
        op.create_index(
            op.f(f"ix_audio_recordings_{column}"), "audio_recordings", [column], unique=False
        )


def downgrade() -> None:
    op.drop_table("audio_recordings")
    op.drop_table("photos")

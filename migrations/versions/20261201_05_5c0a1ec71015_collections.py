"""Add collections (exhibitions and routes) and their ordered stories with curators' notes.

An item row outlives its story's deletion (stories leave a tombstone), so curators see which
collections lost a story; the public never sees it (the stories' read side decides).

Revision ID: 5c0a1ec71015
Revises: 5a7e2c1d9b03
Create Date: 2026-12-01 01:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5c0a1ec71015"
down_revision = "5a7e2c1d9b03"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("cover", sa.Uuid(), nullable=True),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on",
            name=op.f("ck_collections_dates"),
        ),
        sa.CheckConstraint("status IN ('draft', 'published')", name=op.f("ck_collections_status")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_collections_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collections")),
        sa.UniqueConstraint("slug", name=op.f("uq_collections_slug")),
    )
    op.create_index(
        op.f("ix_collections_created_by_id"), "collections", ["created_by_id"], unique=False
    )
    op.create_index("ix_collections_status_id", "collections", ["status", "id"], unique=False)
    op.create_table(
        "collection_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collections.id"],
            name=op.f("fk_collection_items_collection_id_collections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_collection_items_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_items")),
        sa.UniqueConstraint("collection_id", "story_id", name="uq_collection_items_story"),
    )
    op.create_index(
        op.f("ix_collection_items_story_id"), "collection_items", ["story_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_collection_items_story_id"), table_name="collection_items")
    op.drop_table("collection_items")
    op.drop_index("ix_collections_status_id", table_name="collections")
    op.drop_index(op.f("ix_collections_created_by_id"), table_name="collections")
    op.drop_table("collections")

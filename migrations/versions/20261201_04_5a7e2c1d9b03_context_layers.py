"""Add context layers: overlays curators import, stored as GeoJSON text in WGS84.

A layer is drawn whole on the map and served as it is stored, so its features are one text
column (with a hash for the ETag) rather than a geometry table; bbox, counts and the source
format describe it without reading that text. A gzipped copy, made once at import, is what
most clients get.

Revision ID: 5a7e2c1d9b03
Revises: 10b4a7e111ac
Create Date: 2026-12-01 01:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "5a7e2c1d9b03"
down_revision = "10b4a7e111ac"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "layers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("style", sa.JSON(), nullable=False),
        sa.Column("attribution", sa.String(length=300), nullable=False),
        sa.Column("licence", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("visible_by_default", sa.Boolean(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("data_gzip", sa.LargeBinary(), nullable=False),
        sa.Column("data_etag", sa.String(length=64), nullable=False),
        sa.Column("data_bytes", sa.Integer(), nullable=False),
        sa.Column("bbox", sa.JSON(), nullable=False),
        sa.Column("feature_count", sa.Integer(), nullable=False),
        sa.Column("vertex_count", sa.Integer(), nullable=False),
        sa.Column("source_format", sa.String(length=16), nullable=False),
        sa.Column("source_filename", sa.String(length=200), nullable=False),
        sa.Column("source_crs", sa.String(length=120), nullable=True),
        sa.Column("simplify_tolerance", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_layers")),
        sa.UniqueConstraint("slug", name=op.f("uq_layers_slug")),
    )
    op.create_index(op.f("ix_layers_position"), "layers", ["position"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_layers_position"), table_name="layers")
    op.drop_table("layers")

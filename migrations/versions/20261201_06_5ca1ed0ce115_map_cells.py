"""Map cells (published stories counted per zoom, cell, kind and theme) and the data version.

The cells are filled from the stories already published; from then on the application keeps
them current in every transaction that changes a story (stories/cells.py). The data version's
token names the state of the data in ETags and the response cache (caching/).

Revision ID: 5ca1ed0ce115
Revises: 5c0a1ec71015
Create Date: 2026-12-01 01:55:00.000000
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "5ca1ed0ce115"
down_revision = "5c0a1ec71015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "map_cells",
        sa.Column("zoom", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("theme_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cx", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cy", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("sum_x", sa.Double(), nullable=False),
        sa.Column("sum_y", sa.Double(), nullable=False),
        sa.Column("id_sum", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("zoom", "theme_id", "cx", "cy", "kind", name=op.f("pk_map_cells")),
    )
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    bind = op.get_bind()
    bind.execute(
        sa.text("INSERT INTO data_version (id, version, token) VALUES (1, 1, :token)"),
        {"token": secrets.randbits(62)},
    )
    from verhalenkaart.stories.cells import rebuild_cells

    rebuild_cells(bind)


def downgrade() -> None:
    op.drop_table("data_version")
    op.drop_table("map_cells")

"""users.reset_counter: the number of password-reset links sent, named in each link, so that
only the newest link works (an older one is retired when a newer one is sent).

Existing rows get 0, which is what links made before this revision carry implicitly: they are
refused as invalid (they name no number) and the user asks for a new one.

Revision ID: b4c6a11e5e71
Revises: ad3170acc0de
Create Date: 2026-12-01 04:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "b4c6a11e5e71"
down_revision = "ad3170acc0de"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("reset_counter", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("reset_counter")

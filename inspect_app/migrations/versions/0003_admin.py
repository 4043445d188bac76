"""Campaigns have a kind and a quarter

Revision ID: 0003_admin
Revises: 0002_publication
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_admin"
down_revision: str | None = "0002_publication"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("annual", "points_1000", "supervision", "covert", "exit")


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("quarter", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column(
                "kind",
                sa.Enum(*KINDS, native_enum=False, length=20, name="campaignkind"),
                nullable=False,
                server_default="annual",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("kind")
        batch.drop_column("quarter")

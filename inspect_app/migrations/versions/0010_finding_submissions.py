"""A standalone finding carries its client-made submission id (unique) and the hash of its body

Revision ID: 0010_finding_submissions
Revises: 0009_rescoring
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_finding_submissions"
down_revision: str | None = "0009_rescoring"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("finding") as batch:
        batch.add_column(sa.Column("client_uuid", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("body_hash", sa.String(length=64), server_default="", nullable=False))
        batch.create_unique_constraint("uq_finding_client_uuid", ["client_uuid"])


def downgrade() -> None:
    with op.batch_alter_table("finding") as batch:
        batch.drop_constraint("uq_finding_client_uuid", type_="unique")
        batch.drop_column("body_hash")
        batch.drop_column("client_uuid")

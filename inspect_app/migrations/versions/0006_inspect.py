"""Self-assessment sheets; evidence names its item and carries the client's upload id

Revision ID: 0006_inspect
Revises: 0005_ledger
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_inspect"
down_revision: str | None = "0005_ledger"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("score_sheet") as batch:
        batch.add_column(sa.Column("self_assessment", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("item_code", sa.String(length=50), server_default="", nullable=False))
        batch.add_column(sa.Column("client_uuid", sa.Uuid(), nullable=True))
        batch.create_unique_constraint("uq_evidence_client_uuid", ["client_uuid"])


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_constraint("uq_evidence_client_uuid", type_="unique")
        batch.drop_column("client_uuid")
        batch.drop_column("item_code")
    with op.batch_alter_table("score_sheet") as batch:
        batch.drop_column("self_assessment")

"""Stored campaign results: the ranking and each subject's detail, with the sheet state they came from

Revision ID: 0007_results
Revises: 0006_inspect
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_results"
down_revision: str | None = "0006_inspect"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "campaign_result",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=200), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("ranking", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], name="fk_campaign_result_campaign_id_campaign"),
        sa.PrimaryKeyConstraint("campaign_id", name="pk_campaign_result"),
    )
    op.create_table(
        "campaign_result_subject",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name="fk_campaign_result_subject_campaign_id_campaign"
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["campaign_subject.id"], name="fk_campaign_result_subject_subject_id_campaign_subject"
        ),
        sa.PrimaryKeyConstraint("campaign_id", "subject_id", name="pk_campaign_result_subject"),
    )


def downgrade() -> None:
    op.drop_table("campaign_result_subject")
    op.drop_table("campaign_result")

"""Results over time: the campaigns of each composite part per year, and the office's calls on consequences

Revision ID: 0008_trends
Revises: 0007_results
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_trends"
down_revision: str | None = "0007_results"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "composite_campaign",
        sa.Column("rule_id", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], name="fk_composite_campaign_campaign_id_campaign"),
        sa.PrimaryKeyConstraint("rule_id", "year", "name", name="pk_composite_campaign"),
    )
    op.create_index("ix_composite_campaign_campaign_id", "composite_campaign", ["campaign_id"])
    op.create_table(
        "consequence_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("subject_key", sa.String(length=50), nullable=False),
        sa.Column("proposal", sa.String(length=50), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["app_user.id"], name="fk_consequence_decision_decided_by_id_app_user"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_consequence_decision"),
        sa.UniqueConstraint("rule_id", "year", "subject_key", name="uq_consequence_decision_rule_id_year_subject_key"),
    )


def downgrade() -> None:
    op.drop_table("consequence_decision")
    op.drop_index("ix_composite_campaign_campaign_id", table_name="composite_campaign")
    op.drop_table("composite_campaign")

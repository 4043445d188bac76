"""The rectification ledger: standalone findings, evidence, reviewers, extensions, unit aliases

Revision ID: 0005_ledger
Revises: 0004_accounts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_ledger"
down_revision: str | None = "0004_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("scored", "unannounced", "look_back", "war_zone", "third_party")
UNIT_KINDS = ("department", "town_government", "supporting_unit")


def upgrade() -> None:
    with op.batch_alter_table("finding") as batch:
        batch.add_column(
            sa.Column(
                "kind",
                sa.Enum(*KINDS, name="findingkind", native_enum=False, length=20),
                nullable=False,
                server_default="scored",
            )
        )
        batch.alter_column("campaign_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("subject_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("inspected_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("subject_name", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("filed_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_finding_area_id_area"), "area", ["area_id"], ["id"])
        batch.create_foreign_key(op.f("fk_finding_filed_by_id_app_user"), "app_user", ["filed_by_id"], ["id"])
        batch.create_index(op.f("ix_finding_area_id"), ["area_id"])
        batch.create_index(op.f("ix_finding_filed_by_id"), ["filed_by_id"])
        batch.create_unique_constraint(
            op.f("uq_finding_campaign_id_subject_id_item_code"), ["campaign_id", "subject_id", "item_code"]
        )
    with op.batch_alter_table("finding") as batch:
        batch.alter_column("kind", server_default=None)
        batch.alter_column("subject_name", server_default=None)
    with op.batch_alter_table("rectification") as batch:
        batch.add_column(sa.Column("reviewer_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("requested_deadline", sa.Date(), nullable=True))
        batch.create_foreign_key(op.f("fk_rectification_reviewer_id_app_user"), "app_user", ["reviewer_id"], ["id"])
        batch.drop_index("ix_rectification_finding_id")
        batch.create_index(op.f("ix_rectification_finding_id"), ["finding_id"], unique=True)
    op.create_table(
        "rectification_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rectification_id", sa.Integer(), nullable=False),
        sa.Column("file_path", sa.String(length=500), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rectification_id"],
            ["rectification.id"],
            name=op.f("fk_rectification_evidence_rectification_id_rectification"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["app_user.id"], name=op.f("fk_rectification_evidence_uploaded_by_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_evidence")),
    )
    op.create_index(op.f("ix_rectification_evidence_rectification_id"), "rectification_evidence", ["rectification_id"])
    op.create_table(
        "unit_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=100), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("town_kind", sa.Enum(*UNIT_KINDS, name="unitkind", native_enum=False, length=20), nullable=True),
        sa.CheckConstraint("(unit_id IS NULL) <> (town_kind IS NULL)", name=op.f("ck_unit_alias_one_target")),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_unit_alias_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_alias")),
        sa.UniqueConstraint("alias", name=op.f("uq_unit_alias_alias")),
    )
    op.create_index(op.f("ix_unit_alias_unit_id"), "unit_alias", ["unit_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_unit_alias_unit_id"), table_name="unit_alias")
    op.drop_table("unit_alias")
    op.drop_index(op.f("ix_rectification_evidence_rectification_id"), table_name="rectification_evidence")
    op.drop_table("rectification_evidence")
    with op.batch_alter_table("rectification") as batch:
        batch.drop_index(op.f("ix_rectification_finding_id"))
        batch.create_index("ix_rectification_finding_id", ["finding_id"])
        batch.drop_constraint(op.f("fk_rectification_reviewer_id_app_user"), type_="foreignkey")
        batch.drop_column("requested_deadline")
        batch.drop_column("reviewer_id")
    with op.batch_alter_table("finding") as batch:
        batch.drop_constraint(op.f("uq_finding_campaign_id_subject_id_item_code"), type_="unique")
        batch.drop_index(op.f("ix_finding_filed_by_id"))
        batch.drop_index(op.f("ix_finding_area_id"))
        batch.drop_constraint(op.f("fk_finding_filed_by_id_app_user"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_finding_area_id_area"), type_="foreignkey")
        batch.drop_column("filed_by_id")
        batch.drop_column("area_id")
        batch.drop_column("subject_name")
        batch.drop_column("inspected_on")
        batch.alter_column("subject_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("campaign_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("kind")

"""Initial tables, and triggers that keep the audit log append-only

Revision ID: 0001
Revises:
Create Date: 2026-11-23 15:45:36.384995
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


APPEND_ONLY_SQLITE = """
CREATE TRIGGER audit_log_append_only_{action} BEFORE {action} ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
"""
APPEND_ONLY_POSTGRESQL = [
    """
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
    """,
    """
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
    """,
]


def protect_audit_log() -> None:
    """Make the database itself refuse UPDATE and DELETE on audit_log."""
    if op.get_bind().dialect.name == "postgresql":
        for statement in APPEND_ONLY_POSTGRESQL:
            op.execute(statement)
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(APPEND_ONLY_SQLITE.format(action=action))


def upgrade() -> None:
    op.create_table(
        "area",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "county",
                "district",
                "town",
                "village",
                "hamlet",
                name="arealevel",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("code", sa.String(length=30), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["area.id"], name=op.f("fk_area_parent_id_area")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area")),
        sa.UniqueConstraint("parent_id", "name", name=op.f("uq_area_parent_id_name")),
    )
    op.create_index(op.f("ix_area_parent_id"), "area", ["parent_id"])
    op.create_table(
        "unit",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "department",
                "town_government",
                "supporting_unit",
                name="unitkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"], name=op.f("fk_unit_area_id_area")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit")),
        sa.UniqueConstraint("name", name=op.f("uq_unit_name")),
    )
    op.create_index(op.f("ix_unit_area_id"), "unit", ["area_id"])
    op.create_table(
        "app_user",
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "inspector",
                "leader",
                "unit_user",
                name="role",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_app_user_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_index(op.f("ix_app_user_unit_id"), "app_user", ["unit_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("entity_type", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_audit_log_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity_type", "entity_id"])
    protect_audit_log()
    op.create_table(
        "checklist_version",
        sa.Column("checklist_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("subject_kind", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_checklist_version_created_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_version")),
        sa.UniqueConstraint("checklist_id", "sha256", name=op.f("uq_checklist_version_checklist_id_sha256")),
        sa.UniqueConstraint("checklist_id", "version", name=op.f("uq_checklist_version_checklist_id_version")),
    )
    op.create_index(op.f("ix_checklist_version_checklist_id"), "checklist_version", ["checklist_id"])
    op.create_table(
        "campaign",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=50), nullable=False),
        sa.Column(
            "status",
            sa.Enum("open", "closed", name="campaignstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checklist_version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["checklist_version_id"],
            ["checklist_version.id"],
            name=op.f("fk_campaign_checklist_version_id_checklist_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
    )
    op.create_index(op.f("ix_campaign_checklist_version_id"), "campaign", ["checklist_version_id"])
    op.create_table(
        "campaign_subject",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("group_name", sa.String(length=100), nullable=False),
        sa.CheckConstraint("(area_id IS NULL) <> (unit_id IS NULL)", name=op.f("ck_campaign_subject_area_or_unit")),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"], name=op.f("fk_campaign_subject_area_id_area")),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_campaign_subject_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_campaign_subject_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_subject")),
        sa.UniqueConstraint("campaign_id", "area_id", name=op.f("uq_campaign_subject_campaign_id_area_id")),
        sa.UniqueConstraint("campaign_id", "unit_id", name=op.f("uq_campaign_subject_campaign_id_unit_id")),
    )
    op.create_index(op.f("ix_campaign_subject_campaign_id"), "campaign_subject", ["campaign_id"])
    op.create_table(
        "inspection_team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], name=op.f("fk_inspection_team_campaign_id_campaign")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_team")),
        sa.UniqueConstraint("campaign_id", "name", name=op.f("uq_inspection_team_campaign_id_name")),
    )
    op.create_index(op.f("ix_inspection_team_campaign_id"), "inspection_team", ["campaign_id"])
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("inspector_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], name=op.f("fk_assignment_campaign_id_campaign")),
        sa.ForeignKeyConstraint(["inspector_id"], ["app_user.id"], name=op.f("fk_assignment_inspector_id_app_user")),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["campaign_subject.id"],
            name=op.f("fk_assignment_subject_id_campaign_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["inspection_team.id"], name=op.f("fk_assignment_team_id_inspection_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
        sa.UniqueConstraint("subject_id", "inspector_id", name=op.f("uq_assignment_subject_id_inspector_id")),
    )
    op.create_index(op.f("ix_assignment_campaign_id"), "assignment", ["campaign_id"])
    op.create_index(op.f("ix_assignment_inspector_id"), "assignment", ["inspector_id"])
    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("item_code", sa.String(length=50), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("points_lost", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], name=op.f("fk_finding_campaign_id_campaign")),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["campaign_subject.id"],
            name=op.f("fk_finding_subject_id_campaign_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding")),
    )
    op.create_index(op.f("ix_finding_campaign_id"), "finding", ["campaign_id"])
    op.create_index(op.f("ix_finding_subject_id"), "finding", ["subject_id"])
    op.create_table(
        "score_sheet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("inspector_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "submitted", "signed_off", name="sheetstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_off_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], name=op.f("fk_score_sheet_campaign_id_campaign")),
        sa.ForeignKeyConstraint(["inspector_id"], ["app_user.id"], name=op.f("fk_score_sheet_inspector_id_app_user")),
        sa.ForeignKeyConstraint(
            ["signed_off_by_id"],
            ["app_user.id"],
            name=op.f("fk_score_sheet_signed_off_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["campaign_subject.id"],
            name=op.f("fk_score_sheet_subject_id_campaign_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_sheet")),
        sa.UniqueConstraint(
            "campaign_id",
            "subject_id",
            "inspector_id",
            name=op.f("uq_score_sheet_campaign_id_subject_id_inspector_id"),
        ),
    )
    op.create_index(op.f("ix_score_sheet_campaign_id"), "score_sheet", ["campaign_id"])
    op.create_index(op.f("ix_score_sheet_inspector_id"), "score_sheet", ["inspector_id"])
    op.create_index(op.f("ix_score_sheet_subject_id"), "score_sheet", ["subject_id"])
    op.create_table(
        "team_member",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("is_leader", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["inspection_team.id"], name=op.f("fk_team_member_team_id_inspection_team")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_team_member_user_id_app_user")),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_team_member")),
    )
    op.create_table(
        "answer",
        sa.Column("value", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("item_code", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["sheet_id"], ["score_sheet.id"], name=op.f("fk_answer_sheet_id_score_sheet")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["app_user.id"], name=op.f("fk_answer_updated_by_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
        sa.UniqueConstraint("sheet_id", "item_code", name=op.f("uq_answer_sheet_id_item_code")),
    )
    op.create_table(
        "rectification",
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("person_responsible", sa.String(length=100), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("lead_unit_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in_progress",
                "submitted",
                "closed",
                name="rectificationstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closure_note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["finding_id"], ["finding.id"], name=op.f("fk_rectification_finding_id_finding")),
        sa.ForeignKeyConstraint(["lead_unit_id"], ["unit.id"], name=op.f("fk_rectification_lead_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification")),
    )
    op.create_index(op.f("ix_rectification_finding_id"), "rectification", ["finding_id"])
    op.create_index(op.f("ix_rectification_lead_unit_id"), "rectification", ["lead_unit_id"])
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_uuid", sa.Uuid(), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("result_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["sheet_id"], ["score_sheet.id"], name=op.f("fk_submission_sheet_id_score_sheet")),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_submission_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission")),
        sa.UniqueConstraint("client_uuid", name=op.f("uq_submission_client_uuid")),
    )
    op.create_index(op.f("ix_submission_sheet_id"), "submission", ["sheet_id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("file_path", sa.String(length=500), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["answer.id"], name=op.f("fk_evidence_answer_id_answer")),
        sa.ForeignKeyConstraint(["sheet_id"], ["score_sheet.id"], name=op.f("fk_evidence_sheet_id_score_sheet")),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["app_user.id"], name=op.f("fk_evidence_uploaded_by_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    op.create_index(op.f("ix_evidence_sheet_id"), "evidence", ["sheet_id"])
    op.create_table(
        "rectification_co_unit",
        sa.Column("rectification_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rectification_id"],
            ["rectification.id"],
            name=op.f("fk_rectification_co_unit_rectification_id_rectification"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_rectification_co_unit_unit_id_unit")),
        sa.PrimaryKeyConstraint("rectification_id", "unit_id", name=op.f("pk_rectification_co_unit")),
    )


def downgrade() -> None:
    op.drop_table("rectification_co_unit")
    op.drop_index(op.f("ix_evidence_sheet_id"), table_name="evidence")
    op.drop_table("evidence")
    op.drop_index(op.f("ix_submission_sheet_id"), table_name="submission")
    op.drop_table("submission")
    op.drop_index(op.f("ix_rectification_lead_unit_id"), table_name="rectification")
    op.drop_index(op.f("ix_rectification_finding_id"), table_name="rectification")
    op.drop_table("rectification")
    op.drop_table("answer")
    op.drop_table("team_member")
    op.drop_index(op.f("ix_score_sheet_subject_id"), table_name="score_sheet")
    op.drop_index(op.f("ix_score_sheet_inspector_id"), table_name="score_sheet")
    op.drop_index(op.f("ix_score_sheet_campaign_id"), table_name="score_sheet")
    op.drop_table("score_sheet")
    op.drop_index(op.f("ix_finding_subject_id"), table_name="finding")
    op.drop_index(op.f("ix_finding_campaign_id"), table_name="finding")
    op.drop_table("finding")
    op.drop_index(op.f("ix_assignment_inspector_id"), table_name="assignment")
    op.drop_index(op.f("ix_assignment_campaign_id"), table_name="assignment")
    op.drop_table("assignment")
    op.drop_index(op.f("ix_inspection_team_campaign_id"), table_name="inspection_team")
    op.drop_table("inspection_team")
    op.drop_index(op.f("ix_campaign_subject_campaign_id"), table_name="campaign_subject")
    op.drop_table("campaign_subject")
    op.drop_index(op.f("ix_campaign_checklist_version_id"), table_name="campaign")
    op.drop_table("campaign")
    op.drop_index(op.f("ix_checklist_version_checklist_id"), table_name="checklist_version")
    op.drop_table("checklist_version")
    op.drop_index("ix_audit_log_entity", table_name="audit_log")
    op.drop_table("audit_log")  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_log_append_only()")
    op.drop_index(op.f("ix_app_user_unit_id"), table_name="app_user")
    op.drop_table("app_user")
    op.drop_index(op.f("ix_unit_area_id"), table_name="unit")
    op.drop_table("unit")
    op.drop_index(op.f("ix_area_parent_id"), table_name="area")
    op.drop_table("area")

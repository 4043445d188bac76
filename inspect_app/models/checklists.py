"""Checklists stored as versioned definitions."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspect_app.models.base import timestamp_type, utcnow


# Shared fields of a checklist version.
class ChecklistVersionBase(SQLModel):
    checklist_id: str = Field(max_length=100, index=True)
    version: int
    title: str = Field(max_length=200)
    subject_kind: str = Field(max_length=20)


# One exact version of a checklist: its YAML text and the text's sha256.
class ChecklistVersion(ChecklistVersionBase, table=True):
    __tablename__ = "checklist_version"
    __table_args__ = (
        sa.UniqueConstraint("checklist_id", "version"),
        sa.UniqueConstraint("checklist_id", "sha256"),
    )

    id: int | None = Field(default=None, primary_key=True)
    yaml_text: str = Field(sa_type=sa.Text)
    sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")

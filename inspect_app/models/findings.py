"""Findings of inspections and the rectification ledger that follows them."""

import uuid
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspect_app.models.base import enum_type, timestamp_type, utcnow


class RectificationStatus(StrEnum):
    """Where a rectification item is, up to its closure (销号)."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    CLOSED = "closed"


class FindingKind(StrEnum):
    """How a problem was found: a scored campaign, or an inspection without a checklist."""

    SCORED = "scored"  # 考核评分: a deduction or veto of a campaign
    UNANNOUNCED = "unannounced"  # 暗访
    LOOK_BACK = "look_back"  # 回头看
    WAR_ZONE = "war_zone"  # 战区督战 (seed 004)
    THIRD_PARTY = "third_party"  # 第三方评估


# A problem an inspection found: for one item of one subject of a campaign, or standalone.
class Finding(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("campaign_id", "subject_id", "item_code"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: FindingKind = Field(default=FindingKind.SCORED, sa_type=enum_type(FindingKind))
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    subject_id: int | None = Field(default=None, foreign_key="campaign_subject.id", index=True)
    item_code: str = Field(default="", max_length=50)
    text: str = Field(sa_type=sa.Text)
    points_lost: float = 0.0
    source: str = Field(default="", max_length=200)
    inspected_on: date | None = None
    subject_name: str = Field(default="", max_length=200)  # a standalone finding's place, in words
    area_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    filed_by_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    # A standalone finding's client-made submission id and the hash of what it said: filed once.
    client_uuid: uuid.UUID | None = Field(default=None, unique=True)
    body_hash: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())


# Shared fields of a rectification item.
class RectificationBase(SQLModel):
    problem: str = Field(sa_type=sa.Text)
    measure: str = Field(default="", sa_type=sa.Text)
    person_responsible: str = Field(default="", max_length=100)
    deadline: date | None = None


# A row of the rectification ledger; version guards concurrent edits.
class Rectification(RectificationBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    finding_id: int = Field(foreign_key="finding.id", index=True, unique=True)
    lead_unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    status: RectificationStatus = Field(default=RectificationStatus.OPEN, sa_type=enum_type(RectificationStatus))
    closed_at: datetime | None = Field(default=None, sa_type=timestamp_type())
    closure_note: str = Field(default="", sa_type=sa.Text)
    reviewer_id: int | None = Field(default=None, foreign_key="app_user.id")
    requested_deadline: date | None = None  # an extension the lead unit asked for, awaiting the office
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())


# A co-operating unit (协同责任单位) of a rectification item.
class RectificationCoUnit(SQLModel, table=True):
    __tablename__ = "rectification_co_unit"

    rectification_id: int = Field(foreign_key="rectification.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)


# An uploaded file (photo, document) backing a rectification item (佐证材料).
class RectificationEvidence(SQLModel, table=True):
    __tablename__ = "rectification_evidence"

    id: int | None = Field(default=None, primary_key=True)
    rectification_id: int = Field(foreign_key="rectification.id", index=True)
    file_path: str = Field(max_length=500)
    content_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    note: str = Field(default="", sa_type=sa.Text)
    uploaded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())

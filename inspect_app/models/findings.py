"""Findings of inspections and the rectification ledger that follows them."""

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


# A problem an inspection found for one item of one subject.
class Finding(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    subject_id: int = Field(foreign_key="campaign_subject.id", index=True)
    item_code: str = Field(max_length=50)
    text: str = Field(sa_type=sa.Text)
    points_lost: float = 0.0
    source: str = Field(default="", max_length=200)
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
    finding_id: int = Field(foreign_key="finding.id", index=True)
    lead_unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    status: RectificationStatus = Field(default=RectificationStatus.OPEN, sa_type=enum_type(RectificationStatus))
    closed_at: datetime | None = Field(default=None, sa_type=timestamp_type())
    closure_note: str = Field(default="", sa_type=sa.Text)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())


# A co-operating unit (协同责任单位) of a rectification item.
class RectificationCoUnit(SQLModel, table=True):
    __tablename__ = "rectification_co_unit"

    rectification_id: int = Field(foreign_key="rectification.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)

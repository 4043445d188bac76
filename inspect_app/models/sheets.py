"""Score sheets, their answers, evidence files and idempotent submissions."""

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspect_app.models.base import enum_type, timestamp_type, utcnow


class SheetStatus(StrEnum):
    """Where a score sheet is in its life."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    SIGNED_OFF = "signed_off"


# One inspector's sheet for one subject of a campaign; version guards every change.
class ScoreSheet(SQLModel, table=True):
    __tablename__ = "score_sheet"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "subject_id", "inspector_id"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    subject_id: int = Field(foreign_key="campaign_subject.id", index=True)
    inspector_id: int = Field(foreign_key="app_user.id", index=True)
    version: int = 1
    status: SheetStatus = Field(default=SheetStatus.DRAFT, sa_type=enum_type(SheetStatus))
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    submitted_at: datetime | None = Field(default=None, sa_type=timestamp_type())
    signed_off_at: datetime | None = Field(default=None, sa_type=timestamp_type())
    signed_off_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    # A self-assessment (自评) the office gave a user (typically the subject's town unit).
    self_assessment: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


# What an answer says: the value as typed (a string, the engine parses it) and a note.
class AnswerBase(SQLModel):
    value: str | None = Field(default=None, max_length=200)
    note: str = Field(default="", sa_type=sa.Text)


# The answer to one item code on one sheet.
class Answer(AnswerBase, table=True):
    __table_args__ = (
        sa.UniqueConstraint("sheet_id", "item_code"),
        # the few answers with a note, for reading them without scanning every answer
        sa.Index(
            "ix_answer_noted", "sheet_id", sqlite_where=sa.text("note != ''"), postgresql_where=sa.text("note != ''")
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="score_sheet.id")
    item_code: str = Field(max_length=50)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")


# An uploaded file (photo, document) backing a sheet or one answer.
class Evidence(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="score_sheet.id", index=True)
    answer_id: int | None = Field(default=None, foreign_key="answer.id")
    file_path: str = Field(max_length=500)
    content_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    uploaded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    item_code: str = Field(default="", max_length=50, sa_column_kwargs={"server_default": ""})
    # The client-made id of the upload: a photo sent twice from the offline queue is kept once.
    client_uuid: uuid.UUID | None = Field(default=None, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())


# A client-made submission id: the same submission is accepted once.
class Submission(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_uuid: uuid.UUID = Field(unique=True)
    body_hash: str = Field(max_length=64)
    sheet_id: int = Field(foreign_key="score_sheet.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    result_version: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())

"""Campaigns: what is scored, by whom, against which checklist version."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspect_app.models.base import enum_type, timestamp_type, utcnow


class CampaignStatus(StrEnum):
    """Whether a campaign still takes scores."""

    OPEN = "open"
    CLOSED = "closed"


class CampaignKind(StrEnum):
    """What sort of assessment a campaign is."""

    ANNUAL = "annual"  # 年度成效考核
    POINTS_1000 = "points_1000"  # 千分制
    SUPERVISION = "supervision"  # 督查巡查
    COVERT = "covert"  # 暗访
    EXIT = "exit"  # 退出验收


# Shared fields of a campaign.
class CampaignBase(SQLModel):
    title: str = Field(max_length=200)
    year: int
    period: str = Field(default="", max_length=50)
    quarter: int | None = None  # 1-4; None for a whole year
    kind: CampaignKind = Field(default=CampaignKind.ANNUAL, sa_type=enum_type(CampaignKind))
    status: CampaignStatus = Field(default=CampaignStatus.OPEN, sa_type=enum_type(CampaignStatus))


# A campaign row; it points at the exact checklist version it scores with.
class Campaign(CampaignBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    checklist_version_id: int = Field(foreign_key="checklist_version.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    closed_at: datetime | None = Field(default=None, sa_type=timestamp_type())
    # 发布: when the office published the results to inspectors and units.
    published_at: datetime | None = Field(default=None, sa_type=timestamp_type())


# One subject a campaign scores: an area or a unit; group_name ranks it within a group (town).
class CampaignSubject(SQLModel, table=True):
    __tablename__ = "campaign_subject"
    __table_args__ = (
        sa.UniqueConstraint("campaign_id", "area_id"),
        sa.UniqueConstraint("campaign_id", "unit_id"),
        sa.CheckConstraint("(area_id IS NULL) <> (unit_id IS NULL)", name="area_or_unit"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    area_id: int | None = Field(default=None, foreign_key="area.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    name: str = Field(max_length=100)
    group_name: str = Field(default="", max_length=100)


# An inspection team (督查组) of a campaign.
class InspectionTeam(SQLModel, table=True):
    __tablename__ = "inspection_team"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    name: str = Field(max_length=100)


# A member of an inspection team.
class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"

    team_id: int = Field(foreign_key="inspection_team.id", primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    is_leader: bool = False


# Who scores which subject of a campaign.
class Assignment(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("subject_id", "inspector_id"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    subject_id: int = Field(foreign_key="campaign_subject.id")
    inspector_id: int = Field(foreign_key="app_user.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="inspection_team.id")

"""Results over time: which campaign fills each part of a yearly composite, and the office's calls on consequences."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspect_app.models.base import timestamp_type, utcnow


# The campaign the office chose for one campaign name of a composite rule in one year.
class CompositeCampaign(SQLModel, table=True):
    __tablename__ = "composite_campaign"

    rule_id: str = Field(max_length=100, primary_key=True)
    year: int = Field(primary_key=True)
    name: str = Field(max_length=100, primary_key=True)  # as the rule's parts write it (town-q1)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)


# The office's call on one proposed consequence (表彰 / 约谈 / 组织处理); every change is audited too.
class ConsequenceDecision(SQLModel, table=True):
    __tablename__ = "consequence_decision"

    id: int | None = Field(default=None, primary_key=True)
    rule_id: str = Field(max_length=100)
    year: int
    subject_key: str = Field(max_length=50)  # area:<id> or unit:<id>
    proposal: str = Field(max_length=50)  # the engine's code when the call was made
    decision: str = Field(max_length=20)  # confirmed | set_aside
    note: str = Field(default="", sa_type=sa.Text)
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())

    __table_args__ = (sa.UniqueConstraint("rule_id", "year", "subject_key"),)

"""A campaign's stored results: the engine's tables, serialised, and the sheet state they came from."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspect_app.models.base import timestamp_type, utcnow


# The ranking of one campaign as last computed: the subject table and what the pages need.
class CampaignResult(SQLModel, table=True):
    __tablename__ = "campaign_result"

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    fingerprint: str = Field(max_length=200)  # the signed-off sheet state it was computed from
    computed_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    seconds: float = 0.0  # how long the rescoring took
    ranking: str = Field(sa_type=sa.Text)  # JSON: records, sections, grades, problem


# One subject's detail behind the ranking: items, inspectors' scores, pool lines, rectifications.
class CampaignResultSubject(SQLModel, table=True):
    __tablename__ = "campaign_result_subject"

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    subject_id: int = Field(foreign_key="campaign_subject.id", primary_key=True)
    detail: str = Field(sa_type=sa.Text)  # JSON

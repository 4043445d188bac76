"""Read-only summaries of campaigns for the home page."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from inspect_app import policy
from inspect_app.models import (
    Assignment,
    Campaign,
    CampaignSubject,
    ChecklistVersion,
    ScoreSheet,
    SheetStatus,
    User,
)


@dataclass(frozen=True)
class CampaignSummary:
    """One line of the campaign list."""

    campaign: Campaign
    checklist: ChecklistVersion
    subjects: int
    sheets: int
    signed_off: int


@dataclass(frozen=True)
class SubjectLine:
    """One subject of a campaign with its inspectors and their sheets' states."""

    subject: CampaignSubject
    inspectors: list[tuple[str, SheetStatus | None]]


def list_campaigns(*, session: Session, user: User) -> list[CampaignSummary]:
    """The campaigns user may see, newest first, with counts of subjects and sheets."""
    subjects = (
        select(CampaignSubject.campaign_id, func.count().label("n")).group_by(CampaignSubject.campaign_id).subquery()
    )
    sheets = (
        select(
            ScoreSheet.campaign_id,
            func.count().label("n"),
            func.count().filter(ScoreSheet.status == SheetStatus.SIGNED_OFF).label("signed"),
        )
        .group_by(ScoreSheet.campaign_id)
        .subquery()
    )
    rows = session.exec(
        select(
            Campaign,
            ChecklistVersion,
            func.coalesce(subjects.c.n, 0),
            func.coalesce(sheets.c.n, 0),
            func.coalesce(sheets.c.signed, 0),
        )
        .join(ChecklistVersion, ChecklistVersion.id == Campaign.checklist_version_id)
        .outerjoin(subjects, subjects.c.campaign_id == Campaign.id)
        .outerjoin(sheets, sheets.c.campaign_id == Campaign.id)
        .where(policy.campaign_filter(user))
        .order_by(Campaign.year.desc(), Campaign.id.desc())
    ).all()
    return [CampaignSummary(*row) for row in rows]


def campaign_subjects(*, session: Session, campaign: Campaign, user: User) -> list[SubjectLine]:
    """The subjects of a campaign, by group and name, each with the inspectors user may see."""
    campaign_id = campaign.id
    subjects = session.exec(
        select(CampaignSubject)
        .where(CampaignSubject.campaign_id == campaign_id)
        .order_by(CampaignSubject.group_name, CampaignSubject.name)
    ).all()
    rows = session.exec(
        select(Assignment.subject_id, User.display_name, ScoreSheet.status)
        .join(User, User.id == Assignment.inspector_id)
        .outerjoin(
            ScoreSheet,
            (ScoreSheet.subject_id == Assignment.subject_id) & (ScoreSheet.inspector_id == Assignment.inspector_id),
        )
        .where(policy.roster_filter(user, campaign))
        .order_by(User.display_name)
    ).all()
    inspectors: dict[int, list[tuple[str, SheetStatus | None]]] = {}
    for subject_id, name, status in rows:
        inspectors.setdefault(subject_id, []).append((name, status))
    return [SubjectLine(subject, inspectors.get(subject.id, [])) for subject in subjects]

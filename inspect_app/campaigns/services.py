"""Setting up campaigns. Helpers flush, never commit: the caller owns the transaction."""

from sqlmodel import Session, select

from inspect_app.models import (
    Area,
    Assignment,
    Campaign,
    CampaignSubject,
    ChecklistVersion,
    InspectionTeam,
    ScoreSheet,
    TeamMember,
    User,
)


def create_campaign(
    *, session: Session, checklist: ChecklistVersion, title: str, year: int, period: str = ""
) -> Campaign:
    """A new open campaign scoring with this exact checklist version."""
    campaign = Campaign(checklist_version_id=checklist.id, title=title, year=year, period=period)
    session.add(campaign)
    session.flush()
    return campaign


def add_area_subjects(*, session: Session, campaign: Campaign, areas: list[Area]) -> list[CampaignSubject]:
    """Score these areas in the campaign, each grouped under its parent area (its town)."""
    parents = {
        area.id: area.name
        for area in session.exec(select(Area).where(Area.id.in_({a.parent_id for a in areas if a.parent_id})))
    }
    subjects = [
        CampaignSubject(
            campaign_id=campaign.id,
            area_id=area.id,
            name=area.name,
            group_name=parents.get(area.parent_id, ""),
        )
        for area in areas
    ]
    session.add_all(subjects)
    session.flush()
    return subjects


def create_team(
    *, session: Session, campaign: Campaign, name: str, members: list[User], leader: User
) -> InspectionTeam:
    """An inspection team of the campaign; leader must be one of members."""
    team = InspectionTeam(campaign_id=campaign.id, name=name)
    session.add(team)
    session.flush()
    session.add_all(
        TeamMember(team_id=team.id, user_id=member.id, is_leader=member.id == leader.id) for member in members
    )
    session.flush()
    return team


def assign(
    *,
    session: Session,
    subject: CampaignSubject,
    inspector: User,
    team: InspectionTeam | None = None,
) -> ScoreSheet:
    """Let inspector score subject: the assignment and the inspector's empty draft sheet."""
    session.add(
        Assignment(
            campaign_id=subject.campaign_id,
            subject_id=subject.id,
            inspector_id=inspector.id,
            team_id=team.id if team else None,
        )
    )
    sheet = ScoreSheet(campaign_id=subject.campaign_id, subject_id=subject.id, inspector_id=inspector.id)
    session.add(sheet)
    session.flush()
    return sheet

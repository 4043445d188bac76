"""What the campaign pages show: form choices, the picked subjects, the set-up page."""

from types import SimpleNamespace

from flask import render_template
from sqlmodel import Session, select

from inspect_app.admin.forms import AssignForm, CampaignForm, SheetUpload, SubjectPick, TeamForm, options
from inspect_app.db import get_session
from inspect_app.models import (
    Area,
    AreaLevel,
    Assignment,
    Campaign,
    CampaignSubject,
    ChecklistVersion,
    InspectionTeam,
    Role,
    TeamMember,
    Unit,
    User,
)


def _subject_choices(form: SubjectPick, session: Session) -> None:
    """Towns and units to pick subjects from."""
    towns = session.exec(select(Area).where(Area.level == AreaLevel.TOWN).order_by(Area.name)).all()
    form.towns.choices = options([(t.id, t.name) for t in towns])
    form.units.choices = options([(u.id, u.name) for u in session.exec(select(Unit).order_by(Unit.name))])


def _campaign_choices(form: CampaignForm, session: Session) -> None:
    """Every checklist version, newest first, and the subjects."""
    versions = session.exec(
        select(ChecklistVersion).order_by(ChecklistVersion.checklist_id, ChecklistVersion.version.desc())
    ).all()
    form.checklist.choices = options([(v.id, f"{v.title}（{v.checklist_id} 第{v.version}版）") for v in versions])
    _subject_choices(form, session)


def _team_choices(form: TeamForm, session: Session) -> None:
    """Active inspectors as members and leader."""
    people = session.exec(
        select(User).where(User.role == Role.INSPECTOR, User.active).order_by(User.display_name)
    ).all()
    form.members.choices = form.leader.choices = options([(u.id, f"{u.display_name}（{u.username}）") for u in people])


def _assign_choices(form: AssignForm, session: Session, campaign: Campaign) -> None:
    """The campaign's teams, groups and subjects."""
    form.team.choices = options(
        [(t.id, t.name) for t in session.exec(select(InspectionTeam).where(InspectionTeam.campaign_id == campaign.id))]
    )
    subjects = session.exec(
        select(CampaignSubject)
        .where(CampaignSubject.campaign_id == campaign.id)
        .order_by(CampaignSubject.group_name, CampaignSubject.name)
    ).all()
    groups = sorted({s.group_name for s in subjects if s.group_name})
    form.group.choices = options([("", "（不按乡镇）")] + [(g, f"{g}的全部对象") for g in groups])
    form.subjects.choices = options([(s.id, f"{s.group_name} {s.name}".strip()) for s in subjects])


choices = SimpleNamespace(
    campaign=_campaign_choices, team=_team_choices, assign=_assign_choices, subjects=_subject_choices
)


def picked_subjects(form: SubjectPick, session: Session) -> tuple[list[Area], list[Unit]]:
    """The areas (chosen towns, or their villages) and units a subject pick names."""
    town_ids = [int(t) for t in form.towns.data or []]
    if form.scope.data == "towns":
        areas = session.exec(select(Area).where(Area.id.in_(town_ids))).all()
    else:
        areas = session.exec(select(Area).where(Area.parent_id.in_(town_ids)).order_by(Area.name)).all()
    units = session.exec(select(Unit).where(Unit.id.in_([int(u) for u in form.units.data or []]))).all()
    return list(areas), list(units)


def detail_page(campaign: Campaign, bad_rows: list | None = None) -> str:
    """The campaign's set-up page, with the rows an import refused if any."""
    session = get_session()
    subjects = session.exec(
        select(CampaignSubject)
        .where(CampaignSubject.campaign_id == campaign.id)
        .order_by(CampaignSubject.group_name, CampaignSubject.name)
    ).all()
    teams = session.exec(
        select(InspectionTeam).where(InspectionTeam.campaign_id == campaign.id).order_by(InspectionTeam.name)
    ).all()
    members = session.exec(
        select(TeamMember, User)
        .join(User, User.id == TeamMember.user_id)
        .where(TeamMember.team_id.in_([t.id for t in teams]))
    ).all()
    assignments = session.exec(
        select(Assignment, CampaignSubject, User)
        .join(CampaignSubject, CampaignSubject.id == Assignment.subject_id)
        .join(User, User.id == Assignment.inspector_id)
        .where(Assignment.campaign_id == campaign.id)
        .order_by(CampaignSubject.group_name, CampaignSubject.name, User.display_name)
    ).all()
    forms = SimpleNamespace(subjects=SubjectPick(), team=TeamForm(), assign=AssignForm(), upload=SheetUpload())
    _subject_choices(forms.subjects, session)
    _team_choices(forms.team, session)
    _assign_choices(forms.assign, session, campaign)
    return render_template(
        "admin/campaign.html",
        campaign=campaign,
        checklist=session.get(ChecklistVersion, campaign.checklist_version_id),
        subjects=subjects,
        teams=teams,
        members=members,
        team_names={t.id: t.name for t in teams},
        assignments=assignments,
        forms=forms,
        bad_rows=bad_rows or [],
    )

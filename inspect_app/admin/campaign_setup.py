"""Setting up a campaign from the browser: every act audited, undone only while nothing is answered."""

from sqlalchemy import delete, exists, or_
from sqlmodel import Session, select

from inspect_app.admin.errors import AdminRefusal, note, refuse_unless
from inspect_app.campaigns.services import add_area_subjects, assign, create_campaign, create_team
from inspect_app.db import writing
from inspect_app.labels import QUARTER_LABELS
from inspect_app.models import (
    Answer,
    Area,
    Assignment,
    Campaign,
    CampaignKind,
    CampaignStatus,
    CampaignSubject,
    ChecklistVersion,
    Evidence,
    Finding,
    InspectionTeam,
    ScoreSheet,
    SheetStatus,
    Submission,
    TeamMember,
    Unit,
    User,
)
from inspect_app.models.base import utcnow
from inspect_app.rectification.filing import file_campaign_findings
from scoring import ChecklistError, ResponseError


def _started(session: Session, *conditions) -> bool:
    """Whether any sheet meeting conditions has an answer, evidence or is past draft."""
    started = or_(
        exists().where(Answer.sheet_id == ScoreSheet.id),
        exists().where(Evidence.sheet_id == ScoreSheet.id),
        ScoreSheet.status != SheetStatus.DRAFT,
    )
    return session.exec(select(exists().where(*conditions, started))).one()


def _drop_sheets(session: Session, *conditions) -> None:
    """Delete the (unanswered) sheets meeting conditions and their submissions."""
    sheet_ids = select(ScoreSheet.id).where(*conditions)
    session.execute(delete(Submission).where(Submission.sheet_id.in_(sheet_ids)))
    session.execute(delete(ScoreSheet).where(ScoreSheet.id.in_(sheet_ids)))


def new_campaign(
    *,
    session: Session,
    by: User,
    checklist: ChecklistVersion,
    title: str,
    year: int,
    quarter: int | None,
    kind: CampaignKind,
    areas: list[Area],
    units: list[Unit],
) -> Campaign:
    """A campaign with its subjects; refused without any subject."""
    refuse_unless(bool(areas or units), "考核任务至少要有一个考核对象：请选择乡镇、村或单位。")
    with writing(session):
        campaign = create_campaign(
            session=session, checklist=checklist, title=title, year=year, period=QUARTER_LABELS.get(quarter, "")
        )
        campaign.quarter, campaign.kind = quarter, kind
        session.add(campaign)
        note(
            session,
            by,
            "campaign",
            campaign.id,
            "created",
            None,
            f"{title}（检查表 {checklist.checklist_id} 第{checklist.version}版）",
        )
        add_subjects(session=session, by=by, campaign=campaign, areas=areas, units=units)
    return campaign


def add_subjects(
    *, session: Session, by: User, campaign: Campaign, areas: list[Area], units: list[Unit]
) -> list[CampaignSubject]:
    """Add the areas and units not yet scored in the campaign; the new subjects."""
    refuse_unless(bool(areas or units), "请选择要加入的乡镇、村或单位。")
    areas, units = list({a.id: a for a in areas}.values()), list({u.id: u for u in units}.values())  # once each
    with writing(session):
        have = session.exec(select(CampaignSubject).where(CampaignSubject.campaign_id == campaign.id)).all()
        had_areas, had_units = {s.area_id for s in have}, {s.unit_id for s in have}
        added = add_area_subjects(session=session, campaign=campaign, areas=[a for a in areas if a.id not in had_areas])
        for unit in units:
            if unit.id not in had_units:
                added.append(CampaignSubject(campaign_id=campaign.id, unit_id=unit.id, name=unit.name))
                session.add(added[-1])
        session.flush()
        for subject in added:
            note(session, by, "campaign", campaign.id, "subject_added", None, subject.name)
    return added


def remove_subject(*, session: Session, by: User, subject: CampaignSubject) -> None:
    """Remove a subject nobody has answered for yet (its assignments and empty sheets too)."""
    with writing(session):
        refuse_unless(
            not _started(session, ScoreSheet.subject_id == subject.id)
            and not session.exec(select(exists().where(Finding.subject_id == subject.id))).one(),
            f"“{subject.name}”已有评分（或已提交、已上传证据），不能移除。",
        )
        _drop_sheets(session, ScoreSheet.subject_id == subject.id)
        session.execute(delete(Assignment).where(Assignment.subject_id == subject.id))
        note(session, by, "campaign", subject.campaign_id, "subject_removed", subject.name, None)
        session.delete(subject)


def new_team(
    *, session: Session, by: User, campaign: Campaign, name: str, members: list[User], leader: User
) -> InspectionTeam:
    """An inspection team; its name unique in the campaign, its leader one of its members."""
    refuse_unless(leader.id in {m.id for m in members}, "组长必须是本组成员。")
    with writing(session):
        taken = select(InspectionTeam).where(InspectionTeam.campaign_id == campaign.id, InspectionTeam.name == name)
        refuse_unless(session.exec(taken).first() is None, f"本任务已有名为“{name}”的督查组。")
        team = create_team(session=session, campaign=campaign, name=name, members=members, leader=leader)
        who = "、".join(m.display_name for m in members)
        note(session, by, "inspection_team", team.id, "created", None, f"{name}：{who}（组长 {leader.display_name}）")
    return team


def remove_team(*, session: Session, by: User, team: InspectionTeam) -> None:
    """Remove a team whose assignments are all unanswered (they go with it)."""
    with writing(session):
        of_team = ScoreSheet.id.in_(
            select(ScoreSheet.id)
            .join(
                Assignment,
                (Assignment.subject_id == ScoreSheet.subject_id) & (Assignment.inspector_id == ScoreSheet.inspector_id),
            )
            .where(Assignment.team_id == team.id)
        )
        refuse_unless(not _started(session, of_team), f"督查组“{team.name}”已有评分，不能删除。")
        _drop_sheets(session, of_team)
        session.execute(delete(Assignment).where(Assignment.team_id == team.id))
        session.execute(delete(TeamMember).where(TeamMember.team_id == team.id))
        note(session, by, "inspection_team", team.id, "removed", team.name, None)
        session.delete(team)


def assign_team(*, session: Session, by: User, team: InspectionTeam, subjects: list[CampaignSubject]) -> int:
    """Every member of team scores each subject (pairs already assigned are kept); how many were added."""
    refuse_unless(bool(subjects), "请选择要分配的考核对象。")
    with writing(session):
        members = session.exec(
            select(User).join(TeamMember, TeamMember.user_id == User.id).where(TeamMember.team_id == team.id)
        ).all()
        taken = set(
            session.exec(
                select(Assignment.subject_id, Assignment.inspector_id).where(
                    Assignment.subject_id.in_([s.id for s in subjects])
                )
            ).all()
        )
        added = 0
        for subject in subjects:
            for member in members:
                if (subject.id, member.id) not in taken:
                    assign(session=session, subject=subject, inspector=member, team=team)
                    note(
                        session,
                        by,
                        "campaign",
                        team.campaign_id,
                        "assigned",
                        None,
                        f"{subject.name} → {team.name} {member.display_name}",
                    )
                    added += 1
    return added


def remove_assignment(*, session: Session, by: User, assignment: Assignment) -> None:
    """Remove one assignment whose sheet is unanswered, with that sheet."""
    mine = (ScoreSheet.subject_id == assignment.subject_id, ScoreSheet.inspector_id == assignment.inspector_id)
    with writing(session):
        refuse_unless(not _started(session, *mine), "该督查员已对此对象评分，不能取消分工。")
        _drop_sheets(session, *mine)
        note(
            session,
            by,
            "campaign",
            assignment.campaign_id,
            "unassigned",
            f"subject {assignment.subject_id} inspector {assignment.inspector_id}",
            None,
        )
        session.delete(assignment)


def set_status(*, session: Session, by: User, campaign: Campaign, status: CampaignStatus) -> None:
    """Open or close the campaign."""
    with writing(session):
        note(session, by, "campaign", campaign.id, "status", campaign.status, status)
        campaign.status = status
        campaign.closed_at = utcnow() if status == CampaignStatus.CLOSED else None
        session.add(campaign)


def set_published(*, session: Session, by: User, campaign: Campaign, published: bool) -> int:
    """Publish the results (发布), filing the findings not yet in the ledger, or withdraw; how many were filed."""
    with writing(session):
        new = utcnow() if published else None
        note(session, by, "campaign", campaign.id, "published_at", campaign.published_at, new)
        campaign.published_at = new
        session.add(campaign)
        if not published:
            return 0
        try:
            filed = file_campaign_findings(session=session, campaign_id=campaign.id, user=by)
        except (ChecklistError, ResponseError) as error:
            why = "；".join(map(str, error.problems[:3]))
            raise AdminRefusal(f"未发布：已签认的评分无法计分（{why}）。") from error
        note(session, by, "campaign", campaign.id, "findings_filed", None, len(filed))
    return len(filed)


def delete_campaign(*, session: Session, by: User, campaign: Campaign) -> None:
    """Delete a campaign nobody has answered for yet, with its subjects, teams and assignments."""
    with writing(session):
        mine = ScoreSheet.campaign_id == campaign.id
        refuse_unless(
            not _started(session, mine)
            and not session.exec(select(exists().where(Finding.campaign_id == campaign.id))).one(),
            f"“{campaign.title}”已有评分或问题记录，不能删除；可以结束任务。",
        )
        _drop_sheets(session, mine)
        teams = select(InspectionTeam.id).where(InspectionTeam.campaign_id == campaign.id)
        session.execute(delete(Assignment).where(Assignment.campaign_id == campaign.id))
        session.execute(delete(TeamMember).where(TeamMember.team_id.in_(teams)))
        session.execute(delete(InspectionTeam).where(InspectionTeam.campaign_id == campaign.id))
        session.execute(delete(CampaignSubject).where(CampaignSubject.campaign_id == campaign.id))
        note(session, by, "campaign", campaign.id, "deleted", campaign.title, None)
        session.delete(campaign)

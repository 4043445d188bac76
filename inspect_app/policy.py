"""Who sees what: the one access policy (DESIGN.md, "Who sees what").

Every view, API call, export and query asks here. Three kinds of answer:
- `may_*(user, ...)` says yes or no to one act on one object (templates call these too);
- `*_filter(user)` is a SQL condition that keeps only what the user may see, for lists;
- `see(allowed)` / `act(allowed)` turn a no into the domain errors NotVisible (404) and
  Refused (403), which inspect_app/errors.py answers and records.
Coarse role checks sit at each blueprint (`blueprint_roles`); object rules live here.
"""

from flask import Blueprint, g
from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true

from inspect_app.db import get_session
from inspect_app.models import (
    Assignment,
    Campaign,
    Finding,
    Rectification,
    RectificationCoUnit,
    Role,
    ScoreSheet,
    SheetStatus,
    TeamMember,
    User,
)

READERS = (Role.ADMIN, Role.LEADER)  # see every campaign, result and ledger row


class NotVisible(LookupError):
    """The object does not exist, or this user may not know it exists (404)."""


class Refused(PermissionError):
    """The user sees the object but may not do this to it (403)."""


class LoginRequired(PermissionError):
    """Nobody is logged in (401 for the API, the login page for pages)."""


def see(allowed: bool, what: str = "") -> None:
    """Raise NotVisible unless allowed."""
    if not allowed:
        raise NotVisible(what)


def act(allowed: bool, what: str = "") -> None:
    """Raise Refused unless allowed."""
    if not allowed:
        raise Refused(what)


def blueprint_roles(bp: Blueprint, *roles: Role) -> None:
    """Every route of bp needs a logged-in user with one of roles (the coarse check)."""

    @bp.before_request
    def _coarse_check() -> None:
        if g.get("user") is None:
            raise LoginRequired(bp.name)
        act(g.user.role in roles, f"{bp.name} needs one of {[r.value for r in roles]}")


# --- Administration: users, checklists, campaigns, teams, the audit log ---


def may_manage(user: User | None) -> bool:
    """Users, checklists, campaigns and teams are managed by the office (admins)."""
    return user is not None and user.role == Role.ADMIN


def may_read_setup(user: User | None) -> bool:
    """Admins manage the set-up; leaders read it."""
    return user is not None and user.role in READERS


def may_read_audit(user: User | None) -> bool:
    """Only admins read the audit log."""
    return may_manage(user)


# --- Campaigns and their rosters ---


def _scored_by(user: User) -> ColumnElement[bool]:
    """Campaigns where user has an assignment (or a sheet: a self-assessment)."""
    return or_(
        exists().where(Assignment.campaign_id == Campaign.id, Assignment.inspector_id == user.id),
        exists().where(ScoreSheet.campaign_id == Campaign.id, ScoreSheet.inspector_id == user.id),
    )


def campaign_filter(user: User) -> ColumnElement[bool]:
    """Campaigns user may see listed: all for readers; their own work or published ones for others."""
    if user.role in READERS:
        return true()
    if user.role == Role.INSPECTOR:
        return _scored_by(user)
    return or_(Campaign.published_at.is_not(None), _scored_by(user))


def may_see_campaign(user: User, campaign: Campaign) -> bool:
    """Whether campaign is one user may know of."""
    if user.role in READERS:
        return True
    if user.role == Role.UNIT_USER and campaign.published_at is not None:
        return True
    return _exists(_scored_by(user), Campaign.id == campaign.id)


def may_see_roster(user: User) -> bool:
    """Whether user sees any of a roster: never units (unannounced visits must not leak)."""
    return user.role != Role.UNIT_USER


def roster_filter(user: User, campaign: Campaign) -> ColumnElement[bool]:
    """Assignments user may see: readers all; an inspector their own team's; units none (暗访)."""
    if user.role in READERS:
        return Assignment.campaign_id == campaign.id
    if user.role != Role.INSPECTOR:
        return false()
    my_teams = select(TeamMember.team_id).where(TeamMember.user_id == user.id)
    return and_(
        Assignment.campaign_id == campaign.id,
        or_(Assignment.inspector_id == user.id, Assignment.team_id.in_(my_teams)),
    )


# --- Score sheets ---


def leads_team_of_sheet(user: User) -> ColumnElement[bool]:
    """Sheets whose subject is assigned to a team user leads."""
    return exists().where(
        Assignment.subject_id == ScoreSheet.subject_id,
        Assignment.team_id == TeamMember.team_id,
        TeamMember.user_id == user.id,
        TeamMember.is_leader,
    )


def sheet_filter(user: User) -> ColumnElement[bool]:
    """Sheets user may read: admins all, leaders signed-off ones, others their own (and a team leader the team's)."""
    if user.role == Role.ADMIN:
        return true()
    if user.role == Role.LEADER:
        return ScoreSheet.status == SheetStatus.SIGNED_OFF
    if user.role == Role.INSPECTOR:
        return or_(ScoreSheet.inspector_id == user.id, leads_team_of_sheet(user))
    return ScoreSheet.inspector_id == user.id  # a self-assessment sheet the office gave them


def may_read_sheet(user: User, sheet: ScoreSheet) -> bool:
    """Whether user may read this sheet."""
    return _exists(sheet_filter(user), ScoreSheet.id == sheet.id)


def writes_sheet(user: User, sheet: ScoreSheet) -> bool:
    """Its own inspector (or self-assessing user) writes a sheet, and admins; whatever its status."""
    return user.role == Role.ADMIN or sheet.inspector_id == user.id


def may_edit_sheet(user: User, sheet: ScoreSheet) -> bool:
    """Its own inspector edits a sheet until it is submitted; admins too (every change audited)."""
    return sheet.status == SheetStatus.DRAFT and writes_sheet(user, sheet)


def may_sign_off(user: User, sheet: ScoreSheet) -> bool:
    """Admins, and the leader of the team the sheet's subject is assigned to."""
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.INSPECTOR and _exists(leads_team_of_sheet(user), ScoreSheet.id == sheet.id)


def may_send_back(user: User, sheet: ScoreSheet) -> bool:
    """Whoever may sign a sheet off may send a submitted one back to its inspector (with a reason)."""
    return sheet.status == SheetStatus.SUBMITTED and may_sign_off(user, sheet)


def may_review_subject(user: User, subject_id: int) -> bool:
    """Admins, and the leader of the team a subject is assigned to, review its sheets side by side."""
    if user.role == Role.ADMIN:
        return True
    leads = exists().where(Assignment.subject_id == subject_id, Assignment.team_id == TeamMember.team_id,
                           TeamMember.user_id == user.id, TeamMember.is_leader)
    return user.role == Role.INSPECTOR and get_session().execute(select(leads)).scalar_one()


def led_assignments(user: User) -> ColumnElement[bool]:
    """Assignments of the teams user leads (their review list)."""
    my_teams = select(TeamMember.team_id).where(TeamMember.user_id == user.id, TeamMember.is_leader)
    return Assignment.team_id.in_(my_teams) if user.role == Role.INSPECTOR else false()


def may_give_self_assessment(user: User) -> bool:
    """The office (admins) names who self-assesses a subject."""
    return may_manage(user)


def may_reopen(user: User, sheet: ScoreSheet) -> bool:
    """Only admins reopen a signed-off sheet (with a reason, audited)."""
    return user.role == Role.ADMIN and sheet.status == SheetStatus.SIGNED_OFF


# --- Rankings, drill-down and exports ---


def may_see_results(user: User, campaign: Campaign) -> bool:
    """Readers always; others once published: inspectors of campaigns they scored, units any."""
    if user.role in READERS:
        return True
    if campaign.published_at is None:
        return False
    return user.role == Role.UNIT_USER or _exists(_scored_by(user), Campaign.id == campaign.id)


def may_see_inspector_values(user: User) -> bool:
    """Per-inspector values and names are never shown to units."""
    return user.role != Role.UNIT_USER


def may_see_scoring_quality(user: User) -> bool:
    """Which inspectors disagree with their team, and self-assessment gaps: admins and leaders only."""
    return user.role in READERS


def may_see_yearly_results(user: User) -> bool:
    """Yearly composites and proposed consequences (表彰 / 约谈 / 组织处理): admins and leaders only."""
    return user.role in READERS


def may_decide_yearly_results(user: User) -> bool:
    """The office chooses a composite's campaigns and confirms or sets aside proposed consequences."""
    return may_manage(user)


# --- The rectification ledger ---


def _unit_involved(user: User) -> ColumnElement[bool]:
    """Rows where the user's unit leads or co-operates."""
    co_operates = exists().where(
        RectificationCoUnit.rectification_id == Rectification.id, RectificationCoUnit.unit_id == user.unit_id
    )
    return or_(Rectification.lead_unit_id == user.unit_id, co_operates)


def _campaign_scored_by(user: User) -> ColumnElement[bool]:
    """Rows from a campaign user has an assignment in (the finding is looked up, never correlated)."""
    return exists().where(
        Finding.id == Rectification.finding_id,
        Assignment.campaign_id == Finding.campaign_id,
        Assignment.inspector_id == user.id,
    ).correlate_except(Finding, Assignment)


def _inspected_by(user: User) -> ColumnElement[bool]:
    """Rows of campaigns user scored, and standalone rows user filed (暗访, 回头看, ...)."""
    filed = exists().where(Finding.id == Rectification.finding_id, Finding.filed_by_id == user.id).correlate_except(
        Finding
    )
    return or_(_campaign_scored_by(user), filed)


def rectification_filter(user: User) -> ColumnElement[bool]:
    """Ledger rows user may see."""
    if user.role in READERS:
        return true()
    if user.role == Role.INSPECTOR:
        return _inspected_by(user)
    if user.unit_id is None:
        return false()
    return _unit_involved(user)


def may_see_rectification(user: User, row: Rectification) -> bool:
    """Whether user may see this ledger row."""
    return _exists(rectification_filter(user), Rectification.id == row.id)


def may_work_rectification(user: User, row: Rectification) -> bool:
    """The lead unit reports progress, asks for closure and asks for more time (start, submit, extend)."""
    return user.role == Role.UNIT_USER and user.unit_id is not None and row.lead_unit_id == user.unit_id


def may_verify_rectification(user: User, row: Rectification) -> bool:
    """Admins, inspectors of the row's campaign and the filer of a standalone row verify, return and close."""
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.INSPECTOR and _exists(_inspected_by(user), Rectification.id == row.id)


def may_add_evidence(user: User, row: Rectification) -> bool:
    """Everyone who works or verifies the row, and its co-operating units (notes, evidence)."""
    if may_work_rectification(user, row) or may_verify_rectification(user, row):
        return True
    return (
        user.role == Role.UNIT_USER
        and user.unit_id is not None
        and _exists(_unit_involved(user), Rectification.id == row.id)
    )


def may_edit_rectification(user: User) -> bool:
    """The office edits a row's units, deadline and measure, and approves deadline extensions."""
    return may_manage(user)


def may_file_finding(user: User) -> bool:
    """Inspectors and the office file standalone findings (暗访, 回头看, 战区督战, 第三方评估)."""
    return user.role in (Role.ADMIN, Role.INSPECTOR)


def may_see_ledger_overview(user: User) -> bool:
    """The office and leaders see the whole ledger's counts per unit and town."""
    return user.role in READERS


def _exists(condition: ColumnElement[bool], key: ColumnElement[bool]) -> bool:
    """Whether the row that key picks meets condition, asked of the request's session."""
    return get_session().execute(select(exists().where(condition, key))).scalar_one()

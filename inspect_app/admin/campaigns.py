"""Campaign views: create, subjects, teams, assignments, open/close, publish, delete."""

from flask import flash, g, redirect, render_template, request, url_for
from sqlmodel import select

from inspect_app.admin import bp
from inspect_app.admin import campaign_setup as setup
from inspect_app.admin.campaign_imports import import_assignments, import_subjects, import_teams
from inspect_app.admin.campaign_views import choices, detail_page, picked_subjects
from inspect_app.admin.forms import AssignForm, CampaignForm, SheetUpload, SubjectPick, TeamForm
from inspect_app.admin.pages import attempt, form_errors, load, must_manage
from inspect_app.db import get_session
from inspect_app.models import (
    Assignment,
    Campaign,
    CampaignKind,
    CampaignStatus,
    CampaignSubject,
    ChecklistVersion,
    InspectionTeam,
    User,
)


@bp.route("/campaigns")
def campaigns():
    """Every campaign, newest first."""
    rows = (
        get_session()
        .exec(
            select(Campaign, ChecklistVersion)
            .join(ChecklistVersion, ChecklistVersion.id == Campaign.checklist_version_id)
            .order_by(Campaign.year.desc(), Campaign.id.desc())
        )
        .all()
    )
    return render_template("admin/campaigns.html", rows=rows)


@bp.route("/campaigns/new", methods=["GET", "POST"])
def new_campaign():
    """Create a campaign from a checklist version, with its subjects."""
    must_manage()
    session = get_session()
    form = CampaignForm()
    choices.campaign(form, session)
    if form.validate_on_submit():
        areas, units = picked_subjects(form, session)
        made: list[Campaign] = []
        ok = attempt(
            lambda: made.append(
                setup.new_campaign(
                    session=session,
                    by=g.user,
                    checklist=session.get(ChecklistVersion, form.checklist.data),
                    title=form.title.data.strip(),
                    year=form.year.data,
                    quarter=int(form.quarter.data) if form.quarter.data else None,
                    kind=CampaignKind(form.kind.data),
                    areas=areas,
                    units=units,
                )
            ),
            "考核任务已创建。",
        )
        if ok:
            return redirect(url_for("admin.campaign", campaign_id=made[0].id))
    return render_template("admin/campaign_new.html", form=form), 422 if request.method == "POST" else 200


@bp.route("/campaigns/<int:campaign_id>")
def campaign(campaign_id: int):
    """One campaign's set-up: subjects, teams, assignments, and the acts on it."""
    return detail_page(load(Campaign, campaign_id))


def _back(campaign_id: int):
    """Back to the campaign's page."""
    return redirect(url_for("admin.campaign", campaign_id=campaign_id))


@bp.route("/campaigns/<int:campaign_id>/subjects", methods=["POST"])
def add_subjects(campaign_id: int):
    """Add subjects picked from the area tree or the units."""
    found, session = load(Campaign, campaign_id), get_session()
    form = SubjectPick()
    areas, units = picked_subjects(form, session)
    attempt(
        lambda: setup.add_subjects(session=session, by=g.user, campaign=found, areas=areas, units=units),
        "考核对象已加入。",
    )
    return _back(campaign_id)


@bp.route("/campaigns/<int:campaign_id>/subjects/import", methods=["POST"])
def import_subject_sheet(campaign_id: int):
    """Add the subjects listed in an uploaded sheet (all rows or none)."""
    return _import(campaign_id, import_subjects, "考核对象已导入。")


@bp.route("/campaigns/<int:campaign_id>/subjects/<int:subject_id>/remove", methods=["POST"])
def remove_subject(campaign_id: int, subject_id: int):
    """Remove a subject nobody has scored."""
    subject = load(CampaignSubject, subject_id, campaign_id=campaign_id)
    attempt(lambda: setup.remove_subject(session=get_session(), by=g.user, subject=subject), "考核对象已移除。")
    return _back(campaign_id)


@bp.route("/campaigns/<int:campaign_id>/teams", methods=["POST"])
def add_team(campaign_id: int):
    """Create an inspection team."""
    found, session = load(Campaign, campaign_id), get_session()
    form = TeamForm()
    choices.team(form, session)
    if not form.validate_on_submit():
        form_errors(form)
        return _back(campaign_id)
    members = session.exec(select(User).where(User.id.in_(form.members.data))).all()
    leader = session.get(User, form.leader.data)
    attempt(
        lambda: setup.new_team(
            session=session, by=g.user, campaign=found, name=form.name.data.strip(), members=members, leader=leader
        ),
        "督查组已建立。",
    )
    return _back(campaign_id)


@bp.route("/campaigns/<int:campaign_id>/teams/import", methods=["POST"])
def import_team_sheet(campaign_id: int):
    """Create the teams an uploaded sheet lists, with their members and leaders (all rows or none)."""
    return _import(campaign_id, import_teams, "督查组已导入。")


@bp.route("/campaigns/<int:campaign_id>/teams/<int:team_id>/remove", methods=["POST"])
def remove_team(campaign_id: int, team_id: int):
    """Remove a team that has not scored."""
    team = load(InspectionTeam, team_id, campaign_id=campaign_id)
    attempt(lambda: setup.remove_team(session=get_session(), by=g.user, team=team), "督查组已删除。")
    return _back(campaign_id)


@bp.route("/campaigns/<int:campaign_id>/assignments", methods=["POST"])
def assign(campaign_id: int):
    """Assign a team to a town's subjects or to chosen subjects."""
    found, session = load(Campaign, campaign_id), get_session()
    form = AssignForm()
    choices.assign(form, session, found)
    if not form.validate_on_submit():
        form_errors(form)
        return _back(campaign_id)
    team = load(InspectionTeam, form.team.data, campaign_id=campaign_id)
    chosen = CampaignSubject.id.in_(form.subjects.data or [])
    if form.group.data:
        chosen = CampaignSubject.group_name == form.group.data
    subjects = session.exec(select(CampaignSubject).where(CampaignSubject.campaign_id == campaign_id, chosen)).all()
    attempt(lambda: setup.assign_team(session=session, by=g.user, team=team, subjects=list(subjects)), "分工已保存。")
    return _back(campaign_id)


@bp.route("/campaigns/<int:campaign_id>/assignments/import", methods=["POST"])
def import_assignment_sheet(campaign_id: int):
    """Assign teams to subjects as an uploaded sheet lists them (all rows or none)."""
    return _import(campaign_id, import_assignments, "分工已导入。")


@bp.route("/campaigns/<int:campaign_id>/assignments/<int:assignment_id>/remove", methods=["POST"])
def remove_assignment(campaign_id: int, assignment_id: int):
    """Take one subject away from one inspector who has not scored it."""
    row = load(Assignment, assignment_id, campaign_id=campaign_id)
    attempt(lambda: setup.remove_assignment(session=get_session(), by=g.user, assignment=row), "分工已取消。")
    return _back(campaign_id)


@bp.route("/campaigns/<int:campaign_id>/<any(open, close):act>", methods=["POST"])
def set_status(campaign_id: int, act: str):
    """Open or close the campaign."""
    status = CampaignStatus.OPEN if act == "open" else CampaignStatus.CLOSED
    found = load(Campaign, campaign_id)
    attempt(
        lambda: setup.set_status(session=get_session(), by=g.user, campaign=found, status=status), "任务状态已更新。"
    )
    return _back(campaign_id)


@bp.route("/campaigns/<int:campaign_id>/<any(publish, withdraw):act>", methods=["POST"])
def publish(campaign_id: int, act: str):
    """Publish the results (发布) or withdraw the publication."""
    found = load(Campaign, campaign_id)
    published = act == "publish"
    done = "结果已发布。" if published else "已撤回发布。"
    filed: list[int] = []

    def act() -> None:
        filed.append(setup.set_published(session=get_session(), by=g.user, campaign=found, published=published))

    if attempt(act, done) and published:
        flash(f"已生成整改事项 {filed[0]} 条（此前已生成的不重复生成）。", "info")
    return _back(campaign_id)


@bp.route("/campaigns/<int:campaign_id>/delete", methods=["POST"])
def delete_campaign(campaign_id: int):
    """Delete a campaign nobody has scored."""
    found = load(Campaign, campaign_id)
    if attempt(lambda: setup.delete_campaign(session=get_session(), by=g.user, campaign=found), "考核任务已删除。"):
        return redirect(url_for("admin.campaigns"))
    return _back(campaign_id)


def _import(campaign_id: int, importer, done: str):
    """Run a sheet import; on refused rows show them all on the campaign's page (422)."""
    found = load(Campaign, campaign_id)
    form = SheetUpload()
    if not form.validate_on_submit():
        form_errors(form)
        return _back(campaign_id)
    upload = form.file.data
    bad = importer(session=get_session(), by=g.user, campaign=found, data=upload.read(), filename=upload.filename or "")
    if bad:
        return detail_page(found, bad_rows=bad), 422
    flash(done, "info")
    return _back(campaign_id)

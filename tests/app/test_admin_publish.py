"""Publishing a campaign files its findings into the rectification ledger, once; teams come from a sheet."""

import uuid

from sqlmodel import Session, select

from inspect_app.models import AuditLog, Finding, InspectionTeam, Rectification, Role, TeamMember, User
from inspect_app.sheets.services import save_answers, sign_off_sheet
from tests.app.test_admin_campaigns import _sheet


def _scored(engine, make_campaign):
    """A one-village campaign whose sheet loses 10 points on A1 (two lapses of 5) and is signed off."""
    setup = make_campaign(villages=1, inspectors=1)
    sheet, inspector = setup.sheets[0], setup.inspectors[0]
    with Session(engine) as session:
        saved = save_answers(session, sheet.id, 1, {"A1": "2", "A2": "是"}, inspector, uuid.uuid4())
        sign_off_sheet(session, sheet_id=sheet.id, base_version=saved.version, user=inspector)
    return setup


def test_publishing_files_the_findings_once_and_audits_it(client, auth, engine, make_campaign):
    setup = _scored(engine, make_campaign)
    auth.login()
    url = f"/admin/campaigns/{setup.campaign.id}"
    page = client.post(f"{url}/publish", follow_redirects=True).get_data(as_text=True)
    assert "已生成整改事项 1 条" in page
    with Session(engine) as session:
        findings = session.exec(select(Finding).where(Finding.campaign_id == setup.campaign.id)).all()
        assert [(f.item_code, f.points_lost) for f in findings] == [("A1", 10.0)]
        assert len(session.exec(select(Rectification)).all()) == 1
        acts = session.exec(
            select(AuditLog.field, AuditLog.new_value).where(
                AuditLog.entity_type == "campaign", AuditLog.field == "findings_filed"
            )
        ).all()
        assert [value for _, value in acts] == ["1"]
    client.post(f"{url}/withdraw")
    page = client.post(f"{url}/publish", follow_redirects=True).get_data(as_text=True)
    assert "已生成整改事项 0 条" in page
    with Session(engine) as session:
        assert len(session.exec(select(Rectification)).all()) == 1


def test_the_campaign_page_links_to_results_self_assessments_and_the_ledger(client, auth, make_campaign):
    setup = make_campaign(villages=1, inspectors=1)
    auth.login()
    cid = setup.campaign.id
    page = client.get(f"/admin/campaigns/{cid}").get_data(as_text=True)
    for href in (f"/campaigns/{cid}/rankings", f"/campaigns/{cid}/notice", f"/campaigns/{cid}/self-assessments",
                 f"/rectifications?campaign={cid}", f'action="/campaigns/{cid}/rectifications"'):
        assert href in page
    auth.logout()
    auth.login("chief", role=Role.LEADER)
    page = client.get(f"/admin/campaigns/{cid}").get_data(as_text=True)
    assert f"/campaigns/{cid}/rankings" in page
    assert "self-assessments" not in page
    assert f'action="/campaigns/{cid}/rectifications"' not in page


def test_teams_imported_from_a_sheet_all_rows_or_none(client, auth, engine, make_campaign, make_user):
    setup = make_campaign(villages=1, inspectors=1)
    for name in ("wang", "zhao"):
        make_user(name, role=Role.INSPECTOR)
    auth.login()
    url = f"/admin/campaigns/{setup.campaign.id}/teams/import"
    rows = [["督查组", "用户名", "姓名", "组长"], ["第二组", "wang", None, "是"], ["第二组", None, "测试zhao", "否"],
            ["第一组", "nobody", None, "是"], ["第三组", "zhao", None, "也许"]]
    refused = client.post(url, data={"file": _sheet(rows)})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "<td>4</td><td>督查组</td><td>第一组</td><td>本任务已有这个督查组</td>" in text
    assert "<td>4</td><td>用户名</td><td>nobody</td><td>没有这个在职督查员（用户名）</td>" in text
    assert "<td>5</td><td>组长</td><td>也许</td>" in text
    with Session(engine) as session:
        assert [t.name for t in session.exec(select(InspectionTeam))] == ["第一组"]
    good = [rows[0], rows[1], rows[2], ["第三组", "zhao", None, "是"]]
    assert client.post(url, data={"file": _sheet(good)}).status_code == 302
    with Session(engine) as session:
        members = session.exec(
            select(InspectionTeam.name, User.username, TeamMember.is_leader)
            .join(TeamMember, TeamMember.team_id == InspectionTeam.id)
            .join(User, User.id == TeamMember.user_id)
            .where(InspectionTeam.name != "第一组")
            .order_by(InspectionTeam.name, User.username)
        ).all()
    assert members == [("第三组", "zhao", True), ("第二组", "wang", True), ("第二组", "zhao", False)]


def test_a_team_without_one_leader_is_refused(client, auth, engine, make_campaign, make_user):
    setup = make_campaign(villages=1, inspectors=1)
    make_user("wang", role=Role.INSPECTOR)
    auth.login()
    sheet = _sheet([["督查组", "用户名", "组长"], ["第二组", "wang", "否"]])
    text = client.post(f"/admin/campaigns/{setup.campaign.id}/teams/import", data={"file": sheet}).get_data(as_text=True)
    assert "督查组“第二组”须有且只有一名组长" in text
    with Session(engine) as session:
        assert len(session.exec(select(InspectionTeam)).all()) == 1

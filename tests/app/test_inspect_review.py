"""Review by the team leader: sheets side by side with disagreement flags, send back, sign off, reopen."""

import uuid

import pytest
from sqlmodel import Session, select

from inspect_app.models import AuditLog, Role, ScoreSheet, SheetStatus, Unit, UnitKind
from inspect_app.sheets.services import save_answers, submit_sheet
from tests.conftest import PASSWORD


@pytest.fixture
def setup(make_campaign, engine):
    """Two inspectors scored village 0: A1 counts 0 and 2 (10 vs 0 points: flagged), A2 both 是; both submitted."""
    setup = make_campaign(villages=1, inspectors=2)
    with Session(engine) as session:
        for sheet, person, count in zip(setup.sheets, setup.inspectors, ["0", "2"], strict=True):
            saved = save_answers(session, sheet.id, 1, {"A1": count, "A2": "是"}, person, uuid.uuid4())
            submit_sheet(session, sheet_id=sheet.id, base_version=saved.version, user=person)
    return setup


def login(client, username):
    client.post("/auth/login", data={"username": username, "password": PASSWORD})


def status_of(engine, sheet_id):
    with Session(engine) as session:
        sheet = session.get(ScoreSheet, sheet_id)
        return sheet.status, sheet.version


def test_leader_sees_the_team_side_by_side_with_flags(client, setup):
    login(client, setup.leader.username)
    assert "组长审核" in client.get("/").text
    page = client.get(f"/subjects/{setup.subjects[0].id}/review").text
    assert '<tr class="flagged"><td class="text">A1 识别准确' in page     # 10 vs 0 on a max of 10
    assert '<tr><td class="text">A2 驻村工作队在岗' in page                 # both 10
    assert "0 → <strong>10</strong>" in page
    assert "2 → <strong>0</strong>" in page


def test_others_may_not_review(client, setup, make_user, engine):
    login(client, setup.inspectors[1].username)  # a member, not the leader
    assert client.get(f"/subjects/{setup.subjects[0].id}/review").status_code == 404
    with Session(engine) as session:
        office = Unit(name="镇政府", kind=UnitKind.TOWN_GOVERNMENT)
        session.add(office)
        session.commit()
        unit = make_user("u1", role=Role.UNIT_USER, unit_id=office.id)
    client.post("/auth/logout")
    login(client, unit.username)
    assert client.get(f"/subjects/{setup.subjects[0].id}/review").status_code == 404


def test_send_back_needs_a_reason_and_is_audited(client, setup, engine):
    login(client, setup.leader.username)
    sheet = setup.sheets[1]
    client.post(f"/sheets/{sheet.id}/send-back", data={"base_version": 3, "reason": " "})
    assert status_of(engine, sheet.id) == (SheetStatus.SUBMITTED, 3)
    client.post(f"/sheets/{sheet.id}/send-back", data={"base_version": 3, "reason": "A1 请核实错评户数"})
    assert status_of(engine, sheet.id) == (SheetStatus.DRAFT, 4)
    with Session(engine) as session:
        row = session.exec(select(AuditLog).where(AuditLog.entity_id == sheet.id, AuditLog.field == "status")
                           .order_by(AuditLog.id.desc())).first()
        assert (row.old_value, row.new_value, row.reason) == ("submitted", "draft", "A1 请核实错评户数")


def test_member_may_not_send_back_or_sign_off(client, setup, engine):
    login(client, setup.inspectors[1].username)
    sheet = setup.sheets[1]  # their own sheet
    assert client.post(f"/sheets/{sheet.id}/sign-off", data={"base_version": 3}).status_code == 403
    assert client.post(f"/sheets/{sheet.id}/send-back", data={"base_version": 3, "reason": "x"}).status_code == 403
    assert status_of(engine, sheet.id) == (SheetStatus.SUBMITTED, 3)


def test_sign_off_then_admin_reopens_with_a_reason(client, setup, engine, make_user):
    login(client, setup.leader.username)
    sheet = setup.sheets[0]
    client.post(f"/sheets/{sheet.id}/sign-off", data={"base_version": 3})
    assert status_of(engine, sheet.id) == (SheetStatus.SIGNED_OFF, 4)
    assert client.post(f"/sheets/{sheet.id}/reopen", data={"base_version": 4, "reason": "x"}).status_code == 403
    client.post("/auth/logout")
    admin = make_user("office", role=Role.ADMIN)
    login(client, admin.username)
    client.post(f"/sheets/{sheet.id}/reopen", data={"base_version": 4, "reason": "村里提供了新材料"})
    assert status_of(engine, sheet.id) == (SheetStatus.DRAFT, 5)
    with Session(engine) as session:
        reasons = session.exec(select(AuditLog.reason).where(AuditLog.entity_id == sheet.id,
                                                             AuditLog.field == "status")).all()
        assert "村里提供了新材料" in reasons

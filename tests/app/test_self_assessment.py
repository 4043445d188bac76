"""Self-assessment: the office names a unit user, who fills the same form; the inspector sees gaps."""

import uuid

import pytest
from sqlmodel import Session, select

from inspect_app.models import AuditLog, Role, ScoreSheet, Unit, UnitKind
from inspect_app.sheets.services import save_answers, submit_sheet
from tests.conftest import PASSWORD


@pytest.fixture
def town_user(engine, make_user):
    with Session(engine) as session:
        unit = Unit(name="测试镇人民政府", kind=UnitKind.TOWN_GOVERNMENT)
        session.add(unit)
        session.commit()
        unit_id = unit.id
    return make_user("town", role=Role.UNIT_USER, unit_id=unit_id)


def login(client, username):
    client.post("/auth/logout")
    client.post("/auth/login", data={"username": username, "password": PASSWORD})


def test_admin_names_a_self_assessor_who_fills_the_form_and_the_inspector_sees_gaps(
        client, make_campaign, make_user, town_user, engine):
    setup = make_campaign(villages=1, inspectors=1)
    admin = make_user("office", role=Role.ADMIN)
    subject, sheet = setup.subjects[0], setup.sheets[0]
    login(client, admin.username)
    assert client.get(f"/campaigns/{setup.campaign.id}/self-assessments").status_code == 200
    client.post(f"/campaigns/{setup.campaign.id}/self-assessments", data={"subject": subject.id, "assessor": town_user.id})
    with Session(engine) as session:
        own = session.exec(select(ScoreSheet).where(ScoreSheet.self_assessment.is_(True))).one()
        assert (own.subject_id, own.inspector_id) == (subject.id, town_user.id)
        assert session.exec(select(AuditLog).where(AuditLog.field == "self_assessment")).one().new_value == "town"

    login(client, town_user.username)
    home = client.get("/").text
    assert f'/sheets/{own.id}"' in home
    assert "（自评）" in home
    saved = client.post(f"/api/sheets/{own.id}/answers", json={
        "submission": str(uuid.uuid4()), "base_version": 1,
        "answers": {"A1": {"value": "0", "note": ""}, "A2": {"value": "是", "note": ""}}})
    assert saved.status_code == 200
    assert client.post(f"/api/sheets/{own.id}/submit", json={"base_version": 2}).status_code == 200

    # The inspector found 1 error (A1: 5 points); self-score 10; the gap 5 is beyond 10% of 10: flagged.
    with Session(engine) as session:
        save_answers(session, sheet.id, 1, {"A1": "1", "A2": "是"}, setup.inspectors[0], uuid.uuid4())
    login(client, setup.inspectors[0].username)
    page = client.get(f"/sheets/{sheet.id}").text
    assert '<p class="self gap">自评：0 → 10分（与自评差距较大，请复核）</p>' in page
    assert '<p class="self">自评：是 → 10分</p>' in page
    refused = client.post(f"/api/sheets/{own.id}/answers", json={  # the self sheet stays the unit's to write
        "submission": str(uuid.uuid4()), "base_version": 3, "answers": {"A1": {"value": "1", "note": ""}}})
    assert refused.status_code == 403


def test_only_admins_name_self_assessors(client, make_campaign, town_user):
    setup = make_campaign(villages=1, inspectors=1)
    login(client, setup.inspectors[0].username)
    assert client.get(f"/campaigns/{setup.campaign.id}/self-assessments").status_code == 403
    answer = client.post(f"/campaigns/{setup.campaign.id}/self-assessments",
                         data={"subject": setup.subjects[0].id, "assessor": town_user.id})
    assert answer.status_code == 403


def test_a_self_assessment_is_not_reviewed_or_submitted_for_by_inspectors(client, make_campaign, make_user, engine,
                                                                           town_user):
    from inspect_app.inspect.self_assessment import give_self_assessment

    setup = make_campaign(villages=1, inspectors=2)
    admin = make_user("office", role=Role.ADMIN)
    with Session(engine) as session:
        own = give_self_assessment(session=session, user=admin, subject_id=setup.subjects[0].id,
                                   assessor_id=town_user.id)
        saved = save_answers(session, own.id, 1, {"A1": "0", "A2": "是"}, town_user, uuid.uuid4())
        submit_sheet(session, sheet_id=own.id, base_version=saved.version, user=town_user)
    login(client, setup.leader.username)
    page = client.get(f"/subjects/{setup.subjects[0].id}/review").text
    assert town_user.display_name not in page

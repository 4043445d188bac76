"""The office sets up a campaign in the browser: create, subjects, teams, assignments, undo, publish."""

import io

from openpyxl import Workbook
from sqlmodel import Session, select

from inspect_app.models import (
    Answer,
    Area,
    AreaLevel,
    Assignment,
    AuditLog,
    Campaign,
    CampaignKind,
    CampaignSubject,
    ChecklistVersion,
    Role,
    ScoreSheet,
)
from tests.conftest import TINY_CHECKLIST


def _world(engine):
    """A town with two villages and a stored checklist: (town id, checklist version id)."""
    from inspect_app.checklists.services import store_checklist_version

    with Session(engine) as session:
        town = Area(name="东镇", level=AreaLevel.TOWN)
        session.add(town)
        session.flush()
        session.add_all([Area(name=n, level=AreaLevel.VILLAGE, parent_id=town.id) for n in ("甲村", "乙村")])
        version = store_checklist_version(session=session, yaml_text=TINY_CHECKLIST)
        session.commit()
        return town.id, version.id


def _sheet(rows) -> tuple[io.BytesIO, str]:
    """An .xlsx upload of rows."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data, "名单.xlsx"


def _create(client, town_id, version_id, **extra):
    data = {
        "title": "2026年第一季度督查",
        "checklist": version_id,
        "kind": "covert",
        "year": 2026,
        "quarter": "1",
        "towns": [town_id],
        "scope": "villages",
    } | extra
    return client.post("/admin/campaigns/new", data=data)


def test_a_campaign_is_created_staffed_and_seen_by_its_inspector(client, auth, engine, make_user):
    town_id, version_id = _world(engine)
    inspector = make_user("zhang", role=Role.INSPECTOR)
    auth.login()
    response = _create(client, town_id, version_id)
    assert response.status_code == 302
    with Session(engine) as session:
        campaign = session.exec(select(Campaign)).one()
        assert (campaign.kind, campaign.quarter, campaign.period) == (CampaignKind.COVERT, 1, "第一季度")
        assert sorted(s.name for s in session.exec(select(CampaignSubject))) == ["乙村", "甲村"]
    url = f"/admin/campaigns/{campaign.id}"
    assert (
        client.post(
            f"{url}/teams", data={"name": "第一组", "members": [inspector.id], "leader": inspector.id}
        ).status_code
        == 302
    )
    with Session(engine) as session:
        team_id = session.exec(select(Assignment.team_id)).first()
    page = client.get(url).get_data(as_text=True)
    assert "第一组" in page
    assert "测试zhang（组长）" in page
    from inspect_app.models import InspectionTeam

    with Session(engine) as session:
        team_id = session.exec(select(InspectionTeam.id)).one()
    client.post(f"{url}/assignments", data={"team": team_id, "group": "东镇"})
    with Session(engine) as session:
        assert len(session.exec(select(ScoreSheet).where(ScoreSheet.inspector_id == inspector.id)).all()) == 2
        acts = {row.field for row in session.exec(select(AuditLog).where(AuditLog.entity_type == "campaign"))}
    assert {"created", "subject_added", "assigned"} <= acts
    auth.logout()
    client.post("/auth/login", data={"username": "zhang", "password": "correct horse"})
    assert "2026年第一季度督查" in client.get("/").get_data(as_text=True)


def test_a_campaign_without_subjects_is_refused(client, auth, engine):
    town_id, version_id = _world(engine)
    auth.login()
    response = _create(client, town_id, version_id, towns=[])
    assert response.status_code == 422
    assert "至少要有一个考核对象" in response.get_data(as_text=True)
    with Session(engine) as session:
        assert session.exec(select(Campaign)).all() == []


def test_removing_a_subject_that_has_answers_is_refused(client, auth, engine, make_campaign):
    setup = make_campaign(villages=2, inspectors=1)
    with Session(engine) as session:
        session.add(Answer(sheet_id=setup.sheets[0].id, item_code="A1", value="1"))
        session.commit()
    auth.login()
    url = f"/admin/campaigns/{setup.campaign.id}"
    answered, blank = setup.subjects
    page = client.post(f"{url}/subjects/{answered.id}/remove", follow_redirects=True).get_data(as_text=True)
    assert "已有评分" in page
    assert "不能移除" in page
    client.post(f"{url}/subjects/{blank.id}/remove")
    with Session(engine) as session:
        left = session.exec(select(CampaignSubject).where(CampaignSubject.campaign_id == setup.campaign.id)).all()
        assert [s.id for s in left] == [answered.id]
        assert session.exec(select(ScoreSheet).where(ScoreSheet.subject_id == blank.id)).all() == []
    page = client.post(f"{url}/delete", follow_redirects=True).get_data(as_text=True)
    assert "不能删除" in page


def test_an_unanswered_campaign_is_undone_step_by_step(client, auth, engine, make_campaign):
    setup = make_campaign(villages=1, inspectors=2)
    auth.login()
    url = f"/admin/campaigns/{setup.campaign.id}"
    with Session(engine) as session:
        first = session.exec(select(Assignment)).first()
    assert client.post(f"{url}/assignments/{first.id}/remove").status_code == 302
    with Session(engine) as session:
        assert len(session.exec(select(ScoreSheet)).all()) == 1
    client.post(f"{url}/publish")
    client.post(f"{url}/close")
    with Session(engine) as session:
        campaign = session.get(Campaign, setup.campaign.id)
        assert campaign.published_at is not None
        assert campaign.status == "closed"
    client.post(f"{url}/withdraw")
    assert client.post(f"{url}/delete").status_code == 302
    with Session(engine) as session:
        assert session.get(Campaign, setup.campaign.id) is None
        assert session.exec(select(Assignment)).all() == []


def test_subjects_and_assignments_imported_from_sheets(client, auth, engine, make_user):
    town_id, version_id = _world(engine)
    inspector = make_user("li", role=Role.INSPECTOR)
    auth.login()
    _create(client, town_id, version_id, towns=[town_id], scope="towns")
    with Session(engine) as session:
        campaign_id = session.exec(select(Campaign.id)).one()
    url = f"/admin/campaigns/{campaign_id}"
    bad = client.post(f"{url}/subjects/import", data={"file": _sheet([["考核对象"], ["甲村"], ["丙村"]])})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "丙村" in text
    assert "没有这个地区或单位" in text
    assert "<td>3</td>" in text
    with Session(engine) as session:  # nothing half-imported: 甲村 was not added
        assert [s.name for s in session.exec(select(CampaignSubject))] == ["东镇"]
    assert (
        client.post(
            f"{url}/subjects/import", data={"file": _sheet([["考核对象", "所属乡镇"], ["甲村", "东镇"]])}
        ).status_code
        == 302
    )
    client.post(f"{url}/teams", data={"name": "二组", "members": [inspector.id], "leader": inspector.id})
    good = client.post(f"{url}/assignments/import", data={"file": _sheet([["督查组", "考核对象"], ["二组", "甲村"]])})
    assert good.status_code == 302
    with Session(engine) as session:
        assert [
            (s.name,)
            for s in session.exec(select(CampaignSubject).join(Assignment, Assignment.subject_id == CampaignSubject.id))
        ] == [("甲村",)]
        assert (
            session.exec(select(ChecklistVersion)).one().id == session.get(Campaign, campaign_id).checklist_version_id
        )

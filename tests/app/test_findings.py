"""A campaign's signed-off sheets, scored by the engine, become findings and rectification items."""

import uuid
from datetime import date

import pytest
from sqlmodel import Session, select

from inspect_app.findings.answers import SEP, campaign_responses
from inspect_app.findings.services import record_findings, score_campaign
from inspect_app.models import (
    Answer,
    Area,
    AuditLog,
    Finding,
    Rectification,
    RectificationCoUnit,
    RectificationStatus,
    ScoreSheet,
    Unit,
    UnitAlias,
    UnitKind,
)
from inspect_app.rectification.filing import file_campaign_findings
from inspect_app.sheets.services import save_answers, sign_off_sheet


def scored_village(setup):
    """The village that loses points."""
    return setup.subjects[1]


@pytest.fixture
def scored(engine, make_campaign):
    """Two villages, two inspectors each; 测试村1 loses points on A1 and A2, all signed off."""
    setup = make_campaign(villages=2, inspectors=2)
    with Session(engine) as session:
        town_id = session.get(Area, scored_village(setup).area_id).parent_id
        office = Unit(name="区扶贫办", kind=UnitKind.DEPARTMENT)
        session.add(office)
        session.add(Unit(name="测试镇人民政府", kind=UnitKind.TOWN_GOVERNMENT, area_id=town_id))
        session.flush()
        session.add(UnitAlias(alias="县扶贫办", unit_id=office.id))
        session.add(UnitAlias(alias="镇扶贫办", town_kind=UnitKind.TOWN_GOVERNMENT))
        session.commit()
        for sheet in setup.sheets:
            inspector = next(i for i in setup.inspectors if i.id == sheet.inspector_id)
            weak = sheet.subject_id == setup.subjects[1].id
            answers = {"A1": "1" if weak else "0", "A2": "否" if weak else "是"}
            saved = save_answers(session, sheet.id, 1, answers, inspector, uuid.uuid4())
            sign_off_sheet(session, sheet_id=sheet.id, base_version=saved.version, user=setup.leader)
    return setup


def test_campaign_responses_are_the_engines_long_table(engine, scored):
    with Session(engine) as session:
        table = campaign_responses(session=session, campaign_id=scored.campaign.id)
    assert list(table.columns) == ["subject", "group", "inspector", "item", "value", "note"]
    assert len(table) == 2 * 2 * 2
    assert set(table["subject"]) == {str(s.id) for s in scored.subjects}


def test_a_signed_off_self_assessment_sheet_is_not_scored_as_an_inspectors(engine, scored):
    self_sheet = scored.sheets[0]
    self_user = next(i.username for i in scored.inspectors if i.id == self_sheet.inspector_id)
    with Session(engine) as session:
        sheet = session.get(ScoreSheet, self_sheet.id)
        sheet.self_assessment = True
        session.add(sheet)
        session.commit()
        table = campaign_responses(session=session, campaign_id=scored.campaign.id)
    own = table[table["subject"] == str(self_sheet.subject_id)]
    assert len(table) == 3 * 2
    assert len(own) == 2
    assert self_user not in set(own["inspector"])


def test_campaign_responses_read_by_sheet_or_row_by_row_alike(engine, scored):
    """Answers read as one joined text per sheet equal the row-by-row read; a value holding the
    separator makes the reader fall back to rows, with the same table; notes sit on their answers."""
    with Session(engine) as session:
        joined = campaign_responses(session=session, campaign_id=scored.campaign.id)
        answer = session.exec(select(Answer).order_by(Answer.id)).first()
        answer.note, answer.value = "门牌缺失", f"1{SEP}2"
        session.add(answer)
        session.commit()
        rows = campaign_responses(session=session, campaign_id=scored.campaign.id)
    assert len(joined) == len(rows) == 8
    changed = (rows["value"] != joined["value"]).to_numpy()
    assert changed.sum() == 1
    assert rows["value"][changed].tolist() == [f"1{SEP}2"]
    assert rows["note"][changed].tolist() == ["门牌缺失"]
    assert (rows["note"][~changed] == "").all()
    for column in ("subject", "group", "inspector", "item"):
        assert rows[column].astype(str).tolist() == joined[column].astype(str).tolist()


def test_findings_and_rectifications_from_the_engine(engine, scored):
    with Session(engine) as session:
        results = score_campaign(session=session, campaign_id=scored.campaign.id, assessed_on=date(2026, 11, 1))
        findings = record_findings(session=session, campaign_id=scored.campaign.id, results=results, source="测试考核")
        assert {(f.subject_id, f.item_code, f.points_lost) for f in findings} == {
            (scored.subjects[1].id, "A1", 5.0),
            (scored.subjects[1].id, "A2", 10.0),
        }
        items = session.exec(select(Rectification).order_by(Rectification.id)).all()
        assert [r.status for r in items] == [RectificationStatus.OPEN] * 2
        assert items[0].deadline == date(2026, 12, 1)
        lead = session.exec(select(Unit).where(Unit.name == "区扶贫办")).one()
        assert items[0].lead_unit_id == lead.id  # the checklist says 县扶贫办
        co_unit = session.exec(select(RectificationCoUnit)).one()  # 镇扶贫办: the village's town
        assert co_unit.rectification_id == items[0].id
        assert session.get(Unit, co_unit.unit_id).name == "测试镇人民政府"  # through the alias's town kind
        assert session.exec(select(Finding)).all() == findings
        created = session.exec(select(AuditLog).where(AuditLog.entity_type == "rectification")).all()
        assert len(created) == 2


def test_filing_a_campaign_twice_files_each_finding_once(engine, scored):
    with Session(engine) as session:
        first = file_campaign_findings(session=session, campaign_id=scored.campaign.id, user=None)
        again = file_campaign_findings(session=session, campaign_id=scored.campaign.id, user=None)
        assert (len(first), again) == (2, [])
        assert len(session.exec(select(Rectification)).all()) == 2


def test_the_office_files_a_campaign_from_the_ledger(client, auth, scored, engine):
    auth.login("office")
    assert client.post(f"/campaigns/{scored.campaign.id}/rectifications").status_code == 302
    assert client.post(f"/campaigns/{scored.campaign.id}/rectifications").status_code == 302
    rows = client.get("/api/rectifications").json
    assert sorted(row["item"] for row in rows) == ["A1", "A2"]
    assert {row["lead_unit"] for row in rows} == {"区扶贫办", None}  # A2 names no lead unit
    assert client.post("/campaigns/999/rectifications").status_code == 404

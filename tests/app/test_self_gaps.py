"""Self-assessment gaps on the ranking's scoring-quality part: admins and leaders only."""

import uuid

from sqlmodel import Session

from inspect_app.inspect.self_assessment import give_self_assessment
from inspect_app.models import Campaign, Role, Unit, UnitKind
from inspect_app.models.base import utcnow
from inspect_app.sheets.services import save_answers, submit_sheet
from tests.app.rounds import FULL
from tests.app.test_rankings import Tables
from tests.conftest import PASSWORD


def self_assess(app, engine, make_user, ranked, names: list[str]) -> None:
    """A town user self-assesses these villages with full marks (20) and submits."""
    with Session(engine) as session:
        unit = Unit(name="测试镇人民政府", kind=UnitKind.TOWN_GOVERNMENT)
        session.add(unit)
        session.commit()
        unit_id = unit.id
    town = make_user("town", role=Role.UNIT_USER, unit_id=unit_id)
    office = make_user("office", role=Role.ADMIN)
    with app.app_context(), Session(engine, expire_on_commit=False) as session:
        for subject in (s for s in ranked.subjects if s.name in names):
            sheet = give_self_assessment(session=session, user=office, subject_id=subject.id, assessor_id=town.id)
            session.commit()
            saved = save_answers(session, sheet.id, sheet.version, FULL, town, uuid.uuid4())
            submit_sheet(session, sheet_id=sheet.id, base_version=saved.version, user=town)


def test_gaps_largest_first_for_leaders(app, client, auth, engine, make_user, ranked):
    self_assess(app, engine, make_user, ranked, ["测试村1", "测试村2"])
    auth.login("leader", Role.LEADER)
    header, *rows = Tables(client.get(f"/campaigns/{ranked.campaign.id}/rankings").text).tables["self-gaps"]
    assert header == ["考核对象", "自评分", "考核分", "差距", "超线的评分项"]
    assert rows == [
        # inspected A1 7.5 + A2 0; both items differ from the self-score by more than 10 % of 10
        ["测试村2", "20.0", "7.5", "+12.5", "A1、A2"],
        # inspected A1 5 + A2 10
        ["测试村1", "20.0", "15.0", "+5", "A1"],
    ]


def test_no_gaps_for_units_once_published(app, client, engine, make_user, ranked):
    self_assess(app, engine, make_user, ranked, ["测试村2"])
    with Session(engine) as session:
        session.get(Campaign, ranked.campaign.id).published_at = utcnow()
        session.commit()
    client.post("/auth/login", data={"username": "town", "password": PASSWORD})
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings")
    assert page.status_code == 200
    assert "自评与考核的差距" not in page.text

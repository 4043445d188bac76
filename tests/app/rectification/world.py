"""A small ledger world for tests: units, their users, a campaign and its rows."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from inspect_app.models import (
    Area,
    Finding,
    FindingKind,
    Rectification,
    RectificationCoUnit,
    Role,
    Unit,
    UnitKind,
    User,
)
from tests.conftest import PASSWORD

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200


@dataclass
class LedgerWorld:
    """Who is who and which rows exist (ids only; rows are re-read from the database)."""

    users: dict[str, User]  # admin, leader, inspector, outsider, lead, co, other
    units: dict[str, int]  # lead, co, other
    campaign_id: int
    subject_id: int
    rows: list[int]  # scored rows: 0 overdue, 1 due in 3 days, 2 due in 30 days
    standalone: int  # a 暗访 row filed by `outsider`, led by the lead unit


def build(engine, make_campaign, make_user, today: date | None = None) -> LedgerWorld:
    """One campaign scored by `inspector`; three rows led by 区扶贫办 with 测试镇人民政府 co-operating."""
    today = today or date.today()
    setup = make_campaign(villages=1, inspectors=1)
    subject = setup.subjects[0]
    with Session(engine, expire_on_commit=False) as session:
        town_id = session.get(Area, subject.area_id).parent_id
        units = {
            "lead": Unit(name="区扶贫办", kind=UnitKind.DEPARTMENT),
            "co": Unit(name="测试镇人民政府", kind=UnitKind.TOWN_GOVERNMENT, area_id=town_id),
            "other": Unit(name="区教育局", kind=UnitKind.DEPARTMENT),
        }
        session.add_all(units.values())
        session.commit()
        unit_ids = {key: unit.id for key, unit in units.items()}
    users = {
        "admin": make_user("office", role=Role.ADMIN),
        "leader": make_user("chief", role=Role.LEADER),
        "inspector": setup.inspectors[0],
        "outsider": make_user("roving", role=Role.INSPECTOR),
        "lead": make_user("fpb", role=Role.UNIT_USER, unit_id=unit_ids["lead"]),
        "co": make_user("town", role=Role.UNIT_USER, unit_id=unit_ids["co"]),
        "other": make_user("edu", role=Role.UNIT_USER, unit_id=unit_ids["other"]),
    }
    with Session(engine, expire_on_commit=False) as session:
        rows = []
        for code, days in (("A1", -2), ("A2", 3), ("A3", 30)):
            finding = Finding(campaign_id=setup.campaign.id, subject_id=subject.id, item_code=code, text=f"{code}扣分")
            session.add(finding)
            session.flush()
            row = Rectification(
                finding_id=finding.id,
                problem=f"{subject.name}：{code}未达标",
                lead_unit_id=unit_ids["lead"],
                deadline=today + timedelta(days=days),
            )
            session.add(row)
            session.flush()
            session.add(RectificationCoUnit(rectification_id=row.id, unit_id=unit_ids["co"]))
            rows.append(row.id)
        finding = Finding(
            kind=FindingKind.UNANNOUNCED,
            text="暗访发现公示栏未更新",
            subject_name="测试村0",
            inspected_on=today,
            filed_by_id=users["outsider"].id,
        )
        session.add(finding)
        session.flush()
        standalone = Rectification(finding_id=finding.id, problem="公示栏未更新", lead_unit_id=unit_ids["lead"])
        session.add(standalone)
        session.commit()
    return LedgerWorld(users, unit_ids, setup.campaign.id, subject.id, rows, standalone.id)


def login(client, user: User):
    """Log client in as user."""
    client.post("/auth/logout")
    response = client.post("/auth/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.text
    return client

"""Test helper: score the same villages again in another campaign (another quarter or year)."""

import uuid

from sqlmodel import Session, select

from inspect_app.campaigns.services import add_area_subjects, assign, create_campaign, create_team
from inspect_app.models import (
    Area,
    Campaign,
    CampaignKind,
    CampaignSubject,
    ChecklistVersion,
    Role,
    Unit,
    UnitKind,
    User,
)
from inspect_app.sheets.services import save_answers, sign_off_sheet
from tests.conftest import PASSWORD

FULL = {"A1": "0", "A2": "是"}  # 20 points
HALF_WRONG = {"A1": "1", "A2": "否"}  # 5 points
ONE_ERROR = {"A1": "1", "A2": "是"}  # 15 points
TWO_ERRORS = {"A1": "2", "A2": "是"}  # 10 points


def score_round(
    engine,
    setup,
    answers: dict[str, dict],
    *,
    title: str,
    year: int,
    quarter: int | None = None,
    kind: CampaignKind = CampaignKind.ANNUAL,
) -> Campaign:
    """A new campaign of setup's villages; each village named in answers gets them from setup's leader, signed off."""
    leader: User = setup.leader
    with Session(engine, expire_on_commit=False) as session:
        checklist = session.get(ChecklistVersion, setup.campaign.checklist_version_id)
        areas = session.exec(
            select(Area).join(CampaignSubject, CampaignSubject.area_id == Area.id)
            .where(CampaignSubject.campaign_id == setup.campaign.id).order_by(Area.id)
        ).all()
        campaign = create_campaign(session=session, checklist=checklist, title=title, year=year)
        campaign.quarter, campaign.kind = quarter, kind
        subjects = add_area_subjects(session=session, campaign=campaign, areas=list(areas))
        team = create_team(session=session, campaign=campaign, name="复查组", members=[leader], leader=leader)
        sheets = {s.name: assign(session=session, subject=s, inspector=leader, team=team) for s in subjects}
        session.commit()
        for name, values in answers.items():
            saved = save_answers(session, sheets[name].id, 1, values, leader, uuid.uuid4())
            sign_off_sheet(session, sheet_id=sheets[name].id, base_version=saved.version, user=leader)
        return session.get(Campaign, campaign.id)


def log_in_a_unit_user(engine, client, make_user) -> None:
    """Make a unit user (of a new unit) and log client in as them."""
    with Session(engine) as session:
        unit = Unit(name="区扶贫办", kind=UnitKind.DEPARTMENT)
        session.add(unit)
        session.commit()
        user = make_user("unit", role=Role.UNIT_USER, unit_id=unit.id)
    client.post("/auth/login", data={"username": user.username, "password": PASSWORD})

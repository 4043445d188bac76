"""Building the demo district in an empty, migrated database."""

import random
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from inspect_app.auth.services import create_user
from inspect_app.campaigns.services import add_area_subjects, assign, create_campaign, create_team
from inspect_app.checklists.services import store_checklist_files
from inspect_app.db import writing
from inspect_app.demo import district
from inspect_app.demo.answers import sheet_answers, veto_items
from inspect_app.findings.services import record_findings, score_campaign
from inspect_app.labels import QUARTER_LABELS
from inspect_app.models import (
    Area,
    AreaLevel,
    Campaign,
    CampaignKind,
    CampaignStatus,
    ChecklistVersion,
    ScoreSheet,
    Unit,
    UnitAlias,
    UnitKind,
    User,
    UserCreate,
)
from inspect_app.models.base import utcnow
from inspect_app.sheets.services import save_answers, sign_off_sheet
from scoring import parse_checklist_text

SEED = 2026
ASSESSED_ON = date(2025, 12, 20)


@dataclass(frozen=True)
class DemoCampaigns:
    """The two demo campaigns."""

    finished: Campaign
    open: Campaign


def demo_exists(*, session: Session) -> bool:
    """Whether the demo district is already in the database."""
    found = select(Area).where(Area.name == district.DISTRICT, Area.level == AreaLevel.DISTRICT)
    return session.exec(found).first() is not None


def build_demo(*, session: Session, checklist_paths: list[Path], seed: int = SEED) -> DemoCampaigns:
    """Places, units, users, checklists, a finished campaign with its findings and
    rectification items, and an open one waiting for inspectors: one write, all or nothing."""
    with writing(session):
        return _build(session, checklist_paths, seed)


def _build(session: Session, checklist_paths: list[Path], seed: int) -> DemoCampaigns:
    """The demo's rows, flushed in the caller's write."""
    villages = _places(session)
    users = _users(session)
    checklists = store_checklist_files(session=session, paths=checklist_paths)
    village_lists = [c for c in checklists if c.subject_kind == "village"] or checklists
    if not village_lists:
        raise ValueError("the demo needs at least one checklist")
    main_list = max(village_lists, key=lambda c: len(c.yaml_text))
    other_list = next((c for c in village_lists if c.id != main_list.id), main_list)
    finished = create_campaign(session=session, checklist=main_list, title=f"2025年{main_list.title}", year=2025)
    opened = create_campaign(
        session=session,
        checklist=other_list,
        title=f"2026年第四季度{other_list.title}",
        year=2026,
        period=QUARTER_LABELS[4],
    )
    opened.quarter, opened.kind = 4, CampaignKind.POINTS_1000
    finished_sheets = _staff(session, finished, villages, users, per_subject=3)
    _staff(session, opened, villages, users, per_subject=2)
    _score(session, main_list, finished_sheets, users, random.Random(seed))
    results = score_campaign(session=session, campaign_id=finished.id, assessed_on=ASSESSED_ON)
    record_findings(
        session=session,
        campaign_id=finished.id,
        results=results,
        source=finished.title,
        user=users["admin"],
    )
    # Closed and published (发布): the units see their results and their ledger rows.
    finished.status, finished.closed_at = CampaignStatus.CLOSED, utcnow()
    finished.published_at = finished.closed_at
    session.add(finished)
    return DemoCampaigns(finished=finished, open=opened)


def _places(session: Session) -> dict[str, list[Area]]:
    """The district, its towns and villages, and the units; villages by town."""
    root = Area(name=district.DISTRICT, level=AreaLevel.DISTRICT)
    session.add(root)
    session.flush()
    villages: dict[str, list[Area]] = {}
    for town_name, village_names in district.TOWNS.items():
        town = Area(name=town_name, level=AreaLevel.TOWN, parent_id=root.id)
        session.add(town)
        session.flush()
        villages[town_name] = [Area(name=name, level=AreaLevel.VILLAGE, parent_id=town.id) for name in village_names]
        session.add_all(villages[town_name])
        gov = district.town_government(town_name)
        session.add(Unit(name=gov, kind=UnitKind.TOWN_GOVERNMENT, area_id=town.id))
    session.add_all(Unit(name=name, kind=UnitKind.DEPARTMENT) for name in district.DEPARTMENTS)
    session.add_all(Unit(name=name, kind=UnitKind.SUPPORTING_UNIT) for name in district.SUPPORTING_UNITS)
    session.flush()
    unit_ids = {unit.name: unit.id for unit in session.exec(select(Unit))}
    session.add_all(
        UnitAlias(alias=alias, unit_id=unit_ids.get(name), town_kind=kind)
        for alias, name, kind in district.unit_aliases()
    )
    session.flush()
    return villages


def _users(session: Session) -> dict[str, User]:
    """The demo users by username."""
    units = {unit.name: unit.id for unit in session.exec(select(Unit))}
    return {
        username: create_user(
            session=session,
            user_create=UserCreate(
                username=username,
                display_name=name,
                role=role,
                unit_id=units[unit] if unit else None,
                password=district.demo_password(username),
            ),
        )
        for username, name, role, unit in district.USERS
    }


def _staff(
    session: Session,
    campaign: Campaign,
    villages: dict[str, list[Area]],
    users: dict[str, User],
    *,
    per_subject: int,
) -> list[tuple[ScoreSheet, User]]:
    """Teams for the campaign; each town's villages go to one team's first members."""
    teams = [
        (
            create_team(
                session=session,
                campaign=campaign,
                name=name,
                members=[users[u] for u in members],
                leader=users[members[0]],
            ),
            [users[u] for u in members[:per_subject]],
        )
        for name, members in district.TEAMS
    ]
    sheets = []
    for index, areas in enumerate(villages.values()):
        team, inspectors = teams[index % len(teams)]
        for subject in add_area_subjects(session=session, campaign=campaign, areas=areas):
            for inspector in inspectors:
                sheet = assign(session=session, subject=subject, inspector=inspector, team=team)
                sheets.append((sheet, inspector))
    return sheets


def _score(
    session: Session,
    checklist_version: ChecklistVersion,
    sheets: list[tuple[ScoreSheet, User]],
    users: dict[str, User],
    rng: random.Random,
) -> None:
    """Every inspector answers every item, through the same service the web uses; signed off."""
    checklist = parse_checklist_text(checklist_version.yaml_text)
    vetoes = veto_items(checklist)
    vetoed_subjects = {sheets[i][0].subject_id for i in (4, len(sheets) // 2)} if vetoes else set()
    leader_of = {users[member].id: users[members[0]] for _, members in district.TEAMS for member in members}
    marked: set[int] = set()
    for sheet, inspector in sheets:
        veto_code = None
        if sheet.subject_id in vetoed_subjects and sheet.subject_id not in marked:
            veto_code = rng.choice(vetoes)
            marked.add(sheet.subject_id)
        answers = sheet_answers(checklist, rng, veto_code=veto_code)
        saved = save_answers(session, sheet.id, 1, answers, inspector, uuid.UUID(int=rng.getrandbits(128)))
        sign_off_sheet(session, sheet_id=sheet.id, base_version=saved.version, user=leader_of[inspector.id])

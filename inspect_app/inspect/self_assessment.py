"""Self-assessment (自评): the office names who self-assesses a subject; inspectors see the gaps."""

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, select

from inspect_app import policy
from inspect_app.audit import record_change
from inspect_app.db import writing
from inspect_app.inspect import scores
from inspect_app.inspect.errors import NoSuchAssignee
from inspect_app.inspect.review import engine_results, sheets_responses
from inspect_app.models import Campaign, CampaignSubject, ChecklistVersion, Role, ScoreSheet, SheetStatus, User


@dataclass(frozen=True)
class SelfScore:
    """The self-assessment's value and score of one item, and whether the gap asks for a re-check."""

    value: str | None
    score: float | None
    flagged: bool


def give_self_assessment(*, session: Session, user: User, subject_id: int, assessor_id: int) -> ScoreSheet:
    """A self-assessment sheet of the subject for assessor (a unit or inspector account); audited."""
    policy.act(policy.may_give_self_assessment(user), "give a self-assessment")
    with writing(session):
        subject = session.get(CampaignSubject, subject_id)
        assessor = session.get(User, assessor_id)
        if subject is None or assessor is None or assessor.role not in (Role.UNIT_USER, Role.INSPECTOR):
            raise NoSuchAssignee(f"subject {subject_id} / user {assessor_id}")
        sheet = session.exec(select(ScoreSheet).where(ScoreSheet.subject_id == subject_id,
                                                      ScoreSheet.inspector_id == assessor_id)).first()
        if sheet is None:
            sheet = ScoreSheet(campaign_id=subject.campaign_id, subject_id=subject_id, inspector_id=assessor_id,
                               self_assessment=True)
            session.add(sheet)
            session.flush()
            record_change(session=session, user_id=user.id, entity_type="score_sheet", entity_id=sheet.id,
                          field="self_assessment", old_value=None, new_value=assessor.username)
        return sheet


def self_assessors(*, session: Session, campaign_id: int) -> dict[int, list[tuple[User, ScoreSheet]]]:
    """Per subject of the campaign, who self-assesses it and their sheet."""
    rows = session.exec(select(ScoreSheet, User).join(User, User.id == ScoreSheet.inspector_id)
                        .where(ScoreSheet.campaign_id == campaign_id, ScoreSheet.self_assessment.is_(True))).all()
    found: dict[int, list[tuple[User, ScoreSheet]]] = {}
    for sheet, user in rows:
        found.setdefault(sheet.subject_id, []).append((user, sheet))
    return found


def beside(*, session: Session, user: User, sheet: ScoreSheet) -> dict[str, SelfScore]:
    """For an inspection sheet: the subject's submitted self-assessment by item, flagged beyond `recheck`."""
    if sheet.self_assessment or not policy.may_read_sheet(user, sheet):
        return {}
    own = session.exec(select(ScoreSheet, User).join(User, User.id == ScoreSheet.inspector_id).where(
        ScoreSheet.subject_id == sheet.subject_id, ScoreSheet.self_assessment.is_(True),
        ScoreSheet.status != SheetStatus.DRAFT)).first()
    inspector = session.get(User, sheet.inspector_id)
    if own is None:
        return {}
    campaign = session.get(Campaign, sheet.campaign_id)
    checklist = scores.checklist_of(session.get(ChecklistVersion, campaign.checklist_version_id).yaml_text)
    self_answers = sheets_responses(session, [own])
    self_results = engine_results(checklist, self_answers)
    if self_results is None:
        return {}
    inspected = engine_results(checklist, sheets_responses(session, [(sheet, inspector)]))
    self_items = self_results.items.set_index("item")["score"]
    flagged: set[str] = set()
    if inspected is not None:
        gaps = inspected.self_check(self_results)
        flagged = set(gaps.loc[gaps["flagged"], "item"])
    values = dict(zip(self_answers["item"], self_answers["value"], strict=True))
    return {item.code: SelfScore(
        "、".join(values[c] for c in item.answer_codes if c in values) or None,
        None if item.method == "veto" or pd.isna(self_items[item.code]) else float(self_items[item.code]),
        item.code in flagged) for item in checklist.items}


def campaign_subjects(*, session: Session, campaign_id: int) -> tuple[Campaign, list[CampaignSubject], list[User]]:
    """A campaign, its subjects and the accounts that may self-assess (units, then inspectors)."""
    campaign = session.get(Campaign, campaign_id)
    policy.see(campaign is not None, f"campaign {campaign_id}")
    subjects = session.exec(select(CampaignSubject).where(CampaignSubject.campaign_id == campaign_id)
                            .order_by(CampaignSubject.group_name, CampaignSubject.name)).all()
    users = session.exec(select(User).where(User.role.in_([Role.UNIT_USER, Role.INSPECTOR]))
                         .order_by(User.role.desc(), User.username)).all()
    return campaign, list(subjects), list(users)

"""A subject's sheets side by side for the team leader, with the engine's disagreement flags."""

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, select

from inspect_app import policy
from inspect_app.inspect import scores
from inspect_app.models import (
    Answer,
    Assignment,
    Campaign,
    CampaignSubject,
    ChecklistVersion,
    ScoreSheet,
    User,
)
from scoring import ResponseError, Results, score


@dataclass(frozen=True)
class ReviewRow:
    """One item: each inspector's value and score, and whether their spread asks for a re-check."""

    code: str
    text: str
    max: float | None
    cells: list[tuple[str | None, float | None]]
    flagged: bool


@dataclass(frozen=True)
class Review:
    """The subject, its sheets with their inspectors, and the rows."""

    campaign: Campaign
    subject: CampaignSubject
    sheets: list[tuple[ScoreSheet, User]]
    rows: list[ReviewRow]
    problem: str | None = None


def sheets_responses(session: Session, sheets: list[tuple[ScoreSheet, User]]) -> pd.DataFrame:
    """The sheets' answers as the engine's long table (subject = subject id, inspector = username)."""
    names = {sheet.id: (str(sheet.subject_id), user.username) for sheet, user in sheets}
    answers = session.exec(select(Answer).where(Answer.sheet_id.in_(list(names)))).all()
    rows = [(*names[a.sheet_id], a.item_code, a.value) for a in answers if a.value is not None and a.value.strip()]
    return pd.DataFrame(rows, columns=["subject", "inspector", "item", "value"], dtype=object)


def engine_results(checklist, responses: pd.DataFrame) -> Results | None:
    """The engine's results of these responses, or None when there are none."""
    return score(checklist, responses) if not responses.empty else None


def subject_review(*, session: Session, user: User, subject_id: int) -> Review:
    """The inspection sheets of a subject (self-assessments aside) the user reviews, side by side."""
    subject = session.get(CampaignSubject, subject_id)
    policy.see(subject is not None and policy.may_review_subject(user, subject_id), f"subject {subject_id}")
    campaign = session.get(Campaign, subject.campaign_id)
    checklist = scores.checklist_of(session.get(ChecklistVersion, campaign.checklist_version_id).yaml_text)
    sheets = list(session.exec(
        select(ScoreSheet, User).join(User, User.id == ScoreSheet.inspector_id)
        .where(ScoreSheet.subject_id == subject_id, ScoreSheet.self_assessment.is_(False))
        .order_by(User.username)).all())
    problem, per_item, flagged = None, {}, set()
    try:
        results = engine_results(checklist, sheets_responses(session, sheets))
    except ResponseError as error:
        results, problem = None, f"评分表中有无法计分的答案：{error}"
    if results is not None:
        per_item = {(r.item, r.inspector): (r.value, r.score) for r in results.inspector_scores.itertuples()}
        flagged = set(results.disagreements.loc[results.disagreements["flagged"], "item"])
    answers = {(sheet.id, a.item_code): a.value for sheet, _ in sheets
               for a in session.exec(select(Answer).where(Answer.sheet_id == sheet.id))}
    rows = [ReviewRow(item.code, item.text, float(item.max) if item.max is not None else None,
                      [(", ".join(filter(None, (answers.get((sheet.id, c)) for c in item.answer_codes))) or None,
                        _number(per_item.get((item.code, who.username), (None, None))[1]))
                       for sheet, who in sheets],
                      item.code in flagged)
            for item in checklist.items]
    return Review(campaign, subject, sheets, rows, problem)


def _number(value) -> float | None:
    """A score for the page (None for NaN)."""
    return None if value is None or pd.isna(value) else round(float(value), 6)


def subjects_to_review(*, session: Session, user: User) -> list[tuple[Campaign, CampaignSubject]]:
    """The subjects of the teams this user leads, by campaign and name."""
    rows = session.exec(
        select(Campaign, CampaignSubject).distinct()
        .join(Assignment, Assignment.subject_id == CampaignSubject.id)
        .join(Campaign, Campaign.id == CampaignSubject.campaign_id)
        .where(policy.led_assignments(user))
        .order_by(Campaign.id.desc(), CampaignSubject.group_name, CampaignSubject.name)
    ).all()
    return list(rows)

"""Self-assessment gaps: each self-assessed subject's own scores against the inspectors' stored ones."""

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, select

from inspect_app.models import ScoreSheet, SheetStatus, User
from inspect_app.rankings.services import RankingView
from inspect_app.rankings.store import checklist_of, stored_detail
from scoring.agreement import self_check, self_check_summary


@dataclass(frozen=True)
class SelfGap:
    """One subject: self and inspected totals over the items both scored, and the items beyond the line."""

    name: str
    self_total: float
    inspected_total: float
    gap: float | None  # None where an item was scored on one side only
    flagged: list[str]


def self_gaps(session: Session, ranking: RankingView) -> list[SelfGap]:
    """The gaps of the campaign's submitted or signed-off self-assessments, largest first."""
    from inspect_app.inspect.review import engine_results, sheets_responses  # inspect → sheets → rankings

    if ranking.problem:
        return []  # no stored inspection scores to compare with
    campaign_id = ranking.campaign.id
    sheets = session.exec(
        select(ScoreSheet, User)
        .join(User, User.id == ScoreSheet.inspector_id)
        .where(
            ScoreSheet.campaign_id == campaign_id,
            ScoreSheet.self_assessment.is_(True),
            ScoreSheet.status != SheetStatus.DRAFT,
        )
    ).all()
    checklist = checklist_of(ranking.checklist_version.yaml_text)
    own = engine_results(checklist, sheets_responses(session, list(sheets))) if sheets else None
    if own is None:
        return []
    maxima = own.item_maxima
    inspected = [
        (str(sheet.subject_id), item.code, score)
        for sheet, _ in sheets
        for item, score in _stored_scores(session, campaign_id, sheet.subject_id, checklist.items)
        if item.code in maxima and score is not None and not pd.isna(score)
    ]
    if not inspected:
        return []
    mine = own.items[["subject", "item", "score"]].astype({"subject": str, "item": str})
    mine = mine[mine["item"].isin(list(maxima)) & mine["score"].notna()]
    share = [checklist.recheck.self_gap] if checklist.recheck.self_gap is not None else []
    rows = self_check(mine, pd.DataFrame(inspected, columns=["subject", "item", "score"]), maxima, *share)
    names = {str(row.subject_id): row.name for row in ranking.rows}
    flagged = rows[rows["flagged"]].groupby("subject")["item"].agg(list)
    gaps = [
        SelfGap(
            names.get(r.subject, r.subject),
            float(r.self_total),
            float(r.inspected_total),
            None if pd.isna(r.gap) else float(r.gap),
            list(flagged.get(r.subject, [])),
        )
        for r in self_check_summary(rows).itertuples()
        if r.subject in names
    ]
    return sorted(gaps, key=lambda g: (-abs(g.gap) if g.gap is not None else 0.0, g.name))


def _stored_scores(session: Session, campaign_id: int, subject_id: int, items: list) -> list[tuple]:
    """The subject's stored inspected scores, (item, score) in checklist order; none when unscored."""
    detail = stored_detail(session, campaign_id, subject_id)
    return [] if detail is None else list(zip(items, detail["items"]["score"], strict=True))

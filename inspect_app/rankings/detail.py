"""One subject of a ranking: its items, pool lines and rectification rows, from the engine."""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session

from inspect_app.models import CampaignSubject
from inspect_app.rankings.services import NotInCampaign, RankingRow, RankingView, campaign_ranking, number
from scoring import Results


@dataclass(frozen=True)
class ItemLine:
    """One item of the subject: the engine's combined, rounded score and the points lost."""

    code: str
    section: str
    text: str
    method: str
    max: float | None
    score: float | None
    lost: float | None

    @property
    def deducted(self) -> bool:
        """True when the item lost points."""
        return bool(self.lost)


@dataclass(frozen=True)
class PoolLineScore:
    """One line of a shared deduction pool: the combined count and the points it took."""

    item: str
    line: str
    text: str
    count: float | None
    lost: float | None


@dataclass(frozen=True)
class RectificationRow:
    """One rectification row the engine makes for the subject."""

    item: str
    text: str
    finding: str
    lost: float | None
    lead_unit: str
    co_units: list[str]
    deadline: date | None


@dataclass(frozen=True)
class SubjectDetail:
    """A subject's line of the ranking and the detail behind it (empty when unscored)."""

    ranking: RankingView
    subject: CampaignSubject
    row: RankingRow | None
    items: list[ItemLine]
    pool_lines: list[PoolLineScore]
    rectifications: list[RectificationRow]


def subject_detail(*, session: Session, campaign_id: int, subject_id: int) -> SubjectDetail:
    """The subject's ranking line, items, pool lines and rectification rows (one engine call)."""
    ranking = campaign_ranking(session=session, campaign_id=campaign_id)
    subject = session.get(CampaignSubject, subject_id)
    if subject is None or subject.campaign_id != campaign_id:
        raise NotInCampaign(subject_id)
    row = next((row for row in ranking.rows if row.subject_id == subject_id), None)
    results = ranking.results
    if row is None or results is None:
        return SubjectDetail(ranking, subject, row, [], [], [])
    key = str(subject_id)
    return SubjectDetail(
        ranking, subject, row, _items(results, key), _pool_lines(results, key), _rectifications(results, key)
    )


def _items(results: Results, subject: str) -> list[ItemLine]:
    """Every checklist item for the subject, in checklist order; veto items carry no points."""
    checklist = results.checklist
    titles = {section.code: section.title for section in checklist.sections}
    table = results.items[results.items["subject"] == subject]
    lines = []
    for record in table.to_dict("records"):
        item = checklist.item(record["item"])
        points = item.max is not None
        lines.append(
            ItemLine(
                code=item.code,
                section=titles.get(record["section"], record["section"]),
                text=item.text,
                method=record["method"],
                max=number(record["max"]) if points else None,
                score=number(record["score"]) if points else None,
                lost=number(record["lost"]) if points else None,
            )
        )
    return lines


def _pool_lines(results: Results, subject: str) -> list[PoolLineScore]:
    """The subject's pool lines with the points each took."""
    table = results.pool_lines[results.pool_lines["subject"] == subject]
    return [
        PoolLineScore(r["item"], r["line"], r["text"], number(r["count"]), number(r["lost"]))
        for r in table.to_dict("records")
    ]


def _rectifications(results: Results, subject: str) -> list[RectificationRow]:
    """The subject's rectification rows: finding, points lost, units and deadline."""
    table = results.rectifications[results.rectifications["subject"] == subject]
    return [
        RectificationRow(
            item=r["item"],
            text=r["text"],
            finding=r["finding"],
            lost=number(r["lost"]),
            lead_unit=r["lead_unit"] or "",
            co_units=list(r["co_units"]),
            deadline=None if r["deadline"] is None or pd.isna(r["deadline"]) else r["deadline"],
        )
        for r in table.to_dict("records")
    ]

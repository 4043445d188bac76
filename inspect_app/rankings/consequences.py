"""Proposed consequences of a yearly composite (表彰 / 约谈 / 组织处理, seed 001 三(八)) and the office's calls."""

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, select

from inspect_app.audit import record_change
from inspect_app.db import writing
from inspect_app.models import CompositeCampaign, ConsequenceDecision, User
from inspect_app.models.base import utcnow
from inspect_app.rankings.composite import CompositeRow, RuleFile, composite_year
from scoring.consequences import consequences

DECISIONS = {"confirmed": "已确认", "set_aside": "不予采纳"}


class DecisionNoteRequired(ValueError):
    """Setting a proposal aside needs a note saying why."""


class NoSuchProposal(LookupError):
    """The subject has no proposed consequence in that year."""


@dataclass(frozen=True)
class Proposal:
    """One subject's proposed consequence with the reason, and the office's call if made."""

    row: CompositeRow
    code: str
    consequence: str
    reason: str
    decision: ConsequenceDecision | None

    @property
    def outdated(self) -> bool:
        """The call was made on a different proposal (results changed since)."""
        return self.decision is not None and self.decision.proposal != self.code


def proposals(*, session: Session, rule: RuleFile, year: int) -> tuple[list[Proposal], list[CompositeRow]]:
    """Each graded subject's proposal for the year (history from earlier years), and the ungraded rows."""
    years = session.exec(
        select(CompositeCampaign.year)
        .where(CompositeCampaign.rule_id == rule.id, CompositeCampaign.year < year)
        .distinct()
    ).all()
    current = composite_year(session=session, rule=rule, year=year).rows
    history = [(y, row) for y in sorted(years) for row in composite_year(session=session, rule=rule, year=y).rows]
    history += [(year, row) for row in current]
    graded = [
        {"subject": row.key, "year": y, "grade": row.grade, "target_met": True} for y, row in history if row.grade
    ]
    by_key = {row.key: row for row in current}
    if not any(entry["year"] == year for entry in graded):
        return [], current
    table = consequences(pd.DataFrame(graded), year)
    decisions = {
        d.subject_key: d
        for d in session.exec(
            select(ConsequenceDecision).where(ConsequenceDecision.rule_id == rule.id, ConsequenceDecision.year == year)
        ).all()
    }
    found = [
        Proposal(by_key[r.subject], r.code, r.consequence, r.reason, decisions.get(r.subject))
        for r in table.itertuples()
    ]
    order = {"organisational_handling": 0, "admonishing_talk": 1, "commendation": 2, "none": 3}
    found.sort(key=lambda p: (order[p.code], p.row.group, p.row.name))
    return found, [row for row in current if not row.grade]


def decide(*, session: Session, user: User, rule: RuleFile, year: int, key: str, decision: str, note: str) -> None:
    """Confirm or set aside one subject's proposal (a note is needed to set aside); audited."""
    if decision not in DECISIONS:
        raise NoSuchProposal(decision)
    if decision == "set_aside" and not note.strip():
        raise DecisionNoteRequired(key)
    proposal = next((p for p in proposals(session=session, rule=rule, year=year)[0] if p.row.key == key), None)
    if proposal is None:
        raise NoSuchProposal(key)
    with writing(session):
        row = proposal.decision or ConsequenceDecision(
            rule_id=rule.id, year=year, subject_key=key, proposal="", decision=""
        )
        before = f"{row.proposal}:{row.decision}" if row.decision else None
        row.proposal, row.decision, row.note = proposal.code, decision, note.strip()
        row.decided_by_id, row.decided_at = user.id, utcnow()
        session.add(row)
        session.flush()
        record_change(
            session=session,
            user_id=user.id,
            entity_type="consequence",
            entity_id=row.id,
            field=f"{rule.id}:{year}:{key}",
            old_value=before,
            new_value=f"{proposal.code}:{decision}",
            reason=note.strip(),
        )

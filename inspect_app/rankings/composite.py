"""Yearly composite results: a rule's parts filled from the year's stored campaign results (scoring.composite)."""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from flask import current_app
from sqlalchemy import delete
from sqlmodel import Session, select

from inspect_app.audit import record_change
from inspect_app.db import writing
from inspect_app.models import Campaign, CampaignSubject, CompositeCampaign, User
from inspect_app.rankings.services import number
from inspect_app.rankings.store import current_ranking
from scoring import ChecklistError
from scoring.composite import composite
from scoring.composite_rule import CompositeRule, parse_composite

RULES_DIR = Path(__file__).resolve().parents[2] / "checklists" / "composites"


class UnknownComposite(LookupError):
    """No composite rule file with this id."""


class BadCompositeChoice(ValueError):
    """A campaign chosen for a composite part is not one of that year's campaigns."""


@dataclass(frozen=True)
class RuleFile:
    """A composite rule as its file states it."""

    id: str
    title: str
    rule: CompositeRule


@dataclass(frozen=True)
class Slot:
    """One campaign name of a part and the campaign the office chose for it in the year."""

    name: str
    campaign: Campaign | None
    problem: str | None  # why the slot gives no scores, in Chinese


@dataclass(frozen=True)
class CompositeRow:
    """One subject's part scores and composite."""

    key: str
    name: str
    group: str
    parts: list[float | None]
    score: float | None
    grade: str | None
    status: str
    vetoed: bool
    missing: list[str]


@dataclass
class CompositeYear:
    """A rule's composite in one year: its slots, every subject's row, and what is missing."""

    rule: RuleFile
    year: int
    slots: list[Slot]
    rows: list[CompositeRow] = field(default_factory=list)

    @property
    def missing(self) -> list[Slot]:
        """The slots that give no scores."""
        return [slot for slot in self.slots if slot.problem]


def rules() -> list[RuleFile]:
    """Every composite rule file that reads (sorted by id)."""
    found = []
    for path in sorted(Path(current_app.config.get("COMPOSITES_DIR", RULES_DIR)).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        try:
            rule = parse_composite(data, path.name)
        except ChecklistError:
            current_app.logger.warning("composite rule %s does not read", path.name)
            continue
        found.append(RuleFile(str(data.get("id") or path.stem), str(data.get("title") or path.stem), rule))
    return found


def rule_file(rule_id: str) -> RuleFile:
    """The rule with this id, or UnknownComposite."""
    found = next((r for r in rules() if r.id == rule_id), None)
    if found is None:
        raise UnknownComposite(rule_id)
    return found


def chosen_campaigns(session: Session, rule_id: str, year: int) -> dict[str, Campaign]:
    """The campaign chosen for each campaign name of the rule in the year."""
    rows = session.exec(
        select(CompositeCampaign, Campaign)
        .join(Campaign, Campaign.id == CompositeCampaign.campaign_id)
        .where(CompositeCampaign.rule_id == rule_id, CompositeCampaign.year == year)
    ).all()
    return {row.name: campaign for row, campaign in rows}


def composite_year(*, session: Session, rule: RuleFile, year: int) -> CompositeYear:
    """The composite of the year from the chosen campaigns' stored results; unfilled parts named."""
    chosen = chosen_campaigns(session, rule.id, year)
    frames: dict[str, pd.DataFrame] = {}
    names: dict[str, tuple[str, str]] = {}
    slots = []
    for name in rule.rule.campaigns:
        campaign = chosen.get(name)
        problem = "未指定考核任务" if campaign is None else None
        if campaign is not None:
            frame, problem = _campaign_scores(session, campaign, names)
            frames[name] = frame
        slots.append(Slot(name, campaign, problem))
    result = CompositeYear(rule, year, slots)
    table = composite(rule.rule, frames)
    parts = [part.name for part in rule.rule.parts]
    for record in table.to_dict("records"):
        name, group = names[record["subject"]]
        result.rows.append(
            CompositeRow(
                key=record["subject"],
                name=name,
                group=group,
                parts=[number(record[part]) for part in parts],
                score=number(record["score"]),
                grade=record.get("grade"),
                status=record["status"],
                vetoed=bool(record["vetoed"]),
                missing=list(record["missing"]),
            )
        )
    result.rows.sort(key=lambda row: (row.score is None, -(row.score or 0.0), row.group, row.name))
    return result


def _campaign_scores(session: Session, campaign: Campaign, names: dict) -> tuple[pd.DataFrame, str | None]:
    """The campaign's stored scores by subject key (area:<id> / unit:<id>), and why there are none."""
    payload, _ = current_ranking(session, campaign.id)
    subjects = {
        str(s.id): s
        for s in session.exec(select(CampaignSubject).where(CampaignSubject.campaign_id == campaign.id)).all()
    }
    records = payload["records"]
    rows = []
    for record in records:
        subject = subjects[record["subject"]]
        key = subject_key(subject)
        names[key] = (subject.name, subject.group_name)
        rows.append({"subject": key, "score": record["score"], "status": record["status"], "vetoed": record["vetoed"]})
    frame = pd.DataFrame(rows, columns=["subject", "score", "status", "vetoed"])
    if payload["problem"]:
        return frame.iloc[0:0], payload["problem"]
    return frame, None if records else "尚无已签认的评分表"


def subject_key(subject: CampaignSubject) -> str:
    """The area or unit a campaign subject is, the same in every campaign."""
    return f"area:{subject.area_id}" if subject.area_id is not None else f"unit:{subject.unit_id}"


def year_campaigns(session: Session, year: int) -> list[Campaign]:
    """The campaigns of a year, the choices for a rule's parts."""
    return session.exec(select(Campaign).where(Campaign.year == year).order_by(Campaign.quarter, Campaign.id)).all()


def choose_campaigns(
    *, session: Session, user: User, rule: RuleFile, year: int, choices: dict[str, int | None]
) -> None:
    """Set the campaign of each of the rule's campaign names in the year (None clears it); audited."""
    allowed = {c.id for c in year_campaigns(session, year)}
    if bad := [name for name, cid in choices.items() if cid is not None and cid not in allowed]:
        raise BadCompositeChoice(f"{'、'.join(bad)}：所选考核任务不属于{year}年。")
    with writing(session):
        before = {name: c.id for name, c in chosen_campaigns(session, rule.id, year).items()}
        for name in rule.rule.campaigns:
            if name not in choices or choices[name] == before.get(name):
                continue
            session.execute(
                delete(CompositeCampaign).where(
                    CompositeCampaign.rule_id == rule.id, CompositeCampaign.year == year, CompositeCampaign.name == name
                )
            )
            if choices[name] is not None:
                session.add(CompositeCampaign(rule_id=rule.id, year=year, name=name, campaign_id=choices[name]))
            record_change(
                session=session,
                user_id=user.id,
                entity_type="composite",
                entity_id=year,
                field=f"{rule.id}:{name}",
                old_value=before.get(name),
                new_value=choices[name],
            )

"""Scoring a campaign with the engine, and filing its findings as rectification items."""

from datetime import date

import pandas as pd
from sqlmodel import Session, select

from inspect_app.audit import record_change
from inspect_app.db import writing
from inspect_app.findings.answers import campaign_responses
from inspect_app.models import (
    Area,
    Campaign,
    CampaignSubject,
    ChecklistVersion,
    Finding,
    Rectification,
    RectificationCoUnit,
    Unit,
    UnitAlias,
    UnitKind,
    User,
)
from scoring import Checklist, Results, parse_checklist_text, score


def score_campaign(
    *, session: Session, campaign_id: int, assessed_on: date | None = None, checklist: Checklist | None = None
) -> Results:
    """The engine's results for a campaign's signed-off sheets (checklist: its version, already parsed)."""
    if checklist is None:
        campaign = session.get(Campaign, campaign_id)
        checklist = parse_checklist_text(session.get(ChecklistVersion, campaign.checklist_version_id).yaml_text)
    responses = campaign_responses(session=session, campaign_id=campaign_id)
    return score(checklist, responses, assessed_on=assessed_on)


def record_findings(
    *, session: Session, campaign_id: int, results: Results, source: str, user: User | None = None
) -> list[Finding]:
    """A finding and a rectification item per row of results.rectifications not filed before; audited, one write."""
    with writing(session):
        return _record_findings(session, campaign_id, results, source, user)


def _record_findings(
    session: Session, campaign_id: int, results: Results, source: str, user: User | None
) -> list[Finding]:
    """The findings, items, co-units and audit rows, flushed in the caller's write."""
    subjects = {
        subject.id: subject
        for subject in session.exec(select(CampaignSubject).where(CampaignSubject.campaign_id == campaign_id))
    }
    filed = set(session.exec(select(Finding.subject_id, Finding.item_code).where(Finding.campaign_id == campaign_id)))
    unit_of = UnitNames(session)
    rows = [row for row in results.rectifications.itertuples(index=False) if (int(row.subject), row.item) not in filed]
    findings = [
        Finding(
            campaign_id=campaign_id,
            subject_id=int(row.subject),
            item_code=row.item,
            text=row.finding,
            points_lost=float(row.lost) if pd.notna(row.lost) else 0.0,
            source=source,
        )
        for row in rows
    ]
    session.add_all(findings)
    session.flush()
    items = []
    for row, finding in zip(rows, findings, strict=True):
        subject = subjects[finding.subject_id]
        items.append(
            Rectification(
                finding_id=finding.id,
                problem=f"{subject.name}：{row.text}。{row.finding}",
                lead_unit_id=unit_of(row.lead_unit, subject.area_id),
                deadline=row.deadline if pd.notna(row.deadline) else None,
            )
        )
    session.add_all(items)
    session.flush()
    for row, finding, item in zip(rows, findings, items, strict=True):
        co_units = {unit_of(name, subjects[finding.subject_id].area_id) for name in row.co_units}
        session.add_all(
            RectificationCoUnit(rectification_id=item.id, unit_id=unit_id)
            for unit_id in co_units - {None, item.lead_unit_id}
        )
        record_change(
            session=session,
            user_id=user.id if user else None,
            entity_type="rectification",
            entity_id=item.id,
            field="status",
            old_value=None,
            new_value=item.status,
            reason=source,
        )
    session.flush()
    return findings


class UnitNames:
    """The unit id a checklist's unit name means for a subject, from data the office edits.

    A unit's own name, or an alias naming it (县扶贫办 → 区扶贫办), means that unit. An alias
    with a town_kind (镇扶贫办 → town_government) means the unit of that kind whose area is the
    nearest ancestor of the subject's area that has one (a village's town). Anything else
    (村支两委) is no unit.
    """

    def __init__(self, session: Session) -> None:
        units = session.exec(select(Unit)).all()
        self.by_name = {unit.name: unit.id for unit in units}
        self.by_area = {(unit.area_id, unit.kind): unit.id for unit in units if unit.area_id is not None}
        self.kind_of: dict[str, UnitKind] = {}
        for alias in session.exec(select(UnitAlias)):
            if alias.unit_id is not None:
                self.by_name.setdefault(alias.alias, alias.unit_id)
            elif alias.town_kind is not None:
                self.kind_of[alias.alias] = alias.town_kind
        self.parent = dict(session.exec(select(Area.id, Area.parent_id)).all())

    def __call__(self, name: str, area_id: int | None) -> int | None:
        if name in self.by_name:
            return self.by_name[name]
        kind = self.kind_of.get(name)
        while kind is not None and area_id is not None:
            if (area_id, kind) in self.by_area:
                return self.by_area[(area_id, kind)]
            area_id = self.parent.get(area_id)
        return None

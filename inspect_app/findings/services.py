"""Scoring a campaign with the engine, and filing its findings as rectification items."""

from datetime import date

import pandas as pd
from sqlmodel import Session, select

from inspect_app.audit import record_change
from inspect_app.models import (
    Answer,
    Area,
    Campaign,
    CampaignSubject,
    ChecklistVersion,
    Finding,
    Rectification,
    RectificationCoUnit,
    ScoreSheet,
    SheetStatus,
    Unit,
    UnitKind,
    User,
)
from scoring import Checklist, Results, parse_checklist_text, score

RESPONSE_COLUMNS = ["subject", "group", "inspector", "item", "value", "note"]


def campaign_responses(*, session: Session, campaign_id: int) -> pd.DataFrame:
    """The signed-off answers of a campaign as the engine's long table (subject = subject id)."""
    rows = session.connection().execute(  # Core, not the ORM: millions of plain rows
        select(
            CampaignSubject.id,
            CampaignSubject.group_name,
            User.username,
            Answer.item_code,
            Answer.value,
            Answer.note,
        )
        .join(ScoreSheet, ScoreSheet.subject_id == CampaignSubject.id)
        .join(Answer, Answer.sheet_id == ScoreSheet.id)
        .join(User, User.id == ScoreSheet.inspector_id)
        .where(ScoreSheet.campaign_id == campaign_id, ScoreSheet.status == SheetStatus.SIGNED_OFF)
        .order_by(Answer.sheet_id, Answer.item_code)  # the answer index's order: no sort
    ).all()
    columns = list(zip(*rows, strict=True)) or [()] * len(RESPONSE_COLUMNS)
    table = pd.DataFrame(
        {name: pd.Series(values, dtype=object) for name, values in zip(RESPONSE_COLUMNS, columns, strict=True)}
    )
    table["subject"] = table["subject"].astype(str)
    table["value"] = table["value"].fillna("")
    return table


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
    """A finding and a rectification item per row of results.rectifications; flushed, audited."""
    subjects = {
        subject.id: subject
        for subject in session.exec(select(CampaignSubject).where(CampaignSubject.campaign_id == campaign_id))
    }
    unit_of = _UnitNames(session)
    rows = list(results.rectifications.itertuples(index=False))
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
                lead_unit_id=unit_of(row.lead_unit, subject),
                deadline=row.deadline if pd.notna(row.deadline) else None,
            )
        )
    session.add_all(items)
    session.flush()
    for row, finding, item in zip(rows, findings, items, strict=True):
        co_units = {unit_of(name, subjects[finding.subject_id]) for name in row.co_units}
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


class _UnitNames:
    """The unit id a checklist's unit name means for a subject.

    A county-level name (县扶贫办) means the district's own (区扶贫办) and back; a town-level
    name (镇扶贫办, 乡镇人民政府) means the government of the subject's town; village-level
    names (村支两委) are not units.
    """

    def __init__(self, session: Session) -> None:
        self.by_name = {unit.name: unit.id for unit in session.exec(select(Unit))}
        self.town_government = {
            unit.area_id: unit.id for unit in session.exec(select(Unit).where(Unit.kind == UnitKind.TOWN_GOVERNMENT))
        }
        self.parent = dict(session.exec(select(Area.id, Area.parent_id)).all())

    def __call__(self, name: str, subject: CampaignSubject) -> int | None:
        for alias in (name, _swap_prefix(name, "县", "区"), _swap_prefix(name, "区", "县")):
            if alias in self.by_name:
                return self.by_name[alias]
        if name.startswith(("镇", "乡")) and subject.area_id is not None:
            return self.town_government.get(self.parent.get(subject.area_id))
        return None


def _swap_prefix(name: str, old: str, new: str) -> str:
    """name with its leading old replaced by new."""
    return new + name.removeprefix(old) if name.startswith(old) else name

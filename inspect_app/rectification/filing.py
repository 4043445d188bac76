"""Findings become ledger rows: a scored campaign's (idempotent), and standalone ones an inspector files."""

from datetime import date, timedelta

from sqlmodel import Session
from werkzeug.datastructures import FileStorage

from inspect_app import policy
from inspect_app.audit import record_change
from inspect_app.db import writing
from inspect_app.findings.services import record_findings, score_campaign
from inspect_app.labels import FINDING_KIND_LABELS
from inspect_app.models import Campaign, Finding, FindingKind, Rectification, User
from inspect_app.rectification.errors import InvalidValue
from inspect_app.rectification.services import add_evidence, set_co_units

STANDALONE_DAYS = 30  # a standalone finding's deadline when the inspector gives none


def file_campaign_findings(
    *, session: Session, campaign_id: int, user: User | None, assessed_on: date | None = None
) -> list[Finding]:
    """File the campaign's deductions and vetoes as ledger rows; rows filed before are left as they are."""
    with writing(session):
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise policy.NotVisible(f"campaign {campaign_id}")
        results = score_campaign(session=session, campaign_id=campaign_id, assessed_on=assessed_on)
        return record_findings(
            session=session, campaign_id=campaign_id, results=results, source=campaign.title, user=user
        )


def file_standalone(
    *,
    session: Session,
    user: User,
    kind: FindingKind,
    inspected_on: date | None,
    subject_name: str,
    problem: str,
    lead_unit_id: int,
    co_unit_ids: list[int] = (),
    area_id: int | None = None,
    measure: str = "",
    person_responsible: str = "",
    deadline: date | None = None,
    photos: list[FileStorage] = (),
) -> Rectification:
    """A problem seen in 暗访, 回头看, 战区督战 or 第三方评估 becomes a ledger row with its photos; audited."""
    policy.act(policy.may_file_finding(user), "file a standalone finding")
    if kind == FindingKind.SCORED:
        raise InvalidValue("考核评分的问题由考核任务生成，请选择暗访、回头看、战区督战或第三方评估。")
    with writing(session):
        finding = Finding(
            kind=kind,
            text=problem,
            source=FINDING_KIND_LABELS[kind],
            inspected_on=inspected_on,
            subject_name=subject_name,
            area_id=area_id,
            filed_by_id=user.id,
        )
        session.add(finding)
        session.flush()
        row = Rectification(
            finding_id=finding.id,
            problem=f"{subject_name}：{problem}" if subject_name else problem,
            measure=measure,
            person_responsible=person_responsible,
            lead_unit_id=lead_unit_id,
            deadline=deadline or (inspected_on and inspected_on + timedelta(days=STANDALONE_DAYS)),
        )
        session.add(row)
        session.flush()
        record_change(
            session=session,
            user_id=user.id,
            entity_type="rectification",
            entity_id=row.id,
            field="status",
            old_value=None,
            new_value=row.status,
            reason=finding.source,
        )
        set_co_units(session, row=row, unit_ids=list(co_unit_ids), user=user)
        for photo in photos:
            if photo and photo.filename:
                add_evidence(session, row_id=row.id, file=photo, user=user, note="现场照片")
        return row

"""Findings become ledger rows: a scored campaign's (idempotent), and standalone ones an inspector files."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from werkzeug.datastructures import FileStorage

from inspect_app import policy
from inspect_app.db import writing
from inspect_app.findings.services import record_findings, score_campaign
from inspect_app.labels import FINDING_KIND_LABELS, FINDING_PHOTOS_LABEL
from inspect_app.models import Campaign, Finding, FindingKind, Rectification, User
from inspect_app.rectification.errors import FindingConflict, InvalidValue
from inspect_app.rectification.services import audit_row, record_evidence, set_co_units
from inspect_app.sheets.submissions import digest
from inspect_app.uploads import StoredUpload, digest_of, discard, store_upload

STANDALONE_DAYS = 30  # a standalone finding's deadline when the inspector gives none


@dataclass(frozen=True)
class Filed:
    """A filed standalone finding's ledger row, and whether its submission had been filed before."""

    row: Rectification
    duplicate: bool = False


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
    submission: uuid.UUID | None = None,
) -> Filed:
    """A problem seen in 暗访, 回头看, 战区督战 or 第三方评估 becomes a ledger row with its photos; audited.

    The finding, its row, co-operating units and photos are one write. A submission id filed
    before with the same body (fields and photos) answers that row and writes nothing; with
    another body it raises FindingConflict.
    """
    policy.act(policy.may_file_finding(user), "file a standalone finding")
    if kind == FindingKind.SCORED:
        raise InvalidValue("考核评分的问题由考核任务生成，请选择暗访、回头看、战区督战或第三方评估。")
    photos = [photo for photo in photos if photo and photo.filename]
    finding = Finding(
        kind=kind,
        text=problem,
        source=FINDING_KIND_LABELS[kind],
        inspected_on=inspected_on,
        subject_name=subject_name,
        area_id=area_id,
        filed_by_id=user.id,
        client_uuid=submission,
    )
    row = Rectification(
        finding_id=0,
        problem=f"{subject_name}：{problem}" if subject_name else problem,
        measure=measure,
        person_responsible=person_responsible,
        lead_unit_id=lead_unit_id,
        deadline=deadline or (inspected_on and inspected_on + timedelta(days=STANDALONE_DAYS)),
    )
    finding.body_hash = _body_hash(finding, row, sorted(set(co_unit_ids)), [digest_of(p) for p in photos])
    if submission is not None and (seen := _replay(session, submission, finding.body_hash)):
        return Filed(seen, duplicate=True)
    stored = _store(photos)
    try:
        filed = _file(session, user, finding, row, list(co_unit_ids), stored)
    except IntegrityError:
        # A twin of this submission committed first (PostgreSQL): answer with its row.
        discard(stored)
        if submission is None or not (seen := _replay(session, submission, finding.body_hash)):
            raise
        return Filed(seen, duplicate=True)
    except BaseException:
        discard(stored)
        raise
    if filed.duplicate:
        discard(stored)
    return filed


def _file(
    session: Session,
    user: User,
    finding: Finding,
    row: Rectification,
    co_unit_ids: list[int],
    stored: list[StoredUpload],
) -> Filed:
    """The one write: the finding, its row (audited), co-operating units and photos."""
    with writing(session):
        if finding.client_uuid is not None and (seen := _replay(session, finding.client_uuid, finding.body_hash)):
            return Filed(seen, duplicate=True)
        session.add(finding)
        session.flush()
        row.finding_id = finding.id
        session.add(row)
        session.flush()
        audit_row(session, user, row, "status", None, row.status, finding.source)
        set_co_units(session, row=row, unit_ids=co_unit_ids, user=user)
        for upload in stored:
            record_evidence(session, row=row, stored=upload, user=user, note=FINDING_PHOTOS_LABEL)
        return Filed(row)


def _store(photos: list[FileStorage]) -> list[StoredUpload]:
    """Store every photo (judged by content), or none: a refused one removes those stored before it."""
    stored: list[StoredUpload] = []
    try:
        for photo in photos:
            stored.append(store_upload(photo))
    except BaseException:
        discard(stored)
        raise
    return stored


def _replay(session: Session, submission: uuid.UUID, body_hash: str) -> Rectification | None:
    """The row an already filed submission made, or None when it is new; another body is a conflict."""
    found = session.exec(
        select(Finding.body_hash, Rectification)
        .join(Rectification, Rectification.finding_id == Finding.id)
        .where(Finding.client_uuid == submission)
    ).first()
    if found is None:
        return None
    if found[0] != body_hash:
        raise FindingConflict(submission)
    return found[1]


def _body_hash(finding: Finding, row: Rectification, co_unit_ids: list[int], photos: list[str]) -> str:
    """A stable sha256 of what a standalone submission says: who, its fields, its photos' contents."""
    body = {
        "user": finding.filed_by_id,
        "kind": finding.kind,
        "inspected_on": finding.inspected_on,
        "subject_name": finding.subject_name,
        "area_id": finding.area_id,
        "problem": finding.text,
        "measure": row.measure,
        "person_responsible": row.person_responsible,
        "lead_unit_id": row.lead_unit_id,
        "deadline": row.deadline,
        "co_unit_ids": co_unit_ids,
        "photos": photos,
    }
    return digest(body)

"""Moving ledger rows through 待整改 → 整改中 → 待验收 → 已销号, and every other change to a row.

Every move is one conditional update on the row's version
(UPDATE rectification SET version = version + 1 WHERE id = :id AND version = :base AND status = :from):
two people acting at once get StaleRectification, never a lost change. Every change appends to the
audit log (who, when, what, old, new). The access policy is asked here, so pages and the API agree.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import false, func, update
from sqlmodel import Session, select
from werkzeug.datastructures import FileStorage

from inspect_app import policy
from inspect_app.audit import record_change
from inspect_app.db import writing
from inspect_app.models import (
    Rectification,
    RectificationCoUnit,
    RectificationEvidence,
    RectificationStatus,
    Unit,
    User,
)
from inspect_app.models.base import fits_integer, utcnow
from inspect_app.rectification.errors import (
    EvidenceRequired,
    InvalidTransition,
    InvalidValue,
    NoteRequired,
    StaleRectification,
)
from inspect_app.uploads import StoredUpload, store_upload

ENTITY = "rectification"
S = RectificationStatus


@dataclass(frozen=True)
class Action:
    """One move of the workflow: from which status to which, who may, whether a note is needed."""

    source: RectificationStatus
    target: RectificationStatus
    verifies: bool  # an inspector or the office (else the lead unit)
    needs_note: bool = False


ACTIONS = {
    "start": Action(S.OPEN, S.IN_PROGRESS, verifies=False),
    "submit": Action(S.IN_PROGRESS, S.SUBMITTED, verifies=False),
    "return": Action(S.SUBMITTED, S.IN_PROGRESS, verifies=True, needs_note=True),
    "close": Action(S.SUBMITTED, S.CLOSED, verifies=True),
}


def visible_row(session: Session, user: User, row_id: int) -> Rectification:
    """The row as the database has it now, if user may see it (NotVisible otherwise)."""
    row = session.get(Rectification, row_id, populate_existing=True)
    policy.see(row is not None and policy.may_see_rectification(user, row), f"rectification {row_id}")
    return row


def may_do(user: User, row: Rectification, name: str) -> bool:
    """Whether user may take this action on this row (templates show only these)."""
    action = ACTIONS[name]
    if action.verifies:
        return policy.may_verify_rectification(user, row)
    return policy.may_work_rectification(user, row)


def move(
    session: Session, *, row_id: int, action: str, base_version: int | None, note: str, user: User
) -> Rectification:
    """Take action on the row, conditionally on base_version; returns the row as it now is."""
    with writing(session):
        row = visible_row(session, user, row_id)
        policy.see(action in ACTIONS, f"action {action}")
        step = ACTIONS[action]
        policy.act(may_do(user, row, action), f"{action} on rectification {row_id}")
        if not isinstance(base_version, int) or isinstance(base_version, bool):
            raise InvalidValue("请求须包含整数 base_version（操作所依据的版本号）。")
        note = (note or "").strip()
        if step.needs_note and not note:
            raise NoteRequired("退回须写明理由。")
        if action == "submit" and not _evidence_count(session, row_id):
            raise EvidenceRequired("申请销号前请至少上传一份佐证材料。")
        values: dict = {"status": step.target}
        if step.verifies:
            values["reviewer_id"] = user.id
        if step.target == S.CLOSED:
            values.update(closed_at=utcnow(), closure_note=note)
        _bump(session, row, base_version, values, source=step.source, action=action)
        audit_row(session, user, row, "status", step.source, step.target, note)
        return row


def add_note(session: Session, *, row_id: int, note: str, user: User) -> None:
    """A progress note on the row (the lead unit, a co-operating unit, a verifier); audited."""
    with writing(session):
        row = visible_row(session, user, row_id)
        policy.act(policy.may_add_evidence(user, row), f"note on rectification {row_id}")
        if not (note or "").strip():
            raise NoteRequired("请填写进展说明。")
        audit_row(session, user, row, "note", None, note.strip())


def add_evidence(
    session: Session, *, row_id: int, file: FileStorage | None, user: User, note: str = ""
) -> RectificationEvidence:
    """Store an uploaded file as evidence of the row (checked by content); audited."""
    with writing(session):
        row = visible_row(session, user, row_id)
        policy.act(policy.may_add_evidence(user, row), f"evidence on rectification {row_id}")
        if row.status == S.CLOSED:
            raise InvalidTransition("evidence", row.status, row.version)
        if file is None or not file.filename:
            raise InvalidValue("请选择要上传的照片或文件。")
        return record_evidence(session, row=row, stored=store_upload(file), user=user, note=note)


def record_evidence(
    session: Session, *, row: Rectification, stored: StoredUpload, user: User, note: str = ""
) -> RectificationEvidence:
    """A stored file as evidence of the row, inside the caller's write; audited."""
    evidence = RectificationEvidence(
        rectification_id=row.id,
        file_path=stored.name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        note=(note or "").strip(),
        uploaded_by_id=user.id,
    )
    session.add(evidence)
    session.flush()
    audit_row(session, user, row, "evidence", None, f"{evidence.id}:{stored.content_type}", evidence.note)
    return evidence


def ask_extension(
    session: Session, *, row_id: int, base_version: int, new_deadline: date, reason: str, user: User
) -> Rectification:
    """The lead unit asks the office for a later deadline, with a reason; recorded."""
    with writing(session):
        row = visible_row(session, user, row_id)
        policy.act(policy.may_work_rectification(user, row), f"extension of rectification {row_id}")
        if not (reason or "").strip():
            raise NoteRequired("申请延期须写明理由。")
        if row.status == S.CLOSED or (row.deadline and new_deadline <= row.deadline):
            raise InvalidValue("延期后的时限须晚于现有整改时限，已销号的不能延期。")
        old = row.requested_deadline
        _bump(session, row, base_version, {"requested_deadline": new_deadline})
        audit_row(session, user, row, "requested_deadline", old, new_deadline, reason.strip())
        return row


def decide_extension(
    session: Session, *, row_id: int, base_version: int, approve: bool, note: str, user: User
) -> Rectification:
    """The office approves (the deadline moves) or refuses an asked extension; recorded."""
    with writing(session):
        row = visible_row(session, user, row_id)
        policy.act(policy.may_edit_rectification(user), f"extension decision on rectification {row_id}")
        if row.requested_deadline is None:
            raise InvalidTransition("decide_extension", row.status, row.version)
        asked, old_deadline = row.requested_deadline, row.deadline
        values = {"requested_deadline": None} | ({"deadline": asked} if approve else {})
        _bump(session, row, base_version, values)
        audit_row(session, user, row, "requested_deadline", asked, None, note or ("批准" if approve else "不批准"))
        if approve:
            audit_row(session, user, row, "deadline", old_deadline, asked, note)
        return row


EDITABLE = ("measure", "person_responsible", "deadline", "lead_unit_id")


def edit_row(
    session: Session, *, row_id: int, base_version: int, changes: dict, co_unit_ids: list[int] | None, user: User
) -> Rectification:
    """The office edits a row's measure, person, deadline, lead and co-operating units; each change audited."""
    with writing(session):
        row = visible_row(session, user, row_id)
        policy.act(policy.may_edit_rectification(user), f"edit rectification {row_id}")
        wanted = {name: value for name, value in changes.items() if name in EDITABLE and getattr(row, name) != value}
        before = {name: getattr(row, name) for name in wanted}
        _bump(session, row, base_version, wanted)
        for name, value in wanted.items():
            audit_row(session, user, row, name, before[name], value)
        if co_unit_ids is not None:
            set_co_units(session, row=row, unit_ids=co_unit_ids, user=user)
        return row


def set_co_units(session: Session, *, row: Rectification, unit_ids: list[int], user: User | None) -> None:
    """Replace the row's co-operating units (the lead unit never co-operates with itself); audited."""
    old = set(session.exec(select(RectificationCoUnit.unit_id).where(RectificationCoUnit.rectification_id == row.id)))
    new = set(unit_ids) - {row.lead_unit_id}
    if old == new:
        return
    for unit_id in old - new:
        session.delete(session.get(RectificationCoUnit, (row.id, unit_id)))
    session.add_all(RectificationCoUnit(rectification_id=row.id, unit_id=unit_id) for unit_id in new - old)
    names = dict(session.exec(select(Unit.id, Unit.name).where(Unit.id.in_(old | new))).all())
    audit_row(session, user, row, "co_units", _names(old, names), _names(new, names))
    session.flush()


def _names(ids: set[int], names: dict[int, str]) -> str:
    """Unit names, sorted, joined with 、."""
    return "、".join(sorted(names[i] for i in ids))


def _evidence_count(session: Session, row_id: int) -> int:
    """How many files back the row."""
    return session.exec(
        select(func.count()).select_from(RectificationEvidence).where(RectificationEvidence.rectification_id == row_id)
    ).one()


def _bump(
    session: Session,
    row: Rectification,
    base_version: int,
    values: dict,
    *,
    source: RectificationStatus | None = None,
    action: str = "",
) -> None:
    """The conditional UPDATE; a miss raises StaleRectification or InvalidTransition."""
    same = Rectification.version == base_version if fits_integer(base_version) else false()
    conditions = [Rectification.id == row.id, same]
    if source is not None:
        conditions.append(Rectification.status == source)
    bumped = session.execute(
        update(Rectification)
        .where(*conditions)
        .values(version=Rectification.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    if bumped.rowcount == 1:
        return
    if row.version != base_version:
        raise StaleRectification(row.id, base_version, row.version)
    raise InvalidTransition(action, row.status, row.version)


def audit_row(session: Session, user: User | None, row: Rectification, field: str, old, new, reason: str = "") -> None:
    """Append one change of the row to the audit log."""
    record_change(
        session=session,
        user_id=user.id if user else None,
        entity_type=ENTITY,
        entity_id=row.id,
        field=field,
        old_value=old,
        new_value=new,
        reason=reason,
    )

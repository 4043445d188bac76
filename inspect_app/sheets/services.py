"""Saving answers and moving sheets between draft, submitted and signed off.

Every change is conditional on the version it was based on
(UPDATE score_sheet SET version = version + 1 WHERE id = :id AND version = :base),
appends to the audit log, and commits in one transaction. Callers retry on StaleSheet
by re-reading the sheet, or show both versions to the inspector.
"""

import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import NoReturn, TypeVar

from sqlalchemy import exists, false, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from inspect_app import policy
from inspect_app.audit import record_change
from inspect_app.db import writing
from inspect_app.models import (
    AnswerBase,
    Role,
    ScoreSheet,
    SheetStatus,
    Submission,
    User,
)
from inspect_app.models.base import fits_integer, utcnow
from inspect_app.rankings.store import results_changed
from inspect_app.sheets.answer_writes import write_answers
from inspect_app.sheets.errors import (
    NotAllowed,
    SheetLocked,
    SheetNotFound,
    StaleSheet,
)
from inspect_app.sheets.submissions import SaveResult, body_hash_of, normalise, replay

SHEET = "score_sheet"
SAVABLE = [SheetStatus.DRAFT, SheetStatus.SUBMITTED]
T = TypeVar("T")


def save_answers(
    session: Session,
    sheet_id: int,
    base_version: int,
    answers: Mapping[str, AnswerBase | str | None],
    user: User,
    submission_id: uuid.UUID | str,
) -> SaveResult:
    """Save answers (item code → value, or AnswerBase with a note) and commit.

    A repeated submission_id with the same body returns the first result and writes
    nothing; with another body it raises SubmissionConflict.
    """
    submission_id = uuid.UUID(str(submission_id))
    wanted = {code: normalise(value) for code, value in answers.items()}
    body_hash = body_hash_of(sheet_id, base_version, wanted)
    # A repeat is answered from a read, without the write lock; a twin committing meanwhile is
    # caught by the conditional UPDATE's miss or the submission's unique id.
    seen = replay(session, submission_id, body_hash)
    if seen is not None:
        return seen
    user_id, admin = user.id, user.role == Role.ADMIN  # read before writing() expires user
    try:
        return _committed(
            session, lambda: _save(session, sheet_id, base_version, wanted, user, user_id, admin, submission_id,
                                   body_hash)
        )
    except IntegrityError:
        # A twin of this submission committed first: answer as it was answered.
        result = replay(session, submission_id, body_hash)
        if result is None:
            raise
        return result


def submit_sheet(session: Session, *, sheet_id: int, base_version: int, user: User) -> int:
    """Mark a draft sheet submitted by its inspector; returns the new version."""

    def work() -> int:
        sheet = _sheet(session, sheet_id)
        _check_inspector(sheet, user)
        return _transition(
            session,
            sheet,
            base_version,
            user,
            [SheetStatus.DRAFT],
            SheetStatus.SUBMITTED,
            {"submitted_at": utcnow()},
        )

    return _committed(session, work)


def sign_off_sheet(session: Session, *, sheet_id: int, base_version: int, user: User) -> int:
    """Sign off a sheet (admin or the leader of its team): it is locked from then on."""

    def work() -> int:
        sheet = _sheet(session, sheet_id)
        if user.role != Role.ADMIN and not _leads_team_of(session, sheet, user):
            raise NotAllowed(f"{user.username} may not sign off sheet {sheet_id}")
        return _transition(
            session,
            sheet,
            base_version,
            user,
            [SheetStatus.DRAFT, SheetStatus.SUBMITTED],
            SheetStatus.SIGNED_OFF,
            {"signed_off_at": utcnow(), "signed_off_by_id": user.id},
        )

    return results_changed(session, sheet_id, _committed(session, work))


def reopen_sheet(session: Session, *, sheet_id: int, base_version: int, user: User, reason: str) -> int:
    """Reopen a signed-off sheet as a draft: admins only, with a reason, audited."""
    if user.role != Role.ADMIN:
        raise NotAllowed(f"{user.username} may not reopen sheet {sheet_id}")
    if not reason.strip():
        raise ValueError("reopening a signed-off sheet needs a reason")

    def work() -> int:
        sheet = _sheet(session, sheet_id)
        return _transition(
            session,
            sheet,
            base_version,
            user,
            [SheetStatus.SIGNED_OFF],
            SheetStatus.DRAFT,
            {"signed_off_at": None, "signed_off_by_id": None},
            reason=reason.strip(),
        )

    return results_changed(session, sheet_id, _committed(session, work))


def _committed(session: Session, work: Callable[[], T]) -> T:
    """Run work as one write: begun as a write, committed on success, rolled back on anything else."""
    with writing(session):
        return work()


def _save(
    session: Session,
    sheet_id: int,
    base_version: int,
    wanted: dict[str, AnswerBase],
    user: User,
    user_id: int,
    admin: bool,
    submission_id: uuid.UUID,
    body_hash: str,
) -> SaveResult:
    """Bump the version conditionally (on the sheet's inspector too), write the answers that changed, record the id."""
    now = utcnow()
    mine = [] if admin else [ScoreSheet.inspector_id == user_id]
    if not _updated(session, sheet_id, base_version, SAVABLE, {"updated_at": now}, *mine):
        seen = replay(session, submission_id, body_hash)
        if seen is not None:
            return seen
        sheet = _sheet(session, sheet_id)
        _check_inspector(sheet, user)
        _refuse_miss(sheet, base_version, SAVABLE)
    _forget(session, sheet_id)
    changed = write_answers(session, sheet_id, wanted, user_id, now, SHEET)
    session.execute(insert(Submission.__table__).values(
        client_uuid=submission_id, body_hash=body_hash, sheet_id=sheet_id, user_id=user_id,
        result_version=base_version + 1, created_at=now))
    return SaveResult(sheet_id=sheet_id, version=base_version + 1, changed=changed)


def _transition(
    session: Session,
    sheet: ScoreSheet,
    base_version: int,
    user: User,
    from_statuses: Iterable[SheetStatus],
    to_status: SheetStatus,
    values: dict,
    reason: str = "",
) -> int:
    """Move a sheet to another status, conditionally on version and status; audited."""
    old_status = sheet.status
    _bump(session, sheet, base_version, list(from_statuses), {"status": to_status, **values})
    record_change(
        session=session,
        user_id=user.id,
        entity_type=SHEET,
        entity_id=sheet.id,
        field="status",
        old_value=old_status,
        new_value=to_status,
        reason=reason,
    )
    return base_version + 1


def _bump(
    session: Session,
    sheet: ScoreSheet,
    base_version: int,
    from_statuses: list[SheetStatus],
    values: dict,
) -> datetime:
    """The conditional UPDATE; a miss raises StaleSheet or SheetLocked. Returns the time."""
    now = utcnow()
    if _updated(session, sheet.id, base_version, from_statuses, {"updated_at": now, **values}):
        session.expire(sheet)
        return now
    session.refresh(sheet)
    _refuse_miss(sheet, base_version, from_statuses)


def _updated(session: Session, sheet_id: int, base_version: int, from_statuses: list[SheetStatus], values: dict,
             *conditions) -> bool:
    """UPDATE score_sheet SET version = version + 1 WHERE id, version = base and status (and conditions) match."""
    bumped = session.execute(
        update(ScoreSheet)
        .where(ScoreSheet.id == sheet_id, ScoreSheet.status.in_(from_statuses), *conditions,
               ScoreSheet.version == base_version if fits_integer(base_version) else false())
        .values(version=ScoreSheet.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    return bumped.rowcount == 1


def _refuse_miss(sheet: ScoreSheet, base_version: int, from_statuses: list[SheetStatus]) -> NoReturn:
    """Why a conditional UPDATE of sheet (as the database has it now) missed."""
    if sheet.version != base_version:
        raise StaleSheet(sheet.id, base_version, sheet.version)
    if sheet.status == SheetStatus.SIGNED_OFF:
        raise SheetLocked(f"sheet {sheet.id} is signed off; reopen it with a reason first")
    raise NotAllowed(f"sheet {sheet.id} is {sheet.status}, not one of {from_statuses}")


def _forget(session: Session, sheet_id: int) -> None:
    """Expire the session's copy of the sheet, if it holds one, after an UPDATE it did not see."""
    sheet = session.identity_map.get(Session.identity_key(ScoreSheet, sheet_id))
    if sheet is not None:
        session.expire(sheet)


def _sheet(session: Session, sheet_id: int) -> ScoreSheet:
    """The sheet as the database has it now."""
    sheet = session.get(ScoreSheet, sheet_id, populate_existing=True)
    if sheet is None:
        raise SheetNotFound(f"no score sheet {sheet_id}")
    return sheet


def _check_inspector(sheet: ScoreSheet, user: User) -> None:
    """Only the sheet's own inspector (or an admin) writes on it."""
    if user.role != Role.ADMIN and sheet.inspector_id != user.id:
        raise NotAllowed(f"{user.username} is not the inspector of sheet {sheet.id}")


def _leads_team_of(session: Session, sheet: ScoreSheet, user: User) -> bool:
    """Whether user leads the team assigned to the sheet's subject (the policy's condition, on this session)."""
    return session.exec(select(exists().where(policy.leads_team_of_sheet(user), ScoreSheet.id == sheet.id))).one()


def send_back_sheet(session: Session, *, sheet_id: int, base_version: int, user: User, reason: str) -> int:
    """Send a submitted sheet back to its inspector as a draft (admin or its team's leader), with a reason."""
    if not reason.strip():
        raise ValueError("sending a sheet back needs a reason")

    def work() -> int:
        sheet = _sheet(session, sheet_id)
        if user.role != Role.ADMIN and not _leads_team_of(session, sheet, user):
            raise NotAllowed(f"{user.username} may not send back sheet {sheet_id}")
        return _transition(
            session,
            sheet,
            base_version,
            user,
            [SheetStatus.SUBMITTED],
            SheetStatus.DRAFT,
            {"submitted_at": None},
            reason=reason.strip(),
        )

    return _committed(session, work)

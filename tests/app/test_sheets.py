"""save_answers and the sheet life cycle: versions, idempotent submissions, locks, audit."""

import uuid

import pytest
from sqlmodel import Session, select

from inspect_app.models import Answer, AnswerBase, AuditLog, Role, ScoreSheet, SheetStatus
from inspect_app.sheets.errors import (
    NotAllowed,
    SheetLocked,
    SheetNotFound,
    StaleSheet,
    SubmissionConflict,
)
from inspect_app.sheets.services import reopen_sheet, save_answers, sign_off_sheet, submit_sheet


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session


@pytest.fixture
def setup(make_campaign):
    return make_campaign(villages=1, inspectors=2)


@pytest.fixture
def sheet(setup):
    return setup.sheets[0]


@pytest.fixture
def inspector(setup):
    return setup.inspectors[0]


def answers_of(session, sheet_id):
    rows = session.exec(select(Answer).where(Answer.sheet_id == sheet_id)).all()
    return {a.item_code: (a.value, a.note) for a in rows}


def audit_of(session, sheet_id):
    rows = session.exec(select(AuditLog).where(AuditLog.entity_id == sheet_id).order_by(AuditLog.id)).all()
    return [(a.field, a.old_value, a.new_value, a.reason) for a in rows]


def test_save_bumps_version_and_audits(session, sheet, inspector):
    first = save_answers(session, sheet.id, 1, {"A1": "1", "A2": "是"}, inspector, uuid.uuid4())
    assert (first.version, first.duplicate, first.changed) == (2, False, 2)
    second = save_answers(
        session,
        sheet.id,
        2,
        {"A1": AnswerBase(value="2", note="漏评一户")},
        inspector,
        uuid.uuid4(),
    )
    assert second.version == 3
    assert answers_of(session, sheet.id) == {"A1": ("2", "漏评一户"), "A2": ("是", "")}
    assert session.get(ScoreSheet, sheet.id).version == 3
    assert audit_of(session, sheet.id) == [
        ("A1.value", None, "1", ""),
        ("A2.value", None, "是", ""),
        ("A1.value", "1", "2", ""),
        ("A1.note", "", "漏评一户", ""),
    ]


def test_stale_base_version_is_refused_with_both_versions(session, sheet, inspector):
    save_answers(session, sheet.id, 1, {"A1": "1"}, inspector, uuid.uuid4())
    with pytest.raises(StaleSheet) as raised:
        save_answers(session, sheet.id, 1, {"A1": "3"}, inspector, uuid.uuid4())
    assert (raised.value.base_version, raised.value.current_version) == (1, 2)
    assert answers_of(session, sheet.id) == {"A1": ("1", "")}


def test_same_submission_twice_is_accepted_once(session, sheet, inspector):
    submission = uuid.uuid4()
    first = save_answers(session, sheet.id, 1, {"A1": "1"}, inspector, submission)
    again = save_answers(session, sheet.id, 1, {"A1": "1"}, inspector, str(submission))
    assert (again.version, again.duplicate) == (first.version, True)
    assert session.get(ScoreSheet, sheet.id).version == 2
    assert len(audit_of(session, sheet.id)) == 1


def test_other_body_under_same_submission_is_a_conflict(session, sheet, inspector):
    submission = uuid.uuid4()
    save_answers(session, sheet.id, 1, {"A1": "1"}, inspector, submission)
    with pytest.raises(SubmissionConflict):
        save_answers(session, sheet.id, 1, {"A1": "2"}, inspector, submission)
    assert answers_of(session, sheet.id) == {"A1": ("1", "")}


def test_only_the_sheets_inspector_or_an_admin_writes(session, setup, sheet, make_user):
    with pytest.raises(NotAllowed):
        save_answers(session, sheet.id, 1, {"A1": "1"}, setup.inspectors[1], uuid.uuid4())
    admin = make_user("boss", role=Role.ADMIN)
    assert save_answers(session, sheet.id, 1, {"A1": "1"}, admin, uuid.uuid4()).version == 2
    with pytest.raises(SheetNotFound):
        save_answers(session, 999, 1, {"A1": "1"}, admin, uuid.uuid4())


def test_signed_off_sheet_is_locked_until_reopened_with_reason(session, setup, sheet, inspector, make_user):
    save_answers(session, sheet.id, 1, {"A1": "1"}, inspector, uuid.uuid4())
    assert submit_sheet(session, sheet_id=sheet.id, base_version=2, user=inspector) == 3
    assert sign_off_sheet(session, sheet_id=sheet.id, base_version=3, user=setup.leader) == 4
    signed = session.get(ScoreSheet, sheet.id)
    assert signed.status == SheetStatus.SIGNED_OFF
    assert signed.signed_off_by_id == setup.leader.id
    with pytest.raises(SheetLocked):
        save_answers(session, sheet.id, 4, {"A1": "0"}, inspector, uuid.uuid4())

    admin = make_user("boss", role=Role.ADMIN)
    with pytest.raises(NotAllowed):
        reopen_sheet(session, sheet_id=sheet.id, base_version=4, user=inspector, reason="复核")
    with pytest.raises(ValueError, match="reason"):
        reopen_sheet(session, sheet_id=sheet.id, base_version=4, user=admin, reason="  ")
    assert reopen_sheet(session, sheet_id=sheet.id, base_version=4, user=admin, reason="复核") == 5
    assert save_answers(session, sheet.id, 5, {"A1": "0"}, inspector, uuid.uuid4()).version == 6
    assert ("status", "signed_off", "draft", "复核") in audit_of(session, sheet.id)


def test_only_admin_or_team_leader_signs_off(session, setup, sheet):
    with pytest.raises(NotAllowed):
        sign_off_sheet(session, sheet_id=sheet.id, base_version=1, user=setup.inspectors[1])

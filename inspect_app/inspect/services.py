"""An inspector's sheets: listing, reading, saving, submitting and evidence, through the policy."""

import uuid
from dataclasses import asdict, dataclass

from sqlalchemy import func
from sqlmodel import Session, select
from werkzeug.datastructures import FileStorage

from inspect_app import policy
from inspect_app.audit import record_change
from inspect_app.db import writing
from inspect_app.inspect import scores
from inspect_app.inspect.errors import BadRequestBody, IncompleteSheet, InvalidAnswers, StaleAnswers
from inspect_app.models import (
    Answer,
    AnswerBase,
    Campaign,
    CampaignSubject,
    ChecklistVersion,
    Evidence,
    ScoreSheet,
    User,
)
from inspect_app.sheets.errors import SheetLocked, StaleSheet
from inspect_app.sheets.services import save_answers, submit_sheet
from inspect_app.sheets.submissions import SaveResult
from inspect_app.uploads import store_upload
from scoring import Checklist


@dataclass(frozen=True)
class SheetSummary:
    """One line of "my work" and of GET /api/sheets."""

    id: int
    campaign_id: int
    campaign: str
    subject: str
    group: str
    status: str
    version: int
    answered: int
    total: int
    self_assessment: bool


def _answered():
    """Per sheet, how many answers carry a value."""
    return (
        select(Answer.sheet_id, func.count().label("n"))
        .where(Answer.value.is_not(None), func.trim(Answer.value) != "")
        .group_by(Answer.sheet_id)
        .subquery()
    )


def _summaries(session: Session, *conditions) -> list[tuple[SheetSummary, ChecklistVersion]]:
    """Sheets meeting conditions with their campaign, subject and progress."""
    answered = _answered()
    rows = session.exec(
        select(ScoreSheet, Campaign, CampaignSubject, ChecklistVersion, func.coalesce(answered.c.n, 0))
        .join(Campaign, Campaign.id == ScoreSheet.campaign_id)
        .join(CampaignSubject, CampaignSubject.id == ScoreSheet.subject_id)
        .join(ChecklistVersion, ChecklistVersion.id == Campaign.checklist_version_id)
        .outerjoin(answered, answered.c.sheet_id == ScoreSheet.id)
        .where(*conditions)
        .order_by(Campaign.year.desc(), Campaign.id.desc(), CampaignSubject.group_name, CampaignSubject.name)
    ).all()
    return [
        (
            SheetSummary(
                id=sheet.id, campaign_id=campaign.id, campaign=campaign.title, subject=subject.name,
                group=subject.group_name, status=sheet.status.value, version=sheet.version, answered=n,
                total=len(list(scores.checklist_of(version.yaml_text).answer_codes())),
                self_assessment=sheet.self_assessment,
            ),
            version,
        )
        for sheet, campaign, subject, version, n in rows
    ]


def my_sheets(*, session: Session, user: User) -> list[SheetSummary]:
    """The sheets this user scores (their assignments and self-assessments), newest campaign first."""
    return [summary for summary, _ in _summaries(session, ScoreSheet.inspector_id == user.id)]


def readable_sheet(*, session: Session, user: User, sheet_id: int) -> ScoreSheet:
    """The sheet, if the policy lets user read it (404 otherwise): one SELECT, the policy's filter a column."""
    return _seen(session.exec(select(ScoreSheet, policy.sheet_filter(user)).where(ScoreSheet.id == sheet_id)).first(),
                 sheet_id)[0]


def sheet_and_checklist(*, session: Session, user: User, sheet_id: int) -> tuple[ScoreSheet, Checklist]:
    """The sheet and the exact checklist version its campaign scores with, if user may read it: one SELECT."""
    sheet, text, _ = _seen(session.exec(
        select(ScoreSheet, ChecklistVersion.yaml_text, policy.sheet_filter(user))
        .join(Campaign, Campaign.id == ScoreSheet.campaign_id)
        .join(ChecklistVersion, ChecklistVersion.id == Campaign.checklist_version_id)
        .where(ScoreSheet.id == sheet_id)
    ).first(), sheet_id)
    return sheet, scores.checklist_of(text)


def _seen(row: tuple | None, sheet_id: int) -> tuple:
    """The row of a sheet whose last column is the policy's verdict (NotVisible when missing or false)."""
    policy.see(row is not None and bool(row[-1]), f"sheet {sheet_id}")
    return row


def editable_sheet(*, session: Session, user: User, sheet_id: int) -> tuple[ScoreSheet, Checklist]:
    """The sheet and its checklist, if user may write on it: 404 unseen, 403 not theirs, 409 locked once submitted."""
    sheet, checklist = sheet_and_checklist(session=session, user=user, sheet_id=sheet_id)
    policy.act(policy.writes_sheet(user, sheet), f"sheet {sheet_id}")
    if not policy.may_edit_sheet(user, sheet):
        raise SheetLocked(f"sheet {sheet_id} is {sheet.status}")
    return sheet, checklist


def stored_answers(session: Session, sheet_id: int) -> dict[str, dict]:
    """The sheet's answers: code → {value, note}."""
    rows = session.exec(select(Answer).where(Answer.sheet_id == sheet_id)).all()
    return {a.item_code: {"value": a.value, "note": a.note} for a in rows if a.value is not None or a.note}


def sheet_detail(*, session: Session, user: User, sheet_id: int) -> dict:
    """The sheet's summary, its answer codes, answers and the engine's provisional scores."""
    sheet = readable_sheet(session=session, user=user, sheet_id=sheet_id)
    summary, version = _summaries(session, ScoreSheet.id == sheet.id)[0]
    checklist = scores.checklist_of(version.yaml_text)
    answers = stored_answers(session, sheet.id)
    return {
        **asdict(summary),
        "items": scores.answer_codes_json(checklist),
        "answers": answers,
        "scores": scores.provisional(checklist, {code: a["value"] for code, a in answers.items()}),
    }


def read_body(body: object) -> tuple[uuid.UUID, int, dict[str, AnswerBase]]:
    """The submission id, base version and answers of a save body (BadRequestBody when malformed)."""
    if not isinstance(body, dict):
        raise BadRequestBody("the body is not a JSON object")
    try:
        submission = uuid.UUID(str(body["submission"]))
        base_version = body["base_version"]
        if isinstance(base_version, bool) or not isinstance(base_version, int):
            raise TypeError("base_version is not a whole number")
        raw = body["answers"]
        answers = {str(code): _answer(entry) for code, entry in raw.items()}
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise BadRequestBody(str(error)) from error
    return submission, base_version, answers


def _answer(entry: object) -> AnswerBase:
    """One {value, note} (or a bare value) as an AnswerBase; values are kept as typed text."""
    if not isinstance(entry, dict):
        entry = {"value": entry}
    value, note = entry.get("value"), entry.get("note") or ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | type(None)) or not isinstance(note, str):
        raise TypeError("value must be text or a number, note text")
    return AnswerBase(value=None if value is None else str(value), note=note)


def save(*, session: Session, user: User, sheet_id: int, body: object) -> SaveResult:
    """Check and save a body of answers; refused values raise InvalidAnswers, a stale base StaleAnswers."""
    _, checklist = editable_sheet(session=session, user=user, sheet_id=sheet_id)
    submission, base_version, answers = read_body(body)
    errors = scores.refused(checklist, {c: a.value for c, a in answers.items()})
    if errors:
        raise InvalidAnswers(errors)
    try:
        return save_answers(session, sheet_id, base_version, answers, user, submission)
    except StaleSheet as stale:
        raise StaleAnswers(stale, stored_answers(session, sheet_id)) from stale


def submit(*, session: Session, user: User, sheet_id: int, body: object) -> int:
    """Submit a complete draft ({base_version}); IncompleteSheet lists what is missing. Returns the new version."""
    _, checklist = editable_sheet(session=session, user=user, sheet_id=sheet_id)
    base_version = body.get("base_version") if isinstance(body, dict) else None
    if isinstance(base_version, bool) or not isinstance(base_version, int):
        raise BadRequestBody("base_version is required")
    answers = {code: a["value"] for code, a in stored_answers(session, sheet_id).items()}
    missing = scores.missing(checklist, answers)
    if missing:
        raise IncompleteSheet(missing)
    return submit_sheet(session, sheet_id=sheet_id, base_version=base_version, user=user)


def add_evidence(*, session: Session, user: User, sheet_id: int, item: str, file: FileStorage | None,
                 client_uuid: str | None = None) -> tuple[Evidence, bool]:
    """Store a photo or document for one item of an editable sheet; (row, was it already there)."""
    _, checklist = editable_sheet(session=session, user=user, sheet_id=sheet_id)
    known = {code for code, _ in checklist.answer_codes()} | {i.code for i in checklist.items}
    if item not in known or file is None:
        raise InvalidAnswers([{"item": item, "value": None, "message": "请选择评分项和文件"}])
    try:
        token = uuid.UUID(client_uuid) if client_uuid else None
    except ValueError as error:
        raise BadRequestBody("upload id is not a UUID") from error
    if token is not None and (seen := session.exec(select(Evidence).where(Evidence.client_uuid == token)).first()):
        return seen, True
    stored = store_upload(file)
    with writing(session):
        answer = session.exec(select(Answer).where(Answer.sheet_id == sheet_id, Answer.item_code == item)).first()
        evidence = Evidence(sheet_id=sheet_id, answer_id=answer.id if answer else None, item_code=item,
                            file_path=stored.name, content_type=stored.content_type, size=stored.size,
                            sha256=stored.sha256, uploaded_by_id=user.id, client_uuid=token)
        session.add(evidence)
        session.flush()
        record_change(session=session, user_id=user.id, entity_type="score_sheet", entity_id=sheet_id,
                      field=f"{item}.evidence", old_value=None, new_value=stored.name)
    return evidence, False


def evidence_counts(session: Session, sheet_id: int) -> dict[str, int]:
    """How many evidence files each item of the sheet has."""
    rows = session.exec(select(Evidence.item_code, func.count()).where(Evidence.sheet_id == sheet_id)
                        .group_by(Evidence.item_code)).all()
    return dict(rows)

"""Idempotent submissions: a client-made id, the hash of what it said, and its result."""

import hashlib
import json
import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from inspect_app.models import AnswerBase, Submission
from inspect_app.sheets.errors import SubmissionConflict


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the sheet's new version, and whether it was a repeat."""

    sheet_id: int
    version: int
    duplicate: bool = False
    changed: int = 0


def replay(session: Session, submission_id: uuid.UUID, body_hash: str) -> SaveResult | None:
    """The first result of an already accepted submission, or None when it is new."""
    seen = session.exec(select(Submission).where(Submission.client_uuid == submission_id)).first()
    if seen is None:
        return None
    if seen.body_hash != body_hash:
        raise SubmissionConflict(submission_id)
    return SaveResult(sheet_id=seen.sheet_id, version=seen.result_version, duplicate=True)


def normalise(value: AnswerBase | str | None) -> AnswerBase:
    """An answer from a bare value or an AnswerBase."""
    if isinstance(value, AnswerBase):
        return AnswerBase(value=value.value, note=value.note or "")
    return AnswerBase(value=value, note="")


def body_hash_of(sheet_id: int, base_version: int, answers: dict[str, AnswerBase]) -> str:
    """A stable sha256 of what a submission says."""
    return digest(
        {
            "sheet": sheet_id,
            "base": base_version,
            "answers": {code: [a.value, a.note] for code, a in sorted(answers.items())},
        }
    )


def digest(body: dict) -> str:
    """A stable sha256 of a client submission's body (keys sorted; dates and ids as text)."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()

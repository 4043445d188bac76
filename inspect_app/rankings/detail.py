"""One subject of a ranking: its items, inspectors' scores, notes, pool lines and rectifications."""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from inspect_app.models import Answer, CampaignSubject, Evidence, Finding, Rectification, ScoreSheet, SheetStatus
from inspect_app.rankings.services import NotInCampaign, RankingRow, RankingView, number
from inspect_app.rankings.store import checklist_of, stored_detail
from scoring import Checklist

TOP_DEDUCTIONS = 5


@dataclass(frozen=True)
class InspectorScore:
    """One inspector's value and score on an item."""

    inspector: str
    value: float | None
    score: float | None


@dataclass(frozen=True)
class ItemLine:
    """One item of the subject: the engine's combined, rounded score and the points lost."""

    code: str
    section: str
    text: str
    method: str
    max: float | None
    score: float | None
    lost: float | None
    inspectors: list[InspectorScore] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    photos: list["Photo"] = field(default_factory=list)

    @property
    def deducted(self) -> bool:
        """True when the item lost points."""
        return bool(self.lost)


@dataclass(frozen=True)
class Photo:
    """A photo or document an inspector attached to an item of a signed-off sheet."""

    id: int
    content_type: str

    @property
    def image(self) -> bool:
        """True for a picture (shown), False for a document (linked)."""
        return self.content_type.startswith("image/")


@dataclass(frozen=True)
class PoolLineScore:
    """One line of a shared deduction pool: the combined count and the points it took."""

    item: str
    line: str
    text: str
    count: float | None
    lost: float | None


@dataclass(frozen=True)
class RectificationRow:
    """One rectification row the engine makes for the subject, with its ledger status if filed."""

    item: str
    text: str
    finding: str
    lost: float | None
    lead_unit: str
    co_units: list[str]
    deadline: date | None
    status: str | None = None


@dataclass(frozen=True)
class SubjectDetail:
    """A subject's line of the ranking and the detail behind it (empty when unscored)."""

    ranking: RankingView
    subject: CampaignSubject
    row: RankingRow | None
    items: list[ItemLine]
    pool_lines: list[PoolLineScore]
    rectifications: list[RectificationRow]

    @property
    def top_deductions(self) -> list[ItemLine]:
        """The items that cost most points, most first."""
        lost = sorted((item for item in self.items if item.deducted), key=lambda item: -(item.lost or 0))
        return lost[:TOP_DEDUCTIONS]


def subject_detail(*, session: Session, ranking: RankingView, subject_id: int) -> SubjectDetail:
    """The subject's line of this ranking and its stored detail."""
    campaign_id = ranking.campaign.id
    subject = session.get(CampaignSubject, subject_id)
    if subject is None or subject.campaign_id != campaign_id:
        raise NotInCampaign(subject_id)
    row = next((row for row in ranking.rows if row.subject_id == subject_id), None)
    detail = stored_detail(session, campaign_id, subject_id) if row is not None else None
    if detail is None:
        return SubjectDetail(ranking, subject, row, [], [], [])
    checklist = checklist_of(ranking.checklist_version.yaml_text)
    notes = _notes(session, subject_id)
    statuses = _ledger(session, campaign_id, subject_id)
    return SubjectDetail(
        ranking,
        subject,
        row,
        _items(checklist, detail, notes, photos_of(session, subject_id)),
        [
            PoolLineScore(item, line, text, number(count), number(lost))
            for item, line, text, count, lost in detail["pool_lines"]
        ],
        [
            RectificationRow(
                code,
                item.text,
                finding,
                number(lost),
                item.lead_unit or "",
                list(item.co_units),
                date.fromisoformat(due) if due else None,
                statuses.get(code),
            )
            for code, finding, lost, due in detail["rectifications"]
            for item in [checklist.item(code)]
        ],
    )


def _items(
    checklist: Checklist, detail: dict, notes: dict[str, list[str]], photos: dict[str, list[Photo]]
) -> list[ItemLine]:
    """Every checklist item for the subject, in checklist order; veto items carry no points."""
    titles = {section.code: section.title for section in checklist.sections}
    sheets = detail["inspectors"]  # per sheet of the subject: its inspector, values and scores in item order
    lines = []
    for position, (item, points, lost) in enumerate(
        zip(checklist.items, detail["items"]["score"], detail["items"]["lost"], strict=True)
    ):
        scored = item.max is not None
        lines.append(
            ItemLine(
                code=item.code,
                section=titles.get(item.section, item.section),
                text=item.text,
                method=item.method,
                max=float(item.max) if scored else None,
                score=number(points) if scored else None,
                lost=number(lost) if scored else None,
                inspectors=[
                    InspectorScore(name, number(values[position]), number(scores[position]))
                    for name, values, scores in zip(sheets["names"], sheets["values"], sheets["scores"], strict=True)
                ],
                notes=[note for answer in item.answer_codes for note in notes.get(answer, [])],
                photos=[photo for code in (item.code, *item.answer_codes) for photo in photos.get(code, [])],
            )
        )
    return lines


def _notes(session: Session, subject_id: int) -> dict[str, list[str]]:
    """The signed-off sheets' notes for the subject by answer code, each once."""
    rows = session.exec(
        select(Answer.item_code, Answer.note)
        .join(ScoreSheet, ScoreSheet.id == Answer.sheet_id)
        .where(ScoreSheet.subject_id == subject_id, ScoreSheet.status == SheetStatus.SIGNED_OFF, Answer.note != "")
        .order_by(Answer.item_code, ScoreSheet.id)
    ).all()
    notes: dict[str, list[str]] = {}
    for code, note in rows:
        if note not in notes.setdefault(code, []):
            notes[code].append(note)
    return notes


def photos_of(session: Session, subject_id: int) -> dict[str, list[Photo]]:
    """The photos and documents on the subject's signed-off inspection sheets, by item code, oldest first."""
    rows = session.exec(
        select(Evidence.id, Evidence.item_code, Evidence.content_type)
        .join(ScoreSheet, ScoreSheet.id == Evidence.sheet_id)
        .where(
            ScoreSheet.subject_id == subject_id,
            ScoreSheet.status == SheetStatus.SIGNED_OFF,
            ScoreSheet.self_assessment.is_(False),
        )
        .order_by(Evidence.id)
    ).all()
    photos: dict[str, list[Photo]] = {}
    for evidence_id, code, content_type in rows:
        photos.setdefault(code, []).append(Photo(evidence_id, content_type))
    return photos


def _ledger(session: Session, campaign_id: int, subject_id: int) -> dict[str, str]:
    """The ledger status of the rectification filed for each item of the subject, if any."""
    rows = session.exec(
        select(Finding.item_code, Rectification.status)
        .join(Rectification, Rectification.finding_id == Finding.id)
        .where(Finding.campaign_id == campaign_id, Finding.subject_id == subject_id)
        .order_by(Finding.id)
    ).all()
    return {code: status for code, status in rows}

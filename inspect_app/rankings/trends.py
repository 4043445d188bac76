"""A subject over time: its score, rank and grade in every campaign that scored the same area or unit."""

from dataclasses import dataclass

from sqlalchemy import case
from sqlmodel import Session, select

from inspect_app import policy
from inspect_app.models import Campaign, CampaignSubject, User
from inspect_app.rankings.services import NotInCampaign, number, whole
from inspect_app.rankings.store import current_ranking

UP, DOWN, SAME = "▲", "▼", "—"


@dataclass(frozen=True)
class HistoryPoint:
    """The subject's result in one campaign, with its move against the previous scored one."""

    campaign: Campaign
    subject_id: int
    score: float | None
    rank: int | None
    ranked: int  # how many subjects the campaign ranked
    grade: str | None
    status: str | None  # None: not scored in this campaign
    rank_move: int | None = None  # places gained (positive) or lost since the previous scored campaign
    score_move: float | None = None

    @property
    def rank_mark(self) -> str:
        """▲ for places gained, ▼ for places lost, — for none or nothing to compare."""
        return _mark(self.rank_move)

    @property
    def score_mark(self) -> str:
        """▲ for a higher score, ▼ for a lower one, — for the same or nothing to compare."""
        return _mark(self.score_move)


@dataclass(frozen=True)
class History:
    """One subject (area or unit) across the campaigns the user may see results of, oldest first."""

    subject: CampaignSubject
    points: list[HistoryPoint]

    @property
    def scored(self) -> list[HistoryPoint]:
        """The points where the subject has a score."""
        return [p for p in self.points if p.score is not None]


def subject_history(*, session: Session, user: User, subject: CampaignSubject) -> History:
    """Every campaign that scored the subject's area or unit and whose results user may see."""
    same = (
        CampaignSubject.area_id == subject.area_id
        if subject.area_id is not None
        else CampaignSubject.unit_id == subject.unit_id
    )
    rows = session.exec(
        select(CampaignSubject, Campaign)
        .join(Campaign, Campaign.id == CampaignSubject.campaign_id)
        .where(same)
        .order_by(
            Campaign.year,
            case((Campaign.quarter.is_(None), 5), else_=Campaign.quarter),
            Campaign.created_at,
            Campaign.id,
        )
    ).all()
    points: list[HistoryPoint] = []
    previous: HistoryPoint | None = None
    for row, campaign in rows:
        if not policy.may_see_results(user, campaign):
            continue
        point = _point(session, campaign, row.id, previous)
        points.append(point)
        if point.score is not None:
            previous = point
    return History(subject, points)


def campaign_subject(session: Session, campaign_id: int, subject_id: int) -> CampaignSubject:
    """The subject of the campaign, or NotInCampaign."""
    subject = session.get(CampaignSubject, subject_id)
    if subject is None or subject.campaign_id != campaign_id:
        raise NotInCampaign(subject_id)
    return subject


def _point(session: Session, campaign: Campaign, subject_id: int, previous: HistoryPoint | None) -> HistoryPoint:
    """The subject's stored result in campaign, compared with the previous scored point."""
    payload, _ = current_ranking(session, campaign.id)
    records = payload["records"]
    record = next((r for r in records if r["subject"] == str(subject_id)), None)
    ranked = sum(1 for r in records if whole(r["rank"]) is not None)
    if record is None:
        return HistoryPoint(campaign, subject_id, None, None, ranked, None, None)
    score, rank = number(record["score"]), whole(record["rank"])
    rank_move = score_move = None
    if previous is not None and score is not None:
        rank_move = previous.rank - rank if previous.rank is not None and rank is not None else None
        score_move = round(score - previous.score, 6)
    grade, status = record["grade"], record["status"]
    return HistoryPoint(campaign, subject_id, score, rank, ranked, grade, status, rank_move, score_move)


def _mark(move: float | None) -> str:
    """The arrow of a move."""
    if not move:
        return SAME
    return UP if move > 0 else DOWN

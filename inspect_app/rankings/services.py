"""A campaign's ranking as the scoring engine reported it, read from the stored results."""

from dataclasses import dataclass, field
from datetime import date

from flask import g
from sqlalchemy import func
from sqlmodel import Session, select

from inspect_app import policy
from inspect_app.db import get_session
from inspect_app.labels import RESULT_STATUS_LABELS
from inspect_app.models import Campaign, CampaignSubject, ChecklistVersion, ScoreSheet, SheetStatus
from inspect_app.rankings.store import current_ranking


class NotInCampaign(LookupError):
    """No such campaign, or no such subject in it."""


@dataclass(frozen=True)
class SectionColumn:
    """A checklist section that has a subtotal column."""

    code: str
    title: str


@dataclass(frozen=True)
class RankingRow:
    """One subject's line of the ranking, as the engine reports it."""

    subject_id: int
    name: str
    group: str
    rank: int | None
    group_rank: int | None
    score: float | None
    grade: str | None
    vetoed: bool
    veto_reasons: list[str]
    status: str
    bonus: float | None
    sections: list[float | None]
    missing: list[str]

    @property
    def status_label(self) -> str:
        """The status in Chinese: 正常 / 未完成 / 不参评."""
        return RESULT_STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class Summary:
    """The counts above a ranking table: subjects, per grade, vetoed."""

    subjects: int
    grades: list[tuple[str, int]]
    vetoed: int


@dataclass(frozen=True)
class RankingView:
    """A campaign's ranking; `problem` says in Chinese why there is none."""

    campaign: Campaign
    checklist_version: ChecklistVersion
    signed_off: int
    groups: list[str]
    sections: list[SectionColumn]
    rows: list[RankingRow]
    unscored: list  # rows of (id, name, group_name)
    grade_names: list[str]
    problem: str | None = None
    updating: bool = False  # a rescoring is under way; these are the previous results
    records: list[dict] = field(default_factory=list)  # the stored `--out F.json` objects
    problems: list[list] = field(default_factory=list)  # [code, text, subjects losing points, points lost]
    section_max: dict[str, float] = field(default_factory=dict)
    assessed_on: date | None = None
    rectify_days: int | None = None
    quality: dict = field(default_factory=dict)  # inspectors' disagreement (store._quality)

    def in_group(self, group: str | None) -> list[RankingRow]:
        """The rows of one town (all rows for None), in the engine's order."""
        return self.rows if group is None else [row for row in self.rows if row.group == group]

    def summary(self, rows: list[RankingRow]) -> Summary:
        """How many subjects, how many per grade (checklist order), how many vetoed."""
        counts: dict[str, int] = {}
        for row in rows:
            if row.grade is not None:
                counts[row.grade] = counts.get(row.grade, 0) + 1
        order = self.grade_names + sorted(set(counts) - set(self.grade_names))
        grades = [(grade, counts[grade]) for grade in order if grade in counts]
        return Summary(len(rows), grades, sum(row.vetoed for row in rows))


def campaign_ranking(*, session: Session, campaign_id: int) -> RankingView:
    """The campaign's ranking from its stored results (rescored first when stale)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotInCampaign(campaign_id)
    version = session.get(ChecklistVersion, campaign.checklist_version_id)
    subjects = session.execute(  # plain rows (id, name, group_name): thousands of them
        select(CampaignSubject.id, CampaignSubject.name, CampaignSubject.group_name)
        .where(CampaignSubject.campaign_id == campaign_id)
        .order_by(CampaignSubject.group_name, CampaignSubject.name)
    ).all()
    signed_off = session.exec(
        select(func.count()).where(ScoreSheet.campaign_id == campaign_id, ScoreSheet.status == SheetStatus.SIGNED_OFF)
    ).one()
    payload, updating = current_ranking(session, campaign_id)
    names = {str(subject.id): subject for subject in subjects}
    sections = [SectionColumn(code, title) for code, title in payload["sections"]]
    rows = [_row(record, names, sections, payload["missing"]) for record in payload["records"]]
    scored = {row.subject_id for row in rows}
    return RankingView(
        campaign=campaign,
        checklist_version=version,
        signed_off=signed_off,
        groups=sorted({subject.group_name for subject in subjects if subject.group_name}),
        sections=sections,
        rows=rows,
        unscored=[subject for subject in subjects if subject.id not in scored],
        grade_names=payload["grades"],
        problem=payload["problem"],
        updating=updating,
        records=payload["records"],
        problems=payload.get("problems", []),
        section_max=payload.get("section_max", {}),
        assessed_on=date.fromisoformat(payload["assessed_on"]) if payload.get("assessed_on") else None,
        rectify_days=payload.get("rectify_days"),
        quality=payload.get("quality", {}),
    )


def _row(record: dict, names: dict[str, CampaignSubject], sections: list[SectionColumn], missing: dict) -> RankingRow:
    """One stored subject record with the subject's name."""
    subject = names[record["subject"]]
    return RankingRow(
        subject_id=subject.id,
        name=subject.name,
        group=record["group"],
        rank=whole(record["rank"]),
        group_rank=whole(record["group_rank"]),
        score=number(record["score"]),
        grade=record["grade"],
        vetoed=bool(record["vetoed"]),
        veto_reasons=list(record["veto_reasons"]),
        status=record["status"],
        bonus=number(record["bonus"]),
        sections=[number(record[s.code]) for s in sections],
        missing=missing.get(record["subject"], []),
    )


def number(value) -> float | None:
    """A float, or None for a missing value (None or NaN: a NaN is not equal to itself)."""
    return None if value is None or value != value else float(value)


def whole(value) -> int | None:
    """An int, or None for a missing value (an unranked subject)."""
    return None if value is None or value != value else int(value)


class RankingUnavailable(RuntimeError):
    """The campaign's sheets cannot be scored now (the page says why)."""


def visible_ranking(campaign_id: int, *, ready: bool = False) -> RankingView:
    """The request user's view of the campaign's ranking (404 unless the policy allows; with ready, 409 without one)."""
    session = get_session()
    campaign = session.get(Campaign, campaign_id)
    policy.see(campaign is not None and policy.may_see_results(g.user, campaign), f"results of {campaign_id}")
    ranking = campaign_ranking(session=session, campaign_id=campaign_id)
    if ready and ranking.problem:
        raise RankingUnavailable(ranking.problem)
    return ranking


SORTS = {"rank": "按排名", "low": "得分从低到高", "name": "按名称"}
STATUS_FILTERS = {"ok": "正常", "incomplete": "未完成", "excluded": "不参评", "vetoed": "一票否决"}
PAGE_SIZE = 200


@dataclass(frozen=True)
class Filters:
    """What the ranking page shows: a town, a grade, a status, an order and a page (query params)."""

    group: str | None = None
    grade: str | None = None
    status: str | None = None
    sort: str = "rank"
    page: int = 1

    @classmethod
    def of(cls, args) -> "Filters":
        """The filters of a query string; unknown values are ignored."""
        status, sort = args.get("status"), args.get("sort")
        page = args.get("page", "1")
        return cls(
            group=args.get("group") or None,
            grade=args.get("grade") or None,
            status=status if status in STATUS_FILTERS else None,
            sort=sort if sort in SORTS else "rank",
            page=max(int(page), 1) if page.isdigit() else 1,
        )

    def apply(self, rows: list[RankingRow]) -> list[RankingRow]:
        """The rows these filters keep, in their order."""
        kept = [
            row
            for row in rows
            if (self.group is None or row.group == self.group)
            and (self.grade is None or row.grade == self.grade)
            and (self.status is None or (row.vetoed if self.status == "vetoed" else row.status == self.status))
        ]
        if self.sort == "low":
            return sorted(kept, key=lambda row: (row.score is None, row.score or 0.0))
        if self.sort == "name":
            return sorted(kept, key=lambda row: row.name)
        return kept

    def args(self, **changes) -> dict:
        """Query params for a link: these filters with changes (page back to 1 unless given)."""
        values = {"group": self.group, "grade": self.grade, "status": self.status, "sort": self.sort, "page": 1}
        values |= changes
        return {k: v for k, v in values.items() if v not in (None, "", 1, "rank")}

"""A campaign's ranking and one subject's detail, exactly as the scoring engine reports them."""

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from inspect_app.findings.services import score_campaign
from inspect_app.labels import RESULT_STATUS_LABELS
from inspect_app.models import Campaign, CampaignSubject, ChecklistVersion, ScoreSheet, SheetStatus
from scoring import Checklist, ChecklistError, ResponseError, Results, parse_checklist_text

SHOWN_PROBLEMS = 5


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
    unscored: list[CampaignSubject]
    grade_names: list[str]
    problem: str | None = None
    results: Results | None = None

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
    """The campaign's ranking from one call of the engine on its signed-off sheets."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotInCampaign(campaign_id)
    version = session.get(ChecklistVersion, campaign.checklist_version_id)
    subjects = session.exec(
        select(CampaignSubject)
        .where(CampaignSubject.campaign_id == campaign_id)
        .order_by(CampaignSubject.group_name, CampaignSubject.name)
    ).all()
    groups = sorted({subject.group_name for subject in subjects if subject.group_name})
    signed_off, last_signed = session.exec(
        select(func.count(), func.max(ScoreSheet.signed_off_at)).where(
            ScoreSheet.campaign_id == campaign_id, ScoreSheet.status == SheetStatus.SIGNED_OFF
        )
    ).one()
    empty = RankingView(campaign, version, signed_off, groups, [], [], list(subjects), [])
    try:
        checklist = parse_checklist_text(version.yaml_text)
    except ChecklistError as error:
        return _with_problem(empty, f"检查表《{version.title}》（第{version.version}版）已无法读取", error.problems)
    if not signed_off:
        return empty  # the engine needs at least one sheet
    try:
        results = score_campaign(session=session, campaign_id=campaign_id, assessed_on=_day(last_signed))
    except ResponseError as error:
        return _with_problem(empty, "已签认的评分表中有无法计分的答案", error.problems)
    names = {str(subject.id): subject for subject in subjects}
    rows = [_row(record, names, checklist) for record in results.subjects.to_dict("records")]
    scored = {row.subject_id for row in rows}
    return RankingView(
        campaign=campaign,
        checklist_version=version,
        signed_off=signed_off,
        groups=groups,
        sections=_sections(checklist, results),
        rows=rows,
        unscored=[subject for subject in subjects if subject.id not in scored],
        grade_names=[rule.grade for rule in checklist.grades],
        results=results,
    )


def _with_problem(view: RankingView, what: str, problems: list) -> RankingView:
    """The (empty) view with a Chinese message naming the first few problems."""
    shown = "；".join(str(problem) for problem in problems[:SHOWN_PROBLEMS])
    more = f"；另有 {len(problems) - SHOWN_PROBLEMS} 处" if len(problems) > SHOWN_PROBLEMS else ""
    message = f"{what}，暂不能排名。请管理员修正后再查看。" + (f"（{shown}{more}）" if shown else "")
    return replace(view, problem=message)


def _day(moment) -> date | None:
    """The date of a timestamp (the assessment date rectification deadlines count from)."""
    return moment.date() if moment is not None else None


def _sections(checklist: Checklist, results: Results) -> list[SectionColumn]:
    """The sections the engine reports a subtotal for, in checklist order."""
    return [
        SectionColumn(section.code, section.title)
        for section in checklist.sections
        if section.code in results.subjects.columns
    ]


def _row(record: dict, names: dict[str, CampaignSubject], checklist: Checklist) -> RankingRow:
    """One engine subject record with the subject's name."""
    subject = names[record["subject"]]
    return RankingRow(
        subject_id=subject.id,
        name=subject.name,
        group=record["group"],
        rank=whole(record["rank"]),
        group_rank=whole(record["group_rank"]),
        score=number(record["score"]),
        grade=None if pd.isna(record["grade"]) else record["grade"],
        vetoed=bool(record["vetoed"]),
        veto_reasons=list(record["veto_reasons"]),
        status=record["status"],
        bonus=number(record["bonus"]),
        sections=[number(record[s.code]) for s in checklist.sections if s.code in record],
        missing=list(record["missing"]),
    )


def number(value) -> float | None:
    """A float, or None for a missing value."""
    return None if value is None or pd.isna(value) else float(value)


def whole(value) -> int | None:
    """An int, or None for a missing value (an unranked subject)."""
    return None if value is None or pd.isna(value) else int(value)

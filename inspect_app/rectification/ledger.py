"""Reading the ledger: the rows a user may see, one row with its history, and the office's counts."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import case, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from inspect_app import policy
from inspect_app.labels import FINDING_KIND_LABELS
from inspect_app.models import (
    Area,
    AreaLevel,
    AuditLog,
    Campaign,
    CampaignSubject,
    Finding,
    FindingKind,
    Rectification,
    RectificationCoUnit,
    RectificationEvidence,
    RectificationStatus,
    Unit,
    User,
)

DUE_SOON_DAYS = 7
PAGE_SIZE = 100  # rows on one page of the ledger list
OVERDUE, DUE_SOON, LATER, DONE = 0, 1, 2, 3  # urgency, most urgent first


@dataclass
class LedgerRow:
    """One ledger row as lists, pages, exports and the API show it."""

    id: int
    status: RectificationStatus
    version: int
    source: str
    subject: str
    item: str
    problem: str
    measure: str
    lead_unit_id: int | None
    lead_unit: str | None
    person_responsible: str
    deadline: date | None
    requested_deadline: date | None
    closed_at: datetime | None
    reviewer: str | None
    evidence_count: int
    town_id: int | None
    town: str | None
    campaign_id: int | None
    co_units: list[str] = field(default_factory=list)
    urgency: int = LATER

    @property
    def overdue(self) -> bool:
        """Past its deadline and not closed (逾期)."""
        return self.urgency == OVERDUE


@dataclass(frozen=True)
class Filters:
    """What the office narrows the ledger to; None means any."""

    status: RectificationStatus | None = None
    campaign_id: int | None = None
    unit_id: int | None = None  # leads or co-operates
    town_id: int | None = None
    due_this_week: bool = False


@dataclass
class Tally:
    """Counts as offices report them: 发现问题 / 已整改 / 正在整改 / 逾期."""

    found: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0


def urgency(status: RectificationStatus, deadline: date | None, today: date) -> int:
    """Overdue first, then due within 7 days, then the rest; closed rows last."""
    if status == RectificationStatus.CLOSED:
        return DONE
    if deadline is None:
        return LATER
    if deadline < today:
        return OVERDUE
    return DUE_SOON if deadline <= today + timedelta(days=DUE_SOON_DAYS) else LATER


def ledger_rows(
    *,
    session: Session,
    user: User,
    filters: Filters = Filters(),
    today: date | None = None,
    row_id: int | None = None,
    page: int | None = None,
) -> list[LedgerRow]:
    """The rows user may see, filtered, most urgent first; one page of PAGE_SIZE rows when page (from 1) is given."""
    today = today or date.today()
    reviewer = aliased(User)
    evidence = (
        select(func.count())
        .where(RectificationEvidence.rectification_id == Rectification.id)
        .correlate(Rectification)
        .scalar_subquery()
    )
    columns = [Rectification, Finding, CampaignSubject.name, Campaign.title, Unit.name, reviewer.display_name, evidence]
    stmt = _visible(user, filters, today, columns, with_town=True)
    stmt = stmt.outerjoin(reviewer, reviewer.id == Rectification.reviewer_id)
    if row_id is not None:
        stmt = stmt.where(Rectification.id == row_id)
    urgent = _urgency(today)
    stmt = stmt.order_by(urgent, Rectification.deadline.is_(None), Rectification.deadline, Rectification.id)
    if page is not None:
        stmt = stmt.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    rows = [
        _row(rect, finding, subject, campaign, lead, review, count, t_id, t_name, today)
        for rect, finding, subject, campaign, lead, review, count, t_id, t_name in session.exec(stmt)
    ]
    _add_co_units(session, rows)
    return rows


def ledger_count(*, session: Session, user: User, filters: Filters = Filters(), today: date | None = None) -> Tally:
    """How many rows ledger_rows gives, how many of them closed and overdue (for the list's pages)."""
    today = today or date.today()
    closed = func.coalesce(func.sum(case((Rectification.status == RectificationStatus.CLOSED, 1), else_=0)), 0)
    overdue = func.coalesce(func.sum(case((_urgency(today) == OVERDUE, 1), else_=0)), 0)
    found, done, late = session.exec(_visible(user, filters, today, [func.count(), closed, overdue])).one()
    return Tally(found=found, closed=done, open=found - done, overdue=late)


def _visible(user: User, filters: Filters, today: date, columns: list, *, with_town: bool = False):
    """select(columns, and with_town the row's town id and name) over the rows user may see, filtered."""
    place, town = aliased(Area), aliased(Area)
    town_id = case((place.level == AreaLevel.TOWN, place.id), else_=place.parent_id)
    stmt = (
        select(*columns, *((town.id, town.name) if with_town else ()))
        .select_from(Rectification)
        .join(Finding, Finding.id == Rectification.finding_id)
        .outerjoin(CampaignSubject, CampaignSubject.id == Finding.subject_id)
        .outerjoin(Campaign, Campaign.id == Finding.campaign_id)
        .outerjoin(Unit, Unit.id == Rectification.lead_unit_id)
        .outerjoin(place, place.id == func.coalesce(CampaignSubject.area_id, Finding.area_id))
        .outerjoin(town, town.id == town_id)
        .where(policy.rectification_filter(user))
    )
    return _filtered(stmt, filters, town_id, today)


def _urgency(today: date):
    """urgency() as SQL, so the database sorts and pages the rows."""
    return case(
        (Rectification.status == RectificationStatus.CLOSED, DONE),
        (Rectification.deadline.is_(None), LATER),
        (Rectification.deadline < today, OVERDUE),
        (Rectification.deadline <= today + timedelta(days=DUE_SOON_DAYS), DUE_SOON),
        else_=LATER,
    )


def _filtered(stmt, filters: Filters, town_id, today: date):
    """stmt narrowed by filters."""
    if filters.status is not None:
        stmt = stmt.where(Rectification.status == filters.status)
    if filters.campaign_id is not None:
        stmt = stmt.where(Finding.campaign_id == filters.campaign_id)
    if filters.town_id is not None:
        stmt = stmt.where(town_id == filters.town_id)
    if filters.unit_id is not None:
        co = select(RectificationCoUnit.rectification_id).where(RectificationCoUnit.unit_id == filters.unit_id)
        stmt = stmt.where((Rectification.lead_unit_id == filters.unit_id) | Rectification.id.in_(co))
    if filters.due_this_week:
        stmt = stmt.where(
            Rectification.status != RectificationStatus.CLOSED,
            Rectification.deadline <= today + timedelta(days=DUE_SOON_DAYS),
        )
    return stmt


def _row(rect, finding, subject, campaign, lead, review, count, town_id, town, today) -> LedgerRow:
    """A LedgerRow from one result line."""
    return LedgerRow(
        id=rect.id,
        status=rect.status,
        version=rect.version,
        source=source_of(finding, campaign),
        subject=subject or finding.subject_name,
        item=finding.item_code,
        problem=rect.problem,
        measure=rect.measure,
        lead_unit_id=rect.lead_unit_id,
        lead_unit=lead,
        person_responsible=rect.person_responsible,
        deadline=rect.deadline,
        requested_deadline=rect.requested_deadline,
        closed_at=rect.closed_at,
        reviewer=review,
        evidence_count=count,
        town_id=town_id,
        town=town,
        campaign_id=finding.campaign_id,
        urgency=urgency(rect.status, rect.deadline, today),
    )


def source_of(finding: Finding, campaign_title: str | None) -> str:
    """问题来源: the campaign and item, or the kind of inspection and its date."""
    if finding.kind == FindingKind.SCORED and campaign_title:
        return f"{campaign_title} {finding.item_code}".strip()
    when = finding.inspected_on.isoformat() if finding.inspected_on else ""
    return f"{FINDING_KIND_LABELS[finding.kind]} {when}".strip()


def _add_co_units(session: Session, rows: list[LedgerRow]) -> None:
    """Fill in each row's co-operating unit names."""
    by_id = {row.id: row for row in rows}
    if not by_id:
        return
    names = session.exec(
        select(RectificationCoUnit.rectification_id, Unit.name)
        .join(Unit, Unit.id == RectificationCoUnit.unit_id)
        .where(RectificationCoUnit.rectification_id.in_(list(by_id)))
        .order_by(Unit.name)
    )
    for row_id, name in names:
        by_id[row_id].co_units.append(name)


@dataclass(frozen=True)
class Change:
    """One line of a row's history."""

    at: datetime
    who: str | None
    field: str
    old: str | None
    new: str | None
    reason: str


def history(*, session: Session, row_id: int) -> list[Change]:
    """Every change of the row, oldest first, from the audit log."""
    lines = session.exec(
        select(AuditLog, User.display_name)
        .outerjoin(User, User.id == AuditLog.user_id)
        .where(AuditLog.entity_type == "rectification", AuditLog.entity_id == row_id)
        .order_by(AuditLog.id)
    )
    return [Change(log.at, who, log.field, log.old_value, log.new_value, log.reason) for log, who in lines]


def evidence_of(*, session: Session, row_id: int) -> list[tuple[RectificationEvidence, str | None]]:
    """The row's files with who uploaded each, oldest first."""
    return list(
        session.exec(
            select(RectificationEvidence, User.display_name)
            .outerjoin(User, User.id == RectificationEvidence.uploaded_by_id)
            .where(RectificationEvidence.rectification_id == row_id)
            .order_by(RectificationEvidence.id)
        )
    )


def tallies(rows: list[LedgerRow], key) -> dict[str, Tally]:
    """Counts per key(row) (a unit or town name), largest first."""
    counts: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        tally = counts[key(row) or "（未定）"]
        tally.found += 1
        tally.closed += row.status == RectificationStatus.CLOSED
        tally.open += row.status != RectificationStatus.CLOSED
        tally.overdue += row.overdue
    return dict(sorted(counts.items(), key=lambda item: (-item[1].overdue, -item[1].found, item[0])))


def status_counts(rows: list[LedgerRow]) -> Counter:
    """How many rows are in each status."""
    return Counter(row.status for row in rows)

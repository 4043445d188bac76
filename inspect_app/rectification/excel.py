"""The ledger in and out of Excel, in the columns offices use (整改台账).

Export writes what the user may see, formula-leading text neutralised. Import reads standalone
rows (问题来源 names the kind of inspection and its date: 暗访 2026-11-20); it reports every
refused cell (sheet, row, column, value, reason) and imports nothing when any is refused, unless
asked to import the good rows. New rows start 待整改: evidence, reviewer and closure come from the
workflow, never from a file.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from sqlmodel import Session

from inspect_app.checklist_tables.workbook import clean
from inspect_app.db import writing
from inspect_app.exports import neutralise
from inspect_app.findings.services import UnitNames
from inspect_app.labels import FINDING_KIND_LABELS, RECTIFICATION_STATUS_LABELS
from inspect_app.models import FindingKind, RectificationStatus, User
from inspect_app.rectification.filing import file_standalone
from inspect_app.rectification.ledger import LedgerRow

COLUMNS = [
    "问题来源", "问题描述", "整改措施", "牵头责任单位", "协同责任单位", "责任人",
    "整改时限", "整改状态", "佐证材料", "复核人", "销号日期",
]  # fmt: skip
REQUIRED = ("问题来源", "问题描述", "牵头责任单位")
KINDS = {label: kind for kind, label in FINDING_KIND_LABELS.items() if kind != FindingKind.SCORED}
SEPARATORS = re.compile(r"[、,，;；\s]+")


def export_workbook(rows: list[LedgerRow]) -> bytes:
    """An .xlsx of rows in the offices' columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet.append(COLUMNS)
    for row in rows:
        values = [
            row.source, row.problem, row.measure, row.lead_unit or "", "、".join(row.co_units),
            row.person_responsible, row.deadline, RECTIFICATION_STATUS_LABELS[row.status],
            f"{row.evidence_count}份" if row.evidence_count else "", row.reviewer or "",
            row.closed_at.date() if row.closed_at else None,
        ]  # fmt: skip
        sheet.append([neutralise(value) for value in values])
    for column in ("G", "K"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Refusal:
    """One cell the import refuses."""

    sheet: str
    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportResult:
    """What an import did: rows imported, and every refusal."""

    imported: int = 0
    refused: list[Refusal] = field(default_factory=list)


def import_workbook(*, session: Session, data: bytes, user: User, good_only: bool = False) -> ImportResult:
    """Read an .xlsx ledger; import all of it, or (good_only) the rows nothing was refused in."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not .xlsx
        return ImportResult(refused=[Refusal("", 0, "", "", "文件不是有效的 .xlsx 工作簿。")])
    units = UnitNames(session)
    result, good = ImportResult(), []
    for sheet in book.worksheets:
        lines = sheet.iter_rows(values_only=True)
        header = [str(v or "").strip() for v in next(lines, ())]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            result.refused.append(Refusal(sheet.title, 1, "、".join(missing), "", "表头缺少这些列。"))
            continue
        for number, values in enumerate(lines, start=2):
            cells = dict(zip(header, values, strict=False))
            if all(v is None or str(v).strip() == "" for v in cells.values()):
                continue
            parsed, refusals = _parse(cells, units, lambda c, v, r, n=number, s=sheet.title: Refusal(s, n, c, v, r))
            result.refused += refusals
            if not refusals:
                good.append(parsed)
    book.close()
    if result.refused and not good_only:
        return result
    with writing(session):
        for fields in good:
            file_standalone(session=session, user=user, **fields)
    result.imported = len(good)
    return result


def _parse(cells: dict, units: UnitNames, refuse) -> tuple[dict, list[Refusal]]:
    """One data row as file_standalone's arguments, and its refusals."""
    refusals: list[Refusal] = []

    def text(column: str) -> str:
        value = clean(cells.get(column))
        return "" if value is None else str(value)

    source = text("问题来源")
    kind_label, _, when = source.partition(" ")
    kind = KINDS.get(kind_label)
    if kind is None:
        refusals.append(
            refuse("问题来源", source, f"须以检查类别开头：{'、'.join(KINDS)}（可接日期，如“暗访 2026-11-20”）。")
        )
    inspected_on = _date(when.strip()) if when.strip() else None
    if when.strip() and inspected_on is None:
        refusals.append(refuse("问题来源", source, "检查日期须写作 2026-11-20。"))
    problem = text("问题描述")
    if not problem:
        refusals.append(refuse("问题描述", "", "问题描述不能为空。"))
    lead = units(text("牵头责任单位"), None)
    if lead is None:
        refusals.append(refuse("牵头责任单位", text("牵头责任单位"), "不是已有单位的名称或别名。"))
    co = []
    for name in filter(None, SEPARATORS.split(text("协同责任单位"))):
        unit_id = units(name, None)
        if unit_id is None:
            refusals.append(refuse("协同责任单位", name, "不是已有单位的名称或别名。"))
        co.append(unit_id)
    deadline_cell = cells.get("整改时限")
    deadline = _date(deadline_cell)
    if deadline_cell not in (None, "") and deadline is None:
        refusals.append(refuse("整改时限", str(deadline_cell), "整改时限须为日期，如 2026-12-31。"))
    status = text("整改状态")
    if status not in ("", RECTIFICATION_STATUS_LABELS[RectificationStatus.OPEN]):
        refusals.append(refuse("整改状态", status, "导入的事项从“待整改”开始，状态须经整改、验收流程改变。"))
    subject, _, _ = problem.partition("：")
    return {
        "kind": kind,
        "inspected_on": inspected_on,
        "subject_name": subject if subject != problem else "",
        "problem": problem.partition("：")[2] or problem,
        "measure": text("整改措施"),
        "person_responsible": text("责任人")[:100],
        "lead_unit_id": lead,
        "co_unit_ids": co,
        "deadline": deadline,
    }, refusals


def _date(value) -> date | None:
    """A date from a date cell or YYYY-MM-DD text; None if it is neither."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        return None

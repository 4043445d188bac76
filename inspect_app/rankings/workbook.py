"""The ranking and one subject's drill-down as formatted Excel workbooks (Chinese headers, frozen, sized)."""

import io
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from inspect_app.exports import neutralise
from inspect_app.rankings.detail import SubjectDetail
from inspect_app.rankings.services import RankingRow, RankingView

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
MAX_WIDTH = 60
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name, header and rows."""

    name: str
    header: list[str]
    rows: list[list]


def ranking_workbook(ranking: RankingView) -> bytes:
    """The whole ranking on one sheet, then one sheet per town."""
    header = ["排名", "镇内排名", "考核对象", "乡镇", "得分", "等次", "一票否决", "否决原因", "状态", "缺答", "加分"]
    header += [f"{s.code} {s.title}" for s in ranking.sections]
    sheets = [Sheet("全部", header, [_ranking_line(row) for row in ranking.rows])]
    sheets += [Sheet(town, header, [_ranking_line(row) for row in ranking.in_group(town)]) for town in ranking.groups]
    return _workbook(sheets)


def subject_workbook(detail: SubjectDetail, inspector_values: bool) -> bytes:
    """A subject's items (with each inspector's scores where allowed), pool lines and rectifications."""
    header = ["编码", "评分项", "部分", "满分", "得分", "扣分", "备注"]
    rows = []
    for item in detail.items:
        line = [item.code, item.text, item.section, item.max, item.score, item.lost, "；".join(item.notes)]
        if inspector_values:
            line.append("；".join(f"{one.inspector}：{_text(one.value)}/{_text(one.score)}" for one in item.inspectors))
        rows.append(line)
    sheets = [Sheet("评分项", header + (["各督查员（答案/得分）"] if inspector_values else []), rows)]
    sheets.append(
        Sheet(
            "扣分池明细",
            ["评分项", "编码", "内容", "数量", "扣分"],
            [[p.item, p.line, p.text, p.count, p.lost] for p in detail.pool_lines],
        )
    )
    sheets.append(
        Sheet(
            "整改事项",
            ["评分项", "内容", "发现的问题", "扣分", "牵头单位", "协同单位", "整改时限", "整改状态"],
            [
                [
                    r.item,
                    r.text,
                    r.finding,
                    r.lost,
                    r.lead_unit,
                    "、".join(r.co_units),
                    r.deadline,
                    r.status or "未立项",
                ]
                for r in detail.rectifications
            ],
        )
    )
    return _workbook(sheets)


def _ranking_line(row: RankingRow) -> list:
    """One ranking row as cells."""
    return [
        row.rank, row.group_rank, row.name, row.group, row.score, row.grade, "是" if row.vetoed else "",
        "；".join(row.veto_reasons), row.status_label, "、".join(row.missing), row.bonus, *row.sections,
    ]  # fmt: skip


def _text(value: float | None) -> str:
    """A number as the pages write it."""
    return "—" if value is None else str(value)


def _workbook(sheets: list[Sheet]) -> bytes:
    """The sheets written with a bold, filled, frozen header and widths fit for Chinese text."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for sheet in sheets:
        page = book.create_sheet(_sheet_name(sheet.name, used))
        page.append(sheet.header)
        for row in sheet.rows:
            page.append([neutralise(cell) for cell in row])
        for cell in page[1]:
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        page.freeze_panes = "A2"
        for index, column in enumerate(zip(sheet.header, *sheet.rows, strict=True), start=1):
            page.column_dimensions[get_column_letter(index)].width = min(max(map(_width, column)) + 2, MAX_WIDTH)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique worksheet name (31 characters, none of []:*?/\\)."""
    base = SHEET_NAME_BAD.sub("_", name or "未分组")[:28]
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    used.add(candidate)
    return candidate


def _width(value) -> int:
    """Display width of a cell: a CJK character counts two."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

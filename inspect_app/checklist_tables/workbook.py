"""Read the rows of a county table workbook: the header, the item rows, the 设置 sheet."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from inspect_app.checklist_tables.words import (
    GROUP,
    HEADER_ALIASES,
    IGNORED_COLUMNS,
    ITEMS_SHEET,
    METHOD,
    NAME,
    POINTS,
    SETTINGS_SHEET,
)
from inspect_app.exports import FORMULA_STARTS

CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # never typed; forms refuse them too


def clean(value: Any) -> Any:
    """A cell value with text stripped of control characters and outer space; blank text is None.

    The apostrophe our exports put before formula-like text (`neutralise`) is taken off again.
    """
    if isinstance(value, str):
        value = CONTROLS.sub("", value)
        if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
            value = value[1:]
        return value.strip() or None
    return value


def header_name(value: Any) -> str:
    """A header cell without spaces or line breaks, full-width slash made plain."""
    return re.sub(r"\s+", "", str(value or "")).replace("／", "/")


@dataclass
class Rows:
    """What the workbook holds: the item rows by column, the settings rows, a title."""

    sheet: str = ""
    title: str | None = None
    items: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)
    settings: list[tuple[int, Any, Any]] | None = None
    problem: str = ""


def read_workbook_rows(path: Path) -> Rows:
    """The rows of sheet 考核细则 (or the first sheet with a header) and of sheet 设置."""
    try:
        book = load_workbook(path, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        return Rows(problem=f"无法读取表格：{exc}")
    names = [ITEMS_SHEET] if ITEMS_SHEET in book.sheetnames else book.sheetnames
    for name in names:
        if name == SETTINGS_SHEET:
            continue
        rows = read_items_sheet(book[name])
        if rows is not None:
            if SETTINGS_SHEET in book.sheetnames:
                rows.settings = [
                    (row[0].row, clean(row[0].value), clean(row[1].value))
                    for row in book[SETTINGS_SHEET].iter_rows(min_row=2, max_col=2)
                    if clean(row[0].value) is not None
                ]
            return rows
    return Rows(problem="找不到表头：前15行中应有一行含“项目”“评分方式”“分数”三列")


def read_items_sheet(sheet: Any) -> Rows | None:
    """The item rows below the header row, or None when the sheet has no header."""
    for header in sheet.iter_rows(min_row=1, max_row=15):
        names = {cell.column: HEADER_ALIASES.get(header_name(cell.value)) for cell in header}
        if not {NAME, METHOD, POINTS} <= set(names.values()):
            continue
        rows = Rows(sheet=sheet.title)
        header_row = header[0].row
        for cell in header:
            shown = header_name(cell.value)
            if names[cell.column] in rows.columns:
                rows.problem = f"第{header_row}行：“{shown}”列与前面的列重复"
            elif shown and names[cell.column] is None and shown not in IGNORED_COLUMNS:
                rows.problem = (
                    f"第{header_row}行：不认识的列“{shown}”（可用：编码、项目、"
                    "评分方式、分数、考核内容及评分标准、考核线/责任单位、参数、"
                    "依据、分类）"
                )
            rows.columns.add(names[cell.column] or "")
        rows.columns.discard("")
        above = sheet.iter_rows(max_row=header_row - 1) if header_row > 1 else []
        rows.title = next(
            (str(cell.value).strip() for row in above for cell in row if clean(cell.value) is not None),
            None,
        )
        merged = merged_values(sheet, [c for c, n in names.items() if n == GROUP])
        for row in sheet.iter_rows(min_row=header_row + 1):
            cells = {
                names[cell.column]: clean(merged.get(cell.coordinate, cell.value))
                for cell in row
                if names.get(cell.column)
            }
            if any(value is not None for value in cells.values()):
                rows.items.append((row[0].row, cells))
        return rows
    return None


def merged_values(sheet: Any, columns: list[int]) -> dict[str, Any]:
    """Values of merged cells in the given columns, taken from each range's first cell."""
    values = {}
    for merged in sheet.merged_cells.ranges:
        if merged.min_col in columns:
            first = sheet.cell(merged.min_row, merged.min_col).value
            for row in range(merged.min_row, merged.max_row + 1):
                values[sheet.cell(row, merged.min_col).coordinate] = first
    return values

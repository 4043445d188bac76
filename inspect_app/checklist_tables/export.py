"""Checklist → county table: an .xlsx workbook with sheet 考核细则 and sheet 设置."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from inspect_app.checklist_tables.cells import number_cell
from inspect_app.checklist_tables.words import (
    COLUMN_KEYS,
    EXPORT_COLUMNS,
    ITEMS_SHEET,
    LINE_WORD,
    METHOD_WORDS,
    SETTINGS,
    SETTINGS_SHEET,
)
from inspect_app.checklist_tables.yaml_text import flow
from inspect_app.exports import neutralise


def units_text(item: dict[str, Any]) -> str | None:
    """考核线/责任单位 text: 牵头：X；协同：A、B."""
    co_units = item.get("co_units") or []
    parts = [f"牵头：{item['lead_unit']}"] if item.get("lead_unit") else []
    if co_units:
        units = [co_units] if isinstance(co_units, str) else co_units
        parts.append("协同：" + "、".join(str(unit) for unit in units))
    return "；".join(parts) or None


def item_row(item: dict[str, Any]) -> list[Any]:
    """One item as a table row."""
    params = {key: value for key, value in item.items() if key not in COLUMN_KEYS}
    method = item.get("method")
    return [
        item.get("code"),
        neutralise(item.get("text")),
        METHOD_WORDS.get(method, method),
        item.get("max"),
        item.get("standard"),
        units_text(item),
        flow(params) if params else None,
        item.get("source"),
    ]


def checklist_workbook(data: dict[str, Any]) -> Workbook:
    """The checklist as a county table: sheet 考核细则 and sheet 设置."""
    book = Workbook()
    sheet = book.active
    sheet.title = ITEMS_SHEET
    sheet.append([neutralise(data.get("title"))])
    sheet.append(list(EXPORT_COLUMNS))
    section_rows = []
    for section in data.get("sections") or []:
        items = section.get("items") or []
        subtotal = sum(
            (Decimal(str(item.get("max") or 0)) for item in items if item.get("method") not in ("bonus", "veto")),
            Decimal(0),
        )
        subtotal_cell = number_cell(subtotal) if subtotal else None
        sheet.append([section.get("code"), neutralise(section.get("title")), None, subtotal_cell])
        section_rows.append(sheet.max_row)
        for item in items:
            sheet.append(item_row(item))
            for line in item.get("lines") or []:
                sheet.append(
                    [
                        line.get("code"),
                        neutralise(line.get("text")),
                        LINE_WORD,
                        line.get("max"),
                        None,
                        None,
                        flow({"per": line.get("per")}),
                    ]
                )
    style_items_sheet(sheet, section_rows)
    settings = book.create_sheet(SETTINGS_SHEET)
    settings.append(["键", "值", "说明"])
    notes = {key: f"{label}：{note}" for key, label, note in SETTINGS}
    for key, value in data.items():
        if key != "sections":
            cell = value if isinstance(value, int | float | str) else flow(value)
            settings.append([key, neutralise(cell), notes.get(key, "")])
    for column, width in zip("ABC", (14, 60, 70), strict=True):
        settings.column_dimensions[column].width = width
    return book


def style_items_sheet(sheet: Any, section_rows: list[int]) -> None:
    """Readable widths, wrapped text, bold header and section rows, a frozen header."""
    from openpyxl.styles import Alignment, Font

    for column, width in zip("ABCDEFGH", (8, 36, 10, 8, 60, 30, 36, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(EXPORT_COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    for row_number in [2, *section_rows]:
        for cell in sheet[row_number]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"

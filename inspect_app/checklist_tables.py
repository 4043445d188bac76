"""Checklists to and from county spreadsheet tables (考核细则表); pure conversion, no Flask.

The table, sheet 考核细则 (one header row; a title row above it is allowed):

    编码 | 项目 | 评分方式 | 分数 | 考核内容及评分标准 | 考核线/责任单位 | 参数 | 依据

- a row with only 项目 (and optionally 编码, 分数 = subtotal) starts a section (分类行);
  instead, a 分类 column may name each row's section (merged cells are filled down);
- an item row: 编码 code, 项目 text, 评分方式 method in Chinese (扣分, 比例, ...), 分数 max,
  考核内容及评分标准 standard, 考核线/责任单位 "牵头：…；协同：…、…" (a bare "85%" is a target),
  参数 the method's other keys as flow YAML (`{per: 10}`), 依据 source;
- a 分项 row under a 扣分 item is one line of its shared pool (分数 = the line's max,
  参数 `{per: 2}`).

Sheet 设置 holds the top-level keys (键 | 值 | 说明). Missing 编码 are made up; missing settings
are filled in and listed so a person checks them. See checklists/README.md (导入导出表格).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook

import scoring
from inspect_app.checklist_yaml import dump_checklist, flow

ITEMS_SHEET, SETTINGS_SHEET = "考核细则", "设置"
CODE, NAME, METHOD, POINTS, STANDARD, LINE, PARAMS, BASIS, GROUP = (
    "编码",
    "项目",
    "评分方式",
    "分数",
    "考核内容及评分标准",
    "考核线/责任单位",
    "参数",
    "依据",
    "分类",
)
EXPORT_COLUMNS = (CODE, NAME, METHOD, POINTS, STANDARD, LINE, PARAMS, BASIS)
METHOD_WORDS = {
    "deduct": "扣分",
    "ratio": "比例",
    "bands": "分档",
    "check": "是否",
    "levels": "等次",
    "manual": "打分",
    "veto": "一票否决",
    "bonus": "加分",
    "steps": "步进",
}
METHOD_ALIASES = {
    **{word: method for method, word in METHOD_WORDS.items()},
    **{method: method for method in METHOD_WORDS},
    "扣分制": "deduct",
    "按比例": "ratio",
    "比率": "ratio",
    "分档计分": "bands",
    "是/否": "check",
    "达标": "check",
    "等级": "levels",
    "直接打分": "manual",
    "评分": "manual",
    "否决": "veto",
    "加分项": "bonus",
    "按步": "steps",
}
LINE_WORD = "分项"
LINE_ALIASES = {LINE_WORD, "扣分分项", "子项", "line"}
# Item keys that have a column of their own; every other key goes in 参数.
COLUMN_KEYS = {"code", "text", "standard", "max", "method", "lead_unit", "co_units", "source", "lines"}
SETTINGS = (
    ("id", "编号", "唯一、稳定的编号，如 village-1000"),
    ("title", "名称", "检查表名称"),
    ("subject", "考核对象", "village 村 / town 乡镇 / unit 单位 / household 户"),
    ("total", "总分", "各项满分之和（加分项、一票否决项不计）"),
    ("precision", "计分精度", "单项得分四舍五入到此步长，如 0.1"),
    ("combine", "多人打分合并", "mean 平均 / median 中位数 / min 最低 / max 最高 / trimmed_mean"),
    ("grades", "等次", "从高到低，如 [{grade: 好, min: 90, quota: 0.2}, {grade: 差, min: 0}]"),
    ("veto", "否决处理", "如 {grade: 差, rank: last}；rank: none 为不排名"),
    ("ties", "并列名次", "competition（1,2,2,4）/ dense（1,2,2,3）"),
    ("bonus_cap", "加分上限", "不填则加分不封顶"),
    ("rectify_days", "整改时限（天）", "失分项的整改期限"),
    ("recheck", "复核提示", "如 {spread: 0.2, self_gap: 0.1}"),
    ("source", "依据", "整张表的依据文件"),
    ("description", "说明", "备注"),
)
SETTING_LABELS = {label: key for key, label, _ in SETTINGS} | {key: key for key, _, _ in SETTINGS}
SUBJECT_WORDS = {
    "村": "village",
    "乡镇": "town",
    "镇": "town",
    "乡": "town",
    "单位": "unit",
    "户": "household",
    "农户": "household",
}
DEFAULT_GRADES = ((Decimal("0.9"), "好"), (Decimal("0.8"), "较好"), (Decimal("0.6"), "一般"), (Decimal(0), "差"))


@dataclass(frozen=True)
class BadRow:
    """A table cell the import could not understand: where, what it says and why."""

    file: str
    sheet: str
    row: int | None
    column: str
    value: Any
    why: str
    skippable: bool = True

    def __str__(self) -> str:
        where = f"{self.file} [{self.sheet}]" if self.sheet else self.file
        where += f" 第{self.row}行" if self.row else ""
        where += f" {self.column}列" if self.column else ""
        shown = f" “{self.value}”" if self.value not in (None, "") else ""
        return f"{where}{shown}：{self.why}"


@dataclass
class TableImport:
    """The checklist read from a table, the rows not understood and the settings filled in."""

    checklist: dict[str, Any] | None
    bad_rows: list[BadRow] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)

    def usable(self, skip_bad_rows: bool = False) -> bool:
        """True when the checklist may be written (bad rows only if they are to be skipped)."""
        if self.checklist is None:
            return False
        return not self.bad_rows or (skip_bad_rows and all(b.skippable for b in self.bad_rows))

    def yaml_text(self, source_name: str = "") -> str:
        """The checklist as editable YAML, noting what a person should check."""
        assert self.checklist is not None
        header = (
            [f"由 inspect-app import-checklist 从 {source_name} 生成；改完用 inspect-app check-checklist 检查。"]
            if source_name
            else []
        )
        if self.filled:
            header.append("以下设置是导入时补上的，请核对：" + "、".join(self.filled))
        if self.bad_rows:
            header.append("以下表格行未能导入（已跳过）：")
            header += [f"  {bad}" for bad in self.bad_rows]
        return dump_checklist(self.checklist, "\n".join(header))


# ───────────────────────────── checklist → table ─────────────────────────────


def number_cell(value: Decimal) -> int | float:
    """A Decimal as the plainest spreadsheet number."""
    return int(value) if value == value.to_integral_value() else float(value)


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
        item.get("text"),
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
    sheet.append([data.get("title")])
    sheet.append(list(EXPORT_COLUMNS))
    section_rows = []
    for section in data.get("sections") or []:
        items = section.get("items") or []
        subtotal = sum(
            (Decimal(str(item.get("max") or 0)) for item in items if item.get("method") not in ("bonus", "veto")),
            Decimal(0),
        )
        sheet.append([section.get("code"), section.get("title"), None, number_cell(subtotal) if subtotal else None])
        section_rows.append(sheet.max_row)
        for item in items:
            sheet.append(item_row(item))
            for line in item.get("lines") or []:
                sheet.append(
                    [
                        line.get("code"),
                        line.get("text"),
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
            settings.append([key, cell, notes.get(key, "")])
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


def write_table(data: dict[str, Any], path: str | Path) -> None:
    """Save the checklist as an .xlsx table."""
    checklist_workbook(data).save(path)


# ───────────────────────────── table → checklist ─────────────────────────────


def to_number(value: Any) -> int | float | None:
    """A cell as a number ("40", "40分", 40.0 → 40); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*分?\s*", str(value))
        if not match:
            return None
        number = Decimal(match.group(1))
    return number_cell(number)


def to_share(text: str) -> float | None:
    """A threshold such as "85%", "≥85%", "不低于 0.85" as a number; None when it is not one."""
    match = re.fullmatch(r"(?:≥|>=|＞=|不低于|达到)?\s*(\d+(?:\.\d+)?)\s*([%％])?\s*(?:以上)?", text.strip())
    if not match:
        return None
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        return None
    if match.group(2):
        number /= 100
    return float(number)


def read_table(
    path: str | Path, *, skip_bad_rows: bool = False, settings_override: dict[str, Any] | None = None
) -> TableImport:
    """Read a county table into checklist data, listing every row it could not understand."""
    from inspect_app.checklist_table_reader import TableBuilder
    from inspect_app.checklist_table_sheet import read_workbook_rows

    path = Path(path)
    rows = read_workbook_rows(path)
    if rows.problem:
        return TableImport(None, [BadRow(path.name, "", None, "", "", rows.problem, False)])
    builder = TableBuilder(path.name, rows)
    data = builder.build(settings_override or {})
    result = TableImport(data, builder.bad_rows, builder.filled)
    validate(result, builder, skip_bad_rows)
    return result


def validate(result: TableImport, builder: Any, skip_bad_rows: bool) -> None:
    """Run the engine's checks; their problems become bad rows (dropped if skipping, re-checked)."""
    for _ in range(5):
        assert result.checklist is not None
        try:
            scoring.parse_checklist(result.checklist)
            return
        except scoring.ChecklistError as error:
            bad = [builder.problem_row(problem) for problem in error.problems]
        result.bad_rows += bad
        if not (skip_bad_rows and all(b.skippable for b in bad)):
            return
        builder.drop([b.row for b in bad])
        result.checklist = builder.assemble()

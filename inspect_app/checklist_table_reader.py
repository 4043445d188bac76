"""Turn a county table's rows into checklist data, noting every row it cannot understand."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from inspect_app.checklist_table_sheet import Rows, load_flow
from inspect_app.checklist_tables import (
    BASIS,
    CODE,
    COLUMN_KEYS,
    DEFAULT_GRADES,
    GROUP,
    LINE,
    LINE_ALIASES,
    METHOD,
    METHOD_ALIASES,
    METHOD_WORDS,
    NAME,
    PARAMS,
    POINTS,
    SETTING_LABELS,
    SETTINGS_SHEET,
    STANDARD,
    SUBJECT_WORDS,
    BadRow,
    number_cell,
    to_number,
    to_share,
)

# Which column a field named in an engine problem lives in; anything else is in 参数.
FIELD_COLUMNS = {
    "code": CODE,
    "text": NAME,
    "title": NAME,
    "items": NAME,
    "max": POINTS,
    "method": METHOD,
    "standard": STANDARD,
    "lead_unit": LINE,
    "co_units": LINE,
    "source": BASIS,
}
PROBLEM_PATH = re.compile(
    r"sections\[(\d+)\](?:\.items\[(\d+)\](?:\.lines\[(\d+)\])?)?"
    r"(?:\.([A-Za-z_]+))?"
)


@dataclass
class Entry:
    """One understood row: a section, an item or a pool line, with its data."""

    row: int
    data: dict[str, Any]
    children: list[Entry] = field(default_factory=list)
    subtotal: Any = None


class TableBuilder:
    """Turns rows into sections, items and pool lines; remembers each one's row."""

    def __init__(self, file: str, rows: Rows) -> None:
        self.file, self.rows = file, rows
        self.bad_rows: list[BadRow] = []
        self.filled: list[str] = []
        self.settings: dict[str, Any] = {}
        self.setting_rows: dict[str, tuple[int, Any]] = {}
        self.sections: list[Entry] = []
        self.dropped: set[int] = set()
        self.index_rows: dict[tuple[int, ...], int] = {}
        self.cells = dict(rows.items)
        self.used = {str(cells[CODE]) for _, cells in rows.items if cells.get(CODE) is not None}

    def bad(
        self, row: int | None, column: str, why: str, *, sheet: str = "", value: Any = None, skippable: bool = True
    ) -> None:
        """Note a cell that cannot be understood."""
        if value is None and row in self.cells:
            value = self.cells[row].get(column)
        self.bad_rows.append(BadRow(self.file, sheet or self.rows.sheet, row, column, value, why, skippable))

    def new_code(self, candidates: Any) -> str:
        """The first candidate code not used anywhere in the table."""
        for code in candidates:
            if code not in self.used:
                self.used.add(code)
                return str(code)
        raise AssertionError("unreachable")

    # ── settings ──

    def read_settings(self, override: dict[str, Any]) -> None:
        """Top-level keys from sheet 设置 (英文键或中文名), then the command-line overrides."""
        for row, label, value in self.rows.settings or []:
            key = SETTING_LABELS.get(str(label), str(label))
            if not re.fullmatch(r"[a-z_]+", key):
                self.bad(row, "键", "不认识的设置项", sheet=SETTINGS_SHEET, value=label, skippable=False)
                continue
            structured = key in ("grades", "veto", "recheck") or key not in SETTING_LABELS
            if isinstance(value, str) and structured and value[:1] in "{[":
                try:
                    value = load_flow(value)
                except yaml.YAMLError:
                    self.bad(
                        row,
                        "值",
                        "无法读懂，应写成 {grade: 差, rank: last} 这样的形式",
                        sheet=SETTINGS_SHEET,
                        value=value,
                        skippable=False,
                    )
                    continue
            if key == "subject":
                value = SUBJECT_WORDS.get(value, value)
            if value is not None:
                self.settings[key] = value
                self.setting_rows[key] = (row, value)
        self.settings.update({key: value for key, value in override.items() if value is not None})

    # ── rows ──

    def build(self, override: dict[str, Any]) -> dict[str, Any]:
        """Read every row, then put the checklist together."""
        self.read_settings(override)
        group = None
        for row, cells in self.rows.items:
            if GROUP in self.rows.columns and cells.get(GROUP) not in (None, group):
                group = cells[GROUP]
                self.start_section(row, str(group), None, None)
            self.read_row(row, cells)
        for section in self.sections:
            for item in section.children:
                self.finish_deduct(item)
        return self.assemble()

    def start_section(self, row: int, title: str, code: Any, subtotal: Any) -> None:
        """Begin a section (a 分类 row or a new 分类 value)."""
        match = re.fullmatch(r"(.*?)[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]", title)
        if match and subtotal is None:
            title, subtotal = match.group(1).strip(), match.group(2)
        letters = (chr(ord("A") + n) for n in range(26))
        code = str(code) if code is not None else self.new_code([*letters, *(f"S{n}" for n in range(1, 1000))])
        self.sections.append(Entry(row, {"code": code, "title": title}, subtotal=subtotal))

    def read_row(self, row: int, cells: dict[str, Any]) -> None:
        """One table row: a section row, an item or a pool line."""
        word = cells.get(METHOD)
        if word is None:
            if (
                any(cells.get(column) is not None for column in (STANDARD, LINE, PARAMS))
                or GROUP in self.rows.columns
                or cells.get(NAME) is None
            ):
                self.bad(row, METHOD, "缺少评分方式（可用：" + "、".join(METHOD_WORDS.values()) + "、分项）")
            else:
                self.start_section(row, str(cells[NAME]), cells.get(CODE), cells.get(POINTS))
            return
        if cells.get(NAME) is None:
            self.bad(row, NAME, "缺少项目名称（若“项目”是合并单元格的大类，请把大类写在“分类”列或单独一行）")
            return
        if str(word) in LINE_ALIASES:
            self.read_line(row, cells)
            return
        method = METHOD_ALIASES.get(str(word))
        if method is None:
            self.bad(row, METHOD, "不认识的评分方式（可用：" + "、".join(METHOD_WORDS.values()) + "、分项）")
            return
        self.read_item(row, cells, method)

    def read_item(self, row: int, cells: dict[str, Any], method: str) -> None:
        """An item row; its method's details come from 参数 and 考核线/责任单位."""
        item: dict[str, Any] = {"code": None, "text": str(cells[NAME])}
        if cells.get(STANDARD) is not None:
            item["standard"] = str(cells[STANDARD])
        points = cells.get(POINTS)
        if method == "veto" and points is not None:
            self.bad(row, POINTS, "一票否决项不计分，分数列应空着")
            return
        if method != "veto":
            if points is None or to_number(points) is None:
                self.bad(row, POINTS, "应填本项满分（数字）")
                return
            item["max"] = to_number(points)
        item["method"] = method
        params = self.params(row, cells, COLUMN_KEYS)
        units = self.units(row, cells, method, params)
        if params is None or units is None:
            return
        item.update(params)
        item.update(units)
        if cells.get(BASIS) is not None:
            item["source"] = str(cells[BASIS])
        if not self.sections:
            self.start_section(row, str(self.settings.get("title") or "考核内容"), None, None)
        section = self.sections[-1]
        item["code"] = (
            str(cells[CODE])
            if cells.get(CODE) is not None
            else self.new_code(f"{section.data['code']}{n}" for n in range(1, 10000))
        )
        section.children.append(Entry(row, item))

    def read_line(self, row: int, cells: dict[str, Any]) -> None:
        """A 分项 row: one line of the shared pool of the 扣分 item above it."""
        item = self.sections[-1].children[-1] if self.sections and self.sections[-1].children else None
        if item is None or item.data["method"] != "deduct" or self.last_row_was_not(item, row):
            self.bad(row, METHOD, "分项应紧跟在一个扣分项（或它的其他分项）下面")
            return
        line: dict[str, Any] = {"code": None, "text": str(cells[NAME])}
        params = self.params(row, cells, {"code", "text", "max"}, allowed={"per"})
        if params is None:
            return
        per = params.get("per", self.per_from_standard(cells.get(STANDARD)))
        if per is None:
            self.bad(row, PARAMS, "分项需要每次扣分：在参数写 {per: 2}，或在考核内容写明“每…扣2分”")
            return
        line["per"] = per
        if cells.get(POINTS) is not None:
            if to_number(cells[POINTS]) is None:
                self.bad(row, POINTS, "分项的分数是该行最多扣的分，应为数字或空着")
                return
            line["max"] = to_number(cells[POINTS])
        line["code"] = (
            str(cells[CODE])
            if cells.get(CODE) is not None
            else self.new_code(f"{item.data['code']}{chr(ord('a') + n)}" for n in range(26))
        )
        item.children.append(Entry(row, line))

    def last_row_was_not(self, item: Entry, row: int) -> bool:
        """True when a row between the item (or its last line) and this one was something else."""
        last = item.children[-1].row if item.children else item.row
        between = [r for r, _ in self.rows.items if last < r < row]
        return bool(between)

    def params(
        self, row: int, cells: dict[str, Any], taken: set[str], allowed: set[str] | None = None
    ) -> dict[str, Any] | None:
        """The 参数 cell as a mapping, or None (noted) when it cannot be used."""
        text = cells.get(PARAMS)
        if text is None:
            return {}
        try:
            params = load_flow(str(text)) if isinstance(text, str) else text
        except yaml.YAMLError:
            params = None
        if not isinstance(params, dict):
            self.bad(row, PARAMS, "应写成 {per: 10} 或 {target: 1.0, zero_below: 0.8} 这样的形式")
            return None
        for key in params:
            if key in taken or (allowed is not None and key not in allowed):
                where = {
                    "code": CODE,
                    "text": NAME,
                    "max": POINTS,
                    "standard": STANDARD,
                    "method": METHOD,
                    "source": BASIS,
                    "lead_unit": LINE,
                    "co_units": LINE,
                }.get(key)
                self.bad(row, PARAMS, f"“{key}” 应写在{where}列" if where else f"“{key}” 不用于此行")
                return None
        return {str(key): value for key, value in params.items()}

    def units(
        self, row: int, cells: dict[str, Any], method: str, params: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """考核线/责任单位: 牵头/协同 units, and a bare threshold as the target."""
        text = cells.get(LINE)
        if text is None:
            return {}
        found: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in re.split(r"[；;\n]", str(text)))):
            labelled = re.fullmatch(r"([^:：]*)[:：]\s*(.*)", part, flags=re.S)
            label, rest = (labelled.group(1).strip(), labelled.group(2).strip()) if labelled else ("", part)
            if label.startswith("协同") or label.startswith("配合"):
                found["co_units"] = [u for u in re.split(r"[、，,\s]+", rest) if u]
            elif label.startswith("牵头") or label == "责任单位":
                found["lead_unit"] = rest
            elif label in ("", "考核线") and to_share(rest) is not None:
                if method not in ("ratio", "steps"):
                    self.bad(row, LINE, "考核线只用于比例、步进项；其他项的标准请写在参数列")
                    return None
                if params and "target" in params and params["target"] != to_share(rest):
                    self.bad(row, LINE, "考核线与参数列的 target 不一致")
                    return None
                found["target"] = to_share(rest)
            elif not label and "lead_unit" not in found:
                found["lead_unit"] = rest
            else:
                self.bad(row, LINE, f"读不懂“{part}”：应写成 牵头：单位；协同：单位、单位；或 85% 这样的考核线")
                return None
        return found

    @staticmethod
    def per_from_standard(standard: Any) -> Any:
        """The points of the one “扣N分” the standard names, else None."""
        found = {match for match in re.findall(r"扣(\d+(?:\.\d+)?)分", str(standard or ""))}
        return to_number(found.pop()) if len(found) == 1 else None

    def finish_deduct(self, item: Entry) -> None:
        """A 扣分 item without lines needs `per`: from 参数, else from its standard."""
        if item.data["method"] != "deduct" or item.children or "per" in item.data:
            return
        per = self.per_from_standard(item.data.get("standard"))
        if per is None:
            self.bad(
                item.row,
                PARAMS,
                "扣分项需要每次扣分：在参数写 {per: 2}，或在评分标准中写明唯一的“扣2分”，或在下面加分项行",
            )
            self.dropped.add(item.row)
        else:
            item.data["per"] = per

    # ── the checklist ──

    def assemble(self) -> dict[str, Any]:
        """The checklist data from the understood rows not dropped; fills required settings."""
        sections, self.index_rows = [], {}
        for section in self.sections:
            items = []
            for item in section.children:
                if item.row in self.dropped:
                    continue
                data = dict(item.data)
                lines = [line for line in item.children if line.row not in self.dropped]
                if lines:
                    data["lines"] = [dict(line.data) for line in lines]
                    for n, line in enumerate(lines):
                        self.index_rows[(len(sections), len(items), n)] = line.row
                self.index_rows[(len(sections), len(items))] = item.row
                items.append(data)
            if items:
                self.check_subtotal(section, items)
                self.index_rows[(len(sections),)] = section.row
                sections.append({**section.data, "items": items})
        return self.complete(sections)

    def check_subtotal(self, section: Entry, items: list[dict[str, Any]]) -> None:
        """A section row's 分数 must be the sum of its items' maxima."""
        counted = sum(
            (Decimal(str(i.get("max", 0))) for i in items if i["method"] not in ("bonus", "veto")), Decimal(0)
        )
        if section.subtotal is None or not counted or self.dropped:
            return
        if to_number(section.subtotal) != number_cell(counted):
            self.bad(
                section.row, POINTS, f"分类小计与本类各项满分之和 {number_cell(counted)} 不符", value=section.subtotal
            )
            section.subtotal = None

    def complete(self, sections: list[dict[str, Any]]) -> dict[str, Any]:
        """Settings (id, title, subject, total, grades filled in when missing), then sections."""
        data = dict(self.settings)
        counted = sum(
            (
                Decimal(str(item.get("max", 0)))
                for section in sections
                for item in section["items"]
                if item["method"] not in ("bonus", "veto")
            ),
            Decimal(0),
        )
        defaults = {
            "id": Path(self.file).stem,
            "title": self.rows.title or Path(self.file).stem,
            "subject": "village",
            "total": number_cell(counted),
        }
        if self.rows.settings is None:
            defaults.update(
                precision=0.1, combine="mean", veto={"grade": "差", "rank": "last"}, ties="competition", rectify_days=30
            )
        skipped = self.dropped or any(bad.skippable for bad in self.bad_rows)
        if skipped and "total" in data:
            data["total"] = number_cell(counted)
            self.note("total（跳过坏行后按剩余各项重新计算）")
        for key, value in defaults.items():
            if key not in data:
                data[key] = value
                self.note(key)
        if "grades" not in data:
            data["grades"] = [{"grade": name, "min": number_cell(share * counted)} for share, name in DEFAULT_GRADES]
            self.note("grades")
        ordered = {key: data[key] for key in ("id", "title", "subject", "total") if key in data}
        return {**ordered, **data, "sections": sections}

    def note(self, key: str) -> None:
        """Remember a setting the import filled in."""
        if key not in self.filled:
            self.filled.append(key)

    def drop(self, rows: list[int | None]) -> None:
        """Leave these rows out from now on (skipping bad rows)."""
        self.dropped.update(row for row in rows if row is not None)

    def problem_row(self, problem: Any) -> BadRow:
        """An engine problem (field path + message) as the table row and column it is about."""
        match = PROBLEM_PATH.match(problem.path)
        if match:
            indices = tuple(int(n) for n in match.groups()[:3] if n is not None)
            row = self.index_rows.get(indices)
            if row is not None:
                column = FIELD_COLUMNS.get(match.group(4) or "", PARAMS)
                skippable = len(indices) > 1
                return BadRow(
                    self.file,
                    self.rows.sheet,
                    row,
                    column,
                    self.cells.get(row, {}).get(column),
                    problem.message,
                    skippable,
                )
        key = re.split(r"[.\[]", problem.path, maxsplit=1)[0]
        if key in self.setting_rows:
            row, value = self.setting_rows[key]
            return BadRow(self.file, SETTINGS_SHEET, row, "值", value, f"{problem.path}：{problem.message}", False)
        return BadRow(self.file, "", None, "", "", str(problem), False)

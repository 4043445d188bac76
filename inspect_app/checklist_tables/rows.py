"""Turn a county table's rows into checklist data, noting every row it cannot understand.

Sections and items are read here; settings, pools and assembly come from the classes mixed in.
"""

from __future__ import annotations

import re
from typing import Any

from inspect_app.checklist_tables.assembly import ChecklistAssembly
from inspect_app.checklist_tables.cells import to_number, to_share
from inspect_app.checklist_tables.pools import PoolReader
from inspect_app.checklist_tables.settings_sheet import SettingsReader
from inspect_app.checklist_tables.state import Entry
from inspect_app.checklist_tables.words import (
    BASIS,
    CODE,
    COLUMN_KEYS,
    GROUP,
    LINE,
    LINE_ALIASES,
    METHOD,
    METHOD_ALIASES,
    METHOD_WORDS,
    NAME,
    PARAMS,
    POINTS,
    STANDARD,
)


class TableBuilder(SettingsReader, PoolReader, ChecklistAssembly):
    """Turns rows into sections, items and pool lines; remembers each one's row."""

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

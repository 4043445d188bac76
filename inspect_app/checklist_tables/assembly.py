"""The checklist put together from the understood rows; engine problems traced back to rows."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from inspect_app.checklist_tables.bad_row import BadRow
from inspect_app.checklist_tables.cells import number_cell, to_number
from inspect_app.checklist_tables.state import Entry, TableState
from inspect_app.checklist_tables.words import (
    BASIS,
    CODE,
    DEFAULT_GRADES,
    LINE,
    METHOD,
    NAME,
    PARAMS,
    POINTS,
    SETTINGS_SHEET,
    STANDARD,
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


class ChecklistAssembly(TableState):
    """Puts sections, items and lines together, fills in settings and maps problems to rows."""

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

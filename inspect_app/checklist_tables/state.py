"""What a table import holds while it reads rows: the rows, what it made of them, bad cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from inspect_app.checklist_tables.bad_row import BadRow
from inspect_app.checklist_tables.cells import load_flow
from inspect_app.checklist_tables.words import BASIS, CODE, LINE, METHOD, NAME, PARAMS, POINTS, STANDARD
from inspect_app.checklist_tables.workbook import Rows


@dataclass
class Entry:
    """One understood row: a section, an item or a pool line, with its data."""

    row: int
    data: dict[str, Any]
    children: list[Entry] = field(default_factory=list)
    subtotal: Any = None


class TableState:
    """The rows being read, the sections found so far and every cell not understood."""

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

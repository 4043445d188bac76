"""County table → checklist: read the workbook, build the checklist, let the engine check it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import scoring
from inspect_app.checklist_tables.bad_row import BadRow
from inspect_app.checklist_tables.rows import TableBuilder
from inspect_app.checklist_tables.workbook import read_workbook_rows
from inspect_app.checklist_tables.yaml_text import dump_checklist


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


def read_table(
    path: str | Path, *, skip_bad_rows: bool = False, settings_override: dict[str, Any] | None = None
) -> TableImport:
    """Read a county table into checklist data, listing every row it could not understand."""
    path = Path(path)
    rows = read_workbook_rows(path)
    if rows.problem:
        return TableImport(None, [BadRow(path.name, "", None, "", "", rows.problem, False)])
    builder = TableBuilder(path.name, rows)
    data = builder.build(settings_override or {})
    result = TableImport(data, builder.bad_rows, builder.filled)
    validate(result, builder, skip_bad_rows)
    return result


def validate(result: TableImport, builder: TableBuilder, skip_bad_rows: bool) -> None:
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

"""A table cell the import could not understand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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

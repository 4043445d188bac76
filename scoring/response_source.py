"""Where a response came from (row, column) and what else its row says (group, note)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.row_codes import category_codes
from scoring.values import is_blank, value_codes


@dataclass(frozen=True)
class ResponseProblem:
    """One unusable response: where it is (row, column), what it says and why it is refused."""

    row: int | None
    column: str
    value: str
    message: str
    item: str = ""

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row is not None else ""
        item = f"，评分项 {self.item}" if self.item else ""
        value = f"，值 “{self.value}”" if self.value != "" else ""
        return f"{where}，列 {self.column}{item}{value}：{self.message}".lstrip("，")


class ResponseError(ValueError):
    """Responses that cannot be scored; lists every problem found."""

    def __init__(self, problems: list[ResponseProblem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        shown = "；".join(str(p) for p in problems[:20])
        more = f"；另有 {len(problems) - 20} 处" if len(problems) > 20 else ""
        super().__init__((f"{source}：" if source else "") + shown + more)


class Source:
    """The response table as given, read a cell at a time for messages."""

    def __init__(self, responses: pd.DataFrame) -> None:
        self.responses = responses

    def row(self, row: int | np.integer) -> int:
        """The source row number (a header line, then 2, 3, ... unless `source_row` says)."""
        if "source_row" in self.responses:
            return int(self.responses["source_row"].iloc[int(row)])
        return int(row) + 2

    def column(self, row: int | np.integer) -> str:
        """The source column of the value (`value` unless `source_column` says)."""
        if "source_column" in self.responses:
            return str(self.responses["source_column"].iloc[int(row)])
        return "value"

    def value(self, column: str, row: int | np.integer) -> object:
        """The cell as given."""
        return self.responses[column].iloc[int(row)]

    def problem(self, row: int | np.integer, column: str, message: str, item: str = "") -> ResponseProblem:
        """A problem at this row; the value shown when the value column is the one at fault."""
        at_value = column == "value"
        return ResponseProblem(self.row(row), self.column(row) if at_value else column,
                               str(self.value("value", row)) if at_value else "", message, item)


def first_groups(responses: pd.DataFrame, first_row: np.ndarray,
                 subject_of_rows: Callable[[np.ndarray], np.ndarray], n: int) -> list[str]:
    """Each subject's group (town), from its first row that names one."""
    if "group" not in responses:
        return [""] * n
    column = responses["group"]
    firsts = column.iloc[first_row]
    if not firsts.isna().any():  # every subject's first row names one: nothing else is read
        return [str(group) for group in firsts]
    codes, labels = category_codes(column)
    named = np.flatnonzero(codes >= 0)
    first = pd.Series(codes[named]).groupby(subject_of_rows(named), sort=True).first()
    return [str(labels[int(first[s])]) if s in first.index else "" for s in range(n)]


def collect_notes(responses: pd.DataFrame,
                  subject_of_rows: Callable[[np.ndarray], np.ndarray]) -> pd.DataFrame:
    """The inspectors' notes, by subject and answer code."""
    if "note" not in responses:
        return pd.DataFrame({"subject": [], "code": [], "note": []})
    note = responses["note"]
    has_note = np.flatnonzero(~is_blank(note))
    return pd.DataFrame({
        "subject": subject_of_rows(has_note),
        "code": stripped(responses["item"].iloc[has_note]),
        "note": stripped(note.iloc[has_note]),
    })


def stripped(column: pd.Series) -> np.ndarray:
    """The column as trimmed text, each distinct value trimmed once (no value is missing)."""
    codes, uniques = value_codes(column)
    return np.array([str(value).strip() for value in uniques] + [""], dtype=object)[codes]

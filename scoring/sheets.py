"""Long responses into score sheets: a row per (subject, inspector), a column per answer code."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.checklist import Checklist, Item
from scoring.methods import EXPECTED, READERS, Answers
from scoring.values import ParsedValues, is_blank

REQUIRED = ("subject", "item", "value")
NAN = np.nan


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


@dataclass
class Sheets:
    """Responses arranged as score sheets, each answer's method-read value in a matrix."""

    subjects: list[str]
    groups: list[str]
    inspectors: list[str]
    sheet_subject: np.ndarray
    sheet_inspector: np.ndarray
    codes: list[str]
    values: np.ndarray  # sheets × answer codes, the value each method scores, NaN unanswered
    answered: np.ndarray  # sheets × answer codes, bool
    notes: pd.DataFrame  # subject, code, note: the inspectors' notes

    def column(self, code: str) -> np.ndarray:
        """The read values of one answer code, a value per sheet."""
        return self.values[:, self.codes.index(code)]


def locations(responses: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Source row numbers and value column names, as a spreadsheet user sees them."""
    rows = (responses["source_row"].to_numpy() if "source_row" in responses
            else np.arange(len(responses)) + 2)
    columns = (responses["source_column"].astype(str).to_numpy() if "source_column" in responses
               else np.full(len(responses), "value", dtype=object))
    return rows, columns


def build_sheets(checklist: Checklist, responses: pd.DataFrame) -> Sheets:
    """Check and arrange responses; raise ResponseError naming every bad row."""
    missing = [column for column in REQUIRED if column not in responses.columns]
    if missing:
        raise ResponseError([ResponseProblem(None, column, "", "缺少此列") for column in missing])
    rows, columns = locations(responses)
    keep = ~is_blank(responses["value"])
    if not keep.all():
        responses, rows, columns = responses[keep], rows[keep], columns[keep]
    codes = [code for code, _ in checklist.answer_codes()]
    code_index = pd.Categorical(responses["item"].astype(str).str.strip(), categories=codes).codes
    subject_index, subject_labels = pd.factorize(responses["subject"], sort=False)
    problems = [ResponseProblem(int(rows[r]), "item", "", f"评分项 “{responses['item'].iloc[r]}” "
                                f"不在评分表 {checklist.id} 中") for r in np.flatnonzero(code_index < 0)]
    problems += [ResponseProblem(int(rows[r]), "subject", "", "缺少考核对象")
                 for r in np.flatnonzero(subject_index < 0)]
    if problems:
        raise ResponseError(problems)
    if "inspector" in responses:
        inspector_index, inspector_labels = pd.factorize(responses["inspector"].fillna(""))
    else:
        inspector_index, inspector_labels = np.zeros(len(responses), dtype=np.int64), pd.Index([""])
    sheet_of_row, sheet_keys = pd.factorize(
        subject_index.astype(np.int64) * len(inspector_labels) + inspector_index)
    n_sheets, n_codes = len(sheet_keys), len(codes)
    cell = sheet_of_row.astype(np.int64) * n_codes + code_index
    position = np.full(n_sheets * n_codes, -1, dtype=np.int64)
    position[cell] = np.arange(len(cell))
    duplicates = np.flatnonzero(position[cell] != np.arange(len(cell)))
    if len(duplicates):
        raise ResponseError([ResponseProblem(int(rows[r]), "item", "", "同一对象、同一评分人重复作答",
                                             codes[code_index[r]]) for r in duplicates])
    positions = position.reshape(n_sheets, n_codes)
    parsed = ParsedValues(responses["value"])
    values = np.full((n_sheets, n_codes), NAN)
    for index, (code, item) in enumerate(checklist.answer_codes()):
        values[:, index] = read_column(item, code, parsed, positions[:, index], responses,
                                       rows, columns, problems)
    if problems:
        raise ResponseError(problems)
    return Sheets(
        subjects=[str(label) for label in subject_labels],
        groups=first_groups(responses, subject_index, len(subject_labels)),
        inspectors=[str(label) for label in inspector_labels],
        sheet_subject=(sheet_keys // len(inspector_labels)).astype(np.int64),
        sheet_inspector=(sheet_keys % len(inspector_labels)).astype(np.int64),
        codes=codes, values=values, answered=positions >= 0,
        notes=collect_notes(responses, subject_index),
    )


def read_column(item: Item, code: str, parsed: ParsedValues, position: np.ndarray,
                responses: pd.DataFrame, rows: np.ndarray, columns: np.ndarray,
                problems: list[ResponseProblem]) -> np.ndarray:
    """One answer code's values, read by its method; refused answers go to problems."""
    answers = Answers(number=gather(parsed.number, position), yes_no=gather(parsed.yes_no, position),
                      yes_no_word=gather(parsed.yes_no_word, position),
                      text_code=gather(parsed.text_code, position, -1), texts=parsed.texts)
    method = "deduct" if item.lines else item.method
    values, bad = READERS[method](item, answers)
    for sheet in np.flatnonzero(bad & (position >= 0)):
        row = position[sheet]
        problems.append(ResponseProblem(int(rows[row]), str(columns[row]),
                                        str(responses["value"].iloc[row]),
                                        f"应为{EXPECTED[method]}", code))
    return np.where(position >= 0, values, NAN)


def gather(array: np.ndarray, position: np.ndarray, missing: float = NAN) -> np.ndarray:
    """array[position], with `missing` where position is -1."""
    taken = array[np.maximum(position, 0)] if len(array) else np.zeros(len(position))
    return np.where(position >= 0, taken, missing)


def first_groups(responses: pd.DataFrame, subject_index: np.ndarray, n: int) -> list[str]:
    """Each subject's group (town), from its first row that names one."""
    if "group" not in responses:
        return [""] * n
    groups = pd.Series(responses["group"].to_numpy()).groupby(subject_index, sort=True).first()
    return [("" if pd.isna(g) else str(g)) for g in groups.reindex(range(n))]


def collect_notes(responses: pd.DataFrame, subject_index: np.ndarray) -> pd.DataFrame:
    """The inspectors' notes, by subject and answer code."""
    if "note" not in responses:
        return pd.DataFrame({"subject": [], "code": [], "note": []})
    has_note = ~is_blank(responses["note"])
    return pd.DataFrame({
        "subject": subject_index[has_note],
        "code": responses["item"].astype(str).str.strip().to_numpy()[has_note],
        "note": responses["note"].astype(str).str.strip().to_numpy()[has_note],
    })

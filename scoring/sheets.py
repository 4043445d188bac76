"""Long responses into score sheets: a row per (subject, inspector), a column per answer code."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.checklist import Checklist
from scoring.methods import EXPECTED, READERS, Answers
from scoring.values import ParsedValues, is_blank

REQUIRED = ("subject", "item", "value")
CHUNK = 1 << 20  # rows handled at a time where a row-sized temporary would be needed
RUN_PROBE = 1 << 16  # rows looked at first to decide whether runs are worth finding
RUN_GAIN = 8  # find runs when they are at least this long on average
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


def category_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes per row (-1 where missing) and the distinct values they index.

    A categorical column gives its own codes and categories, without touching its strings.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), np.asarray(column.cat.categories, dtype=object)
    if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
        by_pattern = run_codes(column)
        if by_pattern is None:
            by_pattern = cycle_codes(column)
        if by_pattern is not None:
            return by_pattern
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def run_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes of a text column from its runs of equal neighbours, hashing only each run's first
    value (rows arriving sheet by sheet repeat their subject and inspector for many rows);
    None when runs are too short to pay, or the values cannot be compared."""
    values = np.asarray(column.array, dtype=object)
    n = len(values)
    probe = values[:RUN_PROBE]
    try:
        if n < 2 or np.count_nonzero(probe[1:] != probe[:-1]) * RUN_GAIN > len(probe):
            return None
        heads = np.flatnonzero(values[1:] != values[:-1])
    except TypeError:  # pd.NA has no truth value
        return None
    if (len(heads) + 1) * RUN_GAIN > n:
        return None
    heads += 1
    heads = np.concatenate(([0], heads))
    head_codes, uniques = pd.factorize(values[heads], use_na_sentinel=True)
    return np.repeat(head_codes, np.diff(np.append(heads, n))), np.asarray(uniques, dtype=object)


def cycle_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes of a text column that repeats one cycle throughout (every sheet lists the items in
    the same order), hashing one cycle only; None when it does not, or cannot be compared."""
    values = np.asarray(column.array, dtype=object)
    n = len(values)
    try:
        again = np.flatnonzero(values[1:RUN_PROBE] == values[0]) if n else np.zeros(0)
        if len(again) == 0:
            return None
        period = int(again[0]) + 1
        if (values[period:] != values[:-period]).any():
            return None
    except TypeError:  # pd.NA has no truth value
        return None
    one_cycle, uniques = pd.factorize(values[:period], use_na_sentinel=True)
    return np.resize(one_cycle, n), np.asarray(uniques, dtype=object)


def first_seen(chunks: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys in order of first appearance, and where each first appears.

    Keys come in consecutive chunks. Only the heads of runs of equal keys can be first
    appearances, so rows arriving sheet by sheet cost one comparison each and a sort of one key
    per sheet.
    """
    heads: list[np.ndarray] = []
    head_keys: list[np.ndarray] = []
    start, last = 0, None
    for keys in chunks:
        if len(keys) == 0:
            continue
        change = np.flatnonzero(keys[1:] != keys[:-1])
        change += 1
        if last is None or keys[0] != last:
            change = np.concatenate(([0], change))
        heads.append(change + start)
        head_keys.append(keys[change])
        start, last = start + len(keys), keys[-1]
    if not heads:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    distinct, first = np.unique(np.concatenate(head_keys), return_index=True)
    order = np.argsort(first, kind="stable")
    return distinct[order], np.concatenate(heads)[first[order]]


def chunks(n: int) -> Iterator[slice]:
    """Consecutive slices of CHUNK rows: row-sized temporaries stay small and in cache."""
    return (slice(start, min(start + CHUNK, n)) for start in range(0, n, CHUNK))


class Source:
    """Where a kept (non-blank) response came from, as a spreadsheet user sees it."""

    def __init__(self, responses: pd.DataFrame, kept: np.ndarray | None) -> None:
        self.responses = responses
        self.kept = kept

    def index(self, row: int | np.integer) -> int:
        """The position in the responses given of the kept row `row`."""
        return int(self.kept[row]) if self.kept is not None else int(row)

    def row(self, row: int | np.integer) -> int:
        """The source row number (a header line, then 2, 3, ... unless `source_row` says)."""
        at = self.index(row)
        return (int(self.responses["source_row"].iloc[at]) if "source_row" in self.responses
                else at + 2)

    def column(self, row: int | np.integer) -> str:
        """The source column of the value (`value` unless `source_column` says)."""
        return (str(self.responses["source_column"].iloc[self.index(row)])
                if "source_column" in self.responses else "value")

    def value(self, column: str, row: int | np.integer) -> object:
        """The cell as given."""
        return self.responses[column].iloc[self.index(row)]

    def take(self, column: str) -> pd.Series:
        """A column of the kept rows."""
        series = self.responses[column]
        return series if self.kept is None else series.iloc[self.kept]


def build_sheets(checklist: Checklist, responses: pd.DataFrame) -> Sheets:
    """Check and arrange responses; raise ResponseError naming every bad row.

    Work on the rows is done on integer codes (a categorical column's own, else factorized
    once) and plain arrays: the sheet of each row by a lookup table, each (answer code, sheet)
    cell by arithmetic, the values spread into the sheet matrix once, then read column by column.
    """
    missing = [column for column in REQUIRED if column not in responses.columns]
    if missing:
        raise ResponseError([ResponseProblem(None, column, "", "缺少此列") for column in missing])
    parsed = ParsedValues(responses["value"])
    kept = None if not parsed.blank.any() else np.flatnonzero(~parsed.blank)
    if kept is not None:
        parsed.take(kept)
    source = Source(responses, kept)
    answer_codes = list(checklist.answer_codes())
    codes = [code for code, _ in answer_codes]
    item_codes, item_lookup = item_indexes(responses["item"], codes)
    subject_codes, subject_labels = category_codes(responses["subject"])
    if kept is not None:
        item_codes, subject_codes = item_codes[kept], subject_codes[kept]
    n_rows = len(item_codes)

    def code_index(rows: slice | np.ndarray = slice(None)) -> np.ndarray:
        """The rows' answer codes as indexes into codes (-1 where not one)."""
        return item_lookup[item_codes[rows]]

    problems = []
    # rows need looking at only when some item text is not a code, or some item is missing
    if n_rows and (item_lookup[:-1].min(initial=0) < 0 or item_codes.min() < 0):
        problems += [ResponseProblem(source.row(r), "item", "", f"评分项 “{source.value('item', r)}” "
                                     f"不在评分表 {checklist.id} 中")
                     for r in np.flatnonzero(code_index() < 0)]
    if n_rows and subject_codes.min() < 0:
        problems += [ResponseProblem(source.row(r), "subject", "", "缺少考核对象")
                     for r in np.flatnonzero(subject_codes < 0)]
    if problems:
        raise ResponseError(problems)
    inspector_codes, inspector_labels = inspector_indexes(responses, kept)
    n_inspectors = len(inspector_labels)
    n_keys = len(subject_labels) * n_inspectors
    key_type = np.int32 if n_keys < 2**31 else np.int64

    def key(rows: slice) -> np.ndarray:
        """The rows' (subject, inspector) as one integer."""
        keys: np.ndarray = subject_codes[rows].astype(key_type)
        if n_inspectors > 1:
            keys *= n_inspectors
            keys += inspector_codes[rows]
        return keys

    if n_keys <= max(4 * n_rows, 2**20):
        sheet_keys, sheet_first_row = first_seen(key(rows) for rows in chunks(n_rows))
        lookup = np.full(n_keys, -1, dtype=np.int32 if len(sheet_keys) < 2**31 else np.int64)
        lookup[sheet_keys] = np.arange(len(sheet_keys))

        def sheet_of(rows: slice) -> np.ndarray:
            return lookup[key(rows)]
    else:  # a vast table of categories: factorize the keys instead
        all_keys = key(slice(None))
        sheet_keys, sheet_first_row = first_seen([all_keys])
        sheet_of_row = pd.factorize(all_keys)[0]
        del all_keys

        def sheet_of(rows: slice) -> np.ndarray:
            return sheet_of_row[rows]
    subject_order, subject_first_sheet = first_seen([sheet_keys // n_inspectors])
    subject_rank = np.full(len(subject_labels), -1, dtype=np.int64)
    subject_rank[subject_order] = np.arange(len(subject_order))
    inspector_order, _ = first_seen([sheet_keys % n_inspectors])
    inspector_rank = np.full(n_inspectors, -1, dtype=np.int64)
    inspector_rank[inspector_order] = np.arange(len(inspector_order))
    n_sheets, n_codes = len(sheet_keys), len(codes)
    n_cells = n_codes * n_sheets

    code_start = item_lookup.astype(np.int64) * n_sheets  # by item code: its first cell

    def cells(rows: slice) -> np.ndarray:
        """The rows' cells of the flat matrix: answer code major, sheet minor."""
        cell = code_start[item_codes[rows]]
        cell += sheet_of(rows)
        return cell

    flat_answered = np.zeros(n_cells, dtype=bool)
    # as many rows as cells: all are filled unless some repeat, which is refused below
    every_cell = n_rows == n_cells
    flat_keys = parsed.spread_buffer(n_cells, every_cell=every_cell)
    for rows in chunks(n_rows):
        cell = cells(rows)
        flat_answered[cell] = True
        flat_keys[cell] = parsed.key[rows]
    if np.count_nonzero(flat_answered) != n_rows:
        cell = cells(slice(None))
        last = np.full(n_cells, -1, dtype=np.int64)
        last[cell] = np.arange(n_rows)
        duplicates = np.flatnonzero(last[cell] != np.arange(n_rows))
        code_of_row = code_index()
        raise ResponseError([ResponseProblem(source.row(r), "item", "", "同一对象、同一评分人重复作答",
                                             codes[code_of_row[r]]) for r in duplicates])
    keys = flat_keys.reshape(n_codes, n_sheets)
    answered = flat_answered.reshape(n_codes, n_sheets)
    values = keys if parsed.numeric else np.empty((n_codes, n_sheets))
    refused: list[tuple[int, np.ndarray, str]] = []
    for index, (_, item) in enumerate(answer_codes):
        number, yes_no, yes_no_word, text_code = parsed.answers(keys[index])
        answers = Answers(number=number, yes_no=yes_no, yes_no_word=yes_no_word,
                          text_code=text_code, texts=parsed.texts)
        method = "deduct" if item.lines else item.method
        read, bad = READERS[method](item, answers)
        if not every_cell:
            bad &= answered[index]
            read = np.where(answered[index], read, NAN)
        if bad.any():
            refused.append((index, np.flatnonzero(bad), method))
        values[index] = read
    del keys
    if refused:
        flat_position = np.full(n_cells, -1, dtype=np.int64)
        flat_position[cells(slice(None))] = np.arange(n_rows)
        position = flat_position.reshape(n_codes, n_sheets)
        raise ResponseError([
            ResponseProblem(source.row(row), source.column(row), str(source.value("value", row)),
                            f"应为{EXPECTED[method]}", codes[index])
            for index, sheets, method in refused for row in position[index, sheets]])
    subject_first_row = sheet_first_row[subject_first_sheet]

    def subject_of_rows(rows: np.ndarray) -> np.ndarray:
        return subject_rank[subject_codes[rows]]

    return Sheets(
        subjects=[str(label) for label in subject_labels[subject_order]],
        groups=first_groups(source, subject_first_row, subject_of_rows, len(subject_order)),
        inspectors=[str(label) for label in inspector_labels[inspector_order]],
        sheet_subject=subject_rank[sheet_keys // n_inspectors],
        sheet_inspector=inspector_rank[sheet_keys % n_inspectors],
        codes=codes, values=values.T, answered=answered.T,
        notes=collect_notes(source, subject_of_rows),
    )


def item_indexes(items: pd.Series, codes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's item as codes into a lookup table of answer-code indexes (-1 where the item is
    not one of codes, and at the end, for a missing item), read per distinct item text, trimmed."""
    item_codes, labels = category_codes(items)
    index = {code: position for position, code in enumerate(codes)}
    lookup = np.array([index.get(str(label).strip(), -1) for label in labels] + [-1],
                      dtype=np.int16 if len(codes) < 2**15 else np.int64)
    return item_codes, lookup


def inspector_indexes(responses: pd.DataFrame,
                      kept: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Each row's inspector as codes into labels; a missing inspector is the inspector ""."""
    if "inspector" not in responses:
        n = len(kept) if kept is not None else len(responses)
        return np.zeros(n, dtype=np.int8), np.array([""], dtype=object)
    codes, labels = category_codes(responses["inspector"])
    if kept is not None:
        codes = codes[kept]
    if (codes < 0).any():
        nameless = np.flatnonzero(labels == "")
        if len(nameless):
            blank = int(nameless[0])
        else:
            blank, labels = len(labels), np.append(labels, np.array([""], dtype=object))
        codes = np.where(codes < 0, blank, codes)
    return codes, labels


def first_groups(source: Source, first_row: np.ndarray, subject_of_rows: Callable[
        [np.ndarray], np.ndarray], n: int) -> list[str]:
    """Each subject's group (town), from its first row that names one."""
    if "group" not in source.responses:
        return [""] * n
    column = source.responses["group"]
    if not isinstance(column.dtype, pd.CategoricalDtype) and not column.isna().any():
        # every row names one: the subjects' first rows are all that is read (no factorizing)
        at = first_row if source.kept is None else source.kept[first_row]
        return [str(group) for group in column.iloc[at]]
    codes, labels = category_codes(column)
    if source.kept is not None:
        codes = codes[source.kept]
    if (codes >= 0).all():
        return [str(label) for label in labels[codes[first_row]]]
    named = np.flatnonzero(codes >= 0)
    first = pd.Series(codes[named]).groupby(subject_of_rows(named), sort=True).first()
    return [str(labels[int(first[s])]) if s in first.index else "" for s in range(n)]


def collect_notes(source: Source,
                  subject_of_rows: Callable[[np.ndarray], np.ndarray]) -> pd.DataFrame:
    """The inspectors' notes, by subject and answer code."""
    if "note" not in source.responses:
        return pd.DataFrame({"subject": [], "code": [], "note": []})
    note = source.take("note")
    has_note = np.flatnonzero(~is_blank(note))
    return pd.DataFrame({
        "subject": subject_of_rows(has_note),
        "code": source.take("item").iloc[has_note].astype(str).str.strip().to_numpy(),
        "note": note.iloc[has_note].astype(str).str.strip().to_numpy(),
    })

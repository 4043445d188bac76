"""Long responses into score sheets: a row per (subject, inspector), a column per answer code.

Work on the rows is done on integer codes and plain arrays: the sheet of each row by a lookup
table, each (answer code, sheet) cell by arithmetic, the values spread into the sheet matrix
once, then read an answer code at a time by the item's method. A blank value is unanswered: its
row still opens its sheet, so a subject left blank is listed as incomplete, not lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from scoring.checklist import Checklist, Item
from scoring.combine import SubjectGroups
from scoring.methods import EXPECTED, READERS, SCORERS, Answers, pool_losses
from scoring.response_source import ResponseError, ResponseProblem, Source, collect_notes, first_groups
from scoring.row_codes import CHUNK, category_codes, chunks, first_seen, inspector_indexes, item_indexes
from scoring.values import ParsedValues

REQUIRED = ("subject", "item", "value")
NAN = np.nan


@dataclass
class Sheets:
    """Responses arranged as score sheets: each answer's key in a matrix, read by its method."""

    subjects: list[str]
    groups: list[str]
    inspectors: list[str]
    sheet_subject: np.ndarray
    sheet_inspector: np.ndarray
    codes: list[str]
    keys: np.ndarray  # sheets × answer codes: the number given, or the index of the text given
    reads: list[np.ndarray] | None  # per answer code, what its method reads from each text (by key)
    answered: np.ndarray  # sheets × answer codes, bool
    notes: pd.DataFrame  # subject, code, note: the inspectors' notes

    @cached_property
    def groups_of_sheets(self) -> SubjectGroups:
        """Which sheets belong to which subject, for combining inspectors."""
        return SubjectGroups(self.sheet_subject, len(self.subjects))

    def combine(self, matrix: np.ndarray, how: str) -> np.ndarray:
        """Sheet rows combined into subject rows."""
        return self.groups_of_sheets.combine(matrix, how)

    def column(self, code: str) -> np.ndarray:
        """The read values of one answer code, a value per sheet (NaN unanswered)."""
        position = self.codes.index(code)
        keys = self.keys[:, position]
        return keys if self.reads is None else self.reads[position][keys]

    def item_scores(self, item: Item, targets: dict[str, float]) -> np.ndarray:
        """Each sheet's score on one item, before combining and rounding."""
        if item.lines:
            counts = np.column_stack([self.column(line.code) for line in item.lines])
            return np.maximum(0.0, float(item.max or 0) - pool_losses(item, counts).sum(axis=1))
        target = targets.get(item.code, float(item.target) if item.target is not None
                             and not item.relative else np.nan)
        return SCORERS[item.method](item, self.column(item.code), target)


@dataclass
class RowCodes:
    """Each response row as integers: its item (into answer codes), subject and inspector."""

    item: np.ndarray
    item_lookup: np.ndarray  # item code → index into the checklist's answer codes (-1: none)
    subject: np.ndarray
    subject_labels: np.ndarray
    inspector: np.ndarray
    inspector_labels: np.ndarray

    def answer(self, rows: slice | np.ndarray = slice(None)) -> np.ndarray:
        """The rows' answer codes as indexes (-1 where the item is not in the checklist)."""
        return self.item_lookup[self.item[rows]]


class SheetIndex:
    """The score sheets the rows open, in order of first appearance, and each row's sheet."""

    def __init__(self, rows: RowCodes) -> None:
        self.rows = rows
        self.n_inspectors = len(rows.inspector_labels)
        n_keys = len(rows.subject_labels) * self.n_inspectors
        self.key_type = np.int32 if n_keys < 2**31 else np.int64
        n_rows = len(rows.item)
        if n_keys <= max(4 * n_rows, 2**20):
            self.keys, self.first_row = first_seen(self.key(part) for part in chunks(n_rows))
            self.lookup = np.full(n_keys, -1, dtype=np.int32 if len(self.keys) < 2**31 else np.int64)
            self.lookup[self.keys] = np.arange(len(self.keys))
            self.row_sheets: np.ndarray | None = None
        else:  # a vast table of categories: factorize the keys instead
            every_key = self.key(slice(None))
            self.keys, self.first_row = first_seen([every_key])
            self.row_sheets = pd.factorize(every_key)[0]
        self.subject_order, first_sheet = first_seen([self.keys // self.n_inspectors])
        self.subject_first_row = self.first_row[first_sheet]
        self.subject_rank = rank_of(self.subject_order, len(rows.subject_labels))
        self.inspector_order, _ = first_seen([self.keys % self.n_inspectors])
        self.inspector_rank = rank_of(self.inspector_order, self.n_inspectors)

    def key(self, rows: slice | np.ndarray) -> np.ndarray:
        """The rows' (subject, inspector) as one integer."""
        keys: np.ndarray = self.rows.subject[rows].astype(self.key_type)
        if self.n_inspectors > 1:
            keys *= self.n_inspectors
            keys += self.rows.inspector[rows]
        return keys

    def sheet_of(self, rows: slice | np.ndarray) -> np.ndarray:
        """The rows' sheets."""
        if self.row_sheets is not None:
            return self.row_sheets[rows]
        return self.lookup[self.key(rows)]

    def subject_of_rows(self, rows: np.ndarray) -> np.ndarray:
        """The rows' subjects, numbered in order of first appearance."""
        return self.subject_rank[self.rows.subject[rows]]


def rank_of(order: np.ndarray, n: int) -> np.ndarray:
    """For each label, its place in `order` (-1 where absent)."""
    rank = np.full(n, -1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def build_sheets(checklist: Checklist, responses: pd.DataFrame) -> Sheets:
    """Check and arrange responses; raise ResponseError naming every bad row."""
    missing = [column for column in REQUIRED if column not in responses.columns]
    if missing:
        raise ResponseError([ResponseProblem(None, column, "", "缺少此列") for column in missing])
    source = Source(responses)
    answer_codes = list(checklist.answer_codes())
    codes = [code for code, _ in answer_codes]
    rows = code_rows(checklist, responses, codes, source)
    index = SheetIndex(rows)
    parsed = ParsedValues(responses["value"])
    grid = Grid(rows, index, parsed, len(codes))
    grid.refuse_duplicates(source, codes)
    keys = grid.keys.reshape(len(codes), len(index.keys))
    answered = grid.answered.reshape(len(codes), len(index.keys))
    reads: list[np.ndarray] = []
    distinct = None if parsed.numeric else Answers(*parsed.distinct_answers(), parsed.texts)
    problems = []
    for position, (code, item) in enumerate(answer_codes):
        method = "deduct" if item.lines else item.method
        if distinct is None:  # numbers: read in place, a sheet column at a time
            read, bad = READERS[method](item, Answers(*parsed.answers(keys[position]), parsed.texts))
            if not grid.every_cell:
                bad &= answered[position]
                read = np.where(answered[position], read, NAN)
            keys[position] = read
            bad_sheets = np.flatnonzero(bad)
        else:  # texts: read each distinct text once; the last entry, a missing key, is unanswered
            read, bad = READERS[method](item, distinct)
            reads.append(np.append(read[:-1], NAN))
            bad_sheets = (np.flatnonzero(np.append(bad[:-1], False)[keys[position]]) if bad[:-1].any()
                          else np.zeros(0, dtype=np.int64))
        problems += [source.problem(row, "value", f"应为{EXPECTED[method]}", code)
                     for row in grid.rows_at(position, bad_sheets)]
    if problems:
        raise ResponseError(problems)
    return Sheets(
        subjects=[str(label) for label in rows.subject_labels[index.subject_order]],
        groups=first_groups(responses, index.subject_first_row, index.subject_of_rows,
                            len(index.subject_order)),
        inspectors=[str(label) for label in rows.inspector_labels[index.inspector_order]],
        sheet_subject=index.subject_rank[index.keys // index.n_inspectors],
        sheet_inspector=index.inspector_rank[index.keys % index.n_inspectors],
        codes=codes, keys=keys.T, reads=None if parsed.numeric else reads, answered=answered.T,
        notes=collect_notes(responses, index.subject_of_rows),
    )


def code_rows(checklist: Checklist, responses: pd.DataFrame, codes: list[str],
              source: Source) -> RowCodes:
    """Every row's item, subject and inspector as integers; unknown items and missing subjects
    are refused."""
    item, item_lookup = item_indexes(responses["item"], codes)
    subject, subject_labels = category_codes(responses["subject"])
    inspector, inspector_labels = inspector_indexes(responses)
    rows = RowCodes(item, item_lookup, subject, subject_labels, inspector, inspector_labels)
    problems = []
    # rows need looking at only when some item text is not a code, or some item is missing
    if len(item) and (item_lookup[:-1].min(initial=0) < 0 or item.min() < 0):
        problems += [source.problem(r, "item", f"评分项 “{source.value('item', r)}” 不在检查表 "
                                    f"{checklist.id} 中") for r in np.flatnonzero(rows.answer() < 0)]
    if len(subject) and subject.min() < 0:
        problems += [source.problem(r, "subject", "缺少考核对象") for r in np.flatnonzero(subject < 0)]
    if problems:
        raise ResponseError(problems)
    return rows


class Grid:
    """The flat (answer code, sheet) matrix of value keys, filled from the non-blank rows."""

    def __init__(self, rows: RowCodes, index: SheetIndex, parsed: ParsedValues, n_codes: int) -> None:
        self.rows, self.index = rows, index
        self.n_sheets = len(index.keys)
        n_rows, n_cells = len(rows.item), n_codes * self.n_sheets
        cell_type = np.int32 if n_cells < 2**31 else np.int64
        self.code_start = rows.item_lookup.astype(cell_type) * self.n_sheets  # an item's first cell
        self.blank = parsed.blank
        self.n_answers = n_rows - (0 if self.blank is None else int(np.count_nonzero(self.blank)))
        # as many answers as cells: all are filled unless some repeat, which is refused
        self.every_cell = self.blank is None and n_rows == n_cells
        by_sheet = self.sheet_major(n_codes) if self.every_cell else None
        self.keys = parsed.spread_buffer(n_cells, fill=by_sheet is None)
        if by_sheet is not None:  # a transpose, a code at a time, instead of a scatter
            key, position = parsed.key.reshape(self.n_sheets, n_codes), np.argsort(by_sheet)
            for code, keys in enumerate(self.keys.reshape(n_codes, self.n_sheets)):
                keys[:] = key[:, position[code]]
        for part in chunks(n_rows) if by_sheet is None else ():
            cell, keys = self.cells(part), parsed.key[part]
            if self.blank is not None:
                kept = ~self.blank[part]
                cell, keys = cell[kept], keys[kept]
            self.keys[cell] = keys
        self.answered = parsed.given(self.keys)  # no answer carries the "none" key: a blank is not put

    def sheet_major(self, n_codes: int) -> np.ndarray | None:
        """When rows come sheet by sheet, every sheet listing each answer code once in one order,
        that order (answer code indexes); else None. Checked with one comparison a row."""
        rows, n_sheets = self.rows, self.n_sheets
        order = rows.answer(slice(0, n_codes))
        if n_sheets == 0 or not np.array_equal(np.sort(order), np.arange(n_codes)):
            return None
        if not np.array_equal(self.index.first_row, np.arange(n_sheets) * n_codes):
            return None  # sheet s must open at row s × n_codes, and its block hold only its rows:
        block_rows = n_codes * max(1, CHUNK // n_codes)
        for start in range(0, n_sheets * n_codes, block_rows):
            part = slice(start, start + block_rows)
            if (rows.item[part].reshape(-1, n_codes) != rows.item[:n_codes]).any():
                return None
            for column in (rows.subject[part], rows.inspector[part]):
                by_block = column.reshape(-1, n_codes)
                if (by_block != by_block[:, :1]).any():
                    return None
        return order

    def cells(self, rows: slice | np.ndarray) -> np.ndarray:
        """The rows' cells of the flat matrix: answer code major, sheet minor."""
        cell = self.code_start[self.rows.item[rows]]
        cell += self.index.sheet_of(rows)
        return cell

    def answer_rows(self) -> np.ndarray:
        """The rows that carry an answer (not blank), in order."""
        return np.arange(len(self.rows.item)) if self.blank is None else np.flatnonzero(~self.blank)

    def refuse_duplicates(self, source: Source, codes: list[str]) -> None:
        """Raise if two non-blank rows answer the same cell."""
        if np.count_nonzero(self.answered) == self.n_answers:
            return
        rows = self.answer_rows()
        cell = self.cells(rows)
        last = np.full(len(self.answered), -1, dtype=np.int64)
        last[cell] = np.arange(len(rows))
        repeated = rows[last[cell] != np.arange(len(rows))]
        answer = self.rows.answer(repeated)
        raise ResponseError([source.problem(row, "item", "同一对象、同一评分人重复作答", codes[code])
                             for row, code in zip(repeated, answer, strict=True)])

    def rows_at(self, position: int, sheets: np.ndarray) -> np.ndarray:
        """The rows that answered these sheets of one answer code."""
        if len(sheets) == 0:
            return sheets
        rows = self.answer_rows()
        where = np.full(len(self.answered), -1, dtype=np.int64)
        where[self.cells(rows)] = rows
        return where[position * self.n_sheets + sheets]

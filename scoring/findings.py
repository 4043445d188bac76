"""What a rectification row says was found, worded a column at a time.

A finding is the inspectors' notes, else a pool's lines with the points each took, else the
standard and the score; a veto puts its reason first. Each is a list of parts joined by "；".
Parts are built for all rows at once, per item or per pool line, never per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.checklist import Item

SEPARATOR = "；"


def objects(values: list[object]) -> np.ndarray:
    """A one-dimensional object array of these values (lists stay whole)."""
    array = np.empty(len(values), dtype=object)
    for index, value in enumerate(values):
        array[index] = value
    return array


def as_text(numbers: np.ndarray, kinds: np.ndarray | None = None,
            word: Callable[[int, str], str] = lambda kind, text: text) -> np.ndarray:
    """Numbers as `format(x, "g")` text, put in words by `word(kind, text)` (a kind per row, 0 by
    default); each distinct pair of kind and number is worded once, from its first row, and its
    rows share the text. Pairs are found by hashing, not sorting: linear in the rows."""
    pair, distinct = pd.factorize(numbers, use_na_sentinel=False)
    if kinds is not None:
        pair = pd.factorize(kinds.astype(np.int64) * len(distinct) + pair)[0]
    return objects([word(0 if kinds is None else int(kinds[row]), format(float(numbers[row]), "g"))
                    for row in first_rows(pair)])[pair]


def first_rows(codes: np.ndarray) -> np.ndarray:
    """Where each code first appears, for codes numbered in order of first appearance (factorize)."""
    if not len(codes):
        return codes
    seen = np.maximum.accumulate(codes)
    return np.flatnonzero(codes > np.concatenate(([-1], seen[:-1])))


def joined(group: np.ndarray, text: np.ndarray, n: int) -> np.ndarray:
    """For groups 0..n-1, their texts joined by SEPARATOR in the order given ("" for none);
    `group` is ascending."""
    result = np.full(n, "", dtype=object)
    if not len(group):
        return result
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    result[group[starts]] = text[starts]
    sizes = np.diff(np.r_[starts, len(group)])
    for place in range(1, int(sizes.max(initial=1))):  # the groups with a text at this place go on
        starts, sizes = starts[sizes > place], sizes[sizes > place]
        at = starts + place
        result[group[at]] = result[group[at]] + SEPARATOR + text[at]
    return result


@dataclass
class Rows:
    """The rectification rows: each one's subject (sheets order), item position, score and veto."""

    subject: np.ndarray
    position: np.ndarray
    score: np.ndarray
    vetoed: np.ndarray


def findings(items: tuple[Item, ...], rows: Rows, notes: pd.DataFrame, n_subjects: int,
             pool_lost: Callable[[Item], np.ndarray]) -> np.ndarray:
    """Each row's finding; `notes` has subject, code and note, each written once, in order, and
    `pool_lost(item)` gives each subject's points lost per line of a pool."""
    vetoed = np.flatnonzero(rows.vetoed)
    reasons = objects([f"一票否决：{item.text}" + (f"（{item.veto_when.describe()}）" if item.veto_when else "")
                       for item in items])
    parts = [(vetoed, reasons[rows.position[vetoed]]), note_parts(items, rows, notes, n_subjects)]
    told = np.zeros(len(rows.subject), dtype=bool)
    told[parts[-1][0]] = True
    for index, item in enumerate(items):
        if item.lines:
            here = np.flatnonzero((rows.position == index) & ~told)
            lost = pool_lost(item)[rows.subject[here]]
            for line, points in zip(item.lines, lost.T, strict=True):
                hit = points > 0
                parts.append((here[hit], as_text(points[hit], word=deducted(line.text))))
                told[here[hit]] = True
    counted = np.array([item.counts_to_total for item in items], dtype=bool)
    plain = np.flatnonzero(~told & counted[rows.position])
    parts.append((plain, as_text(rows.score[plain], rows.position[plain],
                                 lambda position, text: scored(items[position], text))))
    where = np.concatenate([at for at, _ in parts])
    order = np.argsort(where, kind="stable")
    return joined(where[order], np.concatenate([text for _, text in parts])[order], len(rows.subject))


def deducted(line: str) -> Callable[[int, str], str]:
    """The words of a pool line that took points."""
    return lambda _, points: f"{line}（扣{points}分）"


def scored(item: Item, score: str) -> str:
    """The plain finding on an item: its standard, then the score against the max."""
    return f"{item.standard or item.text}：得{score}分（满分{float(item.max or 0):g}分）"


def note_parts(items: tuple[Item, ...], rows: Rows, notes: pd.DataFrame,
               n_subjects: int) -> tuple[np.ndarray, np.ndarray]:
    """The notes on the rows' items: each note's row and text, by the item's answer codes in order."""
    position = {code: index for index, item in enumerate(items) for code in item.answer_codes}
    rank = {code: k for item in items for k, code in enumerate(item.answer_codes)}
    item_position = notes["code"].map(position).to_numpy(float)
    known = np.flatnonzero(~np.isnan(item_position))
    row_of_cell = np.full(n_subjects * len(items), -1, dtype=np.int32 if len(rows.subject) < 2**31 else np.int64)
    row_of_cell[rows.subject * len(items) + rows.position] = np.arange(len(rows.subject))
    row = row_of_cell[notes["subject"].to_numpy(np.int64)[known] * len(items)
                      + item_position[known].astype(np.int64)]
    kept = known[row >= 0]
    order = np.argsort(notes["code"].map(rank).to_numpy(float)[kept], kind="stable")
    return row[row >= 0][order], notes["note"].to_numpy(object)[kept][order]

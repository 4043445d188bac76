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


def text_column(codes: np.ndarray, words: np.ndarray) -> pd.Categorical:
    """words[codes] as a categorical of the distinct words the rows use (a missing word, None,
    is a missing value): each word is hashed once, never a row's text, and writers and
    groupings work on the codes."""
    word_codes, distinct = pd.factorize(words)
    codes = word_codes[codes]
    used = np.bincount(codes + 1, minlength=len(distinct) + 1)[1:] > 0
    if not used.all():  # words given but used by no row (a pool line's words inside a joined text)
        codes = np.append(np.where(used, np.cumsum(used) - 1, -1), -1)[codes]
        distinct = distinct[used]
    return pd.Categorical.from_codes(codes, categories=pd.Index(distinct))


def worded(numbers: np.ndarray, kinds: np.ndarray | None = None,
           word: Callable[[int, str], str] = lambda kind, text: text) -> tuple[np.ndarray, np.ndarray]:
    """Numbers as `format(x, "g")` text, put in words by `word(kind, text)` (a kind per row, 0 by
    default): each row's code into the words, and the words. Each distinct pair of kind and number
    is worded once, from its first row; pairs are found by hashing, not sorting (linear)."""
    pair, distinct = pd.factorize(numbers, use_na_sentinel=False)
    if kinds is not None:
        pair = pd.factorize(kinds.astype(np.int64) * len(distinct) + pair)[0]
    return pair, objects([word(0 if kinds is None else int(kinds[row]), format(float(numbers[row]), "g"))
                          for row in first_rows(pair)])


def first_rows(codes: np.ndarray) -> np.ndarray:
    """Where each code first appears, for codes numbered in order of first appearance (factorize)."""
    if not len(codes):
        return codes
    seen = np.maximum.accumulate(codes)
    return np.flatnonzero(codes > np.concatenate(([-1], seen[:-1])))


def joined(group: np.ndarray, codes: np.ndarray, words: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For groups 0..n-1, the words of their codes joined by SEPARATOR in the order given ("" for
    none), as each group's code into the words returned: those given, "", then one text for each
    distinct list of several codes. `group` is ascending."""
    result = np.full(n, len(words), dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else group
    result[group[starts]] = codes[starts]
    sizes = np.diff(np.r_[starts, len(group)])
    starts, sizes = starts[sizes > 1], sizes[sizes > 1]
    combo = codes[starts].astype(np.int64)  # which list of codes each group has, as a number
    for place in range(1, int(sizes.max(initial=1))):  # pairs (list so far, code at this place; none past its end)
        following = np.where(sizes > place, codes[np.minimum(starts + place, len(codes) - 1)], len(words))
        combo = pd.factorize(combo * (len(words) + 1) + following)[0]
    first = first_rows(combo)  # one group per distinct list: only these texts are made
    text = words[codes[starts[first]]]
    for place in range(1, int(sizes.max(initial=1))):
        on = np.flatnonzero(sizes[first] > place)
        text[on] = text[on] + SEPARATOR + words[codes[starts[first][on] + place]]
    result[group[starts]] = len(words) + 1 + combo
    return result, np.concatenate([words, objects([""]), text])


@dataclass
class Rows:
    """The rectification rows: each one's subject (sheets order), item position, score and veto,
    and its cell (place × items + position), ascending: rows come subject by subject in `place`."""

    subject: np.ndarray
    position: np.ndarray
    score: np.ndarray
    vetoed: np.ndarray
    cell: np.ndarray
    place: np.ndarray  # each subject's place (sheets order in, place out)


def findings(items: tuple[Item, ...], rows: Rows, notes: pd.DataFrame,
             pool_lost: Callable[[Item], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's finding, as codes into distinct words (see `joined`); `notes` has subject, code
    and note, each written once, in order, and `pool_lost(item)` gives each subject's points
    lost per line of a pool."""
    vetoed = np.flatnonzero(rows.vetoed)
    reasons = objects([f"一票否决：{item.text}" + (f"（{item.veto_when.describe()}）" if item.veto_when else "")
                       for item in items])
    parts = [(vetoed, rows.position[vetoed], reasons), note_parts(items, rows, notes)]
    told = np.zeros(len(rows.subject), dtype=bool)
    told[parts[-1][0]] = True
    for index, item in enumerate(items):
        if item.lines:
            here = np.flatnonzero((rows.position == index) & ~told)
            lost = pool_lost(item)[rows.subject[here]]
            for line, points in zip(item.lines, lost.T, strict=True):
                hit = points > 0
                parts.append((here[hit], *worded(points[hit], word=deducted(line.text))))
                told[here[hit]] = True
    counted = np.array([item.counts_to_total for item in items], dtype=bool)
    plain = np.flatnonzero(~told & counted[rows.position])
    parts.append((plain, *worded(rows.score[plain], rows.position[plain],
                                 lambda position, text: scored(items[position], text))))
    where = np.concatenate([at for at, _, _ in parts])
    offsets = np.cumsum([0] + [len(words) for _, _, words in parts])
    codes = np.concatenate([codes + offset for (_, codes, _), offset in zip(parts, offsets, strict=False)])
    order = np.argsort(where, kind="stable")
    return joined(where[order], codes[order], np.concatenate([words for _, _, words in parts]), len(rows.subject))


def deducted(line: str) -> Callable[[int, str], str]:
    """The words of a pool line that took points."""
    return lambda _, points: f"{line}（扣{points}分）"


def scored(item: Item, score: str) -> str:
    """The plain finding on an item: its standard, then the score against the max."""
    return f"{item.standard or item.text}：得{score}分（满分{float(item.max or 0):g}分）"


def note_parts(items: tuple[Item, ...], rows: Rows, notes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The notes on the rows' items: each note's row, its code into the texts, and the texts, by
    the item's answer codes in order. Each note's row is found by a binary search of the cells."""
    position = {code: index for index, item in enumerate(items) for code in item.answer_codes}
    rank = {code: k for item in items for k, code in enumerate(item.answer_codes)}
    codes, names = pd.factorize(notes["code"].to_numpy(object))
    item_position = np.array([position.get(name, np.nan) for name in names], dtype=float)[codes]
    known = np.flatnonzero(~np.isnan(item_position))
    cell = (rows.place[notes["subject"].to_numpy(np.int64)[known]] * len(items)
            + item_position[known].astype(np.int64))
    row = np.minimum(np.searchsorted(rows.cell, cell), max(len(rows.cell) - 1, 0))
    found = rows.cell[row] == cell if len(rows.cell) else np.zeros(len(cell), dtype=bool)
    kept = known[found]
    code_rank = np.array([rank.get(name, np.nan) for name in names], dtype=float)[codes]
    order = np.argsort(code_rank[kept], kind="stable")
    return row[found][order], np.arange(len(kept)), notes["note"].to_numpy(object)[kept][order]

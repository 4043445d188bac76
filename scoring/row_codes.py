"""Integer codes for the rows of a response table: each subject, inspector and item once.

Rows that arrive sheet by sheet repeat their subject and inspector for many rows and list the
items in one order; those patterns are coded from a row's neighbours, hashing only one value a
run (or one cycle). Anything else falls back to one factorize of the column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

CHUNK = 1 << 20  # rows handled at a time where a row-sized temporary would be needed
RUN_PROBE = 1 << 16  # rows looked at first to decide whether runs are worth finding
RUN_GAIN = 8  # find runs when they are at least this long on average


def category_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes per row (-1 where missing) and the distinct values they index.

    A categorical column gives its own codes and categories, without touching its strings.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), np.asarray(column.cat.categories, dtype=object)
    if (column.dtype == object or pd.api.types.is_string_dtype(column.dtype)) and not in_arrow(column):
        by_pattern = run_codes(column)
        if by_pattern is None:
            by_pattern = cycle_codes(column)
        if by_pattern is not None:
            return by_pattern
    codes, uniques = factorized(column)
    return codes, np.asarray(uniques, dtype=object)


def key_type(n: int) -> type[np.signedinteger]:
    """The smallest signed integer type for keys 0..n-1 and -1."""
    return next(t for t in (np.int8, np.int16, np.int32, np.int64) if n <= np.iinfo(t).max)


def factorized(column: pd.Series) -> tuple[np.ndarray, np.ndarray | pd.Index]:
    """`pd.factorize` of a column (-1 where missing): text kept in Arrow by Arrow's own hashing,
    other text through its object array, which hashes two to three times faster than through
    the string dtype."""
    if in_arrow(column):
        codes, uniques = column.array.factorize()
        return codes, np.asarray(uniques, dtype=object)
    if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
        return pd.factorize(np.asarray(column.array, dtype=object), use_na_sentinel=True)
    return pd.factorize(column, use_na_sentinel=True)


def in_arrow(column: pd.Series) -> bool:
    """Whether the column's text is kept in Arrow (pandas' `str` when pyarrow is installed):
    making it Python objects costs more than Arrow's hashing of it."""
    dtype = column.dtype
    return (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or (
        isinstance(dtype, pd.ArrowDtype) and pd.api.types.is_string_dtype(dtype))


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
    head_codes = head_codes.astype(key_type(len(uniques)))  # a row-sized array: as narrow as it can be
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
    return np.resize(one_cycle.astype(key_type(len(uniques))), n), np.asarray(uniques, dtype=object)


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


def item_indexes(items: pd.Series, codes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's item as codes into a lookup table of answer-code indexes (-1 where the item is
    not one of codes, and at the end, for a missing item), read per distinct item text, trimmed."""
    item_codes, labels = category_codes(items)
    index = {code: position for position, code in enumerate(codes)}
    lookup = np.array([index.get(str(label).strip(), -1) for label in labels] + [-1],
                      dtype=np.int16 if len(codes) < 2**15 else np.int64)
    return item_codes, lookup


def inspector_indexes(responses: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's inspector as codes into labels; a missing inspector is the inspector ""."""
    if "inspector" not in responses:
        return np.zeros(len(responses), dtype=np.int8), np.array([""], dtype=object)
    codes, labels = category_codes(responses["inspector"])
    if (codes < 0).any():
        nameless = np.flatnonzero(labels == "")
        if len(nameless):
            blank = int(nameless[0])
        else:
            blank, labels = len(labels), np.append(labels, np.array([""], dtype=object))
        codes = np.where(codes < 0, blank, codes)
    return codes, labels

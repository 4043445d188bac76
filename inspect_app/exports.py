"""Tables out to files people open in Excel: CSV, XLSX (streamed) and JSON.

Text a spreadsheet would take for a formula is neutralised with a leading apostrophe, so a
subject or a note typed as "=HYPERLINK(...)" stays text. Every export of the platform goes
through `neutralised`.

CSV and XLSX are written as UTF-8 a block of rows at a time: each column is coded once (a
categorical's own codes, else a factorisation), its distinct values worded and encoded once
(neutralised, then quoted or made a cell), and the block's rows joined from those words by
code in one pass. Memory holds a code per cell and one block's text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from inspect_app.xlsx import EMPTY, SharedStrings, bool_cells, number_cells, write_behind, write_xlsx
from scoring.row_codes import factorized
from scoring.tables import flat_table, json_records
from scoring.values import holds_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
BLOCK_ROWS = 20000
MERGE_SHARE = 4  # neighbouring columns become one piece when their distinct pairs are at most a quarter of the rows

# How a column is worded: its distinct values (a Series) to their words, and a missing value's word.
Wording = tuple[Callable[[pd.Series], np.ndarray], str]


def neutralise(text: object) -> object:
    """One value: text beginning like a formula gets a leading apostrophe; other values pass."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def neutralised(texts: pd.Series) -> pd.Series:
    """Text that starts like a formula (= + - @ tab CR LF) with an apostrophe before it."""
    values = texts.to_numpy(object, copy=True)
    starts = np.fromiter((isinstance(text, str) and text.startswith(FORMULA_STARTS) for text in values), bool,
                         len(values))
    values[starts] = ["'" + text for text in values[starts]]
    return pd.Series(values, index=texts.index, dtype=object)


def write_table(frame: pd.DataFrame, path: Path, kind: str) -> None:
    """One table as CSV (UTF-8 with BOM, for Excel), XLSX or a JSON list of objects."""
    if kind == ".json":
        path.write_text(json.dumps(json_records(frame), ensure_ascii=False, indent=1), encoding="utf-8")
    elif kind == ".xlsx":
        flat, strings = flat_table(frame), SharedStrings()
        wordings = [xlsx_wording(flat[column], strings) for column in flat.columns]
        write_xlsx(path, [str(column) for column in flat.columns], rows(flat, wordings, "<row>", "", "</row>"),
                   strings)
    elif kind == ".csv":
        flat = flat_table(frame)
        wordings = [(csv_texts, "") if holds_text(flat[column]) else (csv_values, "") for column in flat.columns]
        with path.open("wb") as handle:
            handle.write(("\ufeff" + ",".join(csv_fields([str(column) for column in flat.columns])) + "\n").encode())
            write_behind(handle.write, rows(flat, wordings, "", ",", "\n"))
    else:
        raise ValueError(f"不支持的输出格式 {kind}：请用 .csv、.xlsx 或 .json")


def rows(frame: pd.DataFrame, wordings: list[Wording], start: str, between: str, end: str) -> Iterator[bytes]:
    """The frame's rows as UTF-8, a block at a time: each cell worded by its column's wording,
    `start` before a row, `between` its cells and `end` after it."""
    cells = merged_cells(frame, wordings, start, between, end)
    for first in range(0, len(frame), BLOCK_ROWS):
        yield b"".join(chain.from_iterable(zip(*(words[codes[first:first + BLOCK_ROWS]] for codes, words in cells),
                                               strict=True)))


def merged_cells(frame: pd.DataFrame, wordings: list[Wording], start: str, between: str,
                 end: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each row's text as a few pieces: per piece, a code per row and the encoded words.

    Each column's distinct values are worded once. Neighbouring columns whose pairs of values
    are few (an item's code, text and lead unit; a subject and its town) are joined into one
    piece, worded once per distinct pair, so a row is the join of a few pieces, not of a word per cell.
    """
    last = len(frame.columns) - 1
    pieces: list[tuple[np.ndarray, np.ndarray]] = []
    for index, (word, missing) in enumerate(wordings):
        before, after = (start if index == 0 else ""), (end if index == last else between)
        codes, distinct = distinct_codes(frame.iloc[:, index])
        words = np.array([*(before + text + after for text in word(pd.Series(distinct))), before + missing + after],
                         dtype=object)
        codes = np.where(codes < 0, len(words) - 1, codes)
        if pieces:
            left_codes, left_words = pieces[-1]
            pair, pairs = dense_codes(left_codes.astype(np.int64) * len(words) + codes, len(left_words) * len(words))
            if len(pairs) * MERGE_SHARE <= len(frame):
                left, right = np.divmod(pairs, len(words))
                pieces[-1] = (pair, left_words[left] + words[right])
                continue
        pieces.append((codes, words))
    return [(codes, np.array([text.encode() for text in words], dtype=object)) for codes, words in pieces]


def dense_codes(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes of keys (0 to size - 1) into the distinct keys, which are returned in order: by
    marking a table of every possible key when it is at most four times the keys, else by hashing."""
    if size > 4 * len(keys):
        return pd.factorize(keys)
    seen = np.zeros(size, dtype=bool)
    seen[keys] = True
    return (np.cumsum(seen) - 1)[keys], np.flatnonzero(seen)


def distinct_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """The column's codes (-1 missing) into its distinct values: categories as they are, text as objects."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), column.cat.categories
    codes, distinct = factorized(column)
    return codes, pd.Index(distinct, dtype=object) if holds_text(column) else distinct


def xlsx_wording(column: pd.Series, strings: SharedStrings) -> Wording:
    """Booleans and numbers as such, everything else as neutralised shared text."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return bool_cells, EMPTY
    if pd.api.types.is_numeric_dtype(column.dtype):
        return number_cells, EMPTY
    return (lambda texts: strings.cells(neutralised(texts))), EMPTY


def csv_texts(texts: pd.Series) -> np.ndarray:
    """Texts neutralised, then quoted as CSV fields."""
    return csv_fields(neutralised(texts))


def csv_fields(texts: Iterable[object]) -> np.ndarray:
    """Values as the csv module writes a field (it is what `to_csv` uses): quoted when need be."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # a CR in a field is quoted too: Excel ends a row at one
    ends = [0]
    for text in texts:
        writer.writerow([text, ""])  # then "," and the line's end; a lone empty field would be quoted
        ends.append(out.tell())
    written = out.getvalue()
    return np.array([written[start:end - 3] for start, end in zip(ends, ends[1:], strict=False)], dtype=object)


def csv_values(values: pd.Series) -> np.ndarray:
    """Numbers and booleans as `to_csv` writes them (none needs quoting, so lines are fields)."""
    return np.array(values.to_frame().to_csv(header=False, index=False, lineterminator="\n").split("\n")[:-1],
                    dtype=object)

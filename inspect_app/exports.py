"""Tables out to files people open in Excel: CSV, XLSX (streamed) and JSON.

Text a spreadsheet would take for a formula is neutralised with a leading apostrophe, so a
subject or a note typed as "=HYPERLINK(...)" stays text. Every export of the platform goes
through `neutralised`.

CSV and XLSX are written a block of rows at a time: each column of a block is factorised, its
distinct values worded once (neutralised, then quoted or made a cell), the words spread back
by code and the block's rows joined in one pass. Memory stays a block's worth.
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

from inspect_app.xlsx import EMPTY, SharedStrings, bool_cells, number_cells, write_xlsx
from scoring.row_codes import factorized
from scoring.tables import flat_table, json_records

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
BLOCK_ROWS = 20000

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
        wordings = [(csv_texts, "") if is_text(flat[column]) else (csv_values, "") for column in flat.columns]
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write("\ufeff")  # the BOM by hand: the utf-8-sig codec encodes row by row in Python
            handle.write(",".join(csv_fields([str(column) for column in flat.columns])) + "\n")
            handle.writelines(rows(flat, wordings, "", ",", "\n"))
    else:
        raise ValueError(f"不支持的输出格式 {kind}：请用 .csv、.xlsx 或 .json")


def is_text(column: pd.Series) -> bool:
    """Whether the column holds text: object, string, or categories of either."""
    dtype = column.dtype.categories.dtype if isinstance(column.dtype, pd.CategoricalDtype) else column.dtype
    return pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype)


def rows(frame: pd.DataFrame, wordings: list[Wording], start: str, between: str, end: str) -> Iterator[str]:
    """The frame's rows as text, a block at a time: each cell worded by its column's wording,
    `start` before a row, `between` its cells and `end` after it."""
    last = len(frame.columns) - 1
    known: list[dict[object, str]] = [{} for _ in wordings]  # per column: each value's word, once worded
    for first in range(0, len(frame), BLOCK_ROWS):
        block = frame.iloc[first:first + BLOCK_ROWS]
        cells = []
        for index, (word, missing) in enumerate(wordings):
            before, after = (start if index == 0 else ""), (end if index == last else between)
            codes, distinct = distinct_codes(block.iloc[:, index])
            words = [known[index].get(value) for value in distinct]
            new = [position for position, found in enumerate(words) if found is None]
            for position, text in zip(new, word(pd.Series(distinct[new])), strict=True):
                words[position] = known[index][distinct[position]] = before + text + after
            cells.append(np.array([*words, before + missing + after], dtype=object)[codes])
        yield "".join(chain.from_iterable(zip(*cells, strict=True)))


def distinct_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """The column's codes (-1 missing) into its distinct values: categories as they are, text as objects."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), column.cat.categories
    codes, distinct = factorized(column)
    return codes, pd.Index(distinct, dtype=object) if is_text(column) else distinct


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

"""Responses from CSV / XLSX (long or wide), and the result table flattened for a spreadsheet."""

from __future__ import annotations

import csv
import json
import mmap
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from pyarrow import csv as arrow_csv

from scoring.checklist import Checklist
from scoring.findings import first_rows, text_column
from scoring.response_source import ResponseError, ResponseProblem
from scoring.results import Results

# Header words a county spreadsheet may use for the contract's column names.
ALIASES = {
    "考核对象": "subject", "对象": "subject", "村": "subject", "单位": "subject",
    "评分项": "item", "项目编码": "item", "编码": "item",
    "值": "value", "答案": "value", "得分": "value", "评分": "value",
    "评分人": "inspector", "检查人": "inspector", "督查人": "inspector",
    "分组": "group", "乡镇": "group", "镇": "group", "备注": "note", "说明": "note",
}
META = ("subject", "inspector", "group", "note")
RESULT_COLUMNS = ["rank", "group_rank", "subject", "group", "score", "grade", "vetoed",
                  "veto_reasons", "status", "bonus"]


def read_table(path: Path) -> pd.DataFrame:
    """A CSV (UTF-8 or GBK, as Excel saves it) or the first sheet of an XLSX, all as text."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, keep_default_na=False)
        if path.suffix.lower() != ".csv":
            raise ResponseError([ResponseProblem(None, "", path.suffix, "只能读取 .csv 或 .xlsx 文件")],
                                str(path))
        try:
            return read_texts(path, "utf-8-sig")
        except UnicodeDecodeError:
            return read_texts(path, "gb18030")
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        if isinstance(exc, ResponseError):
            raise
        raise ResponseError([ResponseProblem(None, "", "", f"无法读取文件：{exc}")], str(path)) from exc


def read_texts(path: Path, encoding: str) -> pd.DataFrame:
    """Every cell of a CSV as the text typed, "" for an empty one: by Arrow (`arrow_texts`) when
    it reads the file as pandas would, else by pandas, no value ever taken for missing (so the
    parser need not look for markers, nor pandas check each cell for `str`)."""
    if encoding == "utf-8-sig":
        table = arrow_texts(path)
        if table is not None:
            return table
    return pd.read_csv(path, encoding=encoding, dtype=object, keep_default_na=False, na_filter=False)


def arrow_texts(path: Path) -> pd.DataFrame | None:
    """read_texts by Arrow's parallel reader, each column categorical (every distinct text once);
    None for a file it would read otherwise than pandas: not UTF-8, a row of too few or too
    many cells, a header with an empty or a repeated name (pandas names those itself)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader(handle), [])
        except (UnicodeDecodeError, csv.Error):
            return None
    if not header or "" in header or len(set(header)) < len(header):
        return None
    text = pa.dictionary(pa.int32(), pa.string())
    try:
        table = arrow_csv.read_csv(
            path, parse_options=arrow_csv.ParseOptions(newlines_in_values=has_quotes(path)),
            convert_options=arrow_csv.ConvertOptions(column_types=dict.fromkeys(header, text),
                                                     strings_can_be_null=False,
                                                     quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    if table.column_names != header or any(column.type != text for column in table.columns):
        return None
    return table.to_pandas()


def has_quotes(path: Path) -> bool:
    """Whether the file quotes any cell: only a quoted cell can hold a line break, and a reader
    that need not look for one splits the file for its threads at any line's end."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
        return view.find(b'"') >= 0


def read_responses(path: str | Path, checklist: Checklist) -> pd.DataFrame:
    """Long responses from a long or a wide table; a wide table's rows say where each came from
    (`source_row`, `source_column`), for messages."""
    path = Path(path)
    table = read_table(path)
    table.columns = [ALIASES.get(str(c).strip(), str(c).strip()) for c in table.columns]
    if "subject" not in table.columns:
        raise ResponseError([ResponseProblem(1, "subject", "", "缺少考核对象列（subject）")], str(path))
    if "item" in table.columns or "value" in table.columns:
        return table  # a long table: row k is source row k + 2, its value in `value` (Source's defaults)
    table["source_row"] = table.index + 2
    codes = {code for code, _ in checklist.answer_codes()}
    item_columns = [c for c in table.columns if c not in (*META, "source_row")]
    unknown = [c for c in item_columns if c not in codes]
    if unknown:
        raise ResponseError([ResponseProblem(1, c, "", f"列 “{c}” 不是检查表 {checklist.id} 的评分项编码")
                             for c in unknown], str(path))
    keep = [c for c in META if c in table.columns] + ["source_row"]
    long = table.melt(id_vars=keep, value_vars=item_columns, var_name="item", value_name="value")
    return long.assign(source_column=long["item"])


def result_table(results: Results) -> pd.DataFrame:
    """The public result columns: the contract's, then one per section with scored items."""
    sections = [s.code for s in results.checklist.sections if s.code in results.subjects]
    return results.subjects[RESULT_COLUMNS + sections]


def json_records(frame: pd.DataFrame) -> list[dict]:
    """The table as the JSON list of objects `--out F.json` writes."""
    return json.loads(with_iso_dates(frame).to_json(orient="records", force_ascii=False))


def with_iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Deadlines as YYYY-MM-DD text."""
    if "deadline" not in frame:
        return frame
    codes, words = iso_dates(frame["deadline"])
    return frame.assign(deadline=words[codes])


def iso_dates(days: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code into the distinct dates as YYYY-MM-DD text (the last word, None, for none)."""
    codes, distinct = pd.factorize(days)
    return codes, np.array([day.isoformat() for day in distinct] + [None], dtype=object)


def flat_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for a spreadsheet cell by cell: lists joined and dates as text, as categoricals
    (a province's rectification list repeats a few of each in a million rows)."""
    joins = {"veto_reasons": "；", "co_units": "、", "missing": "、"}
    flat = frame.assign(**{column: joined_lists(frame[column], joins[column]) for column in joins if column in frame})
    return flat.assign(deadline=text_column(*iso_dates(flat["deadline"]))) if "deadline" in flat else flat


def joined_lists(lists: pd.Series, separator: str) -> pd.Categorical:
    """Each list joined by `separator`; rows that share one list object share one join."""
    values = lists.to_numpy(object)
    codes, _ = pd.factorize(np.fromiter(map(id, values), np.intp, len(values)))
    first = first_rows(codes)
    return text_column(codes, pd.Series(values[first], dtype=object).str.join(separator).to_numpy(object))

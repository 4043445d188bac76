"""Tables out to files people open in Excel: CSV, XLSX (streamed) and JSON.

Text a spreadsheet would take for a formula is neutralised with a leading apostrophe, so a
subject or a note typed as "=HYPERLINK(...)" stays text. Every export of the platform goes
through `neutralised`.

XLSX is written as its XML, a block of rows at a time, each column worded at once from its
distinct values: numbers stay numbers, and memory stays a block's worth, however many rows.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from scoring.tables import flat_table, with_iso_dates

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
BLOCK_ROWS = 20000
NOT_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"  # characters XML 1.0 cannot hold
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
PARTS = {
    "[Content_Types].xml":
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/></Types>',
    "_rels/.rels":
        f'<Relationships xmlns="{PACKAGE_RELATIONS}"><Relationship Id="rId1" '
        f'Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        f'<Relationships xmlns="{PACKAGE_RELATIONS}"><Relationship Id="rId1" '
        f'Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def neutralise(text: object) -> object:
    """One value: text beginning like a formula gets a leading apostrophe; other values pass."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def neutralised(texts: pd.Series) -> pd.Series:
    """Text that starts like a formula (= + - @ tab CR LF) with an apostrophe before it."""
    texts = texts.astype(object)
    starts = texts.str[:1].isin(FORMULA_STARTS).to_numpy(bool)
    return texts.where(~starts, "'" + texts.where(starts, ""))


def write_table(frame: pd.DataFrame, path: Path, kind: str) -> None:
    """One table as CSV (UTF-8 with BOM, for Excel), XLSX or a JSON list of objects."""
    if kind == ".json":
        records = json.loads(with_iso_dates(frame).to_json(orient="records", force_ascii=False))
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    elif kind == ".xlsx":
        write_xlsx(safe_text(flat_table(frame)), path)
    elif kind == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write("\ufeff")  # the BOM by hand: the utf-8-sig codec encodes row by row in Python
            safe_text(flat_table(frame)).to_csv(handle, index=False)
    else:
        raise ValueError(f"不支持的输出格式 {kind}：请用 .csv、.xlsx 或 .json")


def safe_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with every text column neutralised, each distinct text looked at once."""
    return frame.assign(**{column: by_distinct(frame[column], neutralised) for column in text_columns(frame)})


def text_columns(frame: pd.DataFrame) -> list[str]:
    """The columns that hold text (object or string dtype)."""
    return [column for column in frame.columns
            if frame[column].dtype == object or isinstance(frame[column].dtype, pd.StringDtype)]


def by_distinct(column: pd.Series, change: Callable[[pd.Series], pd.Series], missing: object = None) -> pd.Series:
    """`change` applied to the column's distinct values and spread back; `missing` where none."""
    codes, distinct = pd.factorize(column)
    changed = np.append(change(pd.Series(distinct, dtype=object)).to_numpy(object), missing)
    return pd.Series(changed[codes], index=column.index, dtype=object)


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """The table as the first sheet of an XLSX workbook, written a block of rows at a time."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, xml in PARTS.items():
            book.writestr(name, HEAD + xml)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'{HEAD}<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            header = "".join(text_cell(pd.Series([str(column) for column in frame.columns])))
            sheet.write(f"<row>{header}</row>".encode())
            for start in range(0, len(frame), BLOCK_ROWS):
                block = frame.iloc[start:start + BLOCK_ROWS]
                rows = np.full(len(block), "<row>", dtype=object)
                for column in block.columns:
                    rows += cells(block[column])
                rows += "</row>"
                sheet.write("".join(rows).encode())
            sheet.write(b"</sheetData></worksheet>")


def cells(column: pd.Series) -> np.ndarray:
    """One column's cells as XML: numbers as numbers, booleans as booleans, text inline."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return np.where(column.to_numpy(bool), '<c t="b"><v>1</v></c>', '<c t="b"><v>0</v></c>').astype(object)
    if pd.api.types.is_numeric_dtype(column.dtype):
        numbers = column.to_numpy(float, na_value=np.nan)
        words = np.char.add(np.char.add("<c><v>", numbers.astype(str)), "</v></c>").astype(object)
        return np.where(np.isnan(numbers), "<c/>", words)
    return by_distinct(column, text_cell, "<c/>").to_numpy(object)


def text_cell(texts: pd.Series) -> pd.Series:
    """Texts as inline-string cells, escaped for XML; a missing value as an empty cell."""
    words = texts.astype(object)
    missing = words.isna()
    escaped = (words.where(~missing, "").astype(str).str.replace(NOT_XML, "", regex=True)
               .str.replace("&", "&amp;").str.replace("<", "&lt;").str.replace(">", "&gt;"))
    cell = '<c t="inlineStr"><is><t xml:space="preserve">' + escaped + "</t></is></c>"
    return cell.where(~missing, "<c/>")

"""An XLSX workbook of one sheet written as its XML, rows streamed in blocks.

Text cells refer to a shared-string table (each distinct text stored once, as Excel itself
saves), numbers are numbers and booleans booleans. openpyxl and XlsxWriter write about 65,000
cells/s here; a rectification list of a province has millions.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

NOT_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"  # characters XML 1.0 cannot hold
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EMPTY = "<c/>"
PARTS = {
    "[Content_Types].xml":
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEET_TYPE}.sharedStrings+xml"/></Types>',
    "_rels/.rels":
        f'<Relationships xmlns="{PACKAGE_RELATIONS}"><Relationship Id="rId1" '
        f'Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        f'<Relationships xmlns="{PACKAGE_RELATIONS}"><Relationship Id="rId1" '
        f'Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RELATIONS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}


class SharedStrings:
    """The workbook's table of distinct texts; a text cell holds its number in the table."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cells(self, texts: pd.Series) -> np.ndarray:
        """Cells of these distinct texts, each text added to the table when new."""
        numbers = self.numbers
        return np.array([f'<c t="s"><v>{numbers.setdefault(text, len(numbers))}</v></c>'
                         for text in texts.astype(str)], dtype=object)

    def xml(self) -> str:
        """sharedStrings.xml: the texts in number order, escaped for XML (CR too: XML reads a bare one as LF)."""
        texts = pd.Series(list(self.numbers), dtype=object)
        escaped = (texts.str.replace(NOT_XML, "", regex=True).str.replace("&", "&amp;")
                   .str.replace("<", "&lt;").str.replace(">", "&gt;").str.replace("\r", "&#13;"))
        items = '<si><t xml:space="preserve">' + escaped + "</t></si>"
        return (f'{HEAD}<sst xmlns="{MAIN}" uniqueCount="{len(texts)}">'
                f'{"".join(items)}</sst>')


def number_cells(numbers: pd.Series) -> np.ndarray:
    """Cells of distinct numbers (NaN an empty cell)."""
    values = numbers.to_numpy(float, na_value=np.nan)
    words = np.char.add(np.char.add("<c><v>", values.astype(str)), "</v></c>").astype(object)
    return np.where(np.isnan(values), EMPTY, words)


def bool_cells(flags: pd.Series) -> np.ndarray:
    """Cells of distinct booleans."""
    return np.where(flags.to_numpy(bool), '<c t="b"><v>1</v></c>', '<c t="b"><v>0</v></c>').astype(object)


def write_behind(write: Callable[[bytes], object], blocks: Iterable[bytes]) -> None:
    """Write each block in a thread while the next is made: writing and compressing let go of the GIL."""
    with ThreadPoolExecutor(max_workers=1) as writer:
        written = writer.submit(write, b"")
        for block in blocks:
            written.result()
            written = writer.submit(write, block)
        written.result()


def write_xlsx(path: Path, header: list[str], rows: Iterable[bytes], strings: SharedStrings) -> None:
    """The workbook: a header row of texts, then the rows' XML (UTF-8) as given, then the strings they use."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, xml in PARTS.items():
            book.writestr(name, HEAD + xml)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'{HEAD}<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            sheet.write(f'<row>{"".join(strings.cells(pd.Series(header, dtype=object)))}</row>'.encode())
            write_behind(sheet.write, rows)  # zlib too lets go of the GIL
            sheet.write(b"</sheetData></worksheet>")
        book.writestr("xl/sharedStrings.xml", strings.xml())

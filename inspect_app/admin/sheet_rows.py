"""Rows of an uploaded Excel sheet by column name; every refused cell is listed, nothing half-read."""

import io
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from inspect_app.checklist_tables import BadRow
from inspect_app.checklist_tables.workbook import clean, header_name


@dataclass(frozen=True)
class SheetRow:
    """One data row: where it is and its cells by column name."""

    file: str
    sheet: str
    row: int
    cells: dict[str, object]

    def text(self, column: str) -> str:
        """The cell as stripped text ('' when blank)."""
        value = self.cells.get(column)
        return "" if value is None else str(value).strip()

    def bad(self, column: str, why: str) -> BadRow:
        """This row's cell in column, refused for why."""
        return BadRow(self.file, self.sheet, self.row, column, self.cells.get(column), why)


def read_rows(data: bytes, filename: str, required: tuple[str, ...]) -> tuple[list[SheetRow], list[BadRow]]:
    """The rows of the first sheet below its header row; or the problems with the file itself."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return [], [
            BadRow(
                filename,
                "",
                None,
                "",
                "",
                "不是有效的 Excel 表格（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再上传。",
                False,
            )
        ]
    sheet = book.worksheets[0]
    rows = [[clean(v) for v in values] for values in sheet.iter_rows(values_only=True)]
    book.close()
    header_at = next((n for n, values in enumerate(rows) if set(required) <= {header_name(v) for v in values}), None)
    if header_at is None:
        why = "找不到表头行；表头应包含：" + "、".join(required)
        return [], [BadRow(filename, sheet.title, None, "", "", why, False)]
    names = [header_name(v) for v in rows[header_at]]
    found = [
        SheetRow(filename, sheet.title, header_at + n + 2, dict(zip(names, values, strict=False)))
        for n, values in enumerate(rows[header_at + 1 :])
        if any(v is not None for v in values)
    ]
    return found, []

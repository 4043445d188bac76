"""Exports people open in Excel: formulas never run, numbers stay numbers, XLSX read back whole."""

from datetime import date

import openpyxl
import pandas as pd
import pytest

from inspect_app import exports
from inspect_app.exports import neutralised, write_table


@pytest.mark.parametrize(("text", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\n=1", "'\n=1"),
    ("甲村", "甲村"), ("a=b", "a=b"), ("", ""),
])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text, expected):
    got = neutralised(pd.Series([text, None]))
    assert got.iloc[0] == expected
    assert pd.isna(got.iloc[1])


@pytest.fixture
def table():
    return pd.DataFrame({
        "rank": pd.array([1, None], dtype="Int64"), "subject": ["=1+1", "乙村 <&> 的\x01"],
        "score": [97.5, float("nan")], "vetoed": [False, True],
        "co_units": [["镇扶贫办", "-各村"], []], "deadline": [date(2026, 12, 1), None]})


def test_xlsx_keeps_numbers_headers_and_text_safe(tmp_path, table, monkeypatch):
    monkeypatch.setattr(exports, "BLOCK_ROWS", 1)  # a block per row: blocks join up
    write_table(table, tmp_path / "t.xlsx", ".xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [["rank", "subject", "score", "vetoed", "co_units", "deadline"],
                    [1, "'=1+1", 97.5, False, "镇扶贫办、-各村", "2026-12-01"],
                    [None, "乙村 <&> 的", None, True, "", None]]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_csv_has_a_bom_and_neutralised_text(tmp_path, table):
    write_table(table, tmp_path / "t.csv", ".csv")
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert back["subject"].tolist() == ["'=1+1", "乙村 <&> 的\x01"]
    assert back["score"].tolist() == ["97.5", ""]
    assert back["deadline"].tolist() == ["2026-12-01", ""]

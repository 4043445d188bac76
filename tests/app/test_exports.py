"""Exports people open in Excel: formulas never run, numbers stay numbers, XLSX read back whole."""

import zipfile
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


@pytest.fixture
def awkward():
    """Texts CSV must quote and XLSX must escape, repeated over blocks, with numbers and gaps."""
    texts = ["=SUM(A1)", "甲村，乙村", 'say "hi"', "two\nlines", "cr\rhere", "", None, "-3", "a,b", "丙村 <&>"]
    return pd.DataFrame({
        "subject": texts * 3,
        "rank": pd.array(list(range(1, 10)) + [None] + list(range(20)), dtype="Int64"),
        "lost": [1.5, float("nan"), 1e16, 0.1 + 0.2, -0.0, 1e-7, 3.0, 2.25, 12345678.9, 4.0] * 3,
        "vetoed": [True, False, False] * 10,
        "group": pd.Series(["一镇", "二镇", "=三镇"] * 10, dtype="category"),
        "veto_reasons": [["否决一", "=否决二"], []] * 15})


def test_csv_is_what_to_csv_writes_of_the_neutralised_table(tmp_path, awkward, monkeypatch):
    monkeypatch.setattr(exports, "BLOCK_ROWS", 7)
    write_table(awkward, tmp_path / "t.csv", ".csv")
    expected = awkward.assign(
        subject=neutralised(awkward["subject"]), group=neutralised(awkward["group"]),
        veto_reasons=neutralised(awkward["veto_reasons"].str.join("；")))
    # ... except that a CR inside a field is quoted too (Excel ends a row at a bare CR): rows end in LF.
    written = expected.to_csv(index=False, lineterminator="\r\n").replace("\r\n", "\n")
    assert '"cr\rhere"' in written
    assert (tmp_path / "t.csv").read_bytes() == ("\ufeff" + written).encode()


def test_xlsx_reads_back_with_the_same_values_and_types(tmp_path, awkward, monkeypatch):
    monkeypatch.setattr(exports, "BLOCK_ROWS", 7)
    write_table(awkward, tmp_path / "t.xlsx", ".xlsx")
    back = pd.read_excel(tmp_path / "t.xlsx", keep_default_na=False, na_values=[])
    subjects = ["'=SUM(A1)", "甲村，乙村", 'say "hi"', "two\nlines", "cr\rhere", "", "",
                "'-3", "a,b", "丙村 <&>"]
    assert back["subject"].tolist() == subjects * 3
    assert back["rank"].tolist() == list(range(1, 10)) + [""] + list(range(20))
    assert back["lost"].tolist()[:5] == [1.5, "", 1e16, 0.1 + 0.2, -0.0]
    assert back["vetoed"].tolist() == [True, False, False] * 10
    assert back["group"].tolist() == ["一镇", "二镇", "'=三镇"] * 10
    assert back["veto_reasons"].tolist() == ["否决一；=否决二", ""] * 15
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    cells = [(cell.value, cell.data_type) for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert cells == [("'=SUM(A1)", "s"), (1, "n"), (1.5, "n"), (True, "b"), ("一镇", "s"), ("否决一；=否决二", "s")]


def test_xlsx_stores_each_distinct_text_once(tmp_path, awkward):
    write_table(awkward, tmp_path / "t.xlsx", ".xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert strings.count("<si>") == 6 + 9 + 3 + 1  # headers, subjects (one empty), groups, a reason
    assert strings.count("甲村，乙村") == 1

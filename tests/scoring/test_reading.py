"""Reading a response CSV: Arrow's parallel reader gives the cells pandas' reader gives, and
the engine scores a table of categorical or `str` text as it scores one of Python objects."""

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import load_checklist, score
from scoring.tables import read_table

GOLDEN = Path(__file__).parent / "golden"
# what people type in a cell, and what breaks a naive CSV reader: commas, quotes, line breaks
cells = st.text(alphabet=st.sampled_from(list("村a1 ,\"\n\r是否．％%　考")), max_size=6)


def pandas_cells(path: Path, encoding: str = "utf-8-sig") -> pd.DataFrame:
    """The cells as pandas' own reader gives them, every one as text."""
    return pd.read_csv(path, encoding=encoding, dtype=object, keep_default_na=False, na_filter=False)


def same_cells(read: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(read.columns) == list(expected.columns)
    assert read.astype(object).to_numpy().tolist() == expected.to_numpy().tolist()


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=4, max_size=4), max_size=12))
def test_a_csv_reads_as_pandas_reads_it_every_column_categorical(tmp_path, rows):
    path = tmp_path / "answers.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([["subject", "item", "value", "note"], *rows])
    read = read_table(path)
    same_cells(read, pandas_cells(path))
    assert all(isinstance(dtype, pd.CategoricalDtype) for dtype in read.dtypes)


@pytest.mark.parametrize(("text", "why"), [
    ("subject,item,value\n村1,A1\n村2,A1,是\n", "a row of too few cells"),
    ("subject,item,value\n村1,A1,是,多\n", "a row of too many cells"),
    ("subject,item,item\n村1,A1,A2\n", "a repeated header"),
    ("subject,item,value,\n村1,A1,是,\n", "an empty header"),
])
def test_a_csv_arrow_would_read_otherwise_is_read_as_pandas_reads_it(tmp_path, text, why):
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8")
    same_cells(read_table(path), pandas_cells(path))


def test_a_gbk_csv_is_read_as_pandas_reads_it(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("考核对象,评分项,值\n村1,A1,是\n", encoding="gbk")
    same_cells(read_table(path), pandas_cells(path, "gb18030"))


@pytest.mark.parametrize("kind", ["category", pd.StringDtype("pyarrow"), pd.StringDtype("python")],
                         ids=["categorical", "str in Arrow", "str in Python"])
def test_a_table_of_any_text_type_scores_as_a_plain_one_blanks_included(kind):
    checklist = load_checklist(GOLDEN / "village.yaml")
    answers = pd.read_csv(GOLDEN / "answers.csv", dtype=object, keep_default_na=False)
    answers.loc[answers.index[::7], "value"] = "  "  # left blank: spaces only
    answers["note"] = ["  " if k % 3 else "现场核查" for k in range(len(answers))]
    plain = score(checklist, answers)
    typed = score(checklist, answers.astype(kind))
    pd.testing.assert_frame_equal(typed.subjects, plain.subjects)
    pd.testing.assert_frame_equal(typed.items, plain.items)
    pd.testing.assert_frame_equal(typed.rectifications, plain.rectifications)
    assert (plain.subjects["status"] == "incomplete").any()  # the blanks were taken for blanks

"""`inspect-app score` and `check-checklist`: files in, files out, clear refusals, nothing half-written."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from inspect_app.cli.engine import check_checklist, score_command

GOLDEN = Path(__file__).parent / "golden"
CHECKLIST = str(GOLDEN / "village.yaml")
EXPECTED = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))["results"]


def invoke(command, *args):
    """Run a command as a user would, exceptions left to the command's own handling."""
    return CliRunner().invoke(command, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def long_answers():
    return pd.read_csv(GOLDEN / "answers.csv", dtype=str)


@pytest.fixture
def wide_answers(long_answers):
    wide = long_answers.pivot(index=["subject", "group", "inspector"], columns="item",
                              values="value").reset_index()
    wide.columns.name = None
    return wide


def test_the_example_scores_to_the_hand_checked_json(tmp_path):
    out = tmp_path / "results.json"
    result = invoke(score_command, CHECKLIST, GOLDEN / "answers.csv", "--out", out)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == EXPECTED


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_wide_tables_score_like_long_ones(tmp_path, wide_answers, suffix):
    source = tmp_path / f"wide{suffix}"
    if suffix == ".csv":
        wide_answers.to_csv(source, index=False)
    else:
        wide_answers.to_excel(source, index=False)
    out = tmp_path / "results.json"
    assert invoke(score_command, CHECKLIST, source, "--out", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == EXPECTED


def test_a_gbk_csv_from_excel_is_read(tmp_path, long_answers):
    source = tmp_path / "gbk.csv"
    long_answers.to_csv(source, index=False, encoding="gbk")
    out = tmp_path / "r.json"
    assert invoke(score_command, CHECKLIST, source, "--out", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == EXPECTED


def test_xlsx_and_csv_outputs_hold_the_same_numbers(tmp_path):
    invoke(score_command, CHECKLIST, GOLDEN / "answers.csv", "--out", tmp_path / "r.xlsx",
           "--rectifications", tmp_path / "z.csv", "--assessed-on", "2026-11-01")
    table = pd.read_excel(tmp_path / "r.xlsx")
    assert table.columns.tolist() == ["rank", "group_rank", "subject", "group", "score", "grade",
                                      "vetoed", "veto_reasons", "status", "bonus", "A"]
    assert table["score"].tolist() == [e["score"] for e in EXPECTED]
    rect = pd.read_csv(tmp_path / "z.csv", encoding="utf-8-sig")
    assert rect.columns.tolist() == ["subject", "group", "item", "text", "finding", "lost",
                                     "lead_unit", "co_units", "deadline"]
    assert rect.loc[0, "deadline"] == "2026-12-01"   # 30 days after 1 November


def test_a_bad_value_names_file_row_column_and_value_and_writes_nothing(tmp_path, long_answers):
    long_answers.loc[5, "value"] = "九十"          # data row 6 → spreadsheet row 7
    source = tmp_path / "answers.csv"
    long_answers.to_csv(source, index=False)
    out = tmp_path / "results.csv"
    out.write_text("earlier results", encoding="utf-8")
    result = invoke(score_command, CHECKLIST, source, "--out", out, "--rectifications",
                    tmp_path / "r.csv")
    assert result.exit_code == 1
    assert str(source) in result.output
    assert "第 7 行" in result.output
    assert "列 value" in result.output
    assert "九十" in result.output
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "earlier results"
    assert not (tmp_path / "r.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.csv", "results.csv"]


def test_a_bad_wide_cell_names_the_item_column(tmp_path, wide_answers):
    wide_answers.loc[2, "A4"] = "不清楚"
    source = tmp_path / "wide.csv"
    wide_answers.to_csv(source, index=False)
    result = invoke(score_command, CHECKLIST, source)
    assert result.exit_code == 1
    assert "第 4 行，列 A4" in result.output
    assert "不清楚" in result.output


def test_an_unknown_item_column_is_refused(tmp_path, wide_answers):
    source = tmp_path / "wide.csv"
    wide_answers.rename(columns={"A9": "A99"}).to_csv(source, index=False)
    result = invoke(score_command, CHECKLIST, source)
    assert result.exit_code == 1
    assert "A99" in result.output


def test_incomplete_subjects_stop_the_run_unless_allowed(tmp_path, long_answers):
    source = tmp_path / "answers.csv"
    long_answers.drop(index=[3]).to_csv(source, index=False)   # 洼子村 张三 A4
    out = tmp_path / "r.json"
    refused = invoke(score_command, CHECKLIST, source, "--out", out)
    assert refused.exit_code == 1
    assert "洼子村" in refused.output
    assert "A4" in refused.output
    assert not out.exists()
    allowed = invoke(score_command, CHECKLIST, source, "--out", out, "--allow-incomplete")
    assert allowed.exit_code == 0
    row = next(r for r in json.loads(out.read_text(encoding="utf-8")) if r["subject"] == "洼子村")
    assert (row["status"], row["rank"], row["grade"]) == ("incomplete", None, None)


def test_a_broken_checklist_is_reported_not_raised(tmp_path):
    broken = tmp_path / "c.yaml"
    broken.write_text(Path(CHECKLIST).read_text(encoding="utf-8").replace("max: 100", "max: 一百"),
                      encoding="utf-8")
    result = invoke(score_command, broken, GOLDEN / "answers.csv")
    assert result.exit_code == 1
    assert "sections[0].items[0].max" in result.output


def test_an_output_type_we_cannot_write_is_refused_before_work(tmp_path):
    result = invoke(score_command, CHECKLIST, GOLDEN / "answers.csv", "--out", tmp_path / "r.pdf")
    assert result.exit_code == 1
    assert ".csv" in result.output


def test_check_checklist_accepts_a_good_one_and_lists_every_problem(tmp_path):
    good = invoke(check_checklist, CHECKLIST)
    assert good.exit_code == 0
    assert "有效" in good.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: t\nsubject: village\ntotal: 5\ngrades: [{grade: 好, min: 0}]\n"
                   "sections: [{code: A, title: a, items: [{code: A1, text: t, method: guess}]}]\n",
                   encoding="utf-8")
    result = invoke(check_checklist, bad)
    assert result.exit_code == 1
    assert "sections[0].items[0].method" in result.output


def test_an_empty_response_file_is_refused(tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text("subject,item,value\n", encoding="utf-8")
    result = invoke(score_command, CHECKLIST, source, "--out", tmp_path / "r.csv")
    assert result.exit_code == 1
    assert "没有任何答案" in result.output
    assert not (tmp_path / "r.csv").exists()


def test_a_missing_output_folder_is_refused_and_nothing_is_written(tmp_path):
    rect = tmp_path / "rect.csv"
    result = invoke(score_command, CHECKLIST, GOLDEN / "answers.csv", "--rectifications", rect,
                    "--out", tmp_path / "no-such-folder" / "r.csv")
    assert result.exit_code == 1
    assert "不存在" in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_console_command_ends_with_its_output_whole_and_its_exit_code(tmp_path):
    """`inspect-app` as installed: it skips the interpreter's teardown, not its output or exit code."""
    command = [sys.executable, "-c", "from inspect_app.cli import run; run()", "score", CHECKLIST]
    scored = subprocess.run([*command, GOLDEN / "answers.csv"], capture_output=True, text=True, check=False)
    assert scored.returncode == 0, scored.stderr
    assert pd.read_csv(io.StringIO(scored.stdout))["subject"].tolist() == [row["subject"] for row in EXPECTED]
    refused = subprocess.run([*command, tmp_path / "none.csv"], capture_output=True, text=True, check=False)
    assert refused.returncode == 1
    assert "无法读取文件" in refused.stderr

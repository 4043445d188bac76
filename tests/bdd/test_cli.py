"""The command line: `inspect-app score` and `check-checklist` on files, all or nothing."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from pytest_bdd import given, parsers, scenarios, then, when

from inspect_app.cli.engine import check_checklist, score_command
from tests.bdd.tables import assert_rows

scenarios("cli")

EXAMPLE = Path(__file__).parents[1] / "scoring" / "golden"  # a copy of /work/shared/examples
COMMANDS = {"score": score_command, "check-checklist": check_checklist}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder the commands run in."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---- Given ----------------------------------------------------------------------------------


@given("工作目录中有示例检查表、答卷和预期结果")
def given_example(workdir: Path) -> None:
    """village.yaml, answers.csv and expected.json of the worked example."""
    for name in ("village.yaml", "answers.csv", "expected.json"):
        shutil.copy(EXAMPLE / name, workdir / name)


@given(parsers.parse('文件 "{name}":'))
def given_file(workdir: Path, name: str, docstring: str) -> None:
    """A file in the working folder with the text given."""
    (workdir / name).write_text(docstring + "\n", encoding="utf-8")


# ---- When -----------------------------------------------------------------------------------


@when(parsers.parse('运行 "inspect-app {command}"'), target_fixture="cli_result")
def when_run(runner: CliRunner, workdir: Path, command: str) -> Result:
    """Run one inspect-app command in the working folder."""
    name, *args = shlex.split(command)
    return runner.invoke(COMMANDS[name], args)


# ---- Then -----------------------------------------------------------------------------------


@then(parsers.parse("退出码为 {code:d}"))
def then_exit_code(cli_result: Result, code: int) -> None:
    """The command ended with this exit code."""
    assert cli_result.exit_code == code, cli_result.output


@then(parsers.parse('输出包含 "{text}"'))
def then_output_has(cli_result: Result, text: str) -> None:
    """What the command printed says this."""
    assert text in cli_result.output, cli_result.output


@then(parsers.parse('没有写出文件 "{name}"'))
def then_not_written(workdir: Path, name: str) -> None:
    """Nothing was written under that name (nor any temporary file beside it)."""
    assert not (workdir / name).exists()
    assert not list(workdir.glob(f"*{Path(name).suffix}.tmp*")) + list(workdir.glob("tmp*"))


@then(parsers.parse('"{name}" 中的结果与示例 expected.json 完全一致'))
def then_same_as_expected(workdir: Path, name: str) -> None:
    """Every key of every row of the JSON output equals the hand-checked expected results."""
    got = json.loads((workdir / name).read_text(encoding="utf-8"))
    expected = json.loads((workdir / "expected.json").read_text(encoding="utf-8"))["results"]
    assert got == expected


@then(parsers.parse('"{name}" 中 "{subject}" 的行为:'))
def then_file_rows(workdir: Path, name: str, subject: str, datatable: list[list[str]]) -> None:
    """The CSV written holds, for that subject and in order, the rows given."""
    frame = pd.read_csv(workdir / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert_rows(frame[frame["subject"] == subject].reset_index(drop=True), datatable)

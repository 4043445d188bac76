"""The benchmarks stay runnable: the engine's generator and engine, and the command line, at a small size.

No timing here: performance is measured by `benchmarks/engine.py`, never by timed tests.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "engine.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("benchmark_engine", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_campaign_scores(bench) -> None:
    checklist = bench.make_checklist(20)
    responses = bench.make_responses(checklist, villages=50, inspectors=2, towns=5)
    codes = len(list(checklist.answer_codes()))
    assert len(responses) == 50 * codes * 2
    assert all(isinstance(responses[c].dtype, pd.CategoricalDtype)
               for c in ("subject", "item", "inspector", "group", "value", "note"))
    assert {"levels", "deduct"} <= {item.method for item in checklist.items}
    assert any(item.lines for item in checklist.items)
    subjects = bench.engine(checklist, responses)
    assert len(subjects) == 50
    assert set(subjects["status"]) <= {"ok", "excluded"}
    assert subjects["score"].notna().all()
    _, items, rectifications, pool_lines = bench.whole(checklist, responses)
    assert len(items) == 50 * 20
    assert len(pool_lines)
    assert len(rectifications)
    numbers = bench.as_numbers(responses)
    assert numbers["value"].dtype == "float64"
    floor = bench.floor(bench.with_subject_as(numbers, "object"))
    assert len(floor) == 50


def test_script_runs(bench, capsys) -> None:
    bench.main(["--villages", "50", "--items", "20", "--inspectors", "2", "--towns", "5",
                "--repeats", "1", "--no-memory"])
    out = capsys.readouterr().out
    assert "engine / floor" in out


@pytest.mark.slow
def test_command_line_benchmark_runs(tmp_path, capsys) -> None:
    spec = importlib.util.spec_from_file_location("benchmark_cli", SCRIPT.with_name("cli.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.main(["--villages", "4", "--inspectors", "2", "--csv", str(tmp_path / "answers.csv"),
                           "--repeats", "2"])
    assert set(figures) == {*module.FLOORS, "score --out CSV", "score --out XLSX",
                            "score --out CSV --rectifications CSV", "score --out XLSX --rectifications XLSX"}
    assert min(figures[name]["time_ratio"] for name in module.FLOORS) == 1  # the faster read is the floor
    assert "read_csv" in capsys.readouterr().out
    assert len(pd.read_csv(tmp_path / "answers.csv")) == 4 * 2 * 65

"""The rankings benchmark stays runnable: a small campaign built, rescored, its pages served, a reopen
and a sign-off shown in the ranking page.

No timing here: performance is measured by `benchmarks/rankings.py`, never by timed tests.
"""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "rankings.py"


@pytest.mark.slow
def test_a_small_rankings_run_serves_every_page(capsys):
    spec = importlib.util.spec_from_file_location("benchmark_rankings", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["--villages", "12", "--items", "8", "--inspectors", "2", "--repeats", "1"])
    out = capsys.readouterr().out
    assert "built 12 villages × 8 items × 2 inspectors" in out
    for line in ("rescoring from the database", "ranking page, one town", "API, every village",
                 "a reopen of one sheet, until the ranking page (reloaded every 1 s) shows it",
                 "a sign-off of one sheet, until the ranking page (reloaded every 0 s) shows it"):
        assert line in out, line

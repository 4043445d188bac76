"""The read-load benchmark stays runnable: a small run against a real server, every request answered.

No timing here: performance is measured by `benchmarks/read_load.py`, never by timed tests.
"""

import pytest


@pytest.mark.slow
def test_a_small_read_load_run_answers_everything(read_load, capsys):
    report = read_load.main(["--readers", "2", "--seconds", "2"])
    kinds = {line["kind"]: line for line in report["kinds"]}
    assert list(kinds) == ["rankings", "login", "save"]
    assert {kind: line["errors"] for kind, line in kinds.items()} == {"rankings": 0, "login": 0, "save": 0}
    assert all(line["count"] > 0 for line in kinds.values())
    assert len(report["served_per_reader"]) == 2
    assert min(report["served_per_reader"]) > 0
    assert "rankings served per reader" in capsys.readouterr().out

"""The worked example of DESIGN.md (tests/scoring/golden, copied from shared/examples)."""

import json
from pathlib import Path

import pandas as pd
import pytest

from scoring import load_checklist, score
from scoring.tables import result_table

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def results():
    checklist = load_checklist(GOLDEN / "village.yaml")
    return score(checklist, pd.read_csv(GOLDEN / "answers.csv", dtype=str))


def test_subject_table_matches_the_hand_checked_results(results):
    expected = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))["results"]
    got = json.loads(result_table(results).to_json(orient="records", force_ascii=False))
    assert got == expected


def test_rectification_rows_match_the_hand_checked_losses(results):
    rows = results.rectifications
    wazi = rows[rows["subject"] == "洼子村"]
    assert [f"{r.item} lost {r.lost:g}" for r in wazi.itertuples()] == [
        "A1 lost 15", "A2 lost 3.5", "A5 lost 3", "A6 lost 4.5"]


def test_every_veto_gives_a_rectification_row(results):
    rows = results.rectifications.set_index(["subject", "item"])
    assert rows.loc[("光明咀村", "A8"), "finding"].startswith("一票否决")
    assert rows.loc[("南湖新村", "A7"), "finding"].startswith("一票否决")
    assert rows.loc[("南湖新村", "A7"), "lost"] == 50

"""Re-check lists: inspector spread beyond a share of the item max; self-assessment gaps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.agreement import inspector_agreement, self_check, self_check_summary

MAXIMA = {"A1": 10, "A2": 30, "A3": 50, "A4": 11, "A5": 40}


def inspectors(item: str, *scores: float, subject: str = "甲村") -> pd.DataFrame:
    """One subject's item scored by inspectors 1, 2, 3 ..."""
    return pd.DataFrame({"subject": subject, "item": item,
                         "inspector": [f"组员{i}" for i in range(1, len(scores) + 1)],
                         "score": list(scores)})


# ---- inspector agreement ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "scores",        "share",          "spread", "limit", "flagged"), [
    pytest.param("A1", (8, 10),        0.2,            2.0,  2.0, False,
                 id="10-8=2 at the limit .2*10=2: not flagged"),
    pytest.param("A1", (8.3, 6.3),     0.2,            2.0,  2.0, False,
                 id="8.3-6.3=2 (float 2.000000000000001) at the limit: not flagged"),
    pytest.param("A1", (7.9, 10),      0.2,            2.1,  2.0, True,
                 id="10-7.9=2.1 above .2*10=2: flagged"),
    pytest.param("A1", (8, 9, 10),     0.2,            2.0,  2.0, False,
                 id="three inspectors 10-8=2: not flagged"),
    pytest.param("A1", (6,),           0.2,            0.0,  2.0, False,
                 id="one inspector: spread 0"),
    pytest.param("A2", (27, 30),       0.1,            3.0,  3.0, False,
                 id="30-27=3 at .1*30=3: not flagged"),
    pytest.param("A3", (40, 50.5),     Decimal("0.2"), 10.5, 10.0, True,
                 id="50.5-40=10.5 above .2*50=10 (Decimal share): flagged"),
])
def test_spread_against_limit(item: str, scores: tuple[float, ...], share: float | Decimal,
                              spread: float, limit: float, flagged: bool) -> None:
    row = inspector_agreement(inspectors(item, *scores), MAXIMA, share).iloc[0]
    assert (row["n"], row["min"], row["max"]) == (len(scores), min(scores), max(scores))
    assert (row["spread"], row["limit"], row["flagged"]) == (spread, limit, flagged)


def test_agreement_columns_and_flagged_first() -> None:
    scores = pd.concat([inspectors("A1", 9, 10, subject="甲村"),
                        inspectors("A2", 20, 30, subject="甲村"),  # 10 > .2*30=6
                        inspectors("A1", 5, 10, subject="乙村")])  # 5 > .2*10=2
    result = inspector_agreement(scores, pd.Series(MAXIMA))
    assert list(result.columns) == ["subject", "item", "n", "min", "max", "spread", "limit",
                                    "flagged"]
    assert result[["subject", "item", "flagged"]].to_numpy().tolist() == [
        ["乙村", "A1", True], ["甲村", "A2", True], ["甲村", "A1", False]]


@pytest.mark.parametrize(
    ("scores",                                              "maxima",   "share", "words"), [
    (inspectors("A9", 1, 2),                                MAXIMA,     0.2,     "no max"),
    (pd.concat([inspectors("A1", 1), inspectors("A1", 2)]), MAXIMA,     0.2,     "more than once"),
    (inspectors("A1", 1).drop(columns="inspector"),         MAXIMA,     0.2,     "missing column"),
    (inspectors("A1", 1, 2),                                MAXIMA,     -0.1,    "negative"),
])
def test_agreement_input_errors(scores: pd.DataFrame, maxima: dict[str, int], share: float,
                                words: str) -> None:
    with pytest.raises(ValueError, match=words):
        inspector_agreement(scores, maxima, share)


# ---- self-assessment against inspection -----------------------------------------------------


def scored(*rows: tuple[str, str, float]) -> pd.DataFrame:
    """Long scores: (subject, item, score) rows."""
    return pd.DataFrame(rows, columns=["subject", "item", "score"])


@pytest.mark.parametrize(
    ("item", "own", "inspected", "gap",  "limit", "flagged"), [
    pytest.param("A1", 10,  9,    1.0,  1.0, False, id="10-9=1 at .1*10=1: not flagged"),
    pytest.param("A1", 10,  8.9,  1.1,  1.0, True,  id="10-8.9=1.1 beyond 10 %: flagged"),
    pytest.param("A1", 8.9, 10,  -1.1,  1.0, True,  id="8.9-10=-1.1 below by more than 10 %"),
    pytest.param("A5", 36,  40,  -4.0,  4.0, False, id="36-40=-4 at .1*40=4: not flagged"),
    pytest.param("A4", 9.3, 8.2,  1.1,  1.1, False,
                 id="9.3-8.2=1.1 (float 1.1000000000000014) at .1*11=1.1: not flagged"),
])
def test_self_gap_against_limit(item: str, own: float, inspected: float, gap: float,
                                limit: float, flagged: bool) -> None:
    row = self_check(scored(("甲村", item, own)), scored(("甲村", item, inspected)), MAXIMA).iloc[0]
    assert (row["self_score"], row["inspected_score"]) == (own, inspected)
    assert (row["gap"], row["limit"], row["flagged"]) == (gap, limit, flagged)
    assert row["missing"] is None


def test_items_on_one_side_only() -> None:
    own = scored(("甲村", "A1", 10), ("甲村", "A2", 28))
    inspected = scored(("甲村", "A1", 8.9), ("甲村", "A3", 45))
    result = self_check(own, inspected, MAXIMA)
    assert list(result.columns) == ["subject", "item", "self_score", "inspected_score", "gap",
                                    "limit", "flagged", "missing"]
    assert result["item"].tolist() == ["A1", "A2", "A3"]  # A1 flagged first
    by_item = result.set_index("item")
    assert by_item.loc["A2", "missing"] == "inspected"
    assert by_item.loc["A3", "missing"] == "self"
    assert by_item.loc[["A2", "A3"], "gap"].isna().all()
    assert not by_item.loc[["A2", "A3"], "flagged"].any()


def test_summary_per_subject() -> None:
    own = scored(("甲村", "A1", 10), ("甲村", "A2", 28), ("甲村", "A5", 36),
                 ("乙村", "A1", 10), ("乙村", "A2", 30))
    inspected = scored(("甲村", "A1", 8.9), ("甲村", "A2", 27), ("甲村", "A5", 40),
                       ("乙村", "A1", 10))
    summary = self_check_summary(self_check(own, inspected, MAXIMA))
    assert list(summary.columns) == ["subject", "self_total", "inspected_total", "gap",
                                     "n_flagged", "n_missing"]
    rows = summary.set_index("subject")
    # 甲村: self 10+28+36=74, inspected 8.9+27+40=75.9, gap -1.9; flagged A1 (1.1 > 1) only
    assert rows.loc["甲村"].tolist() == [74.0, 75.9, -1.9, 1, 0]
    # 乙村: A2 not inspected: self 40, inspected 10, gap unknown
    assert rows.loc["乙村", ["self_total", "inspected_total", "n_flagged", "n_missing"]
                    ].tolist() == [40.0, 10.0, 0, 1]
    assert pd.isna(rows.loc["乙村", "gap"])


def test_self_check_input_errors() -> None:
    twice = scored(("甲村", "A1", 10), ("甲村", "A1", 9))
    with pytest.raises(ValueError, match="self_scores: subject, item listed more than once"):
        self_check(twice, scored(("甲村", "A1", 9)), MAXIMA)
    with pytest.raises(ValueError, match=r"no max for item\(s\) \['A9'\]"):
        self_check(scored(("甲村", "A9", 1)), scored(("甲村", "A1", 1)), MAXIMA)


# ---- properties -----------------------------------------------------------------------------

panel = st.lists(
    st.tuples(st.sampled_from(["甲村", "乙村", "丙村"]), st.sampled_from(["A1", "A2", "A3"]),
              st.sampled_from(["组员1", "组员2", "组员3"]), st.integers(0, 1000)),
    min_size=1, max_size=25, unique_by=lambda row: row[:3],
).map(lambda rows: pd.DataFrame(rows, columns=["subject", "item", "inspector", "score"])
      .assign(score=lambda f: f["score"] / 100))  # hundredths of a point, 0..10


@given(panel, st.randoms(use_true_random=False))
def test_agreement_ignores_row_order(scores: pd.DataFrame, random: Any) -> None:
    shuffled = scores.sample(frac=1, random_state=random.randint(0, 2**31))
    pd.testing.assert_frame_equal(inspector_agreement(scores, MAXIMA),
                                  inspector_agreement(shuffled, MAXIMA))


@given(panel)
def test_flagged_exactly_when_spread_beyond_limit(scores: pd.DataFrame) -> None:
    result = inspector_agreement(scores, MAXIMA)
    assert result["n"].sum() == len(scores)
    assert (result["spread"] >= 0).all()
    assert (result["flagged"] == (result["spread"] > result["limit"])).all()
    assert result["flagged"].is_monotonic_decreasing  # flagged first

"""Composite assessments: weighted parts, quarterly means, half-up totals, vetoes, incomplete."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.checklist import ChecklistError
from scoring.composite import composite
from scoring.composite_rule import CompositePart, CompositeRule, parse_composite

QUARTERS = ["q1", "q2", "q3", "q4"]
CAMPAIGNS = [*QUARTERS, "核查", "第三方"]
# A provincial rule: daily supervision 40 % (the mean of four quarterly inspections),
# yearly verification 30 %, third-party evaluation 30 %.
PROVINCIAL = {
    "parts": [
        {"name": "日常督查", "weight": 0.4, "campaigns": QUARTERS},
        {"name": "年度核查", "weight": 0.3, "campaigns": ["核查"]},
        {"name": "第三方评估", "weight": 0.3, "campaigns": ["第三方"]},
    ],
}

Scores = dict[str, list[float | None]]
MakeCampaigns = Callable[..., dict[str, pd.DataFrame]]


@pytest.fixture
def make_campaigns() -> MakeCampaigns:
    """Build campaign frames from {subject: [score per campaign]}; None: not in that campaign."""

    def make(table: Scores, campaigns: list[str] = CAMPAIGNS,
             **extra: dict[str, dict[str, Any]]) -> dict[str, pd.DataFrame]:
        frames = {}
        for index, campaign in enumerate(campaigns):
            rows = {s: scores[index] for s, scores in table.items() if scores[index] is not None}
            frame = pd.DataFrame({"subject": list(rows), "score": list(rows.values())},
                                 dtype=object).astype({"score": float})
            for column, values in extra.items():  # e.g. vetoed={"q2": {"甲": True}}
                frame[column] = frame["subject"].map(values.get(campaign, {}))
            frames[campaign] = frame
        return frames

    return make


def provincial(**changes: Any) -> CompositeRule:
    """The provincial rule with top-level keys changed."""
    return parse_composite({**PROVINCIAL, **changes})


# ---- totals, checked by hand --------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores",                               "daily",  "total"), [
    pytest.param(
     [85.5, 90.0, 88.0, 87.5, 92.0, 80.0],   87.75,    86.7,
     id="daily (85.5+90+88+87.5)/4=87.75; .4*87.75+.3*92+.3*80=35.1+27.6+24=86.7"),
    pytest.param(
     [80.0, 80.0, 80.0, 80.0, 85.0, 88.5],   80.0,     84.1,
     id="half-up .4*80+.3*85+.3*88.5=32+25.5+26.55=84.05 -> 84.1 (round() gives 84.0)"),
    pytest.param(
     [85.0, 85.0, 85.0, 85.0, 84.0, 83.5],   85.0,     84.3,
     id="half-up .4*85+.3*84+.3*83.5=34+25.2+25.05=84.25 -> 84.3 (round() gives 84.2)"),
    pytest.param(
     [80.0, 81.0, 81.0, 81.0, 90.0, 90.0],   80.75,    86.3,
     id="daily 323/4=80.75; .4*80.75+.3*90+.3*90=32.3+27+27=86.3"),
    pytest.param(
     [80.1, 80.1, 80.1, 80.1, 80.1, 80.2],   80.1,     80.1,
     id="rounds down .4*80.1+.3*80.1+.3*80.2=32.04+24.03+24.06=80.13 -> 80.1"),
    pytest.param(
     [100.0, 100.0, 100.0, 100.0, 100.0, 100.0], 100.0, 100.0,
     id="full marks 100"),
])
def test_provincial_total(make_campaigns: MakeCampaigns, scores: list[float | None],
                          daily: float, total: float) -> None:
    result = composite(provincial(), make_campaigns({"甲镇": scores})).iloc[0]
    assert result["日常督查"] == daily
    assert result["score"] == total
    assert result["年度核查"] == scores[4]
    assert result["第三方评估"] == scores[5]
    assert (result["status"], result["vetoed"], result["missing"]) == ("ok", False, [])


@pytest.mark.parametrize(
    ("precision", "scores",                             "total"), [
    pytest.param(1,   [84, 84, 84, 84, 85, 85],          85.0,
                 id="precision 1: .4*84+.3*85+.3*85=84.6 -> 85"),
    pytest.param(1,   [85, 85, 85, 85, 84, 83],          84.0,
                 id="precision 1: 34+25.2+24.9=84.1 -> 84"),
    pytest.param(1,   [85, 85, 85, 85, 85, 80],          84.0,
                 id="precision 1: 34+25.5+24=83.5 -> 84"),
    pytest.param(1,   [82.5, 82.5, 82.5, 82.5, 82.5, 82.5], 83.0,
                 id="precision 1: 82.5 -> 83 (round() gives 82)"),
    pytest.param(0.5, [80, 80, 80, 80, 80.5, 81],        80.5,
                 id="precision 0.5: 32+24.15+24.3=80.45 -> 80.5"),
    pytest.param(0.01, [80, 80, 80, 80, 80.05, 80.1],    80.05,
                 id="precision 0.01: 32+24.015+24.03=80.045 -> 80.05"),
])
def test_precision_rounds_half_up(make_campaigns: MakeCampaigns, precision: float,
                                  scores: list[float | None], total: float) -> None:
    result = composite(provincial(precision=precision), make_campaigns({"甲镇": scores}))
    assert result["score"].iloc[0] == total


def test_columns_and_subject_order(make_campaigns: MakeCampaigns) -> None:
    table: Scores = {"乙镇": [80.0] * 6, "甲镇": [90.0] * 6}
    result = composite(provincial(), make_campaigns(table))
    assert list(result.columns) == ["subject", "日常督查", "年度核查", "第三方评估", "score",
                                    "vetoed", "veto_campaigns", "status", "missing"]
    assert list(result["subject"]) == ["乙镇", "甲镇"]  # sorted by subject


# ---- incomplete, vetoed, excluded ---------------------------------------------------------


def test_subject_missing_from_a_quarter_is_incomplete(make_campaigns: MakeCampaigns) -> None:
    table: Scores = {"甲镇": [90.0] * 6, "丙镇": [85.0, 85.0, None, 85.0, 84.0, 83.5]}
    result = composite(provincial(), make_campaigns(table)).set_index("subject")
    assert result.loc["丙镇", "status"] == "incomplete"
    assert result.loc["丙镇", "missing"] == ["q3"]
    assert pd.isna(result.loc["丙镇", "score"])
    assert pd.isna(result.loc["丙镇", "日常督查"])
    assert result.loc["丙镇", "年度核查"] == 84.0  # the complete parts are still shown
    assert result.loc["甲镇", "status"] == "ok"


def test_unscored_and_incomplete_rows_count_as_missing(make_campaigns: MakeCampaigns) -> None:
    frames = make_campaigns({"甲镇": [90.0] * 6, "乙镇": [90.0] * 6})
    frames["q1"].loc[frames["q1"]["subject"] == "甲镇", "score"] = np.nan
    frames["核查"]["status"] = ["ok", "incomplete"]  # 乙镇 comes second in each frame
    result = composite(provincial(), frames).set_index("subject")
    assert result.loc["甲镇", "missing"] == ["q1"]
    assert result.loc["乙镇", "missing"] == ["核查"]
    assert list(result["status"]) == ["incomplete", "incomplete"]


def test_campaign_not_given_is_missing_for_everyone(make_campaigns: MakeCampaigns) -> None:
    frames = make_campaigns({"甲镇": [90.0] * 6})
    del frames["第三方"]
    result = composite(provincial(), frames).iloc[0]
    assert (result["status"], result["missing"]) == ("incomplete", ["第三方"])


def test_several_missing_campaigns_listed_in_rule_order(make_campaigns: MakeCampaigns) -> None:
    frames = make_campaigns({"甲镇": [None, 80.0, None, 80.0, 80.0, None], "乙镇": [80.0] * 6})
    result = composite(provincial(), frames).set_index("subject")
    assert result.loc["甲镇", "missing"] == ["q1", "q3", "第三方"]


def test_vetoed_in_any_campaign(make_campaigns: MakeCampaigns) -> None:
    vetoed = {"q2": {"甲镇": True}, "第三方": {"甲镇": True, "乙镇": False}}
    frames = make_campaigns({"甲镇": [90.0] * 6, "乙镇": [90.0] * 6}, vetoed=vetoed)
    result = composite(provincial(), frames).set_index("subject")
    assert result.loc["甲镇", "vetoed"]
    assert result.loc["甲镇", "veto_campaigns"] == ["q2", "第三方"]
    assert result.loc["甲镇", "score"] == 90.0  # the score is still shown
    assert not result.loc["乙镇", "vetoed"]
    assert result.loc["乙镇", "veto_campaigns"] == []


def test_excluded_in_a_campaign(make_campaigns: MakeCampaigns) -> None:
    status = {"核查": {"甲镇": "excluded", "乙镇": "ok"}}
    frames = make_campaigns({"甲镇": [90.0] * 6, "乙镇": [90.0] * 6}, status=status)
    result = composite(provincial(), frames).set_index("subject")
    assert list(result["status"]) == ["ok", "excluded"]  # 乙镇, 甲镇
    assert result.loc["甲镇", "score"] == 90.0


# ---- grades ---------------------------------------------------------------------------------

GRADES = [{"grade": "好", "min": 90}, {"grade": "较好", "min": 84.3},
          {"grade": "一般", "min": 80.05}, {"grade": "差", "min": 0}]


@pytest.mark.parametrize(
    ("scores",                            "total", "grade"), [
    pytest.param([90.0] * 6,               90.0,   "好",   id="90 reaches 90"),
    pytest.param([85, 85, 85, 85, 84, 83.5], 84.3, "较好", id="84.25 -> 84.3 reaches 84.3"),
    pytest.param([85, 85, 85, 85, 84, 83.0], 84.1, "一般", id="34+25.2+24.9=84.1 below 84.3"),
    pytest.param([80.1] * 6,               80.1,   "一般", id="80.1 reaches 80.05"),
    pytest.param([80.0] * 6,               80.0,   "差",   id="80 below 80.05"),
])
def test_grades_first_reached(make_campaigns: MakeCampaigns, scores: list[float | None],
                              total: float, grade: str) -> None:
    result = composite(provincial(grades=GRADES), make_campaigns({"甲镇": scores})).iloc[0]
    assert (result["score"], result["grade"]) == (total, grade)


def test_veto_grade_and_ungraded(make_campaigns: MakeCampaigns) -> None:
    table: Scores = {"甲镇": [95.0] * 6, "乙镇": [95.0] * 6, "丙镇": [95.0] * 5 + [None]}
    frames = make_campaigns(table, vetoed={"q1": {"甲镇": True}},
                            status={"核查": {"乙镇": "excluded"}})
    rule = provincial(grades=GRADES, veto={"grade": "差"})
    result = composite(rule, frames).set_index("subject")["grade"]
    assert result["甲镇"] == "差"  # vetoed
    assert result["乙镇"] is None  # excluded: not graded
    assert result["丙镇"] is None  # incomplete: not graded


def test_without_veto_grade_a_vetoed_subject_is_graded_by_score(
        make_campaigns: MakeCampaigns) -> None:
    frames = make_campaigns({"甲镇": [95.0] * 6}, vetoed={"q1": {"甲镇": True}})
    assert composite(provincial(grades=GRADES), frames)["grade"].iloc[0] == "好"


# ---- the rule -------------------------------------------------------------------------------


def with_part(index: int, **changes: Any) -> dict[str, Any]:
    """The provincial rule with one part's fields changed (None removes a field)."""
    parts = [dict(part) for part in PROVINCIAL["parts"]]
    parts[index] = {k: v for k, v in {**parts[index], **changes}.items() if v is not None}
    return {**PROVINCIAL, "parts": parts}


@pytest.mark.parametrize(
    ("data",                                                   "path",               "words"), [
    (with_part(2, weight=0.2),                                 "parts",
     "parts[2].weight 0.2"),
    (with_part(1, weight=0.35),                                "parts",              "1.05"),
    (with_part(1, weight="三成"),                               "parts[1].weight",    "数字"),
    (with_part(1, weight=None),                                "parts[1].weight",    "缺少"),
    (with_part(0, weight=-0.4),                                "parts[0].weight",    "大于 0"),
    (with_part(1, name="日常督查"),                              "parts[1].name",      "重复"),
    (with_part(1, name="score"),                               "parts[1].name",      "结果列名"),
    (with_part(0, name=None),                                  "parts[0].name",      "缺少"),
    (with_part(0, campaigns=[]),                               "parts[0].campaigns", "至少"),
    (with_part(0, campaigns="q1"),                             "parts[0].campaigns", "列表"),
    (with_part(0, campaigns=["q1", "q1"]),                     "parts[0].campaigns[1]", "重复"),
    (with_part(0, wieght=0.4),                                 "parts[0].wieght",    "未知"),
    ({**PROVINCIAL, "precision": 0},                           "precision",          "大于 0"),
    ({**PROVINCIAL, "parts": []},                              "parts",              "至少"),
    ({**PROVINCIAL, "grades": [{"grade": "好", "min": 90}]},    "grades[0].min",      "0"),
    ({**PROVINCIAL, "grades": [{"grade": "好", "min": 0, "quota": 0.2}]},
                                                               "grades[0].quota",    "quota"),
    ({**PROVINCIAL, "veto": {"grade": "优"}, "grades": GRADES}, "veto.grade",         "grades"),
    ({**PROVINCIAL, "weights": [0.4]},                         "weights",            "未知"),
])
def test_rule_errors_name_the_field(data: dict[str, Any], path: str, words: str) -> None:
    with pytest.raises(ChecklistError) as caught:
        parse_composite(data)
    problems = {problem.path: problem.message for problem in caught.value.problems}
    assert path in problems
    assert words in f"{problems[path]}"


def test_every_mistake_reported_at_once() -> None:
    data = with_part(1, weight="三成", name="日常督查")
    with pytest.raises(ChecklistError) as caught:
        parse_composite({**data, "precision": -1})
    paths = [problem.path for problem in caught.value.problems]
    assert sorted(paths) == ["parts[1].name", "parts[1].weight", "precision"]
    assert "parts" not in paths  # no sum is checked over an unreadable weight


def test_weights_compared_exactly_in_decimal() -> None:
    # as floats 0.1 + 0.2 + 0.7 = 1.0000000000000002; as written they sum to exactly 1
    data = {"parts": [{"name": n, "weight": w, "campaigns": [n]}
                      for n, w in (("a", 0.1), ("b", 0.2), ("c", 0.7))]}
    assert [part.weight for part in parse_composite(data).parts] == [
        Decimal("0.1"), Decimal("0.2"), Decimal("0.7")]


def test_rule_built_directly_is_checked() -> None:
    part = CompositePart("日常督查", 0.4, ("q1",))
    assert part.weight == Decimal("0.4")
    with pytest.raises(ChecklistError, match=r"parts: 权重之和应恰为 1"):
        CompositeRule((part,))
    assert CompositeRule((CompositePart("日常督查", 1, ("q1",)),), precision=1).precision == 1


@pytest.mark.parametrize(
    ("frame",                                                           "words"), [
    (pd.DataFrame({"subject": ["甲镇"]}),                               "missing column"),
    (pd.DataFrame({"subject": ["甲镇", "甲镇"], "score": [1.0, 2.0]}),   "repeated"),
    (pd.DataFrame({"subject": ["甲镇"], "score": [1.0], "status": ["done"]}), "status"),
    (pd.DataFrame({"subject": ["甲镇"], "score": [1.0], "vetoed": ["是"]}),   "vetoed"),
])
def test_bad_campaign_frames(frame: pd.DataFrame, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        composite(provincial(), {"q1": frame})


# ---- exactness beyond int64, and properties -------------------------------------------------


def exact_total(weights: list[Fraction], means: list[Fraction], precision: Fraction) -> Fraction:
    """The oracle: Σ weight × mean in fractions, rounded half-up to precision."""
    total = sum((w * m for w, m in zip(weights, means, strict=True)), Fraction(0))
    return math.floor(total / precision + Fraction(1, 2)) * precision


def test_huge_weight_digits_stay_exact() -> None:
    # 10^6 · 99.999999 · 2 · 10^20 · lcm overflows int64: Python integers take over
    weights = [Decimal("0.12345678901234567891"), Decimal("0.87654321098765432109")]
    rule = CompositeRule((CompositePart("a", weights[0], ("x", "y", "z")),
                          CompositePart("b", weights[1], ("w",))), precision=Decimal("0.000001"))
    scores = {"x": 99.999999, "y": 12.345678, "z": 0.000001, "w": 77.777777}
    frames = {c: pd.DataFrame({"subject": ["甲镇"], "score": [s]}) for c, s in scores.items()}
    means = [sum((Fraction(str(scores[c])) for c in "xyz"), Fraction(0)) / 3,
             Fraction(str(scores["w"]))]
    expected = exact_total([Fraction(w) for w in weights], means, Fraction(1, 10**6))
    assert composite(rule, frames)["score"].iloc[0] == float(expected)


@st.composite
def rules_and_scores(draw: st.DrawFn) -> tuple[CompositeRule, dict[str, pd.DataFrame]]:
    """A rule of 1–4 parts (integer percentages) with 1–4 campaigns each, and their scores."""
    n_parts = draw(st.integers(1, 4))
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=n_parts - 1,
                                max_size=n_parts - 1, unique=True)))
    percents = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    parts = tuple(CompositePart(f"p{i}", Decimal(p) / 100,
                                tuple(f"c{i}{j}" for j in range(draw(st.integers(1, 4)))))
                  for i, p in enumerate(percents))
    precision = draw(st.sampled_from([Decimal("0.1"), Decimal("1"), Decimal("0.05")]))
    subjects = [f"村{i}" for i in range(draw(st.integers(1, 6)))]
    hundredths = st.integers(0, 100_00).map(lambda n: n / 100)
    frames = {c: pd.DataFrame({"subject": subjects,
                               "score": draw(st.lists(hundredths, min_size=len(subjects),
                                                      max_size=len(subjects)))})
              for part in parts for c in part.campaigns}
    return CompositeRule(parts, precision=precision), frames


@given(rules_and_scores())
def test_total_matches_exact_fractions(case: tuple[CompositeRule, dict[str, pd.DataFrame]]
                                       ) -> None:
    rule, frames = case
    result = composite(rule, frames).set_index("subject")
    precision = Fraction(rule.precision)
    score = {c: dict(zip(f["subject"], f["score"], strict=True)) for c, f in frames.items()}
    for subject, row in result.iterrows():
        means = [sum((Fraction(str(score[c][subject])) for c in part.campaigns), Fraction(0))
                 / len(part.campaigns) for part in rule.parts]
        weights = [Fraction(part.weight) for part in rule.parts]
        assert row["score"] == float(exact_total(weights, means, precision))
        parts = [Fraction(str(row[part.name])) for part in rule.parts]  # as printed, exactly
        half = precision / 2  # rounding may step past the parts by half a step
        assert min(parts) - half <= Fraction(str(row["score"])) <= max(parts) + half


@given(rules_and_scores(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(case: tuple[CompositeRule, dict[str, pd.DataFrame]],
                                   random: Any) -> None:
    rule, frames = case
    shuffled = {c: f.sample(frac=1, random_state=random.randint(0, 2**31))
                for c, f in frames.items()}
    pd.testing.assert_frame_equal(composite(rule, frames), composite(rule, shuffled))

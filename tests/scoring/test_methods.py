"""Each item method, on values as people type them; every expected score is worked by hand."""

import pytest

from scoring import ResponseError

from .conftest import by_subject

DEDUCT = {"code": "X", "text": "识别准确", "method": "deduct", "max": 100, "per": 10}
RATIO = {"code": "X", "text": "签约率", "method": "ratio", "max": 50, "target": 1.0, "zero_below": 0.8}
INCOME = {"code": "X", "text": "人均纯收入", "method": "ratio", "max": 6, "base": 4.8, "target": 2500}
BANDS = {"code": "X", "text": "集体经济", "method": "bands", "max": 60,
         "bands": [{"min": 100000, "score": 60}, {"min": 50000, "score": 40}, {"min": 0.01, "score": 20}]}
BELOW = {"code": "X", "text": "贫困发生率", "method": "bands", "max": 50, "bands": [{"below": 0.012, "score": 50}]}
CHECK = {"code": "X", "text": "工作队在岗", "method": "check", "max": 20}
LEVELS = {"code": "X", "text": "档案规范", "method": "levels", "max": 30,
          "levels": {"好": 30, "较好": 24, "一般": 15, "差": 0}}
MANUAL = {"code": "X", "text": "综合评价", "method": "manual", "max": 40}
STEPS = {"code": "X", "text": "达标率", "method": "steps", "max": 4, "base": 4, "target": 1.0,
         "step": 0.001, "per": 1}
POINTS = {"code": "X", "text": "增幅", "method": "steps", "max": 20, "base": 10, "target": 0.5,
          "step": 0.01, "per": 5}
FROM_ZERO = {"code": "X", "text": "返贫率", "method": "steps", "max": 5, "target": 0, "step": 0.01,
             "per": -1}
SMOOTH = {**STEPS, "whole_steps": False}


@pytest.mark.parametrize(("item", "value", "expected"), [
    (DEDUCT,    "0",        100),    # nothing found
    (DEDUCT,    "3",        70),     # 100 − 3×10
    (DEDUCT,    "10",       0),      # exactly exhausted
    (DEDUCT,    "12",       0),      # 扣完为止: never below 0
    (RATIO,     "0.9",      45),     # 50 × 0.9 / 1
    (RATIO,     "96%",      48),     # 50 × 0.96
    (RATIO,     "８５％",    42.5),   # full-width typing, 50 × 0.85
    (RATIO,     "1.2",      50),     # capped at max
    (RATIO,     "0.8",      40),     # zero_below is exclusive: 50 × 0.8
    (RATIO,     "0.79",     0),      # below zero_below
    (INCOME,    "2500",     4.8),    # at the reference: base
    (INCOME,    "3000",     5.8),    # 4.8 × 3000/2500 = 5.76 → 5.8
    (INCOME,    "2,000",    3.8),    # thousands separator; 4.8 × 0.8 = 3.84 → 3.8
    (INCOME,    "5000",     6),      # 9.6 capped at max 6
    (BANDS,     "120000",   60),
    (BANDS,     "100000",   60),     # min is inclusive
    (BANDS,     "80,000",   40),
    (BANDS,     "0.01",     20),
    (BANDS,     "0",        0),      # fits no band
    (BELOW,     "0.011",    50),
    (BELOW,     "0.012",    0),      # below is exclusive
    (CHECK,     "是",       20),
    (CHECK,     "yes",      20),
    (CHECK,     "1",        20),
    (CHECK,     "否",       0),
    (CHECK,     "0",        0),
    (LEVELS,    "较好",     24),
    (LEVELS,    " 一般 ",   15),
    (MANUAL,    "36.5",     36.5),
    (MANUAL,    "10.25",    10.3),   # half-up, not banker's: 10.25 → 10.3
    (STEPS,     "0.997",    1),      # −3 steps exactly: 4 − 3
    (STEPS,     "1.0",      4),
    (STEPS,     "99.95%",   4),      # half a step short counts no whole step
    (STEPS,     "0.99",     0),      # −10 steps, floor 0 (扣完为止)
    (SMOOTH,    "0.9995",   3.5),    # whole_steps: false → −0.5 step
    (POINTS,    "0.51",     15),     # +1 point of percentage: 10 + 5
    (POINTS,    "0.53",     20),     # 10 + 15 = 25, capped at 20
    (POINTS,    "0.48",     0),      # 10 − 10
    (POINTS,    "0.495",    10),     # −0.5 step → 0 whole steps
    (FROM_ZERO, "0",        5),      # base defaults to max
    (FROM_ZERO, "0.03",     2),      # 3 steps above 0 at −1 each
])
def test_item_method_scores(make_checklist, run, item, value, expected):
    results = run(make_checklist([item]), [("甲村", "X", value)])
    assert results.items["score"].tolist() == [expected]


@pytest.mark.parametrize(("value", "expected"), [("6", 6), ("是", 20), ("否", 0), ("0", 0)])
def test_bonus_is_points_or_yes_no(make_checklist, run, value, expected):
    checklist = make_checklist([CHECK, {"code": "B", "text": "整村搬迁", "method": "bonus", "max": 20}])
    results = run(checklist, [("甲村", "X", "是"), ("甲村", "B", value)])
    assert by_subject(results, "bonus") == {"甲村": expected}


@pytest.mark.parametrize(("item", "value", "words"), [
    (DEDUCT, "abc",  "不小于 0 的整数"),
    (DEDUCT, "-1",   "不小于 0 的整数"),
    (DEDUCT, "1.5",  "不小于 0 的整数"),
    (RATIO,  "-5%",  "不小于 0"),
    (CHECK,  "也许", "是 / 否"),
    (CHECK,  "2",    "是 / 否"),
    (LEVELS, "优秀", "等级名称"),
    (MANUAL, "41",   "0 到满分"),
    (STEPS,  "满",   "数字"),
])
def test_a_value_the_method_cannot_take_is_refused_with_row_and_value(make_checklist, run, item,
                                                                      value, words):
    with pytest.raises(ResponseError) as caught:
        run(make_checklist([item]), [("甲村", "X", value)])
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.item, problem.value) == (2, "value", "X", value)
    assert words in problem.message


def test_a_pool_takes_each_line_up_to_its_own_max_and_stops_at_zero(make_checklist, run):
    pool = {"code": "P", "text": "档案资料", "method": "deduct", "max": 20, "lines": [
        {"code": "P1", "text": "户档缺失", "per": 2},
        {"code": "P2", "text": "公示不全", "per": 2, "max": 6},
        {"code": "P3", "text": "台账错误", "per": 5}]}
    rows = [("甲村", "P1", 3), ("甲村", "P2", 5), ("甲村", "P3", 1),   # 6 + min(6, 10) + 5 = 17 → 3
            ("乙村", "P1", 5), ("乙村", "P2", 0), ("乙村", "P3", 2),   # 10 + 0 + 10 = 20 → exactly 0
            ("丙村", "P1", 10), ("丙村", "P2", 9), ("丙村", "P3", 0)]  # 20 + 6 = 26 → still 0
    results = run(make_checklist([pool]), rows)
    assert by_subject(results, "score") == {"甲村": 3, "乙村": 0, "丙村": 0}
    lines = results.pool_lines.set_index(["subject", "line"])["lost"]
    assert (lines["甲村", "P1"], lines["甲村", "P2"], lines["甲村", "P3"]) == (6, 6, 5)


def test_a_pool_with_a_line_unanswered_is_incomplete(make_checklist, run):
    pool = {"code": "P", "text": "档案", "method": "deduct", "max": 20,
            "lines": [{"code": "P1", "text": "户档", "per": 2}, {"code": "P2", "text": "公示", "per": 2}]}
    results = run(make_checklist([pool]), [("甲村", "P1", 1)])
    assert by_subject(results, "status") == {"甲村": "incomplete"}
    assert by_subject(results, "missing") == {"甲村": ["P2"]}

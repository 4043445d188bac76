"""The rules of the sum: combining inspectors, rounding, bonus cap, vetoes, grades, ranks."""

from datetime import date

import pytest

from .conftest import by_subject

MANUAL = {"code": "M", "text": "综合评价", "method": "manual", "max": 100}
BONUS = {"code": "B", "text": "创新做法", "method": "bonus", "max": 20}
VETO = {"code": "V", "text": "精准识别重大失误", "method": "veto"}


@pytest.mark.parametrize(("combine", "values", "expected"), [
    ("mean",         [10, 20, 60],      30),    # 90 / 3
    ("median",       [10, 20, 60],      20),
    ("min",          [10, 20, 60],      10),
    ("max",          [10, 20, 60],      60),
    ("trimmed_mean", [10, 20, 60],      20),    # drop 10 and 60
    ("trimmed_mean", [10, 20, 30, 100], 25),    # (20 + 30) / 2
    ("median",       [10, 20, 30, 100], 25),    # mean of the middle two
    ("trimmed_mean", [10, 21],          15.5),  # fewer than 3: the mean
    ("mean",         [10.2, 10.3],      10.3),  # 10.25 half-up
    ("mean",         [48.7, 48.8],      48.8),  # 48.75 half-up
])
def test_inspectors_are_combined_then_rounded_half_up(make_checklist, run, combine, values, expected):
    checklist = make_checklist([MANUAL], combine=combine)
    rows = [("甲村", "M", v, f"评分人{i}") for i, v in enumerate(values)]
    assert by_subject(run(checklist, rows), "score") == {"甲村": expected}


@pytest.mark.parametrize(("precision", "value", "expected"), [
    (1,    "84.5",  85),
    (1,    "83.5",  84),     # banker's rounding would give 84 here and 84 above
    (0.01, "1.005", 1.01),   # 1.005 is 1.00499999… in binary; still half-up
    (0.5,  "7.25",  7.5),
])
def test_half_up_to_any_precision(make_checklist, run, precision, value, expected):
    checklist = make_checklist([MANUAL], precision=precision)
    assert by_subject(run(checklist, [("甲村", "M", value)]), "score") == {"甲村": expected}


def test_section_totals_are_sums_of_rounded_items(make_checklist, run):
    items = [{**MANUAL, "code": "M1", "max": 50}, {**MANUAL, "code": "M2", "max": 50}]
    rows = [("甲村", "M1", "10.05", "张"), ("甲村", "M1", "10.10", "李"),   # 10.075 → 10.1
            ("甲村", "M2", "10.05", "张"), ("甲村", "M2", "10.10", "李")]   # 10.075 → 10.1
    results = run(make_checklist(items), rows)
    assert by_subject(results, "score") == {"甲村": 20.2}   # not round(20.15) = 20.2 by luck:
    assert by_subject(results, "A") == {"甲村": 20.2}       # 10.1 + 10.1, printed sheet adds up


@pytest.mark.parametrize(("cap", "values", "bonus", "total"), [
    (10,   ["6", "12"], 10,   110),   # 18 capped at 10
    (None, ["6", "12"], 18,   118),   # 加分不封顶: no cap
    (10,   ["4", "5"],  9,    109),
])
def test_bonus_is_capped_together(make_checklist, run, cap, values, bonus, total):
    items = [MANUAL, BONUS, {**BONUS, "code": "B2"}]
    checklist = make_checklist(items, bonus_cap=cap) if cap is not None else make_checklist(items)
    results = run(checklist, [("甲村", "M", "100"), ("甲村", "B", values[0]), ("甲村", "B2", values[1])])
    assert by_subject(results, "bonus") == {"甲村": bonus}
    assert by_subject(results, "score") == {"甲村": total}
    assert by_subject(results, "A") == {"甲村": 100 + sum(map(float, values))}  # before the cap


@pytest.mark.parametrize(("ties", "expected"), [
    ("competition", [1, 2, 2, 4]),
    ("dense",       [1, 2, 2, 3]),
])
def test_equal_scores_share_a_rank(make_checklist, run, ties, expected):
    scores = {"甲村": 90, "乙村": 80, "丙村": 80, "丁村": 70}
    results = run(make_checklist([MANUAL], ties=ties), [(s, "M", v) for s, v in scores.items()])
    assert by_subject(results, "rank") == dict(zip(scores, expected, strict=True))


def test_point_one_plus_point_two_ties_with_point_three(make_checklist, run):
    items = [{**MANUAL, "code": "M1", "max": 1}, {**MANUAL, "code": "M2", "max": 1}]
    rows = [("甲村", "M1", "0.1"), ("甲村", "M2", "0.2"), ("乙村", "M1", "0.3"), ("乙村", "M2", "0")]
    assert by_subject(run(make_checklist(items), rows), "rank") == {"甲村": 1, "乙村": 1}


def test_ranks_within_each_group(make_checklist, run):
    rows = [("甲村", "M", 90, "张", "章党镇"), ("乙村", "M", 80, "张", "哈达镇"),
            ("丙村", "M", 70, "张", "章党镇"), ("丁村", "M", 80, "张", "哈达镇")]
    results = run(make_checklist([MANUAL]), rows)
    assert by_subject(results, "group_rank") == {"甲村": 1, "乙村": 1, "丁村": 1, "丙村": 2}
    assert by_subject(results, "rank") == {"甲村": 1, "乙村": 2, "丁村": 2, "丙村": 4}


def test_a_veto_fails_grades_and_ranks_last(make_checklist, run):
    rows = [("甲村", "M", 99), ("甲村", "V", "是"), ("乙村", "M", 60), ("乙村", "V", "否"),
            ("丙村", "M", 95), ("丙村", "V", "否")]
    results = run(make_checklist([MANUAL, VETO]), rows)
    assert results.subjects["subject"].tolist() == ["丙村", "乙村", "甲村"]
    assert by_subject(results, "rank") == {"丙村": 1, "乙村": 2, "甲村": 3}
    assert by_subject(results, "grade") == {"丙村": "好", "乙村": "一般", "甲村": "差"}
    assert by_subject(results, "veto_reasons")["甲村"] == ["V 精准识别重大失误"]
    assert by_subject(results, "score")["甲村"] == 99  # the score is still shown


def test_vetoed_subjects_rank_among_themselves_by_score(make_checklist, run):
    rows = [(s, c, v) for s, m, veto in [("甲村", 50, "是"), ("乙村", 70, "是"), ("丙村", 10, "否")]
            for c, v in (("M", m), ("V", veto))]
    results = run(make_checklist([MANUAL, VETO], ties="dense"), rows)
    assert by_subject(results, "rank") == {"丙村": 1, "乙村": 2, "甲村": 3}


def test_a_veto_with_rank_none_leaves_the_subject_unranked(make_checklist, run):
    rows = [("甲村", "M", 99), ("甲村", "V", "是"), ("乙村", "M", 60), ("乙村", "V", "否")]
    results = run(make_checklist([MANUAL, VETO], veto={"grade": "差", "rank": "none"}), rows)
    ranks = by_subject(results, "rank")
    assert ranks["乙村"] == 1
    assert ranks["甲村"] is __import__("pandas").NA


def test_veto_when_holds_for_any_single_inspector(make_checklist, run):
    rate = {"code": "R", "text": "综合贫困发生率", "method": "bands", "max": 50,
            "bands": [{"below": 0.012, "score": 50}], "veto_when": {"at_least": 0.012}}
    rows = [("甲村", "R", "0.005", "张"), ("甲村", "R", "1.2%", "李")]  # mean 0.0085, 李 at the bound
    results = run(make_checklist([rate]), rows)
    assert by_subject(results, "vetoed") == {"甲村": True}
    assert by_subject(results, "score") == {"甲村": 25}   # (50 + 0) / 2


@pytest.mark.parametrize(("answers", "status", "grade", "reasons"), [
    ({"V1": "是", "V2": "否", "V3": "否"}, "ok",       "差",   ["V1 重大失误"]),
    ({"V1": "否", "V2": "是", "V3": "否"}, "ok",       "一般", ["V2 不能评为好"]),
    ({"V1": "否", "V2": "否", "V3": "是"}, "excluded", None,   ["V3 不得参评"]),
    ({"V1": "否", "V2": "是", "V3": "是"}, "excluded", None,   ["V2 不能评为好", "V3 不得参评"]),
    ({"V1": "是", "V2": "是", "V3": "否"}, "ok",       "差",   ["V1 重大失误", "V2 不能评为好"]),
])
def test_veto_effects_exclude_beats_fail_beats_cap(make_checklist, run, answers, status, grade, reasons):
    items = [MANUAL, {"code": "V1", "text": "重大失误", "method": "veto"},
             {"code": "V2", "text": "不能评为好", "method": "veto", "effect": {"cap": "一般"}},
             {"code": "V3", "text": "不得参评", "method": "veto", "effect": "exclude"}]
    rows = [("甲村", "M", 95)] + [("甲村", code, v) for code, v in answers.items()] + \
        [("乙村", "M", 50)] + [("乙村", code, "否") for code in answers]
    results = run(make_checklist(items), rows)
    assert by_subject(results, "status")["甲村"] == status
    assert by_subject(results, "grade")["甲村"] == grade
    assert by_subject(results, "veto_reasons")["甲村"] == reasons
    assert by_subject(results, "vetoed")["甲村"] is True
    assert by_subject(results, "score")["甲村"] == 95


def test_a_capped_subject_is_ranked_as_usual(make_checklist, run):
    items = [MANUAL, {"code": "V2", "text": "不能评为好", "method": "veto", "effect": {"cap": "一般"}}]
    rows = [("甲村", "M", 95), ("甲村", "V2", "是"), ("乙村", "M", 90), ("乙村", "V2", "否")]
    results = run(make_checklist(items), rows)
    assert by_subject(results, "rank") == {"甲村": 1, "乙村": 2}
    assert by_subject(results, "grade") == {"甲村": "一般", "乙村": "好"}


@pytest.mark.parametrize(("scores", "expected_good"), [
    ([99, 98, 97, 96, 95, 94, 85, 70, 50, 10], 2),   # 20 % of 10 → 2 get 好
    ([99, 98, 98, 96, 95, 94, 85, 70, 50, 10], 1),   # tie at the cut drops together
    ([99, 85, 70, 50, 10, 10, 10, 10, 10, 10], 1),   # under the quota nothing changes
    ([99, 98, 97, 96],                         0),   # 20 % of 4 → 0.8 → none
])
def test_a_quota_drops_the_rest_one_grade(make_checklist, run, scores, expected_good):
    grades = [{"grade": "好", "min": 90, "quota": 0.2}, {"grade": "较好", "min": 80},
              {"grade": "一般", "min": 60}, {"grade": "差", "min": 0}]
    rows = [(f"村{i}", "M", s) for i, s in enumerate(scores)]
    results = run(make_checklist([MANUAL], grades=grades), rows)
    got = by_subject(results, "grade")
    assert sum(g == "好" for g in got.values()) == expected_good
    reached = [f"村{i}" for i, s in enumerate(scores) if s >= 90]
    assert all(got[s] in ("好", "较好") for s in reached)


def test_incomplete_subjects_are_listed_not_graded_or_ranked(make_checklist, run):
    items = [MANUAL, {**MANUAL, "code": "M2"}]
    rows = [("甲村", "M", 90, "张"), ("甲村", "M2", 90, "张"),
            ("甲村", "M", 90, "李"),                              # 李 has not answered M2
            ("乙村", "M", 50, "张"), ("乙村", "M2", 50, "张")]
    results = run(make_checklist(items, total=200), rows)
    row = results.subjects.set_index("subject").loc["甲村"]
    assert (row["status"], row["grade"], row["missing"]) == ("incomplete", None, ["M2"])
    assert row["rank"] is __import__("pandas").NA
    assert by_subject(results, "rank")["乙村"] == 1
    assert results.subjects["subject"].tolist()[-1] == "甲村"


def test_rectification_rows_carry_units_and_deadline(make_checklist, run):
    item = {"code": "D", "text": "识别准确", "method": "deduct", "max": 100, "per": 10,
            "lead_unit": "镇扶贫办", "co_units": ["各村", "镇民政办"]}
    rows = [("甲村", "D", "2"), ("乙村", "D", "0")]
    results = run(make_checklist([item], rectify_days=15), rows, assessed_on=date(2026, 11, 23))
    [row] = results.rectifications.to_dict("records")
    assert row["subject"] == "甲村"
    assert row["lost"] == 20
    assert (row["lead_unit"], row["co_units"], row["deadline"]) == ("镇扶贫办", ["各村", "镇民政办"],
                                                                  date(2026, 12, 8))


def test_notes_become_the_finding(make_checklist, run):
    import pandas as pd

    from scoring import score
    item = {"code": "D", "text": "识别准确", "method": "deduct", "max": 100, "per": 10}
    frame = pd.DataFrame({"subject": ["甲村"], "item": ["D"], "value": ["1"],
                          "note": ["张某某户应纳未纳"]})
    results = score(make_checklist([item]), frame)
    assert results.rectifications["finding"].tolist() == ["张某某户应纳未纳"]


def test_a_relative_target_moves_with_the_villages(make_checklist, run):
    item = {"code": "R", "text": "人均收入增幅", "method": "ratio", "max": 4, "base": 2.4,
            "floor": 1.5, "target": "mean"}
    three = [("甲村", "R", 100), ("乙村", "R", 200), ("丙村", "R", 300)]   # mean 200
    results = run(make_checklist([item]), three)
    assert results.targets == {"R": 200}
    # 2.4 × 100/200 = 1.2 → floor 1.5; 2.4; 2.4 × 1.5 = 3.6
    assert by_subject(results, "score") == {"甲村": 1.5, "乙村": 2.4, "丙村": 3.6}
    results = run(make_checklist([item]), [*three, ("丁村", "R", 400)])    # mean 250
    # 0.96 → 1.5; 1.92 → 1.9; 2.88 → 2.9; 3.84 → 3.8
    assert by_subject(results, "score") == {"甲村": 1.5, "乙村": 1.9, "丙村": 2.9, "丁村": 3.8}


def test_a_relative_target_uses_complete_subjects_combined_first(make_checklist, run):
    item = {"code": "R", "text": "增幅", "method": "ratio", "max": 10, "target": "median"}
    other = {**MANUAL, "code": "M"}
    rows = [("甲村", "R", 100, "张"), ("甲村", "R", 300, "李"), ("甲村", "M", 1, "张"), ("甲村", "M", 1, "李"),
            ("乙村", "R", 400, "张"), ("乙村", "M", 1, "张"),
            ("丙村", "R", 600, "张"), ("丙村", "M", 1, "张"),
            ("丁村", "R", 9999, "张")]                     # incomplete: M missing, not counted
    results = run(make_checklist([item, other]), rows)
    assert results.targets == {"R": 400}   # median of 200 (甲: mean of 100, 300), 400, 600


@pytest.mark.parametrize(("item", "value", "vetoed"), [
    ({"code": "L", "text": "档案", "method": "levels", "max": 30, "levels": {"好": 30, "差": 0},
      "veto_when": {"equals": "差"}}, "差", True),
    ({"code": "L", "text": "档案", "method": "levels", "max": 30, "levels": {"好": 30, "差": 0},
      "veto_when": {"equals": "差"}}, "好", False),
    ({"code": "L", "text": "工作队在岗", "method": "check", "max": 10, "veto_when": {"equals": "否"}},
     "否", True),
    ({"code": "L", "text": "工作队在岗", "method": "check", "max": 10, "veto_when": {"equals": "否"}},
     "是", False),
])
def test_veto_when_may_name_a_level_or_yes_no(make_checklist, run, item, value, vetoed):
    results = run(make_checklist([item]), [("甲村", "L", value)], assessed_on=date(2026, 1, 1))
    assert by_subject(results, "vetoed") == {"甲村": vetoed}
    if vetoed:
        assert results.rectifications["finding"].iloc[0].startswith(f"一票否决：{item['text']}（为")


def test_veto_when_on_an_unknown_word_is_a_checklist_error(make_checklist):
    from scoring import ChecklistError
    item = {"code": "L", "text": "档案", "method": "levels", "max": 30, "levels": {"好": 30, "差": 0},
            "veto_when": {"equals": "很差"}}
    with pytest.raises(ChecklistError, match=r"sections\[0\]\.items\[0\]\.veto_when\.equals"):
        make_checklist([item])


def test_an_item_may_set_its_own_rectification_days(make_checklist, run):
    items = [{"code": "D1", "text": "饮水安全", "method": "check", "max": 10, "rectify_days": 7},
             {"code": "D2", "text": "危房改造", "method": "check", "max": 10}]
    results = run(make_checklist(items, rectify_days=30), [("甲村", "D1", "否"), ("甲村", "D2", "否")],
                  assessed_on=date(2026, 11, 1))
    assert results.rectifications["deadline"].tolist() == [date(2026, 11, 8), date(2026, 12, 1)]


def test_inspectors_far_apart_are_listed_for_re_check(make_checklist, run):
    checklist = make_checklist([MANUAL], recheck={"spread": 0.2, "self_gap": 0.1})
    rows = [("甲村", "M", 90, "张"), ("甲村", "M", 65, "李"),    # spread 25 > 20 % of 100
            ("乙村", "M", 80, "张"), ("乙村", "M", 60, "李")]    # spread 20: at the limit, not flagged
    flagged = run(checklist, rows).disagreements.set_index("subject")["flagged"]
    assert flagged.to_dict() == {"甲村": True, "乙村": False}


def test_self_assessment_far_from_inspection_is_flagged(make_checklist, run):
    checklist = make_checklist([MANUAL], recheck={"self_gap": 0.1})
    inspected = run(checklist, [("甲村", "M", 80), ("乙村", "M", 80)])
    claimed = run(checklist, [("甲村", "M", 95), ("乙村", "M", 88)])   # gaps 15 > 10, 8 ≤ 10
    flagged = inspected.self_check(claimed).set_index("subject")["flagged"]
    assert flagged.to_dict() == {"甲村": True, "乙村": False}


def test_a_subject_left_blank_is_listed_as_incomplete_not_lost(make_checklist, run):
    items = [MANUAL, {**MANUAL, "code": "M2"}]
    rows = [("甲村", "M", "", "张"), ("甲村", "M2", " ", "张"),       # every cell blank
            ("乙村", "M", "50", "张"), ("乙村", "M2", "50", "张")]
    results = run(make_checklist(items, total=200), rows)
    assert by_subject(results, "status") == {"甲村": "incomplete", "乙村": "ok"}
    assert by_subject(results, "missing")["甲村"] == ["M", "M2"]


def test_no_responses_give_an_empty_table(make_checklist):
    import pandas as pd

    from scoring import score
    results = score(make_checklist([MANUAL]), pd.DataFrame({"subject": [], "item": [], "value": []}))
    assert results.subjects.empty
    assert results.rectifications.empty


def test_a_blank_row_beside_an_answer_is_not_a_duplicate(make_checklist, run):
    rows = [("甲村", "M", "", "张"), ("甲村", "M", "80", "张")]
    assert by_subject(run(make_checklist([MANUAL]), rows), "score") == {"甲村": 80}

"""Consequences of the yearly assessment (seed 001, 三(八)): 表彰, 约谈, 组织处理."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.consequences import consequences

Year = tuple[int, str, bool]  # year, grade, target met


def history(**subjects: list[Year]) -> pd.DataFrame:
    """An assessment history: subject → [(year, grade, target met), ...]."""
    rows = [(s, y, g, m) for s, years in subjects.items() for y, g, m in years]
    return pd.DataFrame(rows, columns=["subject", "year", "grade", "target_met"])


TALK, HANDLING = "admonishing_talk", "organisational_handling"


@pytest.mark.parametrize(
    ("years",                                                 "code",         "word"), [
    pytest.param([(2020, "好", True)],                         "commendation", "表彰",
                 id="好 and target met: commended"),
    pytest.param([(2020, "好", False)],                        TALK,           "约谈",
                 id="好 but target missed: first bad year"),
    pytest.param([(2020, "差", True)],                         TALK,           "约谈",
                 id="差 in the only year: first bad year"),
    pytest.param([(2019, "好", True), (2020, "差", True)],     TALK,           "约谈",
                 id="good then 差: first bad year"),
    pytest.param([(2019, "差", True), (2020, "差", True)],     HANDLING,       "组织处理",
                 id="差 two years in a row"),
    pytest.param([(2019, "较好", False), (2020, "差", True)],  HANDLING,       "组织处理",
                 id="missed then 差: two bad years in a row"),
    pytest.param([(2019, "好", False), (2020, "一般", False)], HANDLING,       "组织处理",
                 id="missed the target two years in a row"),
    pytest.param([(2018, "差", True), (2019, "好", True), (2020, "差", True)],
                                                              TALK,           "约谈",
                 id="差, 好, 差: not consecutive"),
    pytest.param([(2018, "差", True), (2020, "差", True)],     TALK,           "约谈",
                 id="差 2018 and 2020, no 2019: not consecutive"),
    pytest.param([(2018, "差", True), (2019, "差", True), (2020, "差", True)],
                                                              HANDLING,       "组织处理",
                 id="three bad years"),
    pytest.param([(2019, "差", True), (2020, "好", True)],     "commendation", "表彰",
                 id="差 then 好 and met: commended"),
    pytest.param([(2020, "一般", True)],                       "none",         "无",
                 id="一般 and met: nothing"),
    pytest.param([(2019, "差", True), (2020, "较好", True)],   "none",         "无",
                 id="差 then 较好 and met: nothing"),
])
def test_consequence_of_latest_year(years: list[Year], code: str, word: str) -> None:
    result = consequences(history(甲镇=years)).iloc[0]
    assert (result["subject"], result["year"]) == ("甲镇", years[-1][0])
    assert (result["code"], result["consequence"]) == (code, word)


@pytest.mark.parametrize(
    ("years",                                          "reason"), [
    ([(2020, "好", True)],
     "2020年考核等次为“好”，完成年度脱贫任务。予以表彰"),
    ([(2019, "好", True), (2020, "差", True)],
     "2020年考核等次为“差”，完成年度脱贫任务；2019年考核等次为“好”，完成年度脱贫任务。"
     "第一年：约谈，主要领导不能提拔重用"),
    ([(2020, "好", False)],
     "2020年考核等次为“好”，未完成年度脱贫任务；2019年无考核结果。第一年：约谈，主要领导不能提拔重用"),
    ([(2019, "差", True), (2020, "较好", False)],
     "2020年考核等次为“较好”，未完成年度脱贫任务；2019年考核等次为“差”，完成年度脱贫任务。"
     "连续两年：对主要领导进行组织处理"),
    ([(2020, "一般", True)],
     "2020年考核等次为“一般”，完成年度脱贫任务。不予表彰，不予问责"),
])
def test_reason_names_years_and_grades(years: list[Year], reason: str) -> None:
    assert consequences(history(甲镇=years))["reason"].iloc[0] == reason


def test_columns_one_row_per_subject_sorted() -> None:
    result = consequences(history(乙镇=[(2019, "差", True), (2020, "差", True)],
                                  甲镇=[(2021, "好", True)]))
    assert list(result.columns) == ["subject", "year", "consequence", "code", "reason"]
    assert result[["subject", "year", "code"]].to_numpy().tolist() == [
        ["乙镇", 2020, "organisational_handling"], ["甲镇", 2021, "commendation"]]


def test_given_year_instead_of_latest() -> None:
    towns = history(甲镇=[(2018, "差", True), (2019, "差", True), (2020, "好", True)],
                    乙镇=[(2020, "差", True)])
    assert consequences(towns)["code"].tolist() == [TALK, "commendation"]  # 乙镇, 甲镇
    in_2019 = consequences(towns, year=2019)  # 乙镇 has no 2019 result: not judged
    assert in_2019[["subject", "code"]].to_numpy().tolist() == [["甲镇", HANDLING]]
    assert consequences(towns, year=2030).empty


def test_grades_as_parameters() -> None:
    towns = history(甲镇=[(2019, "不合格", True), (2020, "不合格", True)],
                    乙镇=[(2020, "优秀", True)], 丙镇=[(2020, "好", True)])
    result = consequences(towns, bad_grades={"不合格"}, commended_grades={"优秀"})
    assert result["code"].tolist() == ["none", "commendation", "organisational_handling"]
    one_name = consequences(towns, bad_grades="不合格", commended_grades="优秀")  # not 不, 合, 格
    pd.testing.assert_frame_equal(one_name, result)


@pytest.mark.parametrize(
    ("change",                                                        "words"), [
    (lambda h: h.drop(columns="target_met"),                          "missing column"),
    (lambda h: pd.concat([h, h.iloc[:1]]),                            "more than once"),
    (lambda h: h.assign(grade=[None, "好"]),                          "empty values"),
    (lambda h: h.assign(target_met=["是", "否"]),                     "true or false"),
])
def test_bad_histories(change: Any, words: str) -> None:
    towns = history(甲镇=[(2019, "差", True), (2020, "好", True)])
    with pytest.raises(ValueError, match=words):
        consequences(change(towns))


histories = st.dictionaries(
    st.sampled_from(["甲镇", "乙镇", "丙镇", "丁镇"]),
    st.dictionaries(st.integers(2016, 2022),
                    st.tuples(st.sampled_from(["好", "较好", "一般", "差"]), st.booleans()),
                    min_size=1),
    min_size=1,
).map(lambda towns: history(**{town: [(y, g, m) for y, (g, m) in years.items()]
                               for town, years in towns.items()}))


@given(histories, st.randoms(use_true_random=False))
def test_row_order_does_not_matter(towns: pd.DataFrame, random: Any) -> None:
    shuffled = towns.sample(frac=1, random_state=random.randint(0, 2**31))
    pd.testing.assert_frame_equal(consequences(towns), consequences(shuffled))


@given(histories)
def test_only_the_last_two_years_matter(towns: pd.DataFrame) -> None:
    latest = towns.groupby("subject")["year"].transform("max")
    recent = towns[towns["year"] >= latest - 1]
    pd.testing.assert_frame_equal(consequences(towns), consequences(recent))

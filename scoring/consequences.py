"""Consequences of the yearly assessment over the years (seed 001, 三(八)).

Completes the yearly target and graded 好 → commended (表彰). Misses the target or graded 差 →
the first year an admonishing talk (约谈) and the main leader cannot be promoted; two years in a
row → organisational handling (组织处理) of the main leader.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

CONSEQUENCES = {  # code → the word shown
    "commendation": "表彰",
    "admonishing_talk": "约谈",
    "organisational_handling": "组织处理",
    "none": "无",
}
ACTIONS = {
    "commendation": "予以表彰",
    "admonishing_talk": "第一年：约谈，主要领导不能提拔重用",
    "organisational_handling": "连续两年：对主要领导进行组织处理",
    "none": "不予表彰，不予问责",
}
COLUMNS = ["subject", "year", "consequence", "code", "reason"]


def consequences(assessments: pd.DataFrame, year: int | None = None, *,
                 bad_grades: Collection[str] = ("差",),
                 commended_grades: Collection[str] = ("好",)) -> pd.DataFrame:
    """Each subject's consequence in `year` (default: its latest year), with the reason."""
    bad_grades, commended_grades = grade_list(bad_grades), grade_list(commended_grades)
    history = checked(assessments)
    current = latest(history) if year is None else history[history["year"] == year]
    previous = history.assign(year=history["year"] + 1)  # each row seen from the next year
    rows = current.merge(previous, on=["subject", "year"], how="left", suffixes=("", "_prev"))
    bad = rows["grade"].isin(bad_grades) | ~rows["target_met"].astype(bool)
    had_previous = rows["grade_prev"].notna()
    bad_before = had_previous & (rows["grade_prev"].isin(bad_grades)
                                 | rows["target_met_prev"].eq(False))
    commended = rows["grade"].isin(commended_grades) & rows["target_met"].astype(bool)
    code = pd.Series(np.select([bad & bad_before, bad, commended],
                               ["organisational_handling", "admonishing_talk", "commendation"],
                               default="none"), index=rows.index)
    out = rows[["subject", "year"]].assign(consequence=code.map(CONSEQUENCES), code=code,
                                          reason=reasons(rows, code, had_previous))
    return out.sort_values("subject", kind="stable").reset_index(drop=True)[COLUMNS]


def grade_list(grades: Collection[str]) -> list[str]:
    """Grade names as a list; a single name stays whole ("不合格", not its characters)."""
    return [grades] if isinstance(grades, str) else list(grades)


def checked(assessments: pd.DataFrame) -> pd.DataFrame:
    """The history with its columns checked: one row per subject and year, nothing empty."""
    needed = ["subject", "year", "grade", "target_met"]
    if lacking := [c for c in needed if c not in assessments.columns]:
        raise ValueError(f"assessments: missing column(s) {lacking}")
    history = assessments[needed]
    if empty := [c for c in needed if history[c].isna().any()]:
        raise ValueError(f"assessments: empty values in column(s) {empty}")
    if not history["target_met"].isin([True, False]).all():
        raise ValueError("assessments: target_met must be true or false")
    repeated = history.duplicated(["subject", "year"])
    if repeated.any():
        pairs = history.loc[repeated, ["subject", "year"]].to_numpy().tolist()
        raise ValueError(f"assessments: subject and year listed more than once: {pairs}")
    return history.astype({"year": int, "target_met": bool})


def latest(history: pd.DataFrame) -> pd.DataFrame:
    """Each subject's row of its latest year."""
    return history.sort_values("year", kind="stable").drop_duplicates("subject", keep="last")


def reasons(rows: pd.DataFrame, code: pd.Series, had_previous: pd.Series) -> pd.Series:
    """The reason in Chinese: this year's grade and target, last year's where it counts."""
    this_year = described(rows["year"], rows["grade"], rows["target_met"].astype(bool))
    last_year = described(rows["year"] - 1, rows["grade_prev"].fillna(""),
                          rows["target_met_prev"].eq(True))
    no_result = (rows["year"] - 1).astype(str) + "年无考核结果"
    last_year = "；" + last_year.where(had_previous, no_result)
    shows_last_year = code.isin(["admonishing_talk", "organisational_handling"])
    return this_year + last_year.where(shows_last_year, "") + "。" + code.map(ACTIONS)


def described(year: pd.Series, grade: pd.Series, target_met: pd.Series) -> pd.Series:
    """One year as words: 2020年考核等次为“差”，未完成年度脱贫任务."""
    task = pd.Series(np.where(target_met, "完成年度脱贫任务", "未完成年度脱贫任务"),
                     index=year.index, dtype=str)
    return year.astype(str) + "年考核等次为“" + grade.astype(str) + "”，" + task

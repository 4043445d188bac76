"""Steps shared by every feature: a checklist and answers in, the real engine, results checked.

Tables in the features use Chinese headers; `tables.COLUMNS` maps them onto the engine's.
A checklist docstring is YAML laid over `DEFAULTS`; `items:` stands for one section A, and
`total` is the sum of the counted maxima unless the docstring gives it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from pytest_bdd import given, parsers, then, when

from scoring import Checklist, Results, parse_checklist, score
from tests.bdd.tables import assert_rows, table

DEFAULTS: dict[str, Any] = {
    "id": "bdd", "title": "场景检查表", "subject": "village", "precision": 0.1,
    "combine": "mean", "ties": "competition", "rectify_days": 30,
    "grades": [{"grade": "好", "min": 90}, {"grade": "较好", "min": 80},
               {"grade": "一般", "min": 60}, {"grade": "差", "min": 0}],
    "veto": {"grade": "差", "rank": "last"},
}
META = ("subject", "inspector", "group", "note")


# ---- helpers --------------------------------------------------------------------------------


def subject_row(results: Results, subject: str) -> pd.Series:
    """One subject's row of the result table."""
    rows = results.subjects[results.subjects["subject"] == subject]
    assert len(rows) == 1, f"no single row for {subject!r}:\n{results.subjects}"
    return rows.iloc[0]


# ---- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def assessed_on() -> date | None:
    """No assessment date unless a step gives one."""
    return None


@pytest.fixture
def runner() -> CliRunner:
    """A click runner for the command-line scenarios."""
    return CliRunner()


# ---- Given ----------------------------------------------------------------------------------


@given("检查表:", target_fixture="checklist")
def given_checklist(docstring: str) -> Checklist:
    """A checklist from YAML laid over the defaults (`items:` is one section A)."""
    data = {**DEFAULTS, **yaml.safe_load(docstring)}
    if "items" in data:
        data["sections"] = [{"code": "A", "title": "考核内容", "items": data.pop("items")}]
    items = [item for section in data["sections"] for item in section["items"]]
    data.setdefault("total", sum(i.get("max", 0) for i in items
                                 if i["method"] not in ("bonus", "veto")))
    return parse_checklist(data)


@given("答卷:", target_fixture="responses")
def given_long_responses(datatable: list[list[str]]) -> pd.DataFrame:
    """Long responses: one row per subject, inspector and item."""
    return table(datatable)


@given("答卷（每项一列）:", target_fixture="responses")
def given_wide_responses(datatable: list[list[str]]) -> pd.DataFrame:
    """Wide responses: a column per item code, melted to the long form the engine reads."""
    wide = table(datatable)
    meta = [column for column in META if column in wide.columns]
    return wide.melt(id_vars=meta, var_name="item", value_name="value")


@given(parsers.parse("考核日期为 {day}"), target_fixture="assessed_on")
def given_assessed_on(day: str) -> date:
    """The day the assessment was made (deadlines count from it)."""
    return date.fromisoformat(day)


# ---- When -----------------------------------------------------------------------------------


@when("评分", target_fixture="results")
def when_scored(checklist: Checklist, responses: pd.DataFrame, assessed_on: date | None
                ) -> Results:
    """Score the responses with the real engine."""
    return score(checklist, responses, assessed_on=assessed_on)


# ---- Then -----------------------------------------------------------------------------------


@then("结果依次为:")
def then_results_in_order(results: Results, datatable: list[list[str]]) -> None:
    """The result table, row by row in its order, holds the cells given."""
    assert_rows(results.subjects, datatable)


@then("各项得分为:")
def then_item_scores(results: Results, datatable: list[list[str]]) -> None:
    """Each (subject, item) listed has the combined, rounded score and points lost given."""
    assert_rows(results.items, datatable, keys=["subject", "item"])


@then(parsers.parse('"{subject}" 得分 {points:g}'))
def then_score(results: Results, subject: str, points: float) -> None:
    """The subject's total, exactly."""
    assert subject_row(results, subject)["score"] == points


@then(parsers.parse('"{subject}" 的 {code} 项得分 {points:g}'))
def then_item_score(results: Results, subject: str, code: str, points: float) -> None:
    """One item's combined, rounded score, exactly."""
    items = results.items
    row = items[(items["subject"] == subject) & (items["item"] == code)]
    assert row["score"].tolist() == [points]


@then(parsers.parse('"{subject}" 等次为 "{grade}"'))
def then_grade(results: Results, subject: str, grade: str) -> None:
    """The subject's grade."""
    assert subject_row(results, subject)["grade"] == grade


@then(parsers.parse('"{subject}" 的否决理由为 "{reasons}"'))
def then_veto_reasons(results: Results, subject: str, reasons: str) -> None:
    """The subject is vetoed, for exactly these reasons (separated by ；)."""
    row = subject_row(results, subject)
    assert bool(row["vetoed"])
    assert row["veto_reasons"] == reasons.split("；")


@then(parsers.parse('"{subject}" 未答完，缺 "{codes}"'))
def then_incomplete(results: Results, subject: str, codes: str) -> None:
    """The subject is incomplete: not graded, not ranked, its missing codes listed."""
    row = subject_row(results, subject)
    assert (row["status"], row["grade"], row["missing"]) == ("incomplete", None, codes.split("、"))
    assert all(pd.isna(row[column]) for column in ("rank", "group_rank", "score"))


@then(parsers.parse("{code} 项的目标值为 {value:g}"))
def then_target(results: Results, code: str, value: float) -> None:
    """The relative target (mean or median over the campaign) an item was scored against."""
    assert results.targets[code] == pytest.approx(value, rel=1e-12)


@then("扣分池明细为:")
def then_pool_lines(results: Results, datatable: list[list[str]]) -> None:
    """Each pool line listed takes the points given from its pool."""
    assert_rows(results.pool_lines, datatable, keys=["subject", "line"])


@then("整改清单为:")
def then_rectifications(results: Results, datatable: list[list[str]]) -> None:
    """The rectification rows, in order, hold the cells given."""
    assert_rows(results.rectifications, datatable)


@then(parsers.parse('"{subject}" 的 {code} 项整改问题包含 "{text}"'))
def then_finding(results: Results, subject: str, code: str, text: str) -> None:
    """The rectification row of that subject and item says what was found."""
    rows = results.rectifications
    findings = rows[(rows["subject"] == subject) & (rows["item"] == code)]["finding"].tolist()
    assert len(findings) == 1, findings
    assert text in findings[0], findings

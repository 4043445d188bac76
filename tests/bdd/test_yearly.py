"""The yearly assessment: a composite of weighted parts, and its consequences over two years."""

from __future__ import annotations

import pandas as pd
import yaml
from pytest_bdd import given, parsers, scenarios, then, when

from scoring.composite import composite
from scoring.composite_rule import CompositeRule, parse_composite
from scoring.consequences import consequences
from tests.bdd.tables import assert_rows, table

scenarios("yearly")

FLAGS = {"否决": "vetoed", "不参评": "excluded", "未答完": "incomplete"}


def campaign_cell(cell: str) -> dict[str, object] | None:
    """One subject's result in one campaign: '88', '88 否决', '92 不参评'; blank: not scored."""
    if not cell:
        return None
    points, *flags = cell.split()
    return {"score": float(points), "vetoed": "否决" in flags,
            "status": next((FLAGS[f] for f in flags if FLAGS[f] != "vetoed"), "ok")}


# ---- Given ----------------------------------------------------------------------------------


@given("综合考核规则:", target_fixture="composite_rule")
def given_composite_rule(docstring: str) -> CompositeRule:
    """A composite rule from YAML (parts with weights and campaigns, precision, grades)."""
    return parse_composite(yaml.safe_load(docstring))


@given("各次考核得分:", target_fixture="campaign_scores")
def given_campaign_scores(datatable: list[list[str]]) -> dict[str, pd.DataFrame]:
    """Each campaign's result table, from a column per campaign (blank: not scored there)."""
    wide = table(datatable)
    frames = {}
    for campaign in wide.columns.drop("subject"):
        rows = [{"subject": s, **c} for s, cell in zip(wide["subject"], wide[campaign], strict=True)
                if (c := campaign_cell(cell)) is not None]
        frames[campaign] = pd.DataFrame(rows, columns=["subject", "score", "vetoed", "status"])
    return frames


@given("历年考核结果:", target_fixture="assessments")
def given_assessments(datatable: list[list[str]]) -> pd.DataFrame:
    """Each subject's grade and whether it met its yearly target, year by year."""
    history = table(datatable).rename(columns={"完成年度任务": "target_met"})
    return history.assign(year=history["year"].astype(int), target_met=history["target_met"] == "是")


# ---- When -----------------------------------------------------------------------------------


@when("合成年度考核结果", target_fixture="yearly")
def when_composed(composite_rule: CompositeRule, campaign_scores: dict[str, pd.DataFrame]
                  ) -> pd.DataFrame:
    """Combine the campaigns into the yearly result with the real engine."""
    return composite(composite_rule, campaign_scores)


@when(parsers.parse("认定 {year:d} 年的奖惩"), target_fixture="consequence_table")
def when_consequences(assessments: pd.DataFrame, year: int) -> pd.DataFrame:
    """Decide each subject's consequence in that year."""
    return consequences(assessments, year)


# ---- Then -----------------------------------------------------------------------------------


@then("年度考核结果为:")
def then_yearly(yearly: pd.DataFrame, datatable: list[list[str]]) -> None:
    """Each subject listed has the part scores, total, grade and status given."""
    assert_rows(yearly, datatable, keys=["subject"])


@then("奖惩为:")
def then_consequences(consequence_table: pd.DataFrame, datatable: list[list[str]]) -> None:
    """Each subject listed gets the consequence given (表彰 / 约谈 / 组织处理 / 无)."""
    assert_rows(consequence_table, datatable, keys=["subject"])


@then(parsers.parse('"{subject}" 的奖惩理由包含 "{text}"'))
def then_consequence_reason(consequence_table: pd.DataFrame, subject: str, text: str) -> None:
    """The subject's consequence comes with a reason that says this."""
    reason = consequence_table.set_index("subject").loc[subject, "reason"]
    assert text in reason, reason

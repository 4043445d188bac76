"""Factories for engine tests: a checklist from a few items, responses from short rows."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import settings

from scoring import Checklist, Results, parse_checklist, score

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")

GRADES = [{"grade": "好", "min": 90}, {"grade": "较好", "min": 80},
          {"grade": "一般", "min": 60}, {"grade": "差", "min": 0}]


def checklist_data(items: list[dict[str, Any]], **top: Any) -> dict[str, Any]:
    """A whole checklist around `items`, `total` the sum of their maxima unless given."""
    counted = [i.get("max", 0) for i in items if i["method"] not in ("bonus", "veto")]
    total = sum(m for m in counted if isinstance(m, int | float))
    data = {"id": "test", "title": "测试", "subject": "village", "total": total,
            "precision": 0.1, "grades": GRADES, "veto": {"grade": "差", "rank": "last"},
            "sections": [{"code": "A", "title": "甲", "items": items}]}
    data.update(top)
    return data


@pytest.fixture
def make_checklist() -> Callable[..., Checklist]:
    """Build a checklist from item dicts and top-level overrides."""

    def make(items: list[dict[str, Any]], **top: Any) -> Checklist:
        return parse_checklist(yaml.safe_load(yaml.safe_dump(checklist_data(items, **top))))

    return make


def rows_to_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """(subject, item, value[, inspector[, group]]) tuples as a long response table."""
    columns = ["subject", "item", "value", "inspector", "group"][: len(rows[0])]
    return pd.DataFrame([[str(v) for v in row] for row in rows], columns=columns)


@pytest.fixture
def run() -> Callable[..., Results]:
    """Score rows against a checklist."""

    def run_rows(checklist: Checklist, rows: list[tuple[Any, ...]], **options: Any) -> Results:
        return score(checklist, rows_to_frame(rows), **options)

    return run_rows


def by_subject(results: Results, column: str) -> dict[str, Any]:
    """One result column keyed by subject."""
    return dict(zip(results.subjects["subject"], results.subjects[column], strict=True))

"""Grades by thresholds, caps and quotas; ranks with ties, overall and within groups."""

from __future__ import annotations

from decimal import ROUND_FLOOR

import numpy as np
import pandas as pd

from scoring.checklist import Checklist
from scoring.combine import points_to_units


def grade_indexes(checklist: Checklist, units: np.ndarray, graded: np.ndarray,
                  failed: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Each subject's grade as an index into checklist.grades (-1 where not graded).

    Thresholds first (the first grade whose min is reached), then caps (no better than),
    then a failing veto (the veto grade), then quotas from the top grade down: beyond its
    quota a grade's lowest scorers drop one grade, a tie at the cut dropping together.
    """
    mins = np.array([points_to_units(rule.min, checklist.precision) for rule in checklist.grades])
    index = (units[:, None] < mins[None, :]).sum(axis=1)
    index = np.maximum(index, cap)
    names = [rule.grade for rule in checklist.grades]
    index = np.where(failed, names.index(checklist.veto_grade), index)
    n_graded = int(graded.sum())
    for position, rule in enumerate(checklist.grades[:-1]):
        if rule.quota is None:
            continue
        limit = int((rule.quota * n_graded).to_integral_value(rounding=ROUND_FLOOR))
        holders = np.flatnonzero(graded & ~failed & (index == position))
        if len(holders) <= limit:
            continue
        cut = np.sort(units[holders])[::-1][limit]
        index[holders[units[holders] <= cut]] = position + 1
    return np.where(graded, index, -1)


def cap_indexes(checklist: Checklist, caps: list[list[str]]) -> np.ndarray:
    """The best grade index each subject may reach (0 where nothing caps it)."""
    names = [rule.grade for rule in checklist.grades]
    return np.array([max((names.index(cap) for cap in subject_caps), default=0)
                     for subject_caps in caps], dtype=np.int64)


def place(units: np.ndarray, normal: np.ndarray, last: np.ndarray, ties: str,
          groups: list[str] | None = None) -> pd.Series:
    """Ranks: `normal` subjects by score, then `last` ones after them; others unranked (NaN)."""
    method = "min" if ties == "competition" else "dense"
    keys = pd.Series(units, dtype=float)
    by = pd.Series(groups if groups is not None else [""] * len(units))

    def rank(mask: np.ndarray) -> pd.Series:
        return keys.where(mask).groupby(by).rank(method=method, ascending=False)

    first = rank(normal)
    if ties == "competition":
        offset = pd.Series(normal.astype(int)).groupby(by).transform("sum")
    else:
        offset = first.groupby(by).transform("max").fillna(0)
    return first.fillna(rank(last) + offset)


"""Re-check lists: inspectors who disagree on an item, and self-assessments far from inspection.

The shares come from a checklist's optional `recheck: {spread: 0.2, self_gap: 0.1}`: an item is
flagged when the spread (or gap) is beyond that share of the item's max; exactly at it is not.
Spreads, gaps and limits are settled to SETTLE_DECIMALS places first, so 9.9 − 7.9 equals 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pandas as pd

KEYS = ["subject", "item"]
SETTLE_DECIMALS = 6  # finer digits of a score are binary-float noise


def inspector_agreement(scores: pd.DataFrame, item_max: Mapping[str, float] | pd.Series,
                        share: float | Decimal = 0.2) -> pd.DataFrame:
    """Per (subject, item): n inspectors, min, max, spread, limit and flagged, flagged first."""
    require(scores, [*KEYS, "inspector", "score"], "scores")
    unique(scores, [*KEYS, "inspector"], "scores")
    return spreads(scores, item_max, share)


def spreads(scores: pd.DataFrame, item_max: Mapping[str, float] | pd.Series,
            share: float | Decimal = 0.2) -> pd.DataFrame:
    """inspector_agreement of scores known to hold one row per subject, item and inspector."""
    spread = (scores.groupby(KEYS, sort=False, observed=True)["score"]
              .agg(n="count", min="min", max="max").reset_index())
    spread["spread"] = settle(spread["max"] - spread["min"])
    spread["limit"] = limits(spread["item"], item_max, share)
    spread["flagged"] = spread["spread"] > spread["limit"]
    return flagged_first(spread)


def self_check(self_scores: pd.DataFrame, inspected: pd.DataFrame,
               item_max: Mapping[str, float] | pd.Series,
               share: float | Decimal = 0.1) -> pd.DataFrame:
    """Per (subject, item): self and inspected score, gap = self − inspected, limit, flagged.

    An item scored on one side only has a NaN gap and `missing` naming the side that lacks it
    (`self` or `inspected`); elsewhere `missing` is None.
    """
    for frame, name in ((self_scores, "self_scores"), (inspected, "inspected")):
        require(frame, [*KEYS, "score"], name)
        unique(frame, KEYS, name)
    rows = pd.merge(self_scores[[*KEYS, "score"]].rename(columns={"score": "self_score"}),
                    inspected[[*KEYS, "score"]].rename(columns={"score": "inspected_score"}),
                    on=KEYS, how="outer", indicator=True)
    rows["gap"] = settle(rows["self_score"] - rows["inspected_score"])
    rows["limit"] = limits(rows["item"], item_max, share)
    rows["flagged"] = rows["gap"].abs() > rows["limit"]
    side = rows.pop("_merge").astype(str)
    missing = side.map({"left_only": "inspected", "right_only": "self"}).astype(object)
    rows["missing"] = missing.where(missing.notna(), None)
    return flagged_first(rows)


def self_check_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """Per subject of a self_check: totals each side, their gap (NaN if an item is one-sided)."""
    summary = rows.groupby("subject", sort=True).agg(
        self_total=("self_score", "sum"), inspected_total=("inspected_score", "sum"),
        n_flagged=("flagged", "sum"), n_missing=("missing", "count")).reset_index()
    gap = settle(summary["self_total"] - summary["inspected_total"])
    summary.insert(3, "gap", gap.where(summary["n_missing"] == 0))
    return summary.astype({"n_flagged": int, "n_missing": int})


def require(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    """Raise naming the frame and the columns it lacks."""
    if lacking := [c for c in columns if c not in frame.columns]:
        raise ValueError(f"{name}: missing column(s) {lacking}")


def unique(frame: pd.DataFrame, keys: list[str], name: str) -> None:
    """Raise when a key appears twice (a score entered twice)."""
    repeated = frame.duplicated(keys)
    if repeated.any():
        first = frame.loc[repeated, keys].iloc[0].tolist()
        raise ValueError(f"{name}: {', '.join(keys)} listed more than once, e.g. {first}")


def limits(items: pd.Series, item_max: Mapping[str, float] | pd.Series,
           share: float | Decimal) -> pd.Series:
    """share × each item's max, settled; raise naming items without a max."""
    if float(share) < 0:
        raise ValueError(f"share must not be negative, not {share}")
    maxima = items.astype(object).map(pd.Series(item_max, dtype=float))
    if maxima.isna().any():
        raise ValueError(f"no max for item(s) {sorted(items[maxima.isna()].unique().tolist())}")
    return settle(maxima * float(share))


def settle(values: pd.Series) -> pd.Series:
    """Values rounded to SETTLE_DECIMALS places, so equal decimals compare equal."""
    return values.round(SETTLE_DECIMALS)


def flagged_first(rows: pd.DataFrame) -> pd.DataFrame:
    """Flagged rows first, then by subject and item."""
    order = rows.sort_values(["flagged", *KEYS], ascending=[False, True, True], kind="stable")
    return order.reset_index(drop=True)

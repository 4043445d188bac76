"""Score a campaign: a checklist and its responses into per-subject results."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from scoring.checklist import Checklist
from scoring.combine import half_up_units, points_to_units, units_to_points
from scoring.methods import vetoed_by
from scoring.ranking import cap_indexes, grade_indexes, place
from scoring.results import Results
from scoring.sheets import Sheets, build_sheets

ROW_BLOCK = 4096  # subjects summed at a time
ITEM_BLOCK = 16  # items scored and combined at a time


def score(checklist: Checklist, responses: pd.DataFrame, *,
          assessed_on: date | None = None) -> Results:
    """Score, veto, grade and rank every subject; raise ResponseError on unusable responses."""
    sheets = build_sheets(checklist, responses)
    n = len(sheets.subjects)
    if sheets.answered.all():
        unanswered = np.zeros((n, len(sheets.codes)), dtype=bool)
    else:
        unanswered = sheets.combine(~sheets.answered, "max") > 0
    complete = np.asarray(~unanswered.any(axis=1))
    targets = relative_targets(checklist, sheets, complete)
    items = checklist.items
    # a block of items at a time, so no sheets × items matrix is held: Results recomputes it on demand
    combined = np.empty((n, len(items)))
    for start in range(0, len(items), ITEM_BLOCK):
        block = items[start:start + ITEM_BLOCK]
        scores = np.empty((len(sheets.sheet_subject), len(block)), order="F")  # a sheet column an item
        for index, item in enumerate(block):
            scores[:, index] = sheets.item_scores(item, targets)
        combined[:, start:start + len(block)] = sheets.combine(scores, checklist.combine)
    units = half_up_units(combined, checklist.precision)
    hits = {item.code: sheets.combine(vetoed_by(item, sheets.column(item.code)).astype(float), "max") > 0
            for item in items if item.vetoes}
    ranked = subject_table(checklist, sheets, units, hits, complete, unanswered)
    return Results(checklist=checklist, sheets=sheets, subjects=ranked.reset_index(drop=True),
                   item_units=units, placed=ranked.index.to_numpy(), targets=targets,
                   assessed_on=assessed_on)


def relative_targets(checklist: Checklist, sheets: Sheets, complete: np.ndarray) -> dict[str, float]:
    """Targets taken over all complete subjects (`target: mean | median`), by item code."""
    relative = [item for item in checklist.items if item.relative]
    if not relative:
        return {}
    values = np.column_stack([sheets.column(item.code) for item in relative])
    per_subject = sheets.combine(values, checklist.combine)
    taken = pd.DataFrame(per_subject[complete], columns=[item.code for item in relative])
    return {item.code: float(getattr(taken[item.code], str(item.target))())
            for item in relative}


def subject_table(checklist: Checklist, sheets: Sheets, units: np.ndarray,
                  hits: dict[str, np.ndarray], complete: np.ndarray,
                  unanswered: np.ndarray) -> pd.DataFrame:
    """One row per subject, in rank order, indexed by its place in the sheets: totals, sections,
    vetoes, status, grade and ranks."""
    items = checklist.items
    counted = np.array([item.counts_to_total for item in items])
    bonus_items = np.array([item.method == "bonus" for item in items])
    bonus = row_sums(units, bonus_items)
    if checklist.bonus_cap is not None:
        cap = points_to_units(checklist.bonus_cap, checklist.precision, "ROUND_FLOOR")
        bonus = np.minimum(bonus, cap)
    total = np.where(complete, row_sums(units, counted) + bonus, np.nan)
    vetoed, excluded, failed, reasons, caps = veto_outcomes(checklist, hits, len(complete))
    graded = complete & ~excluded
    grade_index = grade_indexes(checklist, np.nan_to_num(total), graded, failed, caps)
    names = [rule.grade for rule in checklist.grades]
    last = graded & failed & (checklist.veto_rank == "last")
    normal = graded & ~failed
    table = pd.DataFrame({
        "rank": place(total, normal, last, checklist.ties),
        "group_rank": place(total, normal, last, checklist.ties, sheets.groups),
        "subject": sheets.subjects,
        "group": sheets.groups,
        "score": total,
        "grade": pd.Series(np.array([*names, None], dtype=object)[grade_index], dtype=object),
        "vetoed": vetoed,
        "veto_reasons": reasons,
        "status": np.where(~complete, "incomplete", np.where(excluded, "excluded", "ok")),
        "bonus": np.where(complete, bonus, np.nan),
    })
    for section in checklist.sections:
        columns = [i for i, item in enumerate(items)
                   if item.section == section.code and item.method != "veto"]
        if columns:
            table[section.code] = np.where(complete, row_sums(units, columns), np.nan)
    for column in ["score", "bonus", *(s.code for s in checklist.sections if s.code in table)]:
        table[column] = units_to_points(table[column].to_numpy(), checklist.precision)
    missing: list[list[str]] = [[] for _ in range(len(complete))]
    for s in np.flatnonzero(~complete):
        missing[s] = [sheets.codes[j] for j in np.flatnonzero(unanswered[s])]
    table["missing"] = missing
    table[["rank", "group_rank"]] = table[["rank", "group_rank"]].astype("Int64")
    return in_rank_order(table)


def row_sums(units: np.ndarray, columns: np.ndarray | list[int]) -> np.ndarray:
    """Each row's sum over these columns, NaN as 0 (as nansum does), a block of rows at a time:
    no subjects × items copy is made, and each row is summed as one row of the whole would be."""
    sums = np.empty(len(units))
    for start in range(0, len(units), ROW_BLOCK):
        block = units[start:start + ROW_BLOCK, columns]
        block[np.isnan(block)] = 0.0
        sums[start:start + ROW_BLOCK] = block.sum(axis=1)
    return sums


def veto_outcomes(checklist: Checklist, hits: dict[str, np.ndarray], n: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[str]], np.ndarray]:
    """Per subject: vetoed at all, excluded, failed (exclude beats fail), the reasons, and the
    best grade index a capping veto leaves (0 where none caps)."""
    vetoing = [item for item in checklist.items if item.vetoes]
    hit = (np.column_stack([hits[item.code] for item in vetoing]) if vetoing
           else np.zeros((n, 0), dtype=bool))
    kinds = np.array([item.effect.kind for item in vetoing], dtype=object)
    vetoed = np.asarray(hit.any(axis=1))
    excluded = np.asarray(hit[:, kinds == "exclude"].any(axis=1))
    failed = np.asarray(hit[:, kinds == "fail"].any(axis=1) & ~excluded)
    reasons: list[list[str]] = [[] for _ in range(n)]
    caps = np.zeros(n, dtype=np.int64)
    hit_rows = np.flatnonzero(vetoed)
    for s in hit_rows:
        reasons[s] = [item.label for item, h in zip(vetoing, hit[s], strict=True) if h]
    if len(hit_rows):
        caps[hit_rows] = cap_indexes(checklist, [
            [item.effect.cap for item, h in zip(vetoing, hit[s], strict=True)
             if h and item.effect.kind == "cap" and item.effect.cap] for s in hit_rows])
    return vetoed, excluded, failed, reasons, caps


def in_rank_order(table: pd.DataFrame) -> pd.DataFrame:
    """Ranked subjects by rank, then unranked ones by score, incomplete ones last; the index kept."""
    order = table.assign(_incomplete=table["status"] == "incomplete").sort_values(
        ["_incomplete", "rank", "score"], ascending=[True, True, False], na_position="last",
        kind="stable")
    return order.drop(columns="_incomplete")

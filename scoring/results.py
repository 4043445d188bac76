"""A scored campaign: the subject table, and the detail behind it on demand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np
import pandas as pd

from scoring.agreement import self_check, spreads
from scoring.checklist import Checklist, Item
from scoring.combine import half_up_units, units_to_points
from scoring.findings import Rows, findings, objects, text_column
from scoring.methods import pool_losses
from scoring.sheets import Sheets

RECTIFICATION_COLUMNS = ["subject", "group", "item", "text", "finding", "lost", "lead_unit",
                         "co_units", "deadline"]


@dataclass(frozen=True, eq=False)
class Results:
    """Results of one campaign; `subjects` has the public columns of DESIGN.md (plus `missing`).

    Every table is built with column operations on the sheets' arrays: its cost grows with the
    size of the campaign, never with its square. Each table's columns are arrays made for it
    alone, so pandas is told not to copy them.
    """

    checklist: Checklist
    sheets: Sheets
    subjects: pd.DataFrame
    item_units: np.ndarray  # subjects (in sheets order) × items, combined and rounded, NaN missing
    placed: np.ndarray  # for each row of `subjects`, its subject in sheets order
    targets: dict[str, float]  # the target each relative item was scored against
    assessed_on: date | None = None

    @cached_property
    def labels(self) -> np.ndarray:
        """The subjects' names in sheets order, as an object array to index without copying text."""
        return objects(list(self.sheets.subjects))

    @cached_property
    def lost(self) -> np.ndarray:
        """Points lost per subject (sheets order) and item: NaN unanswered, 0 on bonus and veto items."""
        checklist = self.checklist
        items = checklist.items
        max_units = half_up_units(np.array([float(item.max or 0) for item in items]), checklist.precision)
        counted = np.array([item.counts_to_total for item in items], dtype=bool)
        return np.where(counted, units_to_points(max_units - self.item_units, checklist.precision), 0.0)

    @cached_property
    def items(self) -> pd.DataFrame:
        """Every subject's combined, rounded score on every item, with the points lost.

        The text columns are categorical: millions of rows hold codes into a few names.
        """
        checklist, sheets = self.checklist, self.sheets
        items = checklist.items
        n = len(sheets.subjects)
        return pd.DataFrame({
            "subject": per_subject(self.labels, len(items)),
            "group": per_subject(objects(list(sheets.groups)), len(items)),
            "item": per_item(objects([item.code for item in items]), n),
            "section": per_item(objects([item.section for item in items]), n),
            "method": per_item(objects([item.method for item in items]), n),
            "max": np.tile([float(item.max or 0) for item in items], n),
            "score": units_to_points(self.item_units, checklist.precision).ravel(),
            "lost": self.lost.ravel().copy(),  # its own: `lost` is shared with the rectifications
        }, copy=False)

    @cached_property
    def inspector_scores(self) -> pd.DataFrame:
        """Each inspector's own value and unrounded score per subject and item."""
        sheets, items = self.sheets, self.checklist.items
        n = len(sheets.sheet_subject)
        values = np.empty((len(items), n))
        scores = np.empty((len(items), n))
        for index, item in enumerate(items):
            values[index] = sum((sheets.column(code) for code in item.answer_codes[1:]),
                                sheets.column(item.answer_codes[0]))
            scores[index] = sheets.item_scores(item, self.targets)
        return pd.DataFrame({
            "subject": np.tile(self.labels[sheets.sheet_subject], len(items)),
            "inspector": np.tile(objects(list(sheets.inspectors))[sheets.sheet_inspector], len(items)),
            "item": np.repeat(objects([item.code for item in items]), n),
            "value": values.ravel(), "score": scores.ravel()}, copy=False)

    @cached_property
    def disagreements(self) -> pd.DataFrame:
        """Inspectors' spread per subject and item, flagged beyond the checklist's re-check share."""
        share = self.checklist.recheck.spread
        sheets, items = self.sheets, self.checklist.items
        kept = np.array([item.code in self.item_maxima for item in items], dtype=bool)
        n = len(sheets.sheet_subject)
        scores = self.inspector_scores["score"].to_numpy().reshape(len(items), n)[kept].ravel()
        n_kept = int(kept.sum())
        # categorical keys with sorted categories group and sort as their texts do, at a fraction of the cost
        scored = pd.DataFrame({
            "subject": in_text_order(self.labels, np.tile(sheets.sheet_subject, n_kept)),
            "item": in_text_order(objects([item.code for item in items]), np.repeat(np.flatnonzero(kept), n)),
            "score": scores})
        # one sheet per subject and inspector: each (subject, item, inspector) is there once
        spread = spreads(scored, self.item_maxima, *([share] if share is not None else []))
        return spread.astype({"subject": "str", "item": "str"})

    def self_check(self, self_assessment: Results) -> pd.DataFrame:
        """Self-scores against these inspection scores, flagged beyond the re-check share."""
        share = self.checklist.recheck.self_gap
        columns = ["subject", "item", "score"]
        keys = {"subject": str, "item": str}  # two campaigns' categories differ: merged as text
        return self_check(self_assessment.items[columns].astype(keys), self.items[columns].astype(keys),
                          self.item_maxima, *([share] if share is not None else []))

    @cached_property
    def item_maxima(self) -> dict[str, float]:
        """The max of every item that has one."""
        return {item.code: float(item.max) for item in self.checklist.items if item.max is not None}

    @cached_property
    def pool_points(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per pool item: each subject's combined count per line, and the rounded points it takes."""
        sheets, checklist = self.sheets, self.checklist
        points = {}
        for item in (item for item in checklist.items if item.lines):
            counts = np.column_stack([sheets.column(line.code) for line in item.lines])
            lost = sheets.combine(pool_losses(item, counts), checklist.combine)
            points[item.code] = (sheets.combine(counts, checklist.combine),
                                 units_to_points(half_up_units(lost, checklist.precision), checklist.precision))
        return points

    @cached_property
    def pool_lines(self) -> pd.DataFrame:
        """Per pool line and subject: the combined count and the points it takes from the pool."""
        lines = [(item, line) for item in self.checklist.items for line in item.lines]
        if not lines:
            return pd.DataFrame(columns=["subject", "item", "line", "text", "count", "lost"])
        n = len(self.sheets.subjects)
        counts = [counts.T for counts, _ in self.pool_points.values()]
        lost = [lost.T for _, lost in self.pool_points.values()]
        return pd.DataFrame({
            "subject": np.tile(self.labels, len(lines)),
            "item": np.repeat(objects([item.code for item, _ in lines]), n),
            "line": np.repeat(objects([line.code for _, line in lines]), n),
            "text": np.repeat(objects([line.text for _, line in lines]), n),
            "count": np.concatenate(counts).ravel(), "lost": np.concatenate(lost).ravel()}, copy=False)

    @cached_property
    def rectifications(self) -> pd.DataFrame:
        """A row for every item scored below its max and every veto, subjects in rank order.

        The text columns are categorical, as in `items`: a province's list has a million rows
        and a few thousand distinct findings.
        """
        checklist, sheets = self.checklist, self.sheets
        items = checklist.items
        lost = self.lost[self.placed]
        vetoed = np.zeros(lost.shape, dtype=bool)
        reasons = self.subjects["veto_reasons"].explode().dropna()
        by_label = {item.label: index for index, item in enumerate(items)}
        vetoed[reasons.index.to_numpy(), reasons.map(by_label).to_numpy(np.int64)] = True
        cell = np.flatnonzero((lost > 0) | vetoed)  # row-major: subjects in rank order, items in order
        place, position = np.divmod(cell, len(items))
        subject = self.placed[place]
        lost, vetoed = lost.ravel()[cell], vetoed.ravel()[cell]
        lost[lost <= 0] = np.nan
        score = units_to_points(self.item_units.ravel()[subject * len(items) + position], checklist.precision)
        place_of = np.empty(len(self.placed), dtype=np.int64)
        place_of[self.placed] = np.arange(len(self.placed))
        rows = Rows(subject, position, np.where(np.isnan(lost), np.nan, score), vetoed, cell, place_of)
        return pd.DataFrame({
            "subject": text_column(subject, self.labels),
            "group": text_column(subject, objects(list(sheets.groups))),
            "item": text_column(position, objects([item.code for item in items])),
            "text": text_column(position, objects([item.text for item in items])),
            "finding": text_column(*findings(items, rows, self.notes, lambda item: self.pool_points[item.code][1])),
            "lost": lost, "lead_unit": text_column(position, objects([item.lead_unit for item in items])),
            "co_units": objects([list(item.co_units) for item in items])[position],
            "deadline": objects([self.deadline(item) for item in items])[position],
        }, columns=RECTIFICATION_COLUMNS, copy=False)

    @cached_property
    def notes(self) -> pd.DataFrame:
        """The inspectors' notes by subject (sheets order) and answer code, each written once."""
        return self.sheets.notes.drop_duplicates(["subject", "code", "note"], ignore_index=True)

    def deadline(self, item: Item) -> date | None:
        """The assessment date plus the item's (else the checklist's) days to rectify."""
        if self.assessed_on is None:
            return None
        days = item.rectify_days if item.rectify_days is not None else self.checklist.rectify_days
        return self.assessed_on + timedelta(days=days)


def text_ranks(labels: np.ndarray) -> np.ndarray:
    """Each label's place when the labels are sorted as texts."""
    rank = np.empty(len(labels), dtype=np.int64)
    rank[np.argsort(labels, kind="stable")] = np.arange(len(labels))
    return rank


def in_text_order(labels: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """labels[codes] as a categorical whose categories are in text order."""
    rank = text_ranks(labels)
    categories = np.empty(len(labels), dtype=object)
    categories[rank] = labels
    return pd.Categorical.from_codes(rank[codes], categories=pd.Index(categories, dtype=object))


def per_subject(values: np.ndarray, n_items: int) -> pd.Categorical:
    """A value per subject, repeated for each of its items, as codes into the distinct values."""
    codes, names = pd.factorize(values)
    return pd.Categorical.from_codes(np.repeat(codes, n_items), pd.Index(names))


def per_item(values: np.ndarray, n_subjects: int) -> pd.Categorical:
    """A value per item, repeated for every subject, as codes into the distinct values."""
    codes, names = pd.factorize(values)
    return pd.Categorical.from_codes(np.tile(codes, n_subjects), pd.Index(names))

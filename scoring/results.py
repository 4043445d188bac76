"""A scored campaign: the subject table, and the detail behind it on demand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np
import pandas as pd

from scoring.agreement import inspector_agreement, self_check
from scoring.checklist import Checklist, Item
from scoring.combine import half_up_units, units_to_points
from scoring.methods import pool_losses
from scoring.sheets import Sheets

RECTIFICATION_COLUMNS = ["subject", "group", "item", "text", "finding", "lost", "lead_unit",
                         "co_units", "deadline"]


@dataclass(frozen=True, eq=False)
class Results:
    """Results of one campaign; `subjects` has the public columns of DESIGN.md (plus `missing`)."""

    checklist: Checklist
    sheets: Sheets
    subjects: pd.DataFrame
    item_units: np.ndarray  # subjects (in sheets order) × items, combined and rounded, NaN missing
    targets: dict[str, float]  # the target each relative item was scored against
    assessed_on: date | None = None

    @cached_property
    def items(self) -> pd.DataFrame:
        """Every subject's combined, rounded score on every item, with the points lost."""
        checklist, sheets = self.checklist, self.sheets
        items = checklist.items
        n = len(sheets.subjects)
        maxima = np.array([float(item.max or 0) for item in items])
        scores = units_to_points(self.item_units, checklist.precision)
        max_units = half_up_units(maxima, checklist.precision)
        return pd.DataFrame({
            "subject": np.repeat(sheets.subjects, len(items)),
            "group": np.repeat(sheets.groups, len(items)),
            "item": np.tile([item.code for item in items], n),
            "section": np.tile([item.section for item in items], n),
            "method": np.tile([item.method for item in items], n),
            "max": np.tile(maxima, n),
            "score": scores.ravel(),
            "lost": np.where(np.tile([item.counts_to_total for item in items], n),
                             units_to_points((max_units - self.item_units).ravel(),
                                             checklist.precision), 0.0),
        })

    @cached_property
    def inspector_scores(self) -> pd.DataFrame:
        """Each inspector's own value and unrounded score per subject and item."""
        sheets, items = self.sheets, self.checklist.items
        frames = []
        for item in items:
            value = (sheets.column(item.code) if not item.lines
                     else np.column_stack([sheets.column(line.code) for line in item.lines])
                     .sum(axis=1))
            frames.append(pd.DataFrame({
                "subject": np.asarray(sheets.subjects, dtype=object)[sheets.sheet_subject],
                "inspector": np.asarray(sheets.inspectors, dtype=object)[sheets.sheet_inspector],
                "item": item.code, "value": value, "score": sheets.item_scores(item, self.targets)}))
        return pd.concat(frames, ignore_index=True)

    @cached_property
    def disagreements(self) -> pd.DataFrame:
        """Inspectors' spread per subject and item, flagged beyond the checklist's re-check share."""
        share = self.checklist.recheck.spread
        scores = self.inspector_scores[["subject", "item", "inspector", "score"]]
        scored = scores[scores["item"].isin(self.item_maxima)]
        return inspector_agreement(scored, self.item_maxima, *([share] if share is not None else []))

    def self_check(self, self_assessment: Results) -> pd.DataFrame:
        """Self-scores against these inspection scores, flagged beyond the re-check share."""
        share = self.checklist.recheck.self_gap
        columns = ["subject", "item", "score"]
        return self_check(self_assessment.items[columns], self.items[columns], self.item_maxima,
                          *([share] if share is not None else []))

    @cached_property
    def item_maxima(self) -> dict[str, float]:
        """The max of every item that has one."""
        return {item.code: float(item.max) for item in self.checklist.items if item.max is not None}

    @cached_property
    def pool_lines(self) -> pd.DataFrame:
        """Per pool line and subject: the combined count and the points it takes from the pool."""
        sheets, checklist = self.sheets, self.checklist
        frames = []
        for item in (item for item in checklist.items if item.lines):
            counts = np.column_stack([sheets.column(line.code) for line in item.lines])
            lost = sheets.combine(pool_losses(item, counts), checklist.combine)
            count = sheets.combine(counts, checklist.combine)
            for index, line in enumerate(item.lines):
                frames.append(pd.DataFrame({
                    "subject": sheets.subjects, "item": item.code, "line": line.code,
                    "text": line.text, "count": count[:, index],
                    "lost": units_to_points(half_up_units(lost[:, index], checklist.precision),
                                            checklist.precision)}))
        columns = ["subject", "item", "line", "text", "count", "lost"]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    @cached_property
    def rectifications(self) -> pd.DataFrame:
        """A row for every item scored below its max and every veto, subjects in rank order."""
        checklist = self.checklist
        by_label = {item.label: item.code for item in checklist.items}
        vetoes = self.subjects[["subject", "veto_reasons"]].explode("veto_reasons").dropna()
        vetoes = pd.DataFrame({"subject": vetoes["subject"],
                               "item": vetoes["veto_reasons"].map(by_label), "vetoed": True})
        lost = self.items.loc[self.items["lost"] > 0, ["subject", "item", "score", "lost"]]
        rows = lost.merge(vetoes, on=["subject", "item"], how="outer")
        rows["vetoed"] = rows["vetoed"].eq(True)
        rows["order"] = rows["subject"].map({s: i for i, s in enumerate(self.subjects["subject"])})
        rows["position"] = rows["item"].map({item.code: i for i, item in enumerate(checklist.items)})
        rows = rows.sort_values(["order", "position"]).reset_index(drop=True)
        group = dict(zip(self.sheets.subjects, self.sheets.groups, strict=True))
        items = [checklist.item(code) for code in rows["item"]]
        return pd.DataFrame({
            "subject": rows["subject"], "group": rows["subject"].map(group),
            "item": rows["item"], "text": [item.text for item in items],
            "finding": [self.finding(subject, item, points, vetoed) for subject, item, points, vetoed
                        in zip(rows["subject"], items, rows["score"], rows["vetoed"], strict=True)],
            "lost": rows["lost"].astype(float), "lead_unit": [item.lead_unit for item in items],
            "co_units": [list(item.co_units) for item in items],
            "deadline": [self.deadline(item) for item in items],
        }, columns=RECTIFICATION_COLUMNS)

    @cached_property
    def notes(self) -> dict[tuple[str, str], list[str]]:
        """The inspectors' notes by (subject, answer code), each written once."""
        notes = self.sheets.notes
        subjects = np.asarray(self.sheets.subjects, dtype=object)[notes["subject"].to_numpy(int)]
        grouped: dict[tuple[str, str], list[str]] = {}
        for subject, code, note in zip(subjects, notes["code"], notes["note"], strict=True):
            kept = grouped.setdefault((subject, code), [])
            if note not in kept:
                kept.append(note)
        return grouped

    def deadline(self, item: Item) -> date | None:
        """The assessment date plus the item's (else the checklist's) days to rectify."""
        if self.assessed_on is None:
            return None
        days = item.rectify_days if item.rectify_days is not None else self.checklist.rectify_days
        return self.assessed_on + timedelta(days=days)

    def finding(self, subject: str, item: Item, score: float, vetoed: bool) -> str:
        """What was found: the inspectors' notes, else the pool lines or the standard and score."""
        parts = [note for code in item.answer_codes for note in self.notes.get((subject, code), [])]
        if not parts and item.lines:
            lines = self.pool_lines
            hit = lines[(lines["subject"] == subject) & (lines["item"] == item.code)
                        & (lines["lost"] > 0)]
            parts = [f"{row.text}（扣{row.lost:g}分）" for row in hit.itertuples()]
        if not parts and item.counts_to_total:
            parts = [f"{item.standard or item.text}：得{score:g}分（满分{float(item.max or 0):g}分）"]
        if vetoed:
            condition = f"（{item.veto_when.describe()}）" if item.veto_when else ""
            parts.insert(0, f"一票否决：{item.text}{condition}")
        return "；".join(parts)

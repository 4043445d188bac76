"""Each subject's stored detail, made per campaign from the engine's arrays (one JSON text per subject).

What the checklist already says is not stored again: item codes come in checklist order, and a
rectification row keeps its item, finding, points lost and deadline (text and units are the item's).
Items and inspectors' scores are number lists per subject (NaN where the engine has none), made
with array slices rather than row by row.
"""

import json

import numpy as np
import pandas as pd

from scoring import Results
from scoring.tables import with_iso_dates

POOL_LINES = ["item", "line", "text", "count", "lost"]
RECTIFICATIONS = ["item", "finding", "lost", "deadline"]


def subject_details(results: Results) -> dict[str, str]:
    """Each scored subject's detail as JSON text, by subject."""
    sheets = results.sheets
    n_items, n_subjects, n_sheets = len(results.checklist.items), len(sheets.subjects), len(sheets.sheet_subject)
    items = results.items
    scores = items["score"].to_numpy().reshape(n_subjects, n_items)
    lost = items["lost"].to_numpy().reshape(n_subjects, n_items)
    inspector = results.inspector_scores
    values = inspector["value"].to_numpy().reshape(n_items, n_sheets).T
    points = inspector["score"].to_numpy().reshape(n_items, n_sheets).T
    names = np.asarray(sheets.inspectors, dtype=object)[sheets.sheet_inspector]
    order = np.argsort(sheets.sheet_subject, kind="stable")  # each subject's sheets, in sheets order
    bounds = np.searchsorted(sheets.sheet_subject[order], np.arange(n_subjects + 1))
    pool_lines = _split(results.pool_lines, POOL_LINES)
    rectifications = _split(with_iso_dates(results.rectifications), RECTIFICATIONS)
    details = {}
    for index, subject in enumerate(sheets.subjects):
        own = order[bounds[index] : bounds[index + 1]]
        details[subject] = json.dumps(
            {
                "items": {"score": scores[index].tolist(), "lost": lost[index].tolist()},
                "inspectors": {
                    "names": names[own].tolist(),
                    "values": values[own].tolist(),
                    "scores": points[own].tolist(),
                },
                "pool_lines": pool_lines.get(subject, []),
                "rectifications": rectifications.get(subject, []),
            },
            ensure_ascii=False,
        )
    return details


def _split(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[list]]:
    """The frame's rows (as lists of plain values, NaN as None) by subject, order kept."""
    if frame.empty:
        return {}
    frame = frame.sort_values("subject", kind="stable")
    keys = frame["subject"].astype(str).to_numpy()
    values = frame[columns].astype(object).where(frame[columns].notna(), None).to_numpy()
    bounds = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts, ends = [0, *bounds.tolist()], [*bounds.tolist(), len(keys)]
    return {keys[start]: values[start:end].tolist() for start, end in zip(starts, ends, strict=True)}

"""Each subject's stored detail, made per campaign from the engine's arrays (one JSON text per subject).

What the checklist already says is not stored again: item codes come in checklist order, and a
rectification row keeps its item, finding, points lost and deadline (text and units are the item's).
Items and inspectors' scores are number lists per subject (null where the engine has none),
written from array slices by orjson rather than row by row.
"""

import numpy as np
import orjson
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
    values = np.ascontiguousarray(inspector["value"].to_numpy().reshape(n_items, n_sheets).T)
    points = np.ascontiguousarray(inspector["score"].to_numpy().reshape(n_items, n_sheets).T)
    names = np.asarray(sheets.inspectors, dtype=object)[sheets.sheet_inspector]
    order = np.argsort(sheets.sheet_subject, kind="stable")  # each subject's sheets, in sheets order
    bounds = np.searchsorted(sheets.sheet_subject[order], np.arange(n_subjects + 1))
    pool_lines = _split(results.pool_lines, POOL_LINES)
    rectifications = _split(with_iso_dates(results.rectifications), RECTIFICATIONS)
    details = {}
    for index, subject in enumerate(sheets.subjects):
        own = order[bounds[index] : bounds[index + 1]]
        details[subject] = orjson.dumps(
            {
                "items": {"score": scores[index], "lost": lost[index]},
                "inspectors": {"names": names[own].tolist(), "values": values[own], "scores": points[own]},
                "pool_lines": pool_lines.get(subject, []),
                "rectifications": rectifications.get(subject, []),
            },
            option=orjson.OPT_SERIALIZE_NUMPY,
        ).decode()
    return details


def _split(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[tuple]]:
    """The frame's rows (tuples of plain values, NaN kept for orjson to write as null) by subject, order kept."""
    if frame.empty:
        return {}
    codes, subjects = pd.factorize(frame["subject"].astype(object))
    order = np.argsort(codes, kind="stable")
    rows = list(zip(*(frame[column].to_numpy()[order].tolist() for column in columns), strict=True))
    bounds = np.r_[0, np.cumsum(np.bincount(codes, minlength=len(subjects)))].tolist()
    return {str(subject): rows[bounds[k] : bounds[k + 1]] for k, subject in enumerate(subjects)}

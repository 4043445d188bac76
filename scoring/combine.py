"""Several inspectors' numbers into one per subject, and half-up rounding in exact steps."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd


class SubjectGroups:
    """The sheets of each subject, worked out once and used for every combine."""

    def __init__(self, sheet_subject: np.ndarray, n_subjects: int) -> None:
        self.sheet_subject, self.n_subjects = sheet_subject, n_subjects
        in_order = bool(np.all(sheet_subject[1:] >= sheet_subject[:-1]))
        self.order = None if in_order else np.argsort(sheet_subject, kind="stable")
        counts = np.bincount(sheet_subject, minlength=n_subjects)
        self.starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        self.n = counts[:, None].astype(float)

    def combine(self, matrix: np.ndarray, how: str) -> np.ndarray:
        """Combine sheet rows into subject rows (mean | median | min | max | trimmed_mean).

        A subject's cell is NaN when any of its sheets left it NaN (not answered by everyone).
        Sheets already in subject order are not copied; a matrix laid out column by column
        (Fortran order) is reduced along its contiguous sheets.
        """
        if self.n_subjects == 0:
            return np.zeros((0, *matrix.shape[1:]))
        order, starts, n = self.order, self.starts, self.n
        if how == "median":
            rows = matrix if order is None else matrix[order]
            by = self.sheet_subject if order is None else self.sheet_subject[order]
            median = pd.DataFrame(rows).groupby(by, sort=True).median().to_numpy()
            gaps = np.add.reduceat(np.isnan(rows), starts, axis=0) > 0
            return np.where(gaps, np.nan, median)
        if matrix.ndim == 2 and matrix.flags.f_contiguous and not matrix.flags.c_contiguous:
            sheets_last = matrix.T if order is None else matrix.T[:, order]

            def reduce(ufunc: np.ufunc) -> np.ndarray:
                return ufunc.reduceat(sheets_last, starts, axis=1).T
        else:
            rows = matrix if order is None else matrix[order]

            def reduce(ufunc: np.ufunc) -> np.ndarray:
                return ufunc.reduceat(rows, starts, axis=0)
        if how in ("min", "max"):
            return reduce(np.minimum if how == "min" else np.maximum)
        total = reduce(np.add)
        if how == "trimmed_mean":
            highest = reduce(np.maximum)
            lowest = reduce(np.minimum)
            trimmed = (total - highest - lowest) / np.maximum(n - 2, 1)
            return np.where(n >= 3, trimmed, total / n)
        if total.shape != np.broadcast_shapes(total.shape, n.shape):
            return total / n
        total /= n  # in place: one fewer sheets-sized array
        return total


def half_up_units(values: np.ndarray, precision: Decimal) -> np.ndarray:
    """Round half-up (四舍五入) to whole steps of precision; NaN stays NaN (as float)."""
    steps = np.asarray(values, dtype=float) / float(precision)
    if not isinstance(steps, np.ndarray):  # a single number
        return np.floor(np.round(steps, 6) + 0.5)
    np.round(steps, 6, out=steps)
    steps += 0.5
    return np.floor(steps, out=steps)


def units_to_points(units: np.ndarray | float, precision: Decimal) -> np.ndarray:
    """Whole steps of precision back to points, without binary noise (330.5, not 330.50000001)."""
    places = max(0, -int(precision.as_tuple().exponent))
    return np.round(np.asarray(units, dtype=float) * float(precision), places)


def points_to_units(points: Decimal, precision: Decimal, rounding: str = "ROUND_CEILING") -> int:
    """Points as whole steps of precision: the least that reaches them, or (ROUND_FLOOR) the most
    that stays within them."""
    return int((points / precision).to_integral_value(rounding=rounding))

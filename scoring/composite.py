"""Composite assessments: a yearly result from weighted parts, each the mean of its campaigns.

A real provincial rule: daily supervision 40 %, yearly verification 30 %, third-party evaluation
30 %, where daily supervision is the mean of the quarterly inspections. The total is computed
exactly (integers in micro-points) and rounded half-up (四舍五入) to the rule's precision.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from scoring.composite_rule import CompositeRule, exact

STATUSES = ("ok", "incomplete", "excluded")
SCORE_DECIMALS = 6  # campaign scores are read to the micro-point; finer digits are float noise
INT64_LIMIT = 2**62  # beyond this the exact sums switch from int64 to Python integers


def composite(rule: CompositeRule, campaign_scores: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Each subject's part scores, weighted total (half-up to precision), vetoes and status.

    A campaign the rule names but `campaign_scores` lacks counts as one nobody was scored in.
    """
    rows = campaign_rows(rule.campaigns, campaign_scores)
    subjects = pd.Index(rows["subject"].unique(), name="subject").sort_values()
    campaigns = pd.Index(rule.campaigns)
    scores = grid(rows, "score", subjects, campaigns, np.nan)
    missing = np.isnan(scores)
    vetoed = grid(rows, "vetoed", subjects, campaigns, False)
    units = micro_points(scores, 10 ** score_digits(rule))
    columns = [positions(campaigns, part.campaigns) for part in rule.parts]
    sums = [units[:, cols].sum(axis=1) for cols in columns]
    out = pd.DataFrame({"subject": subjects})
    for part, cols, part_sum in zip(rule.parts, columns, sums, strict=True):
        part_missing = missing[:, cols].any(axis=1)
        scale = len(part.campaigns) * 10 ** score_digits(rule)
        out[part.name] = np.where(part_missing, np.nan, part_sum / scale)
    steps = total_steps(rule, sums)
    status = subject_status(missing, grid(rows, "excluded", subjects, campaigns, False))
    out["score"] = np.where(status == "incomplete", np.nan, steps_to_points(steps, rule))
    out["vetoed"] = np.asarray(vetoed.any(axis=1), dtype=bool)
    out["veto_campaigns"] = names_where(vetoed, campaigns)
    out["status"] = status
    out["missing"] = names_where(missing, campaigns)
    if rule.grades:
        grades = grade_of(rule, steps, status, out["vetoed"].to_numpy())
        out["grade"] = pd.Series(grades, dtype=object)  # None where not graded
    return out


def campaign_rows(campaigns: Sequence[str], campaign_scores: Mapping[str, pd.DataFrame]
                  ) -> pd.DataFrame:
    """One row per (campaign, subject): score (NaN when not scored), excluded and vetoed."""
    frames = [campaign_frame(name, campaign_scores[name]) for name in campaigns
              if name in campaign_scores and len(campaign_scores[name])]
    if not frames:
        return pd.DataFrame({"campaign": pd.Series(dtype=str), "subject": pd.Series(dtype=str),
                             "score": pd.Series(dtype=float), "excluded": pd.Series(dtype=bool),
                             "vetoed": pd.Series(dtype=bool)})
    return pd.concat(frames, ignore_index=True)


def campaign_frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """One campaign's scores in standard form, after checking its columns and values."""
    if lacking := {"subject", "score"} - set(frame.columns):
        raise ValueError(f"campaign {name!r}: missing column(s) {sorted(lacking)}")
    if frame["subject"].isna().any() or frame["subject"].duplicated().any():
        repeated = frame["subject"][frame["subject"].duplicated()].unique().tolist()
        raise ValueError(f"campaign {name!r}: empty or repeated subject(s) {repeated}")
    status = frame["status"] if "status" in frame else pd.Series("ok", index=frame.index)
    status = status.where(status.notna(), "ok")
    if not status.isin(STATUSES).all():
        unknown = sorted(set(status[~status.isin(STATUSES)].astype(str)))
        raise ValueError(f"campaign {name!r}: status must be one of {STATUSES}, not {unknown}")
    vetoed = frame["vetoed"] if "vetoed" in frame else pd.Series(False, index=frame.index)
    if not (vetoed.isin([True, False]) | vetoed.isna()).all():
        raise ValueError(f"campaign {name!r}: vetoed must be true or false")
    score = pd.to_numeric(frame["score"]).astype(float)
    return pd.DataFrame({"campaign": name, "subject": frame["subject"].to_numpy(),
                         "score": score.where(status != "incomplete").to_numpy(),
                         "excluded": (status == "excluded").to_numpy(),
                         "vetoed": vetoed.eq(True).to_numpy()})


def grid(rows: pd.DataFrame, column: str, subjects: pd.Index, campaigns: pd.Index,
         fill: float | bool) -> np.ndarray:
    """A subjects × campaigns array of one column, `fill` where a subject has no row."""
    out = np.full((len(subjects), len(campaigns)), fill)
    out[positions(subjects, rows["subject"]), positions(campaigns, rows["campaign"])] = (
        rows[column].to_numpy())
    return out


def positions(index: pd.Index, labels: Sequence[str] | pd.Series) -> np.ndarray:
    """Where each label sits in index."""
    return index.get_indexer(pd.Index(labels)).astype(np.intp)


def score_digits(rule: CompositeRule) -> int:
    """Decimal digits campaign scores are read to: micro-points, or finer if precision is."""
    return max(SCORE_DECIMALS, decimals(exact(rule.precision)))


def decimals(number: Decimal) -> int:
    """How many digits a decimal has after the point (0.25 → 2, 5 → 0)."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def micro_points(scores: np.ndarray, scale: int) -> np.ndarray:
    """Scores as integers of 1/scale points (0 where not scored)."""
    scaled = np.rint(np.nan_to_num(scores) * scale)
    if np.abs(scaled).max(initial=0) > 2**53:
        raise ValueError("campaign scores are too large to add up exactly")
    return scaled.astype(np.int64)


def total_steps(rule: CompositeRule, sums: list[np.ndarray]) -> np.ndarray:
    """Σ weight × part mean in whole steps of precision, rounded half-up, computed exactly.

    With part sums s in units of 10^-k, weights w = W / 10^wd and n campaigns in a part, the
    total times D = 10^k · 10^wd · L (L the lcm of the n) is the integer Σ W · (L / n) · s.
    """
    wd = max(decimals(exact(part.weight)) for part in rule.parts)
    lcm = math.lcm(*(len(part.campaigns) for part in rule.parts))
    factors = [int(exact(part.weight).scaleb(wd)) * (lcm // len(part.campaigns))
               for part in rule.parts]
    step = int(exact(rule.precision).scaleb(score_digits(rule) + wd)) * lcm
    bound = 2 * sum(f * int(np.abs(s).max(initial=0)) for f, s in zip(factors, sums, strict=True))
    exactly = np.int64 if bound + step < INT64_LIMIT else object  # object: Python integers
    numerator = sum(s.astype(exactly) * f for f, s in zip(factors, sums, strict=True))
    return half_up(np.asarray(numerator), step)


def half_up(numerator: np.ndarray, step: int) -> np.ndarray:
    """numerator / step rounded to a whole number, halves away from zero (四舍五入)."""
    magnitude = (2 * np.abs(numerator) + step) // (2 * step)
    return np.where(numerator < 0, -magnitude, magnitude)


def steps_to_points(steps: np.ndarray, rule: CompositeRule) -> np.ndarray:
    """Whole steps of precision as the float nearest the exact decimal (843 → 84.3)."""
    precision = exact(rule.precision)
    places = decimals(precision)
    return np.asarray(steps * int(precision.scaleb(places)) / 10**places, dtype=float)


def subject_status(missing: np.ndarray, excluded: np.ndarray) -> np.ndarray:
    """incomplete when any campaign is unscored, else excluded when any excluded it, else ok."""
    return np.select([missing.any(axis=1), excluded.any(axis=1)], ["incomplete", "excluded"],
                     default="ok")


def names_where(mask: np.ndarray, names: pd.Index) -> pd.Series:
    """Per row of mask, the list of names whose column is true, in column order."""
    rows, cols = np.nonzero(mask)
    hits = pd.Series(names.to_numpy()[cols]).groupby(rows).agg(list)
    lists = hits.reindex(range(len(mask)))
    return pd.Series([hit if isinstance(hit, list) else [] for hit in lists], dtype=object)


def grade_of(rule: CompositeRule, steps: np.ndarray, status: np.ndarray, vetoed: np.ndarray
             ) -> np.ndarray:
    """The first grade whose min the total reaches; the veto grade when vetoed; None unless ok."""
    precision = Fraction(exact(rule.precision))
    graded = status == "ok"
    reached = [graded & (steps >= math.ceil(Fraction(g.min) / precision)) for g in rule.grades]
    names = [np.full(len(steps), g.grade, dtype=object) for g in rule.grades]
    grade: np.ndarray = np.select(reached, names, default=np.array(None, dtype=object))
    if rule.veto_grade:
        grade = np.where(graded & vetoed, rule.veto_grade, grade)
    return grade

"""Composite assessments: a yearly result from weighted parts, each the mean of its campaigns.

A real provincial rule: daily supervision 40 %, yearly verification 30 %, third-party evaluation
30 %, where daily supervision is the mean of the quarterly inspections. The total is computed
exactly (integers in micro-points) and rounded half-up (四舍五入) to the rule's precision.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from scoring.checklist import ChecklistError, GradeRule, Problem
from scoring.checklist_reader import read_grades
from scoring.yaml_reader import Reader

STATUSES = ("ok", "incomplete", "excluded")
FIXED_COLUMNS = ("subject", "score", "vetoed", "veto_campaigns", "status", "missing", "grade")
TOP_KEYS = {"id", "title", "description", "parts", "precision", "grades", "veto"}
PART_KEYS = {"name", "weight", "campaigns"}
SCORE_DECIMALS = 6  # campaign scores are read to the micro-point; finer digits are float noise
INT64_LIMIT = 2**62  # beyond this the exact sums switch from int64 to Python integers


def exact(number: Decimal | float) -> Decimal:
    """A number as the decimal it was written as (0.4, not its binary float)."""
    return number if isinstance(number, Decimal) else Decimal(str(number))


@dataclass(frozen=True)
class CompositePart:
    """One weighted part of a composite, scored as the mean of its campaigns."""

    name: str
    weight: Decimal | float
    campaigns: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", exact(self.weight))
        object.__setattr__(self, "campaigns", tuple(self.campaigns))


@dataclass(frozen=True)
class CompositeRule:
    """Weighted parts summing exactly to 1, the rounding step of the total and optional grades."""

    parts: tuple[CompositePart, ...]
    precision: Decimal | float = Decimal("0.1")
    grades: tuple[GradeRule, ...] = ()
    veto_grade: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.parts))
        object.__setattr__(self, "precision", exact(self.precision))
        object.__setattr__(self, "grades", tuple(self.grades))
        if problems := rule_problems(self.parts, exact(self.precision)):
            raise ChecklistError(problems)

    @property
    def campaigns(self) -> tuple[str, ...]:
        """Every campaign the parts name, in the order first named."""
        return tuple(dict.fromkeys(name for part in self.parts for name in part.campaigns))


# ---- validation ---------------------------------------------------------------------------


def rule_problems(parts: Sequence[CompositePart], precision: Decimal) -> list[Problem]:
    """Every mistake in the parts and precision of a rule, each with its field path."""
    problems = [] if parts else [Problem("parts", "应列出至少一个组成部分")]
    for index, part in enumerate(parts):
        earlier = [p.name for p in parts[:index]]
        problems += part_problems(part, f"parts[{index}]", earlier)
    weights = [exact(part.weight) for part in parts]
    if parts and all(w.is_finite() for w in weights) and sum(weights) != 1:
        terms = " + ".join(f"parts[{i}].weight {w}" for i, w in enumerate(weights))
        problems.append(Problem("parts", f"权重之和应恰为 1，而不是 {sum(weights)}（{terms}）"))
    if not (precision.is_finite() and precision > 0):
        problems.append(Problem("precision", f"应大于 0，而不是 {precision}"))
    return problems


def part_problems(part: CompositePart, path: str, earlier: list[str]) -> list[Problem]:
    """The mistakes in one part: its name, weight and campaigns."""
    problems = []
    if not part.name:
        problems.append(Problem(f"{path}.name", "缺少此项"))
    elif part.name in earlier:
        problems.append(Problem(f"{path}.name", f"组成部分 “{part.name}” 重复"))
    elif part.name in FIXED_COLUMNS:
        problems.append(Problem(f"{path}.name", f"“{part.name}” 是结果列名，不能用作组成部分名称"))
    weight = exact(part.weight)
    if not (weight.is_finite() and 0 < weight <= 1):
        problems.append(Problem(f"{path}.weight", f"应为大于 0、不大于 1 的权重，而不是 {weight}"))
    if not part.campaigns:
        problems.append(Problem(f"{path}.campaigns", "应列出至少一次考核（campaign）"))
    for index, name in enumerate(part.campaigns):
        where = f"{path}.campaigns[{index}]"
        if not isinstance(name, str) or not name:
            problems.append(Problem(where, f"应为考核名称，而不是 {name!r}"))
        elif name in part.campaigns[:index]:
            problems.append(Problem(where, f"考核 “{name}” 重复"))
    return problems


# ---- reading ------------------------------------------------------------------------------


def parse_composite(data: object, source: str = "") -> CompositeRule:
    """Build a composite rule from parsed YAML/JSON, or raise ChecklistError naming each field."""
    reader = Reader()
    top = reader.mapping(data, "")
    if top is None:
        raise ChecklistError(reader.problems, source)
    reader.unknown_keys(top, TOP_KEYS, "")
    parts = read_parts(reader, top.get("parts"))
    precision = reader.number(top, "precision", "", positive=True) or Decimal("0.1")
    grades = read_grades(reader, top["grades"]) if "grades" in top else ()
    for index, raw in enumerate(top.get("grades") or []):
        if isinstance(raw, dict) and "quota" in raw:
            reader.fail(f"grades[{index}].quota", "综合考核不支持 quota")
    veto_grade = read_veto(reader, top.get("veto"), [g.grade for g in grades])
    if problems := first_per_path(reader.problems + rule_problems(parts, precision)):
        raise ChecklistError(problems, source)
    return CompositeRule(parts, precision, grades, veto_grade)


def read_parts(reader: Reader, value: object) -> tuple[CompositePart, ...]:
    """The parts; an unreadable weight becomes NaN so no sum is checked over it."""
    if not isinstance(value, list):
        reader.fail("parts", "应列出组成部分，如 - {name: 日常督查, weight: 0.4, campaigns: [q1]}")
        return ()
    parts = []
    for index, raw in enumerate(value):
        path = f"parts[{index}]"
        data = reader.mapping(raw, path) or {}
        reader.unknown_keys(data, PART_KEYS, path)
        weight = reader.number(data, "weight", path, required=True)
        parts.append(CompositePart(name=reader.text(data, "name", path),
                                   weight=Decimal("NaN") if weight is None else weight,
                                   campaigns=read_campaigns(reader, data.get("campaigns"), path)))
    return tuple(parts)


def read_campaigns(reader: Reader, value: object, path: str) -> tuple[str, ...]:
    """A part's campaign names."""
    if not isinstance(value, list):
        reader.fail(f"{path}.campaigns", f"应为考核名称列表，如 [q1, q2]，而不是 {value!r}")
        return ()
    return tuple(str(name) if isinstance(name, str | int) else name for name in value)


def read_veto(reader: Reader, value: object, grades: list[str]) -> str | None:
    """The grade a vetoed subject gets (`veto: {grade: 差}`), if any."""
    if value is None:
        return None
    data = reader.mapping(value, "veto") or {}
    reader.unknown_keys(data, {"grade"}, "veto")
    grade = reader.text(data, "grade", "veto")
    if grades and grade and grade not in grades:
        reader.fail("veto.grade", f"“{grade}” 不在 grades 中")
    return grade or None


def first_per_path(problems: list[Problem]) -> list[Problem]:
    """The first problem reported at each path (reading problems come before rule problems)."""
    first: dict[str, Problem] = {}
    for problem in problems:
        first.setdefault(problem.path, problem)
    return list(first.values())


# ---- scoring ------------------------------------------------------------------------------


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

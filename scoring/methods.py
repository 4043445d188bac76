"""Item methods by name: how an answer is read, and how a read answer becomes a score."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from scoring.checklist import Item

NAN = np.nan


@dataclass(frozen=True)
class Answers:
    """One answer code's parsed values, one per score sheet (NaN / -1 where unanswered)."""

    number: np.ndarray
    yes_no: np.ndarray
    yes_no_word: np.ndarray
    text_code: np.ndarray
    texts: list[str]

    @cached_property
    def codes_by_text(self) -> dict[str, list[int]]:
        """The codes of the texts, by text trimmed: each text trimmed once for every reading."""
        codes: dict[str, list[int]] = {}
        for code, text in enumerate(self.texts):
            codes.setdefault(text.strip(), []).append(code)
        return codes


# A reader returns the value the method scores, and where the answer is not acceptable.
Reader = Callable[[Item, Answers], tuple[np.ndarray, np.ndarray]]
Scorer = Callable[[Item, np.ndarray, float], np.ndarray]


def as_float(value: object, default: float = NAN) -> float:
    """A checklist number as a float (default when absent)."""
    return default if value is None else float(value)  # type: ignore[arg-type]


def read_count(item: Item, answers: Answers) -> tuple[np.ndarray, np.ndarray]:
    """A count of occurrences: a whole number ≥ 0."""
    x = answers.number
    with np.errstate(invalid="ignore"):
        bad = ~(x >= 0) | (np.abs(x - np.round(x)) > 1e-9)
    return x, bad


def read_non_negative(item: Item, answers: Answers) -> tuple[np.ndarray, np.ndarray]:
    """A number ≥ 0 (rates as 0.85 or 85%)."""
    x = answers.number
    with np.errstate(invalid="ignore"):
        return x, ~(x >= 0)


def read_number(item: Item, answers: Answers) -> tuple[np.ndarray, np.ndarray]:
    """Any number."""
    return answers.number, np.isnan(answers.number)


def read_points(item: Item, answers: Answers) -> tuple[np.ndarray, np.ndarray]:
    """Points between 0 and the item's max."""
    x = answers.number
    with np.errstate(invalid="ignore"):
        return x, ~((x >= 0) & (x <= as_float(item.max)))


def read_yes_no(item: Item, answers: Answers) -> tuple[np.ndarray, np.ndarray]:
    """是 / 否, yes / no, 1 / 0."""
    return answers.yes_no, np.isnan(answers.yes_no)


def read_bonus(item: Item, answers: Answers) -> tuple[np.ndarray, np.ndarray]:
    """Bonus points 0..max, or 是 / 否 for all or nothing."""
    points, bad = read_points(item, answers)
    word = answers.yes_no_word
    by_word = ~np.isnan(word)
    return np.where(by_word, word * as_float(item.max), points), bad & ~by_word


def read_level(item: Item, answers: Answers) -> tuple[np.ndarray, np.ndarray]:
    """A level name, read as that level's score."""
    table = np.full(len(answers.texts) + 1, NAN)
    for name, score in item.levels:  # a name given twice: the last counts
        table[answers.codes_by_text.get(name, [])] = float(score)
    x = table[answers.text_code]
    return x, np.isnan(x)


READERS: dict[str, Reader] = {
    "deduct": read_count, "ratio": read_non_negative, "bands": read_number,
    "check": read_yes_no, "levels": read_level, "manual": read_points, "veto": read_yes_no,
    "bonus": read_bonus, "steps": read_number,
}

# What each method expects, for the message when an answer is refused.
EXPECTED = {
    "deduct": "不小于 0 的整数（发现次数）", "ratio": "不小于 0 的数（比例可写 0.85 或 85%）",
    "bands": "数字", "check": "是 / 否", "levels": "等级名称", "manual": "0 到满分之间的分数",
    "veto": "是 / 否", "bonus": "0 到满分之间的加分，或 是 / 否", "steps": "数字",
}


def score_deduct(item: Item, x: np.ndarray, target: float) -> np.ndarray:
    """max − per × count, never below 0 (扣完为止)."""
    return np.maximum(0.0, as_float(item.max) - as_float(item.per) * x)


def score_ratio(item: Item, x: np.ndarray, target: float) -> np.ndarray:
    """base × value / target, capped at max, at least floor, 0 below zero_below."""
    base = as_float(item.base)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = base * x / target if target > 0 else np.full_like(x, base)
    score = np.clip(raw, as_float(item.floor), as_float(item.max))
    if item.zero_below is not None:
        score = np.where(x < float(item.zero_below), 0.0, score)
    return np.where(np.isnan(x), NAN, score)


def score_bands(item: Item, x: np.ndarray, target: float) -> np.ndarray:
    """The score of the first band the value fits; 0 when none fits."""
    score = np.where(np.isnan(x), NAN, 0.0)
    open_ = ~np.isnan(x)
    for band in item.bands:
        fits = open_.copy()
        if band.min is not None:
            fits &= x >= float(band.min)
        if band.below is not None:
            fits &= x < float(band.below)
        score[fits] = float(band.score)
        open_ &= ~fits
    return score


def score_check(item: Item, x: np.ndarray, target: float) -> np.ndarray:
    """max for yes, 0 for no."""
    return as_float(item.max) * x


def score_as_read(item: Item, x: np.ndarray, target: float) -> np.ndarray:
    """The value already is the score (levels, manual, bonus)."""
    return x


def score_steps(item: Item, x: np.ndarray, target: float) -> np.ndarray:
    """clamp(base + per × steps from target, floor, max), steps counted exactly."""
    steps = np.round((x - target) / as_float(item.step), 6)
    if item.whole_steps:
        steps = np.trunc(steps)
    raw = as_float(item.base) + as_float(item.per) * steps
    return np.clip(raw, as_float(item.floor), as_float(item.max))


def score_nothing(item: Item, x: np.ndarray, target: float) -> np.ndarray:
    """Veto items carry no points."""
    return np.zeros_like(x)


SCORERS: dict[str, Scorer] = {
    "deduct": score_deduct, "ratio": score_ratio, "bands": score_bands, "check": score_check,
    "levels": score_as_read, "manual": score_as_read, "veto": score_nothing,
    "bonus": score_as_read, "steps": score_steps,
}


def pool_losses(item: Item, counts: np.ndarray) -> np.ndarray:
    """Points each pool line loses: min(line max, per × count); counts has a column a line."""
    per = np.array([float(line.per) for line in item.lines])
    cap = np.array([as_float(line.max, np.inf) for line in item.lines])
    return np.minimum(cap, per * counts)


def vetoed_by(item: Item, x: np.ndarray) -> np.ndarray:
    """True where this answer vetoes the subject."""
    if item.method == "veto":
        return x == 1.0
    rule = item.veto_when
    if rule is None:
        return np.zeros(x.shape, dtype=bool)
    bound = float(rule.value)
    compare = {"above": np.greater, "at_least": np.greater_equal, "below": np.less,
               "at_most": np.less_equal, "equals": np.equal}[rule.op]
    with np.errstate(invalid="ignore"):
        return compare(x, bound)

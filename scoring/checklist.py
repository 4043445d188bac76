"""Checklist definitions: typed, immutable, loaded from the YAML contract of DESIGN.md."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

METHODS = ("deduct", "ratio", "bands", "check", "levels", "manual", "veto", "bonus", "steps")
SUBJECTS = ("village", "town", "unit", "household")
COMBINES = ("mean", "median", "min", "max", "trimmed_mean")
TIES = ("competition", "dense")
VETO_RANKS = ("last", "none")
VETO_OPS = ("above", "at_least", "below", "at_most", "equals")
RELATIVE_TARGETS = ("mean", "median")


@dataclass(frozen=True)
class Problem:
    """One mistake in a checklist: where (field path) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ChecklistError(ValueError):
    """A checklist that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(where + "；".join(str(p) for p in problems))


@dataclass(frozen=True)
class Band:
    """One band of a `bands` item: min inclusive, below exclusive."""

    score: Decimal
    min: Decimal | None = None
    below: Decimal | None = None


@dataclass(frozen=True)
class PoolLine:
    """One line of a shared deduction pool, answered by its own code with a count."""

    code: str
    text: str
    per: Decimal
    max: Decimal | None = None


@dataclass(frozen=True)
class VetoWhen:
    """A value condition that vetoes the subject (`veto_when: {at_least: 0.012}`)."""

    op: str
    value: Decimal
    word: str = ""  # the level name or 是/否 the value was written as

    def describe(self) -> str:
        """The condition in Chinese, for findings."""
        words = {"above": "高于", "at_least": "达到或高于", "below": "低于", "at_most": "不高于",
                 "equals": "为"}
        return f"{words[self.op]}{self.word or format(self.value.normalize(), 'f')}"


@dataclass(frozen=True)
class VetoEffect:
    """What a veto does: fail (veto grade, ranked per veto.rank), cap a grade, or exclude."""

    kind: str = "fail"
    cap: str | None = None


@dataclass(frozen=True)
class Item:
    """One scored line of a checklist."""

    code: str
    text: str
    method: str
    section: str
    max: Decimal | None = None
    standard: str = ""
    source: str = ""
    per: Decimal | None = None
    target: Decimal | str | None = None
    base: Decimal | None = None
    floor: Decimal = Decimal(0)
    zero_below: Decimal | None = None
    step: Decimal | None = None
    whole_steps: bool = True
    bands: tuple[Band, ...] = ()
    levels: tuple[tuple[str, Decimal], ...] = ()
    lines: tuple[PoolLine, ...] = ()
    veto_when: VetoWhen | None = None
    effect: VetoEffect = field(default_factory=VetoEffect)
    lead_unit: str = ""
    co_units: tuple[str, ...] = ()
    rectify_days: int | None = None  # overrides the checklist's for this item's rectifications

    @property
    def vetoes(self) -> bool:
        """True when answering this item can veto the subject."""
        return self.method == "veto" or self.veto_when is not None

    @property
    def counts_to_total(self) -> bool:
        """True for items whose maxima make up `total` (not bonus, not veto)."""
        return self.method not in ("bonus", "veto")

    @property
    def relative(self) -> bool:
        """True when the target is taken over all subjects (`target: mean | median`)."""
        return isinstance(self.target, str)

    @property
    def answer_codes(self) -> tuple[str, ...]:
        """The codes a response answers this item with: its pool lines, or itself."""
        return tuple(line.code for line in self.lines) or (self.code,)

    @property
    def label(self) -> str:
        """Code and text, as reasons and reports show an item."""
        return f"{self.code} {self.text}"


@dataclass(frozen=True)
class Section:
    """A titled group of items; its subtotal is reported."""

    code: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class GradeRule:
    """A grade reached at `min` points, optionally given to at most `quota` of the subjects."""

    grade: str
    min: Decimal
    quota: Decimal | None = None


@dataclass(frozen=True)
class Recheck:
    """Shares of an item's max beyond which a re-check is flagged."""

    spread: Decimal | None = None
    self_gap: Decimal | None = None


@dataclass(frozen=True)
class Checklist:
    """A whole checklist: rules of the sum, grades, vetoes, ranking and its items."""

    id: str
    title: str
    subject: str
    total: Decimal
    precision: Decimal
    combine: str
    grades: tuple[GradeRule, ...]
    veto_grade: str
    veto_rank: str
    ties: str
    bonus_cap: Decimal | None
    rectify_days: int
    sections: tuple[Section, ...]
    source: str = ""
    recheck: Recheck = field(default_factory=Recheck)

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """Every item, in checklist order."""
        return tuple(item for section in self.sections for item in section.items)

    @cached_property
    def _by_code(self) -> dict[str, Item]:
        """Items by code."""
        return {item.code: item for item in self.items}

    def item(self, code: str) -> Item:
        """The item with this code."""
        return self._by_code[code]

    def answer_codes(self) -> Iterator[tuple[str, Item]]:
        """Every code a response may answer, with the item it belongs to."""
        for item in self.items:
            for code in item.answer_codes:
                yield code, item


"""The rule of a composite assessment: weighted parts, each the mean of its campaigns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.checklist import ChecklistError, GradeRule, Problem
from scoring.checklist_reader import read_grades
from scoring.yaml_reader import Reader

FIXED_COLUMNS = ("subject", "score", "vetoed", "veto_campaigns", "status", "missing", "grade")
TOP_KEYS = {"id", "title", "description", "parts", "precision", "grades", "veto"}
PART_KEYS = {"name", "weight", "campaigns"}


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
    top = reader.top_level(data, TOP_KEYS, source)
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

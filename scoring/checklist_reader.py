"""Read checklist YAML into definitions, collecting every mistake with its field path."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from scoring.checklist import (
    COMBINES,
    METHODS,
    RELATIVE_TARGETS,
    SUBJECTS,
    TIES,
    VETO_OPS,
    VETO_RANKS,
    Band,
    Checklist,
    ChecklistError,
    GradeRule,
    Item,
    PoolLine,
    Problem,
    Recheck,
    Section,
    VetoEffect,
    VetoWhen,
)

TOP_KEYS = {"id", "title", "subject", "total", "precision", "combine", "grades", "veto", "ties",
            "bonus_cap", "rectify_days", "sections", "source", "recheck", "description"}
ITEM_KEYS = {"code", "text", "standard", "source", "max", "method", "per", "target", "base",
             "floor", "zero_below", "step", "whole_steps", "bands", "levels", "lines",
             "veto_when", "effect", "lead_unit", "co_units"}
# Parameters each method may carry beside the common keys.
METHOD_KEYS = {
    "deduct": {"per", "lines"},
    "ratio": {"target", "base", "floor", "zero_below"},
    "bands": {"bands"},
    "check": set(),
    "levels": {"levels"},
    "manual": set(),
    "veto": set(),
    "bonus": set(),
    "steps": {"target", "base", "floor", "step", "per", "whole_steps"},
}
COMMON_ITEM_KEYS = {"code", "text", "standard", "source", "max", "method", "veto_when", "effect",
                    "lead_unit", "co_units"}


class Reader:
    """Collects problems while turning raw YAML values into typed ones."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        """Record one problem."""
        self.problems.append(Problem(path, message))

    def mapping(self, value: object, path: str) -> dict[str, Any] | None:
        """A mapping, or a problem."""
        if isinstance(value, dict):
            return value
        self.fail(path, "应为键值对（如 {code: A1, ...}）")
        return None

    def unknown_keys(self, data: dict[str, Any], allowed: set[str], path: str) -> None:
        """Report keys the format does not know (usually typos)."""
        for key in data:
            if key not in allowed:
                self.fail(f"{path}.{key}" if path else str(key), f"未知字段 “{key}”")

    def text(self, data: dict[str, Any], key: str, path: str, required: bool = True) -> str:
        """A non-empty string field."""
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(self.at(path, key), "缺少此项")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail(self.at(path, key), f"应为文字，而不是 {value!r}")
            return ""
        return str(value)

    def number(self, data: dict[str, Any], key: str, path: str, *, required: bool = False,
               minimum: Decimal | None = None, positive: bool = False) -> Decimal | None:
        """A number field, checked against a lower bound."""
        value = data.get(key)
        where = self.at(path, key)
        if value is None:
            if required:
                self.fail(where, "缺少此项")
            return None
        number = to_decimal(value)
        if number is None:
            self.fail(where, f"应为数字，而不是 {value!r}")
            return None
        if positive and number <= 0:
            self.fail(where, f"应大于 0，而不是 {value}")
        elif minimum is not None and number < minimum:
            self.fail(where, f"不能小于 {minimum}，而不是 {value}")
        return number

    def choice(self, data: dict[str, Any], key: str, path: str, options: tuple[str, ...],
               default: str | None = None) -> str:
        """One of a fixed set of words."""
        value = data.get(key, default)
        if value is None:
            self.fail(self.at(path, key), "缺少此项")
            return options[0]
        if value not in options:
            self.fail(self.at(path, key), f"“{value}” 不可用，应为 {' / '.join(options)} 之一")
            return options[0]
        return str(value)

    @staticmethod
    def at(path: str, key: str) -> str:
        """Join a field path."""
        return f"{path}.{key}" if path else key


def to_decimal(value: object) -> Decimal | None:
    """A YAML number (or numeric string) as a Decimal; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | str):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def parse_checklist(data: object, source: str = "") -> Checklist:
    """Build a checklist from parsed YAML data, or raise ChecklistError listing every problem."""
    reader = Reader()
    top = reader.mapping(data, "")
    if top is None:
        raise ChecklistError(reader.problems, source)
    reader.unknown_keys(top, TOP_KEYS, "")
    grades = read_grades(reader, top.get("grades"))
    grade_names = [g.grade for g in grades]
    veto = reader.mapping(top.get("veto", {"grade": grade_names[-1] if grade_names else "差"}),
                          "veto") or {}
    reader.unknown_keys(veto, {"grade", "rank"}, "veto")
    veto_grade = reader.text(veto, "grade", "veto")
    if grade_names and veto_grade and veto_grade not in grade_names:
        reader.fail("veto.grade", f"“{veto_grade}” 不在 grades 中")
    sections = read_sections(reader, top.get("sections"), grade_names)
    checklist = Checklist(
        id=reader.text(top, "id", ""),
        title=reader.text(top, "title", ""),
        subject=reader.choice(top, "subject", "", SUBJECTS),
        total=reader.number(top, "total", "", required=True, positive=True) or Decimal(0),
        precision=reader.number(top, "precision", "", positive=True) or Decimal("0.1"),
        combine=reader.choice(top, "combine", "", COMBINES, "mean"),
        grades=grades,
        veto_grade=veto_grade,
        veto_rank=reader.choice(veto, "rank", "veto", VETO_RANKS, "last"),
        ties=reader.choice(top, "ties", "", TIES, "competition"),
        bonus_cap=reader.number(top, "bonus_cap", "", minimum=Decimal(0)),
        rectify_days=read_days(reader, top.get("rectify_days", 30)),
        sections=sections,
        source=reader.text(top, "source", "", required=False),
        recheck=read_recheck(reader, top.get("recheck")),
    )
    check_whole(reader, checklist)
    if reader.problems:
        raise ChecklistError(reader.problems, source)
    return checklist


def read_days(reader: Reader, value: object) -> int:
    """Days allowed for rectification."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    reader.fail("rectify_days", f"应为不小于 0 的整数天数，而不是 {value!r}")
    return 0


def read_recheck(reader: Reader, value: object) -> Recheck:
    """The optional re-check shares."""
    if value is None:
        return Recheck()
    data = reader.mapping(value, "recheck") or {}
    reader.unknown_keys(data, {"spread", "self_gap"}, "recheck")
    shares = {key: reader.number(data, key, "recheck", positive=True) for key in ("spread", "self_gap")}
    for key, share in shares.items():
        if share is not None and share > 1:
            reader.fail(f"recheck.{key}", f"应为 0 到 1 之间的比例，而不是 {share}")
    return Recheck(**shares)


def read_grades(reader: Reader, value: object) -> tuple[GradeRule, ...]:
    """Grades, highest first, each with a strictly lower min than the one before."""
    if not isinstance(value, list) or not value:
        reader.fail("grades", "应列出至少一个等次，如 - {grade: 好, min: 900}")
        return ()
    rules = []
    for index, raw in enumerate(value):
        path = f"grades[{index}]"
        data = reader.mapping(raw, path)
        if data is None:
            continue
        reader.unknown_keys(data, {"grade", "min", "quota"}, path)
        quota = reader.number(data, "quota", path, positive=True)
        if quota is not None and quota > 1:
            reader.fail(f"{path}.quota", f"应为 0 到 1 之间的比例，而不是 {quota}")
        rules.append(GradeRule(reader.text(data, "grade", path),
                               reader.number(data, "min", path, required=True,
                                             minimum=Decimal(0)) or Decimal(0), quota))
    for index in range(1, len(rules)):
        if rules[index].min >= rules[index - 1].min:
            reader.fail(f"grades[{index}].min", "等次应从高到低排列，分数线逐级降低")
    names = [rule.grade for rule in rules]
    for index, name in enumerate(names):
        if name and names.index(name) != index:
            reader.fail(f"grades[{index}].grade", f"等次 “{name}” 重复")
    if rules and rules[-1].min != 0:
        reader.fail(f"grades[{len(rules) - 1}].min", "最后一个等次的分数线应为 0，使每个得分都有等次")
    return tuple(rules)


def read_sections(reader: Reader, value: object, grades: list[str]) -> tuple[Section, ...]:
    """Sections with their items."""
    if not isinstance(value, list) or not value:
        reader.fail("sections", "应列出至少一个部分（sections），每部分含 items")
        return ()
    sections = []
    for index, raw in enumerate(value):
        path = f"sections[{index}]"
        data = reader.mapping(raw, path)
        if data is None:
            continue
        reader.unknown_keys(data, {"code", "title", "items"}, path)
        code = reader.text(data, "code", path)
        items = data.get("items")
        if not isinstance(items, list) or not items:
            reader.fail(f"{path}.items", "应列出至少一个评分项")
            items = []
        sections.append(Section(
            code=code,
            title=reader.text(data, "title", path),
            items=tuple(item for i, raw_item in enumerate(items)
                        if (item := read_item(reader, raw_item, f"{path}.items[{i}]", code,
                                              grades)) is not None),
        ))
    return tuple(sections)


def read_item(reader: Reader, raw: object, path: str, section: str,
              grades: list[str]) -> Item | None:
    """One item, with the parameters its method needs."""
    data = reader.mapping(raw, path)
    if data is None:
        return None
    method = data.get("method")
    if method not in METHODS:
        reader.fail(f"{path}.method", f"未知的评分方式 “{method}”，应为 {' / '.join(METHODS)} 之一")
        return None
    allowed = COMMON_ITEM_KEYS | METHOD_KEYS[method]
    for key in data:
        if key in ITEM_KEYS and key not in allowed:
            hint = "（target: mean/median 只用于 ratio）" if key == "target" else ""
            reader.fail(f"{path}.{key}", f"评分方式 {method} 不使用 “{key}”{hint}")
    reader.unknown_keys(data, ITEM_KEYS, path)
    maximum = reader.number(data, "max", path, required=method != "veto", positive=True)
    if method == "veto" and maximum is not None:
        reader.fail(f"{path}.max", "一票否决项不计分，不应有 max")
    co_units = data.get("co_units", [])
    if isinstance(co_units, str):
        co_units = [co_units]
    if not isinstance(co_units, list):
        reader.fail(f"{path}.co_units", "应为单位名称列表，如 [各村, 镇财政所]")
        co_units = []
    item = Item(
        code=reader.text(data, "code", path),
        text=reader.text(data, "text", path),
        method=method,
        section=section,
        max=maximum,
        standard=reader.text(data, "standard", path, required=False),
        source=reader.text(data, "source", path, required=False),
        lead_unit=reader.text(data, "lead_unit", path, required=False),
        co_units=tuple(str(unit) for unit in co_units),
        veto_when=read_veto_when(reader, data.get("veto_when"), f"{path}.veto_when"),
        effect=read_effect(reader, data.get("effect"), f"{path}.effect", grades),
        **METHOD_READERS[method](reader, data, path, maximum),
    )
    if "effect" in data and not item.vetoes:
        reader.fail(f"{path}.effect", "effect 只用于一票否决项或带 veto_when 的项")
    return item


def read_veto_when(reader: Reader, value: object, path: str) -> VetoWhen | None:
    """A single comparison such as {at_least: 0.012}."""
    if value is None:
        return None
    data = reader.mapping(value, path)
    if data is None:
        return None
    if len(data) != 1 or next(iter(data)) not in VETO_OPS:
        reader.fail(path, f"应只含一个条件：{' / '.join(VETO_OPS)}，如 {{at_least: 0.012}}")
        return None
    op = next(iter(data))
    number = reader.number(data, op, path, required=True)
    return VetoWhen(op, number) if number is not None else None


def read_effect(reader: Reader, value: object, path: str, grades: list[str]) -> VetoEffect:
    """fail (default) | exclude | {cap: grade}."""
    if value is None or value == "fail":
        return VetoEffect()
    if value == "exclude":
        return VetoEffect("exclude")
    if isinstance(value, dict) and set(value) == {"cap"}:
        cap = str(value["cap"])
        if grades and cap not in grades:
            reader.fail(f"{path}.cap", f"“{cap}” 不在 grades 中")
        return VetoEffect("cap", cap)
    reader.fail(path, f"未知的否决效果 {value!r}，应为 fail / exclude / {{cap: 等次}}")
    return VetoEffect()


def read_deduct(reader: Reader, data: dict[str, Any], path: str,
                maximum: Decimal | None) -> dict[str, Any]:
    """deduct: `per` points a count, or a shared pool of `lines`."""
    if "lines" not in data:
        return {"per": reader.number(data, "per", path, required=True, positive=True)}
    if "per" in data:
        reader.fail(f"{path}.per", "扣分池的每行各写 per，项本身不写 per")
    raw_lines = data["lines"]
    if not isinstance(raw_lines, list) or not raw_lines:
        reader.fail(f"{path}.lines", "应列出至少一行，如 - {code: A1a, text: ..., per: 2}")
        return {}
    lines = []
    for index, raw in enumerate(raw_lines):
        line_path = f"{path}.lines[{index}]"
        line = reader.mapping(raw, line_path)
        if line is None:
            continue
        reader.unknown_keys(line, {"code", "text", "per", "max"}, line_path)
        line_max = reader.number(line, "max", line_path, positive=True)
        if line_max is not None and maximum is not None and line_max > maximum:
            reader.fail(f"{line_path}.max", f"不能超过本项满分 {maximum}")
        lines.append(PoolLine(reader.text(line, "code", line_path), reader.text(line, "text", line_path),
                              reader.number(line, "per", line_path, required=True, positive=True)
                              or Decimal(1), line_max))
    return {"lines": tuple(lines)}


def read_ratio(reader: Reader, data: dict[str, Any], path: str,
               maximum: Decimal | None) -> dict[str, Any]:
    """ratio: a number or mean/median target, base, floor, zero_below."""
    target: Decimal | str | None
    if data.get("target") in RELATIVE_TARGETS:
        target = str(data["target"])
    else:
        target = reader.number(data, "target", path, required=True, positive=True)
    return {"target": target, **read_base_floor(reader, data, path, maximum),
            "zero_below": reader.number(data, "zero_below", path, minimum=Decimal(0))}


def read_steps(reader: Reader, data: dict[str, Any], path: str,
               maximum: Decimal | None) -> dict[str, Any]:
    """steps: base + per × whole steps from target, clamped to floor..max."""
    per = reader.number(data, "per", path, required=True)
    if per == 0:
        reader.fail(f"{path}.per", "每步加减分不能为 0")
    whole = data.get("whole_steps", True)
    if not isinstance(whole, bool):
        reader.fail(f"{path}.whole_steps", f"应为 true 或 false，而不是 {whole!r}")
    if data.get("target") in RELATIVE_TARGETS:
        reader.fail(f"{path}.target", "target: mean/median 只用于 ratio；steps 需要一个数字目标")
        target = None
    else:
        target = reader.number(data, "target", path, required=True)
    return {"target": target, "per": per, "whole_steps": whole is not False,
            "step": reader.number(data, "step", path, required=True, positive=True),
            **read_base_floor(reader, data, path, maximum)}


def read_base_floor(reader: Reader, data: dict[str, Any], path: str,
                    maximum: Decimal | None) -> dict[str, Any]:
    """base (default max) and floor (default 0), both within 0..max."""
    base = reader.number(data, "base", path, minimum=Decimal(0))
    floor = reader.number(data, "floor", path, minimum=Decimal(0)) or Decimal(0)
    if maximum is not None:
        if base is not None and base > maximum:
            reader.fail(f"{path}.base", f"不能超过满分 {maximum}")
        if floor > maximum:
            reader.fail(f"{path}.floor", f"不能超过满分 {maximum}")
    return {"base": base if base is not None else maximum, "floor": floor}


def read_bands(reader: Reader, data: dict[str, Any], path: str,
               maximum: Decimal | None) -> dict[str, Any]:
    """bands: first fitting band wins, so they must be ordered to all be reachable."""
    raw_bands = data.get("bands")
    if not isinstance(raw_bands, list) or not raw_bands:
        reader.fail(f"{path}.bands", "应列出至少一个分档，如 - {min: 100000, score: 60}")
        return {}
    bands = []
    for index, raw in enumerate(raw_bands):
        band_path = f"{path}.bands[{index}]"
        band = reader.mapping(raw, band_path)
        if band is None:
            continue
        reader.unknown_keys(band, {"min", "below", "score"}, band_path)
        score = reader.number(band, "score", band_path, required=True, minimum=Decimal(0))
        if score is not None and maximum is not None and score > maximum:
            reader.fail(f"{band_path}.score", f"不能超过满分 {maximum}")
        low, high = reader.number(band, "min", band_path), reader.number(band, "below", band_path)
        if low is None and high is None:
            reader.fail(band_path, "每档应有 min（含）或 below（不含）")
        if low is not None and high is not None and low >= high:
            reader.fail(band_path, "min 应小于 below")
        bands.append(Band(score or Decimal(0), low, high))
    check_band_order(reader, bands, path)
    return {"bands": tuple(bands)}


def check_band_order(reader: Reader, bands: list[Band], path: str) -> None:
    """Bands with a min go from high to low, bands with only a below from low to high."""
    for index in range(1, len(bands)):
        before, band = bands[index - 1], bands[index]
        if band.min is not None and before.min is not None and band.min >= before.min:
            reader.fail(f"{path}.bands[{index}]", "分档顺序不对：按 min 从高到低排列，否则后面的档永远用不上")
        elif band.min is None and before.min is None and band.below is not None \
                and before.below is not None and band.below <= before.below:
            reader.fail(f"{path}.bands[{index}]", "分档顺序不对：只有 below 的档按 below 从低到高排列")


def read_levels(reader: Reader, data: dict[str, Any], path: str,
                maximum: Decimal | None) -> dict[str, Any]:
    """levels: a score for each level name."""
    raw = data.get("levels")
    if not isinstance(raw, dict) or not raw:
        reader.fail(f"{path}.levels", "levels 项应列出各等级的分数，如 {好: 30, 较好: 24}")
        return {}
    levels = []
    for name in raw:
        score = reader.number(raw, name, f"{path}.levels", required=True, minimum=Decimal(0))
        if score is not None and maximum is not None and score > maximum:
            reader.fail(f"{path}.levels.{name}", f"不能超过满分 {maximum}")
        levels.append((str(name), score or Decimal(0)))
    return {"levels": tuple(levels)}


def read_nothing(reader: Reader, data: dict[str, Any], path: str,
                 maximum: Decimal | None) -> dict[str, Any]:
    """Methods with no parameters of their own."""
    return {}


METHOD_READERS = {"deduct": read_deduct, "ratio": read_ratio, "bands": read_bands,
                  "check": read_nothing, "levels": read_levels, "manual": read_nothing,
                  "veto": read_nothing, "bonus": read_nothing, "steps": read_steps}


def check_whole(reader: Reader, checklist: Checklist) -> None:
    """Rules across the whole checklist: unique codes, total adds up."""
    seen: dict[str, str] = {}
    for s_index, section in enumerate(checklist.sections):
        for i_index, item in enumerate(section.items):
            path = f"sections[{s_index}].items[{i_index}]"
            codes = [(f"{path}.code", item.code)] + [
                (f"{path}.lines[{n}].code", line.code) for n, line in enumerate(item.lines)]
            for where, code in codes:
                if code and code in seen:
                    reader.fail(where, f"编码 “{code}” 重复（已用于 {seen[code]}）")
                seen.setdefault(code, where)
    section_codes = [section.code for section in checklist.sections]
    for index, code in enumerate(section_codes):
        if code and section_codes.index(code) != index:
            reader.fail(f"sections[{index}].code", f"部分编码 “{code}” 重复")
    counted = sum((item.max or Decimal(0) for item in checklist.items if item.counts_to_total),
                  Decimal(0))
    if checklist.total and counted != checklist.total:
        reader.fail("total", f"总分 {checklist.total} 与各项满分之和 {counted} 不符"
                             "（加分项和否决项不计入）")


def parse_checklist_text(text: str, source: str = "") -> Checklist:
    """Build a checklist from YAML text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else ""
        raise ChecklistError([Problem(where, f"YAML 格式错误：{exc}")], source) from exc
    return parse_checklist(data, source)


def load_checklist(path: str | Path) -> Checklist:
    """Load and validate a checklist file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError([Problem("", f"无法读取文件：{exc}")], str(path)) from exc
    return parse_checklist_text(text, str(path))

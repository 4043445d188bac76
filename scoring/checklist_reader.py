"""Read checklist YAML into definitions, collecting every mistake with its field path."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

from scoring.checklist import (
    COMBINES,
    SUBJECTS,
    TIES,
    VETO_RANKS,
    Checklist,
    ChecklistError,
    GradeRule,
    Problem,
    Recheck,
    Section,
)
from scoring.item_reader import read_item
from scoring.yaml_reader import Reader

TOP_KEYS = {"id", "title", "subject", "total", "precision", "combine", "grades", "veto", "ties",
            "bonus_cap", "rectify_days", "sections", "source", "recheck", "description"}


def parse_checklist(data: object, source: str = "") -> Checklist:
    """Build a checklist from parsed YAML data, or raise ChecklistError listing every problem."""
    reader = Reader()
    top = reader.top_level(data, TOP_KEYS, source)
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
        rectify_days=reader.days(top.get("rectify_days", 30), "rectify_days"),
        sections=sections,
        source=reader.text(top, "source", "", required=False),
        recheck=read_recheck(reader, top.get("recheck")),
    )
    check_whole(reader, checklist)
    if reader.problems:
        raise ChecklistError(reader.problems, source)
    return checklist


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
    rules = []
    for path, data in reader.entries(value, "grades", {"grade", "min", "quota"},
                                     "应列出至少一个等次，如 - {grade: 好, min: 900}"):
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
    sections = []
    for path, data in reader.entries(value, "sections", {"code", "title", "items"},
                                     "应列出至少一个部分（sections），每部分含 items"):
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

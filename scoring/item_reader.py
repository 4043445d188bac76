"""Read one checklist item and the parameters of its method."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from scoring.checklist import (
    METHODS,
    RELATIVE_TARGETS,
    VETO_OPS,
    Band,
    Item,
    PoolLine,
    VetoEffect,
    VetoWhen,
)
from scoring.values import parse_yes_no_word
from scoring.yaml_reader import Reader, to_decimal

ITEM_KEYS = {"code", "text", "standard", "source", "max", "method", "per", "target", "base",
             "floor", "zero_below", "step", "whole_steps", "bands", "levels", "lines",
             "veto_when", "effect", "lead_unit", "co_units", "rectify_days"}
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
                    "lead_unit", "co_units", "rectify_days"}


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
    params = METHOD_READERS[method](reader, data, path, maximum)
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
        veto_when=read_veto_when(reader, data.get("veto_when"), f"{path}.veto_when", method,
                                 params.get("levels", ())),
        effect=read_effect(reader, data.get("effect"), f"{path}.effect", grades),
        rectify_days=(reader.days(data["rectify_days"], f"{path}.rectify_days")
                      if "rectify_days" in data else None),
        **params,
    )
    if "effect" in data and not item.vetoes:
        reader.fail(f"{path}.effect", "effect 只用于一票否决项或带 veto_when 的项")
    return item


def read_veto_when(reader: Reader, value: object, path: str, method: str,
                   levels: tuple[tuple[str, Decimal], ...]) -> VetoWhen | None:
    """A single comparison such as {at_least: 0.012}; `equals` may name a level or 是/否."""
    if value is None:
        return None
    data = reader.mapping(value, path)
    if data is None:
        return None
    if len(data) != 1 or next(iter(data)) not in VETO_OPS:
        reader.fail(path, f"应只含一个条件：{' / '.join(VETO_OPS)}，如 {{at_least: 0.012}}")
        return None
    op, raw = next(iter(data.items()))
    if op == "equals" and isinstance(raw, str) and to_decimal(raw) is None:
        return veto_on_word(reader, raw.strip(), f"{path}.equals", method, levels)
    number = reader.number(data, op, path, required=True)
    return VetoWhen(op, number) if number is not None else None


def veto_on_word(reader: Reader, word: str, path: str, method: str,
                 levels: tuple[tuple[str, Decimal], ...]) -> VetoWhen | None:
    """`equals: 差` on a levels item, `equals: 否` on a yes/no item."""
    yes_no = parse_yes_no_word(word)
    if method in ("check", "veto") and not math.isnan(yes_no):
        return VetoWhen("equals", Decimal(int(yes_no)), word)
    scores = dict(levels)
    if word in scores and list(scores.values()).count(scores[word]) == 1:
        return VetoWhen("equals", scores[word], word)
    reader.fail(path, f"“{word}” 不是本项可比较的等级名称（各等级分数须不同）或 是/否")
    return None


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
    lines = []
    for line_path, line in reader.entries(data["lines"], f"{path}.lines", {"code", "text", "per", "max"},
                                          "应列出至少一行，如 - {code: A1a, text: ..., per: 2}"):
        line_max = reader.number(line, "max", line_path, positive=True)
        reader.within(line_max, maximum, f"{line_path}.max", "本项满分")
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
    reader.within(base, maximum, f"{path}.base")
    reader.within(floor, maximum, f"{path}.floor")
    return {"base": base if base is not None else maximum, "floor": floor}


def read_bands(reader: Reader, data: dict[str, Any], path: str,
               maximum: Decimal | None) -> dict[str, Any]:
    """bands: first fitting band wins, so they must be ordered to all be reachable."""
    bands = []
    for band_path, band in reader.entries(data.get("bands"), f"{path}.bands", {"min", "below", "score"},
                                          "应列出至少一个分档，如 - {min: 100000, score: 60}"):
        score = reader.number(band, "score", band_path, required=True, minimum=Decimal(0))
        reader.within(score, maximum, f"{band_path}.score")
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
        reader.within(score, maximum, f"{path}.levels.{name}")
        levels.append((str(name), score or Decimal(0)))
    return {"levels": tuple(levels)}


def read_nothing(reader: Reader, data: dict[str, Any], path: str,
                 maximum: Decimal | None) -> dict[str, Any]:
    """Methods with no parameters of their own."""
    return {}


METHOD_READERS = {"deduct": read_deduct, "ratio": read_ratio, "bands": read_bands,
                  "check": read_nothing, "levels": read_levels, "manual": read_nothing,
                  "veto": read_nothing, "bonus": read_nothing, "steps": read_steps}

"""Write checklist data as YAML a county can read and edit: block items, flow details."""

from __future__ import annotations

from typing import Any

import yaml

# The order keys are written in; keys not named here follow in their own order.
TOP_ORDER = (
    "id",
    "title",
    "subject",
    "total",
    "precision",
    "combine",
    "grades",
    "veto",
    "ties",
    "bonus_cap",
    "rectify_days",
    "recheck",
    "source",
    "description",
)
ITEM_ORDER = (
    "code",
    "text",
    "standard",
    "max",
    "method",
    "per",
    "target",
    "base",
    "floor",
    "zero_below",
    "step",
    "whole_steps",
    "bands",
    "levels",
    "lines",
    "veto_when",
    "effect",
    "lead_unit",
    "co_units",
    "source",
)


def flow(value: Any) -> str:
    """One value as single-line YAML (`{per: 10}`, `[各村, 镇财政所]`, `"001"`)."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=1_000_000)
    text = text.strip()
    if text.endswith("\n..."):
        text = text[: -len("\n...")]
    elif text.endswith("..."):
        text = text[:-3].rstrip()
    return text


def ordered(data: dict[str, Any], order: tuple[str, ...]) -> list[tuple[str, Any]]:
    """Key-value pairs in the given order, unknown keys last."""
    known = [(key, data[key]) for key in order if key in data]
    return known + [(key, value) for key, value in data.items() if key not in order]


def dump_checklist(data: dict[str, Any], header: str = "") -> str:
    """The checklist as YAML text; `header` lines become comments at the top."""
    out = [f"# {line}".rstrip() for line in header.splitlines()]
    for key, value in ordered(data, TOP_ORDER):
        if key == "sections":
            continue
        if key == "grades" and isinstance(value, list):
            out.append("grades:")
            out += [f"  - {flow(grade)}" for grade in value]
        else:
            out.append(f"{key}: {flow(value)}")
    out += ["", "sections:"]
    for section in data.get("sections") or []:
        out += dump_section(section)
    return "\n".join(out) + "\n"


def dump_section(section: Any) -> list[str]:
    """One section: code, title, then its items in block style."""
    if not isinstance(section, dict):
        return [f"  - {flow(section)}"]
    out = []
    first = True
    for key, value in section.items():
        lead = "  - " if first else "    "
        first = False
        if key == "items" and isinstance(value, list):
            out.append(f"{lead}items:")
            for item in value:
                out += dump_item(item)
        else:
            out.append(f"{lead}{key}: {flow(value)}")
    return out


def dump_item(item: Any) -> list[str]:
    """One item in block style; bands, levels and lines stay one per line or flow."""
    if not isinstance(item, dict):
        return [f"      - {flow(item)}"]
    out = []
    for index, (key, value) in enumerate(ordered(item, ITEM_ORDER)):
        lead = "      - " if index == 0 else "        "
        if key == "lines" and isinstance(value, list):
            out.append(f"{lead}lines:")
            out += [f"          - {flow(line)}" for line in value]
        else:
            out.append(f"{lead}{key}: {flow(value)}")
    return out

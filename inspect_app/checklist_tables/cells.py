"""Cell values: numbers, shares such as "85%", flow YAML in 参数 cells."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml


def number_cell(value: Decimal) -> int | float:
    """A Decimal as the plainest spreadsheet number."""
    return int(value) if value == value.to_integral_value() else float(value)


def to_number(value: Any) -> int | float | None:
    """A cell as a number ("40", "40分", 40.0 → 40); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*分?\s*", str(value))
        if not match:
            return None
        number = Decimal(match.group(1))
    return number_cell(number)


def to_share(text: str) -> float | None:
    """A threshold such as "85%", "≥85%", "不低于 0.85" as a number; None when it is not one."""
    match = re.fullmatch(r"(?:≥|>=|＞=|不低于|达到)?\s*(\d+(?:\.\d+)?)\s*([%％])?\s*(?:以上)?", text.strip())
    if not match:
        return None
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        return None
    if match.group(2):
        number /= 100
    return float(number)


# Full-width punctuation a Chinese keyboard types in 参数 cells: ｛per：10｝ reads as {per: 10}.
FULL_WIDTH = str.maketrans({"：": ": ", "，": ", ", "｛": "{", "｝": "}", "［": "[", "］": "]", "　": " "})


def load_flow(text: str) -> Any:
    """A cell written as flow YAML or JSON; full-width punctuation is understood too."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        value = None
    if isinstance(value, dict | list):
        return value
    return yaml.safe_load(text.translate(FULL_WIDTH))

"""The problem-collecting reader that turns raw YAML values into typed ones."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from scoring.checklist import ChecklistError, Problem


class Reader:
    """Collects problems while turning raw YAML values into typed ones."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        """Record one problem."""
        self.problems.append(Problem(path, message))

    def top_level(self, data: object, keys: set[str], source: str) -> dict[str, Any]:
        """The whole document as a mapping with only known keys (unknown ones reported);
        raises ChecklistError when it is not a mapping at all."""
        top = self.mapping(data, "")
        if top is None:
            raise ChecklistError(self.problems, source)
        self.unknown_keys(top, keys, "")
        return top

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

    def entries(self, value: object, path: str, keys: set[str],
                empty: str) -> list[tuple[str, dict[str, Any]]]:
        """Each mapping of a non-empty list, with its path; unknown keys and non-mappings reported."""
        if not isinstance(value, list) or not value:
            self.fail(path, empty)
            return []
        found = []
        for index, raw in enumerate(value):
            entry_path = f"{path}[{index}]"
            data = self.mapping(raw, entry_path)
            if data is not None:
                self.unknown_keys(data, keys, entry_path)
                found.append((entry_path, data))
        return found

    def within(self, value: Decimal | None, maximum: Decimal | None, path: str,
               what: str = "满分") -> None:
        """Report a number above the item's max."""
        if value is not None and maximum is not None and value > maximum:
            self.fail(path, f"不能超过{what} {maximum}")

    def days(self, value: object, path: str) -> int:
        """A whole number of days ≥ 0."""
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self.fail(path, f"应为不小于 0 的整数天数，而不是 {value!r}")
        return 0

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

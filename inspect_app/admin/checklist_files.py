"""Checklist uploads read with every problem and its place; versions compared item by item."""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import scoring
from inspect_app.checklist_tables import read_table
from inspect_app.checklist_tables.yaml_text import TOP_ORDER

SETTINGS_SHOWN = tuple(key for key in TOP_ORDER if key not in ("id", "source", "description"))  # compared settings


@dataclass(frozen=True)
class Problem:
    """One mistake: where (field path, or sheet, row and column) and why."""

    place: str
    message: str


@dataclass
class Upload:
    """An uploaded checklist: its YAML text when usable, else every problem found."""

    yaml_text: str | None
    problems: list[Problem] = field(default_factory=list)


def read_upload(data: bytes, filename: str) -> Upload:
    """A YAML file or a county table (.xlsx), checked by the scoring engine."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        return _read_table(data, filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Upload(None, [Problem(filename, "文件不是 UTF-8 编码的 YAML，也不是 .xlsx 表格。")])
    try:
        scoring.parse_checklist_text(text, filename)
    except scoring.ChecklistError as error:
        return Upload(None, [Problem(p.path or filename, p.message) for p in error.problems])
    return Upload(text)


def _read_table(data: bytes, filename: str) -> Upload:
    """A county table through the same importer as `inspect-app import-checklist`."""
    with tempfile.TemporaryDirectory() as folder:
        given = Path(filename).name
        path = Path(folder) / (given if given and "\x00" not in given else "upload.xlsx")  # only a name
        path.write_bytes(data)
        result = read_table(path)
    if not result.usable():
        return Upload(None, [Problem(_place(b), _why(b)) for b in result.bad_rows])
    return Upload(result.yaml_text(filename))


def _place(bad) -> str:
    """Sheet, row and column of a bad row (the file when it names no sheet)."""
    parts = [f"工作表“{bad.sheet}”" if bad.sheet else bad.file]
    parts += [f"第{bad.row}行"] if bad.row else []
    parts += [f"“{bad.column}”列"] if bad.column else []
    return " ".join(parts)


def _why(bad) -> str:
    """A bad row's reason with the value it found."""
    return f"“{bad.value}”：{bad.why}" if bad.value not in (None, "") else bad.why


@dataclass(frozen=True)
class ItemChange:
    """One item added, removed or changed (with its changed fields: name, old, new)."""

    code: str
    kind: str  # added | removed | changed
    text: str
    fields: tuple[tuple[str, Any, Any], ...] = ()


def _items(data: dict) -> dict[str, dict]:
    """Items by code, each with its section's code."""
    return {
        str(item.get("code")): {**item, "section": section.get("code")}
        for section in data.get("sections") or []
        for item in section.get("items") or []
    }


def _fields(old: dict, new: dict) -> tuple[tuple[str, Any, Any], ...]:
    """The keys whose values differ between two mappings."""
    return tuple(
        (key, old.get(key), new.get(key))
        for key in sorted(set(old) | set(new), key=str)
        if old.get(key) != new.get(key)
    )


def compare(old_text: str, new_text: str) -> tuple[tuple[tuple[str, Any, Any], ...], list[ItemChange]]:
    """Changed settings, and item changes in the new version's order (removed ones last)."""
    old, new = yaml.safe_load(old_text), yaml.safe_load(new_text)
    settings = _fields({k: old.get(k) for k in SETTINGS_SHOWN}, {k: new.get(k) for k in SETTINGS_SHOWN})
    before, after = _items(old), _items(new)
    changes = []
    for code, item in after.items():
        if code not in before:
            changes.append(ItemChange(code, "added", str(item.get("text", ""))))
        elif fields := _fields(before[code], item):
            changes.append(ItemChange(code, "changed", str(item.get("text", "")), fields))
    changes += [
        ItemChange(code, "removed", str(item.get("text", ""))) for code, item in before.items() if code not in after
    ]
    return settings, changes

"""Sheet 设置: the checklist's top-level keys (英文键或中文名)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from inspect_app.checklist_tables.cells import load_flow
from inspect_app.checklist_tables.state import TableState
from inspect_app.checklist_tables.words import SETTING_LABELS, SETTINGS_SHEET, SUBJECT_WORDS


class SettingsReader(TableState):
    """Reads sheet 设置 into the settings, remembering each key's row."""

    def read_settings(self, override: dict[str, Any]) -> None:
        """Top-level keys from sheet 设置 (英文键或中文名), then the command-line overrides."""
        for row, label, value in self.rows.settings or []:
            key = SETTING_LABELS.get(str(label), str(label))
            if not re.fullmatch(r"[a-z_]+", key):
                self.bad(row, "键", "不认识的设置项", sheet=SETTINGS_SHEET, value=label, skippable=False)
                continue
            structured = key in ("grades", "veto", "recheck") or key not in SETTING_LABELS
            if isinstance(value, str) and structured and value[:1] in "{[":
                try:
                    value = load_flow(value)
                except yaml.YAMLError:
                    self.bad(
                        row,
                        "值",
                        "无法读懂，应写成 {grade: 差, rank: last} 这样的形式",
                        sheet=SETTINGS_SHEET,
                        value=value,
                        skippable=False,
                    )
                    continue
            if key == "subject":
                value = SUBJECT_WORDS.get(value, value)
            if value is not None:
                self.settings[key] = value
                self.setting_rows[key] = (row, value)
        self.settings.update({key: value for key, value in override.items() if value is not None})

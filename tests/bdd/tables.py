"""Feature data tables: Chinese headers onto engine columns, cells compared as the features write them."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

COLUMNS = {
    "对象": "subject", "评分人": "inspector", "评分项": "item", "值": "value", "乡镇": "group",
    "备注": "note", "名次": "rank", "镇内名次": "group_rank", "得分": "score", "等次": "grade",
    "否决": "vetoed", "否决理由": "veto_reasons", "状态": "status", "加分": "bonus",
    "缺答": "missing", "扣分": "lost", "满分": "max", "问题": "finding", "牵头单位": "lead_unit",
    "协同单位": "co_units", "整改时限": "deadline", "扣分行": "line", "次数": "count",
    "年度": "year", "奖惩": "consequence", "否决考核": "veto_campaigns",
}

def table(datatable: list[list[str]]) -> pd.DataFrame:
    """A feature's data table as a frame of text, Chinese headers mapped to column names."""
    header = [COLUMNS.get(cell.strip(), cell.strip()) for cell in datatable[0]]
    return pd.DataFrame([[cell.strip() for cell in row] for row in datatable[1:]],
                        columns=header, dtype=object)


def shown(value: object) -> str:
    """A result cell as the features write it: 是/否, lists joined by 、, no float noise hidden."""
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def same(expected: str, actual: object) -> bool:
    """True when a cell matches what the feature expects; numbers compare exactly as numbers."""
    text = shown(actual)
    try:
        return float(expected) == float(text)
    except ValueError:
        return expected == text


def assert_rows(frame: pd.DataFrame, datatable: list[list[str]], keys: list[str] | None = None
                ) -> None:
    """The frame's rows (in order, or looked up by `keys`) hold the table's cells."""
    expected = table(datatable)
    if keys is None:
        assert len(frame) == len(expected), f"{len(frame)} rows, expected {len(expected)}:\n{frame}"
        rows = [frame.iloc[i] for i in range(len(expected))]
    else:
        index = frame.set_index(keys if len(keys) > 1 else keys[0])
        rows = [index.loc[tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]]
                for _, row in expected.iterrows()]
    for (_, want), got in zip(expected.iterrows(), rows, strict=True):
        for column in (c for c in expected.columns if keys is None or c not in keys):
            assert same(want[column], got[column]), (
                f"{column}: expected {want[column]!r}, got {shown(got[column])!r} in\n{got}")

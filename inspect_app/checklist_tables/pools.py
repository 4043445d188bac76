"""The shared pool of a 扣分 item: its 分项 lines, or one `per` for the whole item."""

from __future__ import annotations

import re
from typing import Any

from inspect_app.checklist_tables.cells import to_number
from inspect_app.checklist_tables.state import Entry, TableState
from inspect_app.checklist_tables.words import CODE, METHOD, NAME, PARAMS, POINTS, STANDARD


class PoolReader(TableState):
    """Reads 分项 rows into the 扣分 item above them and gives each 扣分 item its `per`."""

    def read_line(self, row: int, cells: dict[str, Any]) -> None:
        """A 分项 row: one line of the shared pool of the 扣分 item above it."""
        item = self.sections[-1].children[-1] if self.sections and self.sections[-1].children else None
        if item is None or item.data["method"] != "deduct" or self.last_row_was_not(item, row):
            self.bad(row, METHOD, "分项应紧跟在一个扣分项（或它的其他分项）下面")
            return
        line: dict[str, Any] = {"code": None, "text": str(cells[NAME])}
        params = self.params(row, cells, {"code", "text", "max"}, allowed={"per"})
        if params is None:
            return
        per = params.get("per", self.per_from_standard(cells.get(STANDARD)))
        if per is None:
            self.bad(row, PARAMS, "分项需要每次扣分：在参数写 {per: 2}，或在考核内容写明“每…扣2分”")
            return
        line["per"] = per
        if cells.get(POINTS) is not None:
            if to_number(cells[POINTS]) is None:
                self.bad(row, POINTS, "分项的分数是该行最多扣的分，应为数字或空着")
                return
            line["max"] = to_number(cells[POINTS])
        line["code"] = (
            str(cells[CODE])
            if cells.get(CODE) is not None
            else self.new_code(f"{item.data['code']}{chr(ord('a') + n)}" for n in range(26))
        )
        item.children.append(Entry(row, line))

    def last_row_was_not(self, item: Entry, row: int) -> bool:
        """True when a row between the item (or its last line) and this one was something else."""
        last = item.children[-1].row if item.children else item.row
        between = [r for r, _ in self.rows.items if last < r < row]
        return bool(between)

    @staticmethod
    def per_from_standard(standard: Any) -> Any:
        """The points of the one “扣N分” the standard names, else None."""
        found = {match for match in re.findall(r"扣(\d+(?:\.\d+)?)分", str(standard or ""))}
        return to_number(found.pop()) if len(found) == 1 else None

    def finish_deduct(self, item: Entry) -> None:
        """A 扣分 item without lines needs `per`: from 参数, else from its standard."""
        if item.data["method"] != "deduct" or item.children or "per" in item.data:
            return
        per = self.per_from_standard(item.data.get("standard"))
        if per is None:
            self.bad(
                item.row,
                PARAMS,
                "扣分项需要每次扣分：在参数写 {per: 2}，或在评分标准中写明唯一的“扣2分”，或在下面加分项行",
            )
            self.dropped.add(item.row)
        else:
            item.data["per"] = per

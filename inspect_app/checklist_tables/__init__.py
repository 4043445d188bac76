"""Checklists to and from county spreadsheet tables (考核细则表); pure conversion, no Flask.

The table, sheet 考核细则 (one header row; a title row above it is allowed):

    编码 | 项目 | 评分方式 | 分数 | 考核内容及评分标准 | 考核线/责任单位 | 参数 | 依据

- a row with only 项目 (and optionally 编码, 分数 = subtotal) starts a section (分类行);
  instead, a 分类 column may name each row's section (merged cells are filled down);
- an item row: 编码 code, 项目 text, 评分方式 method in Chinese (扣分, 比例, ...), 分数 max,
  考核内容及评分标准 standard, 考核线/责任单位 "牵头：…；协同：…、…" (a bare "85%" is a target),
  参数 the method's other keys as flow YAML (`{per: 10}`), 依据 source;
- a 分项 row under a 扣分 item is one line of its shared pool (分数 = the line's max,
  参数 `{per: 2}`).

Sheet 设置 holds the top-level keys (键 | 值 | 说明). Missing 编码 are made up; missing settings
are filled in and listed so a person checks them. See checklists/README.md (导入导出表格).
"""

from inspect_app.checklist_tables.bad_row import BadRow
from inspect_app.checklist_tables.export import checklist_workbook
from inspect_app.checklist_tables.importer import TableImport, read_table

__all__ = ["BadRow", "TableImport", "checklist_workbook", "read_table"]

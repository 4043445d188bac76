"""The words of a county table: sheet names, columns, scoring methods, settings."""

from __future__ import annotations

from decimal import Decimal

ITEMS_SHEET, SETTINGS_SHEET = "考核细则", "设置"
CODE, NAME, METHOD, POINTS, STANDARD, LINE, PARAMS, BASIS, GROUP = (
    "编码",
    "项目",
    "评分方式",
    "分数",
    "考核内容及评分标准",
    "考核线/责任单位",
    "参数",
    "依据",
    "分类",
)
EXPORT_COLUMNS = (CODE, NAME, METHOD, POINTS, STANDARD, LINE, PARAMS, BASIS)
METHOD_WORDS = {
    "deduct": "扣分",
    "ratio": "比例",
    "bands": "分档",
    "check": "是否",
    "levels": "等次",
    "manual": "打分",
    "veto": "一票否决",
    "bonus": "加分",
    "steps": "步进",
}
METHOD_ALIASES = {
    **{word: method for method, word in METHOD_WORDS.items()},
    **{method: method for method in METHOD_WORDS},
    "扣分制": "deduct",
    "按比例": "ratio",
    "比率": "ratio",
    "分档计分": "bands",
    "是/否": "check",
    "达标": "check",
    "等级": "levels",
    "直接打分": "manual",
    "评分": "manual",
    "否决": "veto",
    "加分项": "bonus",
    "按步": "steps",
}
LINE_WORD = "分项"
LINE_ALIASES = {LINE_WORD, "扣分分项", "子项", "line"}
# Item keys that have a column of their own; every other key goes in 参数.
COLUMN_KEYS = {"code", "text", "standard", "max", "method", "lead_unit", "co_units", "source", "lines"}
SETTINGS = (
    ("id", "编号", "唯一、稳定的编号，如 village-1000"),
    ("title", "名称", "检查表名称"),
    ("subject", "考核对象", "village 村 / town 乡镇 / unit 单位 / household 户"),
    ("total", "总分", "各项满分之和（加分项、一票否决项不计）"),
    ("precision", "计分精度", "单项得分四舍五入到此步长，如 0.1"),
    ("combine", "多人打分合并", "mean 平均 / median 中位数 / min 最低 / max 最高 / trimmed_mean"),
    ("grades", "等次", "从高到低，如 [{grade: 好, min: 90, quota: 0.2}, {grade: 差, min: 0}]"),
    ("veto", "否决处理", "如 {grade: 差, rank: last}；rank: none 为不排名"),
    ("ties", "并列名次", "competition（1,2,2,4）/ dense（1,2,2,3）"),
    ("bonus_cap", "加分上限", "不填则加分不封顶"),
    ("rectify_days", "整改时限（天）", "失分项的整改期限"),
    ("recheck", "复核提示", "如 {spread: 0.2, self_gap: 0.1}"),
    ("source", "依据", "整张表的依据文件"),
    ("description", "说明", "备注"),
)
SETTING_LABELS = {label: key for key, label, _ in SETTINGS} | {key: key for key, _, _ in SETTINGS}
SUBJECT_WORDS = {
    "村": "village",
    "乡镇": "town",
    "镇": "town",
    "乡": "town",
    "单位": "unit",
    "户": "household",
    "农户": "household",
}
DEFAULT_GRADES = ((Decimal("0.9"), "好"), (Decimal("0.8"), "较好"), (Decimal("0.6"), "一般"), (Decimal(0), "差"))
# Header cells as counties write them, each to the column it means.
HEADER_ALIASES = {
    "编码": CODE,
    "编号": CODE,
    "代码": CODE,
    "项目": NAME,
    "考核项目": NAME,
    "评分项目": NAME,
    "评分方式": METHOD,
    "计分方式": METHOD,
    "分数": POINTS,
    "分值": POINTS,
    "满分": POINTS,
    "考核内容及评分标准": STANDARD,
    "评分标准": STANDARD,
    "考核内容": STANDARD,
    "考核线/责任单位": LINE,
    "考核线": LINE,
    "责任单位": LINE,
    "参数": PARAMS,
    "依据": BASIS,
    "来源": BASIS,
    "分类": GROUP,
    "类别": GROUP,
}
# Columns a county table may have that the import leaves alone.
IGNORED_COLUMNS = {"序号", "备注", "得分", "自评得分", "考核得分"}

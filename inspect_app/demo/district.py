"""The demo district's places, units and users.

The district, the towns and the villages 洼子村, 阿及村, 南湖新村, 光明咀村 and 永治村 are
named in the seed documents (seeds 000–003); the other villages are made up to fill each
town. The departments are the ones the seeds name as lead and co-operating units.
"""

from inspect_app.models import Role, UnitKind

DISTRICT = "东洲区"

TOWNS: dict[str, list[str]] = {
    "章党镇": ["洼子村", "章党村", "大堡村", "东升村", "河西村", "红旗村", "新立村"],
    "哈达镇": ["阿及村", "哈达村", "前进村", "长岭村", "和平村", "清河村", "太平村"],
    "商桥镇": ["商桥村", "南街村", "北岗村", "杨庄村", "李湾村", "前营村", "后营村"],
    "南湖洲镇": ["南湖新村", "光明咀村", "湖滨村", "沙洲村", "荷花村", "渔场村", "东湖村"],
    "工农乡": ["永治村", "工农村", "胜利村", "丰收村", "团结村", "民主村", "兴隆村"],
}

DEPARTMENTS = [
    "区扶贫办",
    "区发改委",
    "区财政局",
    "区人社局",
    "区农林局",
    "区民政局",
    "区教体局",
    "区卫计委",
    "区水利局",
    "区交通运输局",
    "区住建局",
    "区畜牧局",
    "区科技局",
    "区纪委监委",
    "区卫健委",
    "区教育局",
    "区脱贫攻坚领导小组办公室",
]

# 后盾单位: units that each back some villages.
SUPPORTING_UNITS = ["区审计局", "区商务局", "区文明办"]

# Town-level names the shipped checklists give lead and co-operating units: each stands for the
# subject's town government (its stations and offices answer through it).
TOWN_LEVEL_NAMES = [
    "镇扶贫办",
    "镇卫生院",
    "镇财政所",
    "镇民政办",
    "镇水利站",
    "镇村建站",
    "镇党委政府",
    "镇中心学校",
    "镇医保站",
    "镇经管站",
    "镇纪委",
    "镇组织办",
    "乡镇人民政府",
    "各乡镇",
    # A village committee is no unit of the platform; the demo office has its items followed by the
    # village's town government (seed 002 五(六): the town's leading group supervises its villages).
    "村支两委",
]


def unit_aliases() -> list[tuple[str, str | None, UnitKind | None]]:
    """(alias, unit name, town kind): the county's old names of the district's departments, and town-level names."""
    county_names = [("县" + name.removeprefix("区"), name, None) for name in DEPARTMENTS + SUPPORTING_UNITS]
    return county_names + [(name, None, UnitKind.TOWN_GOVERNMENT) for name in TOWN_LEVEL_NAMES]


# (username, display name, role, unit name or None)
USERS: list[tuple[str, str, Role, str | None]] = [
    ("admin", "扶贫办管理员", Role.ADMIN, None),
    ("leader", "区领导小组组长", Role.LEADER, None),
    ("zhangsan", "张三", Role.INSPECTOR, None),
    ("lisi", "李四", Role.INSPECTOR, None),
    ("wangwu", "王五", Role.INSPECTOR, None),
    ("zhaoliu", "赵六", Role.INSPECTOR, None),
    ("sunqi", "孙七", Role.INSPECTOR, None),
    ("zhouba", "周八", Role.INSPECTOR, None),
    ("wujiu", "吴九", Role.INSPECTOR, None),
    ("zhangdang", "章党镇扶贫专干", Role.UNIT_USER, "章党镇人民政府"),
    ("weiji", "区卫计委联络员", Role.UNIT_USER, "区卫计委"),
    ("nonglin", "区农林局联络员", Role.UNIT_USER, "区农林局"),
]

# Inspection teams by inspector username; the first member leads the team.
TEAMS: list[tuple[str, list[str]]] = [
    ("第一督查组", ["zhangsan", "lisi", "wangwu"]),
    ("第二督查组", ["zhaoliu", "sunqi"]),
    ("第三督查组", ["zhouba", "wujiu"]),
]


def demo_password(username: str) -> str:
    """The demo's published password for a demo user (demo data only)."""
    return f"demo-{username}"


def town_government(town: str) -> str:
    """The unit name of a town's government."""
    return f"{town}人民政府"

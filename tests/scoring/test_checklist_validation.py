"""Every mistake a clerk can make in a checklist is reported with its field path, all at once."""

import pytest
import yaml

from scoring import ChecklistError, load_checklist, parse_checklist, parse_checklist_text

from .conftest import checklist_data

GOOD = {"code": "A1", "text": "识别准确", "method": "deduct", "max": 10, "per": 2}


def problems(items, **top):
    """The (path, message) pairs reported for a checklist of these items."""
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(yaml.safe_load(yaml.safe_dump(checklist_data(items, **top))))
    return [(p.path, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(("item", "path", "words"), [
    ({"code": "A1", "text": "t", "method": "dedcut", "max": 10},            "sections[0].items[0].method", "未知的评分方式"),
    ({"code": "A1", "text": "t", "method": "deduct", "per": 2},             "sections[0].items[0].max",    "缺少"),
    ({"code": "A1", "text": "t", "method": "deduct", "max": 10},            "sections[0].items[0].per",    "缺少"),
    ({"code": "A1", "text": "t", "method": "levels", "max": 10},            "sections[0].items[0].levels", "levels"),
    ({"code": "A1", "text": "t", "method": "bands", "max": 10,
      "bands": [{"min": 1, "score": 5}, {"min": 5, "score": 10}]},         "sections[0].items[0].bands[1]", "顺序"),
    ({"code": "A1", "text": "t", "method": "bands", "max": 10,
      "bands": [{"min": 5, "score": 12}]},                                 "sections[0].items[0].bands[0].score", "满分"),
    ({"code": "A1", "text": "t", "method": "steps", "max": 4, "target": 1, "per": 1},
                                                                            "sections[0].items[0].step",   "缺少"),
    ({"code": "A1", "text": "t", "method": "steps", "max": 4, "target": "mean", "step": 1, "per": 1},
                                                                            "sections[0].items[0].target", "只用于 ratio"),
    ({"code": "A1", "text": "t", "method": "bands", "max": 4, "target": "mean",
      "bands": [{"min": 0, "score": 4}]},                                  "sections[0].items[0].target", "不使用"),
    ({"code": "A1", "text": "t", "method": "deduct", "max": 10,
      "lines": [{"code": "A1a", "text": "x"}]},                             "sections[0].items[0].lines[0].per", "缺少"),
    ({"code": "A1", "text": "t", "method": "veto", "effect": "expel"},      "sections[0].items[0].effect", "未知的否决效果"),
    ({"code": "A1", "text": "t", "method": "veto", "effect": {"cap": "优"}}, "sections[0].items[0].effect.cap", "不在 grades"),
    ({"code": "A1", "text": "t", "method": "check", "max": 10, "effect": "exclude"},
                                                                            "sections[0].items[0].effect", "只用于"),
    ({"code": "A1", "text": "t", "method": "check", "max": 10, "veto_when": {"over": 1}},
                                                                            "sections[0].items[0].veto_when", "应只含一个条件"),
    ({"code": "A1", "text": "t", "method": "veto", "max": 10},              "sections[0].items[0].max",    "不应有 max"),
    ({"code": "A1", "text": "t", "method": "check", "max": -1},             "sections[0].items[0].max",    "大于 0"),
    ({"code": "A1", "text": "t", "method": "check", "max": "十"},           "sections[0].items[0].max",    "应为数字"),
    ({"code": "A1", "text": "t", "method": "check", "mx": 10, "max": 10},   "sections[0].items[0].mx",     "未知字段"),
])
def test_an_item_mistake_is_named_by_its_path(item, path, words):
    found = problems([item], total=10)
    assert any(p == path and words in m for p, m in found), found


@pytest.mark.parametrize(("top", "path", "words"), [
    ({"total": 11},                                                   "total",           "不符"),
    ({"subject": "villages"},                                         "subject",         "不可用"),
    ({"combine": "average"},                                          "combine",         "不可用"),
    ({"ties": "olympic"},                                             "ties",            "不可用"),
    ({"grades": [{"grade": "好", "min": 60}, {"grade": "差", "min": 80}]}, "grades[1].min", "从高到低"),
    ({"grades": [{"grade": "好", "min": 60}, {"grade": "差", "min": 10}]}, "grades[1].min", "应为 0"),
    ({"grades": [{"grade": "好", "min": 60, "quota": 1.5}, {"grade": "差", "min": 0}]},
                                                                      "grades[0].quota", "比例"),
    ({"veto": {"grade": "不合格", "rank": "last"}},                    "veto.grade",      "不在 grades"),
    ({"veto": {"grade": "差", "rank": "first"}},                       "veto.rank",       "不可用"),
    ({"rectify_days": "三十"},                                        "rectify_days",    "整数"),
    ({"precision": 0},                                                "precision",       "大于 0"),
])
def test_a_top_level_mistake_is_named_by_its_path(top, path, words):
    found = problems([GOOD], **top)
    assert any(p == path and words in m for p, m in found), found


def test_every_mistake_is_reported_at_once():
    found = problems([GOOD, {**GOOD, "per": None}, {**GOOD, "code": "A3", "method": "nope"}],
                     total=999)
    paths = [p for p, _ in found]
    assert "sections[0].items[1].per" in paths
    assert "sections[0].items[1].code" in paths  # duplicate A1
    assert "sections[0].items[2].method" in paths
    assert "total" in paths


def test_a_pool_line_code_may_not_repeat_an_item_code():
    pool = {"code": "A2", "text": "档案", "method": "deduct", "max": 10,
            "lines": [{"code": "A1", "text": "x", "per": 1}]}
    assert ("sections[0].items[1].lines[0].code", "编码 “A1” 重复（已用于 sections[0].items[0].code）") \
        in problems([GOOD, pool])


def test_bonus_and_veto_items_do_not_count_to_the_total():
    data = checklist_data([GOOD, {"code": "B", "text": "b", "method": "bonus", "max": 5},
                           {"code": "V", "text": "v", "method": "veto"}], total=10)
    assert parse_checklist(data).total == 10


def test_broken_yaml_names_the_line():
    with pytest.raises(ChecklistError) as caught:
        parse_checklist_text("id: x\nsections: [\n  - a: b\n")
    assert caught.value.problems[0].path.startswith("第")


def test_a_missing_file_is_a_checklist_error(tmp_path):
    with pytest.raises(ChecklistError, match="无法读取文件"):
        load_checklist(tmp_path / "none.yaml")

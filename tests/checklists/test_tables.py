"""County tables ↔ checklist YAML: the round trip, a hand-made county table, bad rows."""

from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

import scoring
from inspect_app.cli.checklists import export_checklist, import_checklist

CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"
HEADER = ["编码", "项目", "评分方式", "分数", "考核内容及评分标准", "考核线/责任单位", "参数",
          "依据"]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def make_table(tmp_path):
    """Writes a real .xlsx: a title row, the header, the rows, and an optional 设置 sheet."""

    def make(rows, *, header=HEADER, settings=None, name="county.xlsx", title="某村考核细则"):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "考核细则"
        if title:
            sheet.append([title])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        if settings is not None:
            extra = book.create_sheet("设置")
            extra.append(["键", "值", "说明"])
            for key, value in settings:
                extra.append([key, value])
        path = tmp_path / name
        book.save(path)
        return path

    return make


def run_import(runner, path, *args):
    return runner.invoke(import_checklist, [str(path), *args])


@pytest.mark.parametrize("name", sorted(p.name for p in CHECKLISTS.glob("*.yaml")))
def test_yaml_to_table_to_yaml_gives_the_same_checklist(runner, tmp_path, name):
    table, back = tmp_path / "table.xlsx", tmp_path / "back.yaml"
    exported = runner.invoke(export_checklist, [str(CHECKLISTS / name), "--out", str(table)])
    assert exported.exit_code == 0, exported.output
    imported = run_import(runner, table, "--out", str(back))
    assert imported.exit_code == 0, imported.output
    original = yaml.safe_load((CHECKLISTS / name).read_text(encoding="utf-8"))
    assert yaml.safe_load(back.read_text(encoding="utf-8")) == original
    assert scoring.load_checklist(back) == scoring.load_checklist(CHECKLISTS / name)


def test_the_shipped_example_table_matches_its_checklist(runner, tmp_path):
    back = tmp_path / "village.yaml"
    result = run_import(runner, CHECKLISTS / "examples" / "village-table.xlsx", "--out", str(back))
    assert result.exit_code == 0, result.output
    assert scoring.load_checklist(back) == scoring.load_checklist(CHECKLISTS / "village-1000.yaml")


def test_a_county_table_without_codes_or_settings(runner, make_table, tmp_path):
    path = make_table([
        [None, "精准识别（50分）"],
        [None, "识别准确", "扣分", 20, "每错评漏评一户扣10分，扣完为止",
         "牵头：镇扶贫办；协同：各村、驻村工作队"],
        [None, "档案资料", "扣分", 10, "发现一处错误扣2分，扣完10分为止", "镇扶贫办"],
        [None, "户档案错误", "分项", None, None, None, "{per: 2}"],
        [None, "村档案错误", "分项", 6, "每处扣2分"],
        [None, "家庭医生签约率", "比例", 20, "签约率100%计满分", "考核线：100%"],
        [None, "加分项"],
        [None, "整村搬迁", "加分", 2, "整村搬迁的加2分", None, None, "004 三(二)"],
        [None, "精准识别出现重大失误", "一票否决", None, "出现的一票否决", None,
         "{effect: exclude}"],
    ])
    out = tmp_path / "county.yaml"
    result = run_import(runner, path, "--out", str(out), "--subject", "village")
    assert result.exit_code == 0, result.output
    assert "请核对" in result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["title"] == "某村考核细则"
    assert data["total"] == 50
    assert [g["min"] for g in data["grades"]] == [45, 40, 30, 0]
    first, bonus = data["sections"]
    assert first["code"] == "A"
    assert first["title"] == "精准识别"
    assert first["items"][0] == {
        "code": "A1", "text": "识别准确", "standard": "每错评漏评一户扣10分，扣完为止", "max": 20,
        "method": "deduct", "lead_unit": "镇扶贫办", "co_units": ["各村", "驻村工作队"], "per": 10}
    assert first["items"][1]["lines"] == [
        {"code": "A2a", "text": "户档案错误", "per": 2},
        {"code": "A2b", "text": "村档案错误", "per": 2, "max": 6}]
    assert first["items"][1]["lead_unit"] == "镇扶贫办"
    assert first["items"][2]["target"] == 1.0
    assert bonus["items"][1] == {"code": "B2", "text": "精准识别出现重大失误", "method": "veto",
                                 "standard": "出现的一票否决", "effect": "exclude"}
    scoring.load_checklist(out)


def test_a_bad_row_names_row_and_column_and_nothing_is_written(runner, make_table, tmp_path):
    path = make_table([
        [None, "精准识别"],
        ["A1", "识别准确", "扣分", 20, "每错评漏评一户扣10分"],
        ["A2", "档案规范", "打勾", 10, "规范的计10分"],
        ["A3", "驻村工作队在岗", "是否", "十分"],
    ])
    out = tmp_path / "county.yaml"
    result = run_import(runner, path, "--out", str(out))
    assert result.exit_code == 1
    assert "county.xlsx [考核细则] 第5行 评分方式列 “打勾”：不认识的评分方式" in result.output
    assert "第6行 分数列 “十分”" in result.output
    assert "未写出任何文件" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]


def test_skip_bad_rows_writes_the_rest_and_still_lists_them(runner, make_table, tmp_path):
    path = make_table([
        [None, "精准识别"],
        ["A1", "识别准确", "扣分", 20, "每错评漏评一户扣10分"],
        ["A2", "档案规范", "打勾", 10, "规范的计10分"],
    ], settings=[("id", "county"), ("title", "某村"), ("subject", "村"), ("total", 30),
                 ("grades", "[{grade: 好, min: 18}, {grade: 差, min: 0}]")])
    out = tmp_path / "county.yaml"
    result = run_import(runner, path, "--out", str(out), "--skip-bad-rows")
    assert result.exit_code == 0, result.output
    assert "第5行 评分方式列 “打勾”" in result.output
    text = out.read_text(encoding="utf-8")
    assert "未能导入" in text
    assert "第5行" in text
    checklist = scoring.load_checklist(out)
    assert [item.code for item in checklist.items] == ["A1"]
    assert checklist.total == 20
    assert checklist.subject == "village"


def test_the_engine_s_objections_come_back_as_rows(runner, make_table, tmp_path):
    path = make_table([
        [None, "档案"],
        ["A1", "档案规范", "等次", 30, "好30分、较好24分"],
        ["A2", "识别准确", "扣分", 20, "每户扣10分"],
        ["A2", "重复编码", "是否", 5],
    ])
    result = run_import(runner, path, "--out", str(tmp_path / "x.yaml"))
    assert result.exit_code == 1
    assert "第4行 参数列：levels 项应列出各等级的分数" in result.output
    assert "第6行 编码列 “A2”：编码 “A2” 重复" in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_a_wrong_total_in_settings_cannot_be_skipped(runner, make_table, tmp_path):
    path = make_table([["A1", "识别准确", "扣分", 20, "每户扣10分"]],
                      settings=[("subject", "village"), ("total", 100)])
    result = run_import(runner, path, "--out", str(tmp_path / "x.yaml"), "--skip-bad-rows")
    assert result.exit_code == 1
    assert "[设置] 第3行 值列 “100”：total：总分 100 与各项满分之和 20 不符" in result.output
    assert not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize(("row", "column", "why"), [
    (["A1", "签约率", "比例", 10, None, "牵头：卫生院；时限：15天"], "考核线/责任单位",
     "读不懂“时限：15天”"),
    (["A1", "在岗", "是否", 10, None, "85%"], "考核线/责任单位", "考核线只用于比例、步进项"),
    (["A1", "识别", "扣分", 10, "每户扣10分，每处扣2分"], "参数", "扣分项需要每次扣分"),
    (["A1", "识别", "扣分", 10, None, None, "per: [10"], "参数", "应写成 {per: 10}"),
    (["A1", "识别", "扣分", 10, None, None, "{per: 1, max: 9}"], "参数", "“max” 应写在分数列"),
    ([None, None, "扣分", 10, "每户扣10分"], "项目", "缺少项目名称"),
    (["A1", "识别", None, 10, "每户扣10分"], "评分方式", "缺少评分方式"),
    (["A1", "否决", "一票否决", 10], "分数", "一票否决项不计分"),
    (["A1", "户档案", "分项", None, None, None, "{per: 2}"], "评分方式", "分项应紧跟在一个扣分项"),
])
def test_rows_it_cannot_understand(runner, make_table, tmp_path, row, column, why):
    path = make_table([row], settings=[("subject", "village")])
    result = run_import(runner, path, "--out", str(tmp_path / "x.yaml"))
    assert result.exit_code == 1
    assert f"第3行 {column}列" in result.output
    assert why in result.output


def test_a_category_column_with_merged_cells(runner, make_table, tmp_path):
    header = ["分类", "项目", "评分方式", "分数", "考核内容及评分标准"]
    path = make_table([
        ["精准识别", "识别准确", "扣分", 20, "每户扣10分"],
        [None, "档案规范", "是否", 10],
        ["精准帮扶", "结对帮扶", "打分", 10],
    ], header=header, title=None)
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("A2:A3")
    book.save(path)
    out = tmp_path / "x.yaml"
    result = run_import(runner, path, "--out", str(out))
    assert result.exit_code == 0, result.output
    checklist = scoring.load_checklist(out)
    assert checklist.title == "county"
    assert [(s.code, s.title, [i.code for i in s.items]) for s in checklist.sections] == [
        ("A", "精准识别", ["A1", "A2"]), ("B", "精准帮扶", ["B1"])]


def test_parameters_typed_with_full_width_punctuation(runner, make_table, tmp_path):
    path = make_table(
        [["A1", "档案规范", "等次", 20, None, None, "｛levels：｛好：20，较好：16，差：0｝｝"]],
        settings=[("subject", "village")],
    )
    out = tmp_path / "x.yaml"
    result = run_import(runner, path, "--out", str(out))
    assert result.exit_code == 0, result.output
    levels = scoring.load_checklist(out).item("A1").levels
    assert [(name, int(score)) for name, score in levels] == [("好", 20), ("较好", 16), ("差", 0)]


def test_a_table_without_the_needed_columns(runner, make_table, tmp_path):
    path = make_table([["识别准确", 20]], header=["考核内容", "分值"])
    result = run_import(runner, path, "--out", str(tmp_path / "x.yaml"))
    assert result.exit_code == 1
    assert "找不到表头" in result.output


def test_import_does_not_overwrite_a_yaml_it_was_not_told_to(runner, make_table):
    path = make_table([["A1", "在岗", "是否", 10]], settings=[("subject", "village")])
    existing = path.with_suffix(".yaml")
    existing.write_text("# 手改过的\n", encoding="utf-8")
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert existing.read_text(encoding="utf-8") == "# 手改过的\n"


def test_export_into_a_missing_folder_says_so(runner, tmp_path):
    out = tmp_path / "missing" / "table.xlsx"
    result = runner.invoke(export_checklist, [str(CHECKLISTS / "village-exit.yaml"), "--out", str(out)])
    assert result.exit_code == 1
    assert "不存在" in result.output
    assert not out.parent.exists()


def test_export_refuses_an_invalid_checklist(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((CHECKLISTS / "village-exit.yaml").read_text(encoding="utf-8")
                   .replace("total: 100", "total: 90"), encoding="utf-8")
    result = runner.invoke(export_checklist, [str(bad)])
    assert result.exit_code == 1
    assert "total" in result.output
    assert not bad.with_suffix(".xlsx").exists()

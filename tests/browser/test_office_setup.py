"""The office sets up next quarter's campaign on a desktop; the inspector finds it on their phone (issue 13).

Named to run after the other browser tests: it adds a checklist version and a campaign to the shared demo.
"""

import io
from datetime import date
from pathlib import Path

import pytest
import yaml

from inspect_app.checklist_tables import checklist_workbook
from inspect_app.labels import QUARTER_LABELS
from tests.browser.test_demo import log_in

pytestmark = pytest.mark.browser

SHIPPED = Path(__file__).parents[2] / "checklists" / "village-exit.yaml"


def next_quarter(today: date) -> tuple[int, int]:
    """The year and quarter after today's."""
    quarter = (today.month - 1) // 3 + 1
    return (today.year + 1, 1) if quarter == 4 else (today.year, quarter + 1)


def county_table(path: Path, duplicate_at: str | None = None) -> tuple[Path, int | None]:
    """The shipped checklist as a county table (as `inspect-app export-checklist` writes it), saved at path;
    with duplicate_at, the item after that code gets the same code: the sheet row of the duplicate."""
    book = checklist_workbook(yaml.safe_load(SHIPPED.read_text(encoding="utf-8")))
    sheet, row_number = book["考核细则"], None
    if duplicate_at:
        rows = list(sheet.iter_rows())
        at = next(n for n, row in enumerate(rows) if row[0].value == duplicate_at)
        rows[at + 1][0].value, row_number = duplicate_at, rows[at + 1][0].row
    data = io.BytesIO()
    book.save(data)
    path.write_bytes(data.getvalue())
    return path, row_number


def test_the_office_sets_up_next_quarter_and_the_inspector_sees_it(browser, demo_server, tmp_path):
    year, quarter = next_quarter(date.today())
    title = f"{year}年{QUARTER_LABELS[quarter]}贫困村退出验收督查"
    checklist = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    office = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    admin = office.new_page()
    try:
        log_in(admin, demo_server, "admin", "demo-admin")
        admin.goto(f"{demo_server}/admin/checklists")
        wrong, row = county_table(tmp_path / "细则（有误）.xlsx", duplicate_at="B1")
        admin.locator("input[type=file][name=file]").set_input_files(str(wrong))
        admin.get_by_role("button", name="上传并检查").click()
        problems = admin.locator("#problems")
        problems.wait_for()
        assert f"工作表“考核细则” 第{row}行" in problems.inner_text()
        assert "B1" in problems.inner_text()
        assert admin.locator("#stored").count() == 0

        fixed, _ = county_table(tmp_path / "细则.xlsx")
        admin.locator("input[type=file][name=file]").set_input_files(str(fixed))
        admin.get_by_role("button", name="上传并检查").click()
        stored = admin.locator("#stored")
        stored.wait_for()
        assert "第2版" in stored.inner_text()  # the demo stored the YAML as version 1

        admin.goto(f"{demo_server}/admin/campaigns/new")
        admin.get_by_label("任务名称").fill(title)
        admin.get_by_label("检查表（版本）").select_option(label=f"{checklist['title']}（village-exit 第2版）")
        admin.get_by_label("类型").select_option(label="退出验收")
        admin.get_by_label("年度").fill(str(year))
        admin.get_by_label("季度").select_option(label=QUARTER_LABELS[quarter])
        admin.get_by_label("乡镇").select_option(label="商桥镇")
        admin.get_by_role("button", name="创建").click()
        admin.get_by_role("heading", name=title).wait_for()
        assert admin.locator("#subjects tbody tr").count() == 7  # 商桥镇's villages

        admin.locator("#new-team summary").click()
        admin.get_by_label("组名").fill("退出验收组")
        admin.get_by_label("成员").select_option(label=["周八（zhouba）", "吴九（wujiu）"])
        admin.get_by_label("组长", exact=True).select_option(label="吴九（wujiu）")
        admin.get_by_role("button", name="建立").click()
        admin.locator("#teams", has_text="吴九（组长）").wait_for()
        assign = admin.locator("form#assign")
        assign.get_by_label("督查组").select_option(label="退出验收组")
        assign.get_by_label("某乡镇的全部对象").select_option(label="商桥镇的全部对象")
        assign.get_by_role("button", name="分配").click()
        admin.get_by_role("heading", name="分工（14）").wait_for()
    finally:
        office.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    inspector = phone.new_page()
    try:
        log_in(inspector, demo_server, "wujiu", "demo-wujiu")
        mine = inspector.locator("#my-work tbody tr", has_text=title)
        mine.first.wait_for()
        assert mine.count() == 7
        assert "商桥村" in inspector.locator("#my-work").inner_text()
        mine.first.get_by_role("link").click()
        inspector.get_by_text(checklist["sections"][0]["items"][0]["text"]).first.wait_for()
        assert inspector.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        phone.close()

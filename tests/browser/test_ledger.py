"""A town's unit user reports progress with a photo on a phone; an inspector verifies and closes (seed 002 五(六))."""

import base64

import pytest

from tests.browser.test_demo import log_in

pytestmark = pytest.mark.browser

# A 1x1 PNG: a real image file, as a phone camera would send one (smaller).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_a_unit_reports_with_a_photo_and_an_inspector_closes(page, browser, demo_server, tmp_path):
    photo = tmp_path / "after.png"
    photo.write_bytes(PNG)
    log_in(page, demo_server, "zhangdang", "demo-zhangdang")
    page.goto(f"{demo_server}/rectifications")
    page.get_by_role("heading", name="整改台账").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    rows = page.request.get(f"{demo_server}/api/rectifications?status=open").json()
    mine = next(row for row in rows if row["lead_unit"] == "章党镇人民政府")
    page.goto(f"{demo_server}/rectifications/{mine['id']}")

    page.get_by_role("button", name="开始整改").click()
    page.locator("h1", has_text="整改中").wait_for()
    page.locator("input[type=file][name=file]").set_input_files(str(photo))
    page.get_by_label("说明").last.fill("公示栏已更新")
    page.get_by_role("button", name="上传").click()
    page.get_by_role("heading", name="佐证材料（1）").wait_for()
    assert page.locator("img.thumb").evaluate("img => img.complete && img.naturalWidth") == 1
    page.get_by_role("button", name="申请销号").click()
    page.locator("h1", has_text="待验收").wait_for()
    assert page.get_by_role("button", name="验收销号").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    inspector = context.new_page()
    try:
        log_in(inspector, demo_server, "zhangsan", "demo-zhangsan")
        inspector.goto(f"{demo_server}/rectifications/{mine['id']}")
        assert inspector.locator("img.thumb").count() == 1
        inspector.get_by_role("button", name="验收销号").click()
        inspector.locator("h1", has_text="已销号").wait_for()
        history = inspector.locator("table.history tbody").inner_text()
        assert "张三" in history
        assert "章党镇扶贫专干" in history
    finally:
        context.close()

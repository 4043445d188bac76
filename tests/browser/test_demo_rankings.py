"""A leader reads the finished demo campaign's rankings on a phone."""

import pytest
from openpyxl import load_workbook

from tests.browser.test_demo import log_in

pytestmark = pytest.mark.browser


def test_a_leader_reads_the_rankings_on_a_phone(page, demo_server):
    log_in(page, demo_server, "leader", "demo-leader")
    finished = page.locator("tbody tr", has_text="已结束")
    finished.get_by_role("link", name="查看排名").click()
    page.get_by_role("heading", name="排名").wait_for()
    first = page.locator("table.ranking tbody tr").first
    assert first.locator("td").first.inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrapper = page.locator(".table-scroll", has=page.locator("table.ranking"))
    assert wrapper.evaluate("element => element.scrollWidth > element.clientWidth")

    name = first.locator("td").nth(2).inner_text()
    first.get_by_role("link", name=name).click()
    page.get_by_role("heading", name=name).wait_for()
    assert page.locator("table.items tbody tr").count() >= 30
    assert page.locator("table.items tbody tr.deducted").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_leader_filters_a_town_opens_a_village_and_downloads_the_workbook(page, demo_server, tmp_path):
    log_in(page, demo_server, "leader", "demo-leader")
    page.locator("tbody tr", has_text="已结束").get_by_role("link", name="查看排名").click()
    page.get_by_role("heading", name="排名").wait_for()
    assert page.locator("svg.chart").count() == 3
    town = page.locator("table.ranking tbody tr").last.locator("td").nth(3).inner_text()
    page.locator("form.filters select[name=group]").select_option(town)
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(lambda url: "group=" in url)
    rows = page.locator("table.ranking tbody tr")
    assert rows.count() >= 1
    assert {rows.nth(n).locator("td").nth(3).inner_text() for n in range(rows.count())} == {town}
    assert rows.first.locator("td").nth(1).inner_text() == "1"  # the town's first

    name = rows.first.locator("td").nth(2).inner_text()
    rows.first.get_by_role("link", name=name).click()
    page.get_by_role("heading", name=name).wait_for()
    assert page.locator("svg.chart.sections").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="下载明细（Excel）").click()
    path = tmp_path / "detail.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    assert book.sheetnames == ["评分项", "扣分池明细", "整改事项"]
    assert book["评分项"].max_row - 1 == page.locator("table.items tbody tr").count()

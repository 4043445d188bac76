"""A leader reads the finished demo campaign's rankings on a phone."""

import pytest

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
    wrapper = page.locator(".table-scroll")
    assert wrapper.evaluate("element => element.scrollWidth > element.clientWidth")

    name = first.locator("td").nth(2).inner_text()
    first.get_by_role("link", name=name).click()
    page.get_by_role("heading", name=name).wait_for()
    assert page.locator("table.items tbody tr").count() >= 30
    assert page.locator("table.items tbody tr.deducted").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

"""In a real browser: the pages obey the Content-Security-Policy; a page left open still posts."""

import pytest

from tests.browser.test_demo import log_in

pytestmark = pytest.mark.browser


def test_pages_load_their_style_and_script_under_the_policy(page, demo_server):
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    log_in(page, demo_server, "leader", "demo-leader")
    page.get_by_role("heading", name="考核督查任务").wait_for()
    page.locator("tbody tr").first.get_by_role("link").first.click()
    page.wait_for_url("**/campaigns/*")
    page.wait_for_load_state("load")  # the style sheet is in
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "960px"  # app.css: 60rem
    assert refused == []


def test_a_page_left_open_posts_with_a_fresh_token(page, demo_server):
    log_in(page, demo_server, "leader", "demo-leader")
    page.get_by_role("heading", name="考核督查任务").wait_for()
    other = page.context.new_page()  # another tab: log out and in again, so the first tab's token is stale
    other.goto(f"{demo_server}/")
    other.get_by_role("button", name="退出").click()
    other.get_by_text("已退出登录").wait_for()
    log_in(other, demo_server, "leader", "demo-leader")
    other.get_by_role("heading", name="考核督查任务").wait_for()
    page.get_by_role("button", name="退出").click()
    page.get_by_text("已退出登录").wait_for()
    assert "请求无法处理" not in page.content()

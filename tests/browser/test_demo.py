"""The demo district in a real browser on a phone-sized screen."""

import pytest

pytestmark = pytest.mark.browser


def log_in(page, base: str, username: str, password: str) -> None:
    """Log in through the form, as a person would."""
    page.goto(f"{base}/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_a_leader_logs_in_and_sees_the_campaigns(page, demo_server):
    log_in(page, demo_server, "leader", "demo-leader")
    page.get_by_role("heading", name="考核督查任务").wait_for()
    rows = page.locator("tbody tr")
    assert rows.count() >= 2
    rows.first.get_by_role("link").first.click()  # the campaign (the second link: its rankings)
    assert page.locator("tbody tr").count() >= 30   # the villages of the demo district


def test_a_wrong_password_is_told_in_chinese(page, demo_server):
    log_in(page, demo_server, "leader", "wrong")
    assert page.get_by_text("用户名或密码错误").is_visible()


def test_the_login_page_fits_a_phone_screen(page, demo_server):
    page.goto(f"{demo_server}/auth/login")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390

"""The scoring form in real Chromium on a phone: every method, offline, reload, conflict, submit."""

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from inspect_app.db import make_engine
from inspect_app.models import Answer, Evidence, ScoreSheet, SheetStatus
from tests.browser.form_world import PASSWORD, build, jpeg_size, png, serve

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    instance = tmp_path_factory.mktemp("form")
    url, username, sheet_id = build(instance)
    server, base = serve(instance, url)
    yield base, url, username, sheet_id, instance
    server.terminate()
    server.wait(timeout=10)


def log_in(page, base, username):
    page.goto(f"{base}/auth/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def score(page, code):
    return page.locator(f'[data-score="{code}"]').text_content()


def pick(page, code, word):
    page.locator(f"#i-{code} label.choice", has_text=word).first.click()


def saved(page):
    page.locator("#sync", has_text="已保存").wait_for(timeout=15000)


def stored(url, sheet_id):
    engine = make_engine(url)
    with Session(engine) as session:
        answers = session.exec(select(Answer).where(Answer.sheet_id == sheet_id)).all()
        evidence = session.exec(select(Evidence).where(Evidence.sheet_id == sheet_id)).all()
        sheet = session.get(ScoreSheet, sheet_id)
        result = ({a.item_code: a.value for a in answers if a.value is not None}, len(answers),
                  [(e.content_type, e.file_path) for e in evidence], sheet.status, sheet.version)
    engine.dispose()
    return result


def test_score_offline_reload_conflict_and_submit(browser, world):
    base, url, username, sheet_id, instance = world
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, base, username)
    page.locator("#my-work").get_by_role("link", name="桃源村").click()
    page.wait_for_url(f"{base}/sheets/{sheet_id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Every method, each item's score and the total at once
    page.locator("#i-A1 .step[data-step='1']").click()
    assert score(page, "A1") == "10"                     # 20 − 10 × 1
    page.locator('[name="v_A2a"]').fill("1")
    page.locator('[name="v_A2b"]').fill("3")
    assert score(page, "A2") == "4"                      # 10 − 2 − min(4, 6)
    assert page.locator('[data-left="A2"]').text_content() == "4"
    page.locator('[name="v_A3"]').fill("85%")
    assert score(page, "A3") == "8.5"
    page.locator('[name="v_A4"]').fill("60000")
    assert score(page, "A4") == "6"
    pick(page, "B1", "是")
    pick(page, "B2", "较好")
    page.locator('[name="v_B3"]').fill("4.5")
    assert [score(page, c) for c in ("B1", "B2", "B3")] == ["5", "4", "4.5"]
    assert page.locator("#total").text_content() == "42"
    assert page.locator('[data-sub="A"]').text_content() == "28.5"
    page.locator('[name="v_B3"]').fill("9")               # more than its max: refused in place
    assert "0 到满分之间" in page.locator('[data-err="B3"]').text_content()
    page.locator('[name="v_B3"]').fill("4.5")
    saved(page)

    # Offline: keep answering, attach a 4,000 px photo
    context.set_offline(True)
    page.locator('[name="v_B4"]').fill("0.98")
    assert score(page, "B4") == "3"                      # 5 + 1 × (−2 steps)
    pick(page, "B5", "否")
    page.locator('[name="v_B6"]').fill("是")
    assert page.locator("#total").text_content() == "50"
    page.locator("#i-A1 details.more summary").click()
    page.locator('[data-photo="A1"]').set_input_files(
        files=[{"name": "big.png", "mimeType": "image/png", "buffer": png(4000, 300)}])
    page.locator('[data-photos="A1"]', has_text="1").wait_for()
    page.locator("#sync", has_text="待发送").wait_for(timeout=15000)

    # My work, offline too, says what waits on this device; then back to the sheet: all still there
    page.goto(f"{base}/")
    expect(page.locator(f'[data-queued="{sheet_id}"]')).to_contain_text("项待发送")
    shown = int(page.locator(f'[data-queued="{sheet_id}"]').text_content().split()[0])
    assert shown >= 4  # three answers and a photo
    assert page.evaluate("InspectQueue.ownWaiting()") == shown  # what logging out asks about first
    page.goto(f"{base}/sheets/{sheet_id}")
    page.reload()
    expect(page.locator('[name="v_B4"]')).to_have_value("0.98")
    expect(page.locator('[name="v_B6"]')).to_have_value("是")
    expect(page.locator('[name="v_A1"]')).to_have_value("1")
    expect(page.locator("#total")).to_have_text("50")
    expect(page.locator('[data-photos="A1"]')).to_have_text("1")

    # Online again: every answer stored once, the photo once and shrunk
    context.set_offline(False)
    saved(page)
    answers, rows, evidence, status, version = stored(url, sheet_id)
    assert answers == {"A1": "1", "A2a": "1", "A2b": "3", "A3": "85%", "A4": "60000", "B1": "是", "B2": "较好",
                       "B3": "4.5", "B4": "0.98", "B5": "否", "B6": "是"}
    assert rows == 11
    assert [content_type for content_type, _ in evidence] == ["image/jpeg"]
    photo = (instance / "uploads" / evidence[0][1]).read_bytes()
    assert max(jpeg_size(photo)) == 1600

    # A second device changes B3; this one is stale and is shown both values
    other = browser.new_context(**PHONE)
    second = other.new_page()
    log_in(second, base, username)
    second.goto(f"{base}/sheets/{sheet_id}")
    second.locator('[name="v_B3"]').fill("3")
    saved(second)
    page.locator('[name="v_B3"]').fill("2")
    dialog = page.locator("#conflict")
    dialog.wait_for(state="visible", timeout=15000)
    assert "本机：2" in dialog.text_content()
    assert "另一设备：3" in dialog.text_content()
    dialog.locator("label", has_text="另一设备").click()
    dialog.get_by_role("button", name="按所选保存").click()
    saved(page)
    expect(page.locator('[name="v_B3"]')).to_have_value("3")
    assert stored(url, sheet_id)[0]["B3"] == "3"
    other.close()

    # Submit: the sheet is locked for its inspector
    page.get_by_role("button", name="提交评分表").click()
    page.get_by_text("不能再修改").wait_for(timeout=15000)
    assert stored(url, sheet_id)[3] == SheetStatus.SUBMITTED
    assert page.locator('[name="v_B3"]').is_disabled()
    context.close()

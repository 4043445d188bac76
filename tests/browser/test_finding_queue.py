"""Standalone findings in real Chromium on a phone: filed offline, sent once when online, refusals kept in view."""

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from inspect_app.db import make_engine
from inspect_app.models import Finding, Rectification, RectificationEvidence, Unit, UnitKind
from tests.browser.form_world import build, jpeg_size, png, serve
from tests.browser.test_inspect_form import PHONE, log_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    instance = tmp_path_factory.mktemp("findings")
    url, username, _sheet = build(instance)
    engine = make_engine(url)
    with Session(engine) as session:
        session.add_all([Unit(name="区水务局", kind=UnitKind.DEPARTMENT), Unit(name="区教育局", kind=UnitKind.DEPARTMENT)])
        session.commit()
    engine.dispose()
    server, base = serve(instance, url)
    yield base, url, username, instance
    server.terminate()
    server.wait(timeout=10)


KEPT = """navigator.serviceWorker.getRegistration().then(r => !!(r && r.active)
    && caches.match(location.pathname).then(hit => !!hit))"""


def kept(page, seconds=15):
    """Wait until the service worker is active and this page is kept for offline use."""
    for _ in range(seconds * 10):
        if page.evaluate(KEPT):
            return
        page.wait_for_timeout(100)
    raise TimeoutError("the page was not kept for offline use")


def filed(url):
    """Each standalone finding's subject, its row's lead unit and its photos' stored names."""
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(
            select(Finding.subject_name, Rectification.id, Unit.name)
            .join(Rectification, Rectification.finding_id == Finding.id)
            .join(Unit, Unit.id == Rectification.lead_unit_id)
            .order_by(Finding.id)
        ).all()
        result = [
            (subject, lead, session.exec(select(RectificationEvidence.file_path)
                                         .where(RectificationEvidence.rectification_id == row_id)).all())
            for subject, row_id, lead in rows
        ]
    engine.dispose()
    return result


def fill(page, subject, problem):
    page.get_by_label("检查类别").select_option("war_zone")
    page.get_by_label("检查日期").fill("2026-11-20")
    page.get_by_label("检查对象（村、户或单位）").fill(subject)
    page.get_by_label("发现的问题").fill(problem)
    page.get_by_label("牵头责任单位").select_option(label="区水务局")


def test_findings_filed_offline_are_sent_once(browser, world):
    base, url, username, instance = world
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, base, username)
    kept(page)  # the home page ("my work") ...
    page.goto(f"{base}/rectifications/new")
    kept(page)  # ... and the new-finding page, each opened once online

    # Offline: the page opens from this device; two findings wait, one with a 4,000 px photo
    context.set_offline(True)
    page.goto(f"{base}/rectifications/new")
    fill(page, "洼子村", "饮水安全保障未落实")
    page.locator('[name="photos"]').set_input_files(
        files=[{"name": "big.png", "mimeType": "image/png", "buffer": png(4000, 300)}])
    page.get_by_role("button", name="录入整改台账").click()
    expect(page.locator("#finding-sync")).to_contain_text("本机有 1 条问题待发送")
    expect(page.get_by_label("检查对象（村、户或单位）")).to_have_value("")  # cleared for the next one
    expect(page.get_by_label("检查日期")).to_have_value("2026-11-20")  # the same inspection's date kept
    fill(page, "桃源村", "危房改造未完成")
    page.evaluate("document.querySelector('[name=lead_unit_id]').selectedOptions[0].value = '999999'")
    page.get_by_role("button", name="录入整改台账").click()
    expect(page.locator("#finding-sync")).to_contain_text("本机有 2 条问题待发送")
    expect(page.locator(".finding-waiting")).to_have_count(2)
    page.goto(f"{base}/")
    expect(page.locator("#queued-findings")).to_contain_text("本机有 2 条发现的问题待发送")
    assert filed(url) == []

    # Online: the first answer is lost in flight (the server filed it), the page is reloaded
    calls = []

    def lose_first_answer(route):
        body = route.request.post_data_buffer
        calls.append(body.replace(body.split(b"\r\n", 1)[0], b"--boundary"))  # the browser's boundary aside
        if len(calls) == 1:
            route.fetch()  # the server files it ...
            route.abort()  # ... but the phone never hears back
        else:
            route.continue_()

    page.goto(f"{base}/rectifications/new")
    page.route("**/api/findings", lose_first_answer)
    context.set_offline(False)
    expect(page.locator("#finding-sync")).to_contain_text("离线或网络不通", timeout=15000)
    assert len(calls) == 1
    page.reload()
    sent = page.locator(".finding-sent")
    expect(sent).to_have_count(1, timeout=15000)
    expect(sent.get_by_role("link")).to_have_text("洼子村：饮水安全保障未落实")
    refused = page.locator(".finding-refused")
    expect(refused).to_contain_text("没有这个单位")
    expect(refused).to_contain_text("牵头责任单位")
    assert calls[0] == calls[1]  # the same stored body, the same submission id
    rows = filed(url)
    assert [(subject, lead, len(photos)) for subject, lead, photos in rows] == [("洼子村", "区水务局", 1)]
    photo = (instance / "uploads" / rows[0][2][0]).read_bytes()
    assert max(jpeg_size(photo)) == 1600
    sent.get_by_role("link").click()
    expect(page.locator("body")).to_contain_text("饮水安全保障未落实")
    page.go_back()

    # The refused one is fixed and sent; nothing is left on the device
    page.locator(".finding-refused").get_by_role("button", name="修改后重新提交").click()
    expect(page.get_by_label("检查对象（村、户或单位）")).to_have_value("桃源村")
    page.get_by_label("牵头责任单位").select_option(label="区教育局")
    page.get_by_role("button", name="录入整改台账").click()
    expect(page.locator(".finding-sent")).to_have_count(2, timeout=15000)
    expect(page.locator(".finding-refused")).to_have_count(0)
    expect(page.locator("#finding-sync")).to_contain_text("均已录入整改台账")
    assert [(s, lead, len(p)) for s, lead, p in filed(url)] == [("洼子村", "区水务局", 1), ("桃源村", "区教育局", 0)]
    page.goto(f"{base}/")
    expect(page.locator("#queued-findings")).to_be_hidden()
    context.close()


def test_after_logout_the_phone_shows_no_kept_page_offline(browser, world):
    """A phone passed to the next inspector: what the last one opened is not there offline."""
    base, _url, username, _instance = world
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, base, username)
    page.goto(f"{base}/rectifications/new")
    kept(page)
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{base}/auth/login*")
    for _ in range(150):  # the worker forgets the pages while the login page loads
        if not page.evaluate("caches.match('/rectifications/new').then(hit => !!hit)"):
            break
        page.wait_for_timeout(100)
    context.set_offline(True)
    page.goto(f"{base}/rectifications/new")
    expect(page.locator("body")).to_contain_text("离线：此页尚未在本机打开过")
    expect(page.locator("body")).not_to_contain_text("录入整改台账")
    context.close()

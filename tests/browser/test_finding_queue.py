"""Standalone findings in real Chromium on a phone: filed offline, sent once when online, refusals kept in view."""

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from inspect_app.auth.services import create_user
from inspect_app.db import make_engine
from inspect_app.models import Finding, Rectification, RectificationEvidence, Role, Unit, UnitKind, User, UserCreate
from tests.browser.form_world import PASSWORD, build, jpeg_size, png, serve
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


def filers(url):
    """Who filed each standalone finding, by subject."""
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(Finding.subject_name, User.username).join(User, User.id == Finding.filed_by_id)
                            .order_by(Finding.id)).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def log_out(page, base):
    """Log out, and wait until the service worker has forgotten the pages it kept."""
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{base}/auth/login*")
    for _ in range(150):
        if not page.evaluate("caches.match('/rectifications/new').then(hit => !!hit)"):
            return
        page.wait_for_timeout(100)
    raise TimeoutError("the kept pages were not forgotten")


def test_a_phone_passed_to_the_next_inspector_keeps_each_ones_findings_apart(browser, world):
    """What one inspector opened is not there offline for the next, and what one queued is sent
    under that inspector's own login, never the next one's."""
    base, url, username, _instance = world
    engine = make_engine(url)
    with Session(engine) as session:
        create_user(session=session, user_create=UserCreate(username="insp2", display_name="督查员乙",
                                                            role=Role.INSPECTOR, password=PASSWORD))
        session.commit()
    engine.dispose()
    context = browser.new_context(**PHONE)
    page = context.new_page()
    asked = []  # the logout's question, answered yes
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    log_in(page, base, username)
    kept(page)
    page.goto(f"{base}/rectifications/new")
    kept(page)
    context.set_offline(True)
    page.goto(f"{base}/rectifications/new")
    fill(page, "柳林村", "帮扶手册缺失")
    page.get_by_role("button", name="录入整改台账").click()
    expect(page.locator("#finding-sync")).to_contain_text("本机有 1 条问题待发送")
    page.goto(f"{base}/")
    context.set_offline(False)
    page.reload()
    expect(page.locator("#queued-findings")).to_contain_text("本机有 1 条发现的问题待发送")
    log_out(page, base)
    assert asked == ["本机还有您的 1 项答案、照片或问题尚未发送。退出后它们仍保存在本机，"
                     "要等您下次在本机登录后才会发送。确定退出吗？"]

    context.set_offline(True)  # the next inspector, offline: none of the last one's pages
    page.goto(f"{base}/rectifications/new")
    expect(page.locator("body")).to_contain_text("离线：此页尚未在本机打开过")
    context.set_offline(False)
    log_in(page, base, "insp2")
    expect(page.locator("#queued-findings")).to_be_hidden()
    page.goto(f"{base}/rectifications/new")
    page.wait_for_timeout(1500)  # time enough to send, were it sending
    expect(page.locator("#finding-list")).not_to_contain_text("柳林村")
    assert ("柳林村", "insp2") not in filers(url)
    log_out(page, base)
    assert len(asked) == 1  # nothing of the second inspector's waits: no question

    log_in(page, base, username)  # back in the first inspector's hands: sent, under that login
    page.goto(f"{base}/rectifications/new")
    expect(page.locator("#finding-sync")).to_contain_text("本机的问题均已录入整改台账")
    assert [row for row in filers(url) if row[0] == "柳林村"] == [("柳林村", username)]
    context.close()

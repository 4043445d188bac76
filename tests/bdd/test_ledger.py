"""The rectification ledger's workflow (features/rectification/ledger.feature), through the JSON API and pages."""

import io

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from inspect_app.labels import RECTIFICATION_STATUS_LABELS
from tests.app.rectification.world import JPEG, build, login

scenarios("rectification/ledger.feature")

WHO = {"牵头单位": "lead", "协同单位": "co", "督查员": "inspector", "另一督查员": "outsider", "扶贫办": "admin",
       "另一单位": "other"}  # fmt: skip
ACTIONS = {"开始整改": "start", "申请销号": "submit", "退回整改": "return", "验收销号": "close"}
STATUS = {label: status.value for status, label in RECTIFICATION_STATUS_LABELS.items()}
WHO_RE = "|".join(sorted(WHO, key=len, reverse=True))


@pytest.fixture(autouse=True)
def _on_both_databases(engine):
    """Every scenario runs on SQLite and PostgreSQL (the engine fixture carries the backend)."""
    return engine


@pytest.fixture
def ctx() -> dict:
    """The row the scenario is about and the last answer."""
    return {}


@given("整改台账中有一条由区扶贫办牵头、测试镇人民政府协同的待整改事项", target_fixture="world")
def ledger_world(engine, make_campaign, make_user, ctx):
    world = build(engine, make_campaign, make_user)
    ctx["row"] = world.rows[0]
    return world


def as_user(client, world, who: str):
    """The client logged in as the person the step names."""
    return login(client, world.users[WHO[who]])


def current(client, world, row_id: int) -> dict:
    """The row as the admin reads it."""
    return as_user(client, world, "扶贫办").get(f"/api/rectifications/{row_id}").json


@when(parsers.re(rf"(?P<who>{WHO_RE})(?:对这条事项)?(?:依据第 (?P<version>\d+) 版)?(?P<what>开始整改|申请销号|退回整改|验收销号)"
                 r"(?:，理由为“(?P<note>[^”]*)”)?$"))  # fmt: skip
def move(client, world, ctx, who, version, what, note):
    base = int(version) if version else current(client, world, ctx["row"])["version"]
    ctx["answer"] = as_user(client, world, who).post(
        f"/api/rectifications/{ctx['row']}/{ACTIONS[what]}", json={"base_version": base, "note": note or ""}
    )


@when(parsers.re(rf"(?P<who>{WHO_RE})(?:对这条事项)?上传一张整改后的照片$"))
def upload(client, world, ctx, who):
    ctx["answer"] = as_user(client, world, who).post(
        f"/api/rectifications/{ctx['row']}/evidence",
        data={"file": (io.BytesIO(JPEG), "after.jpg")},
        content_type="multipart/form-data",
    )


@given(parsers.re(r"另一督查员在战区督战中发现(?P<place>\S+?)“(?P<problem>[^”]+)”，由区扶贫办牵头$"))
def war_zone_finding(client, world, ctx, place, problem):
    form = {"kind": "war_zone", "inspected_on": "2026-11-20", "subject_name": place, "area_id": 0,
            "problem": problem, "lead_unit_id": world.units["lead"]}  # fmt: skip
    response = as_user(client, world, "另一督查员").post("/rectifications/new", data=form)
    assert response.status_code == 302, response.text
    ctx["row"] = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


@then(parsers.re(r"(?:这条事项的)?整改状态为“(?P<label>[^”]+)”$"))
def status_is(client, world, ctx, label):
    assert current(client, world, ctx["row"])["status"] == STATUS[label]


@then(parsers.re(r"答复为 (?P<code>\d+)(?: “(?P<error>[^”]+)”)?$"))
def answered(ctx, code, error):
    assert ctx["answer"].status_code == int(code), ctx["answer"].text
    if error:
        assert ctx["answer"].json["error"] == error


@then("变更记录依次为:")
def history_is(client, world, ctx, datatable):
    names = {world.users[key].display_name: who for who, key in WHO.items()}
    moves = [h for h in current(client, world, ctx["row"])["history"] if h["what"] == "status"]
    label = {status: text for text, status in STATUS.items()}
    got = [[label.get(h["old"], ""), label[h["new"]], names[h["who"]]] for h in moves]
    assert got == [list(map(str.strip, line)) for line in datatable[1:]]


@then(parsers.re(rf"(?P<who>{WHO_RE})的台账中没有这条事项$"))
def not_listed(client, world, ctx, who):
    listed = as_user(client, world, who).get("/api/rectifications").json
    assert ctx["row"] not in [row["id"] for row in listed]
    assert as_user(client, world, who).get(f"/api/rectifications/{ctx['row']}").status_code == 404


@then(parsers.re(rf"(?P<who>{WHO_RE})的台账中有这条事项，问题来源以“(?P<source>[^”]+)”开头$"))
def listed_with_source(client, world, ctx, who, source):
    listed = {row["id"]: row for row in as_user(client, world, who).get("/api/rectifications").json}
    assert listed[ctx["row"]]["source"].startswith(source)

"""The yearly composite (checklists/composites/town-annual-composite.yaml) from stored campaign results."""

from sqlmodel import Session, select

from inspect_app.models import AuditLog, CampaignKind, Role
from tests.app.rounds import FULL, HALF_WRONG, ONE_ERROR, TWO_ERRORS, log_in_a_unit_user, score_round
from tests.app.test_rankings import OTHER_TOWN, Tables

URL = "/composites/town-annual-composite/2026"
QUARTERS = [  # 测试村0: 20, 15, 20, 10 → 16.25; 测试村1: 15, 20, 10, 20 → 16.25
    {"测试村0": FULL, "测试村1": ONE_ERROR},
    {"测试村0": ONE_ERROR, "测试村1": FULL},
    {"测试村0": FULL, "测试村1": TWO_ERRORS},
    {"测试村0": TWO_ERRORS, "测试村1": FULL},
]
HEADER = ["考核对象", "乡镇", "平时督查", "年度核查", "第三方评估", "综合得分", "等次", "状态", "缺少的考核"]
LACKS_ALL_BUT_CHECK = "town-q1、town-q2、town-q3、town-q4、town-third-party"


def year_of_campaigns(engine, ranked) -> dict[str, int]:
    """The 2026 campaigns: four quarters, the fixture as the yearly check, a third-party evaluation."""
    ids = {"town-annual-check": ranked.campaign.id}
    for quarter, answers in enumerate(QUARTERS, start=1):
        made = score_round(engine, ranked, answers, title=f"第{quarter}季度督查", year=2026, quarter=quarter,
                           kind=CampaignKind.SUPERVISION)
        ids[f"town-q{quarter}"] = made.id
    ids["town-third-party"] = score_round(engine, ranked, {"测试村0": HALF_WRONG, "测试村1": FULL},
                                          title="第三方评估", year=2026).id
    return ids


def choose(client, ids: dict[str, int]):
    """Post the office's choices."""
    return client.post(f"{URL}/campaigns", data={f"campaign-{name}": str(cid) for name, cid in ids.items()})


def test_composite_of_every_subject_with_missing_parts_named(client, auth, engine, ranked):
    ids = year_of_campaigns(engine, ranked)
    town = next(s.group_name for s in ranked.subjects if s.name == "测试村0")
    auth.login("admin", Role.ADMIN)
    partial = {name: cid for name, cid in ids.items() if name != "town-third-party"}
    assert choose(client, partial).status_code == 302
    page = client.get(URL).text
    assert "以下考核任务尚无得分，综合得分暂不完整：town-third-party（未指定考核任务）" in page
    header, *rows = Tables(page).tables["composite"]
    assert header == HEADER
    assert len(rows) == 4
    assert all(row[5] == "—" for row in rows)  # nobody is complete
    assert next(row for row in rows if row[0] == "测试村0") == ["测试村0", town, "16.25", "20.0", "—", "—", "—", "未完成", "town-third-party"]
    assert choose(client, ids).status_code == 302
    page = client.get(URL).text
    assert "综合得分暂不完整" not in page
    _, *rows = Tables(page).tables["composite"]
    assert rows == [
        # 0.4 × 16.25 + 0.3 × 15 + 0.3 × 20 = 6.5 + 4.5 + 6 = 17.0
        ["测试村1", town, "16.25", "15.0", "20.0", "17.0", "差", "正常", "—"],
        # 0.4 × 16.25 + 0.3 × 20 + 0.3 × 5 = 6.5 + 6 + 1.5 = 14.0
        ["测试村0", town, "16.25", "20.0", "5.0", "14.0", "差", "正常", "—"],
        # scored in the yearly check only
        ["测试村2", OTHER_TOWN, "—", "7.5", "—", "—", "—", "未完成", LACKS_ALL_BUT_CHECK],
        ["测试村3", OTHER_TOWN, "—", "20.0", "—", "—", "—", "未完成", LACKS_ALL_BUT_CHECK],
    ]
    with Session(engine) as session:
        audited = session.exec(select(AuditLog).where(AuditLog.entity_type == "composite")).all()
    assert sorted(a.field for a in audited) == sorted(f"town-annual-composite:{name}" for name in ids)


def test_leaders_read_and_others_are_refused(client, auth, engine, make_user, ranked):
    ids = year_of_campaigns(engine, ranked)
    auth.login("admin", Role.ADMIN)
    choose(client, ids)
    auth.logout()
    auth.login("leader", Role.LEADER)
    page = client.get(URL)
    assert page.status_code == 200
    assert "<select" not in page.text
    assert 'href="/composites"' in page.text  # in the menu
    assert "17.0" in page.text
    assert choose(client, ids).status_code == 403
    assert client.get("/composites").status_code == 200
    auth.logout()
    log_in_a_unit_user(engine, client, make_user)
    assert 'href="/composites"' not in client.get("/").text
    assert client.get(URL).status_code == 403
    assert client.get("/composites").status_code == 403


def test_a_campaign_of_another_year_is_refused_in_chinese(client, auth, engine, ranked):
    earlier = score_round(engine, ranked, {"测试村0": FULL}, title="2025年复查", year=2025)
    auth.login("admin", Role.ADMIN)
    response = choose(client, {"town-q1": earlier.id})
    assert response.status_code == 422
    assert "不属于该年度" in response.text
    assert "town-q1（未指定考核任务）" in client.get(URL).text
    assert client.get("/composites/no-such-rule/2026").status_code == 404

"""Proposed consequences of the yearly composite (seed 001 三(八)) and the office's calls on them."""

import pytest
from sqlmodel import Session, select

from inspect_app.models import AuditLog, CampaignSubject, Role
from tests.app.rounds import FULL, HALF_WRONG, log_in_a_unit_user, score_round
from tests.app.test_rankings import Tables

RULE = """\
id: check-only
title: 测试年度考核
precision: 0.1
parts:
  - {name: 年度核查, weight: 1, campaigns: [check]}
grades:
  - {grade: 好, min: 15}
  - {grade: 差, min: 0}
"""
URL = "/composites/check-only/2026/consequences"


@pytest.fixture
def two_years(app, client, auth, engine, ranked, tmp_path):
    """2025: 测试村0 5 (差), 测试村1 20 (好), 测试村2 5 (差); 2026 (the fixture): 20 好, 15 好, 7.5 差, 测试村3 20 好."""
    (tmp_path / "check-only.yaml").write_text(RULE, encoding="utf-8")
    app.config["COMPOSITES_DIR"] = str(tmp_path)
    earlier = score_round(
        engine, ranked, {"测试村0": HALF_WRONG, "测试村1": FULL, "测试村2": HALF_WRONG}, title="2025年核查", year=2025
    )
    auth.login("admin", Role.ADMIN)
    for year, campaign_id in ((2025, earlier.id), (2026, ranked.campaign.id)):
        client.post(f"/composites/check-only/{year}/campaigns", data={"campaign-check": str(campaign_id)})
    return {s.name: s for s in ranked.subjects}


def test_proposals_with_reasons(client, two_years):
    header, *rows = Tables(client.get(URL).text).tables["consequences"]
    assert header[:7] == ["考核对象", "乡镇", "综合得分", "等次", "建议", "理由", "扶贫办意见"]
    assert [row[:7] for row in rows] == [
        ["测试村2", "另一镇", "7.5", "差", "组织处理",
         "2026年考核等次为“差”，完成年度脱贫任务；2025年考核等次为“差”，完成年度脱贫任务。连续两年：对主要领导进行组织处理",
         "待确认"],
        ["测试村3", "另一镇", "20.0", "好", "表彰", "2026年考核等次为“好”，完成年度脱贫任务。予以表彰", "待确认"],
        ["测试村0", two_years["测试村0"].group_name, "20.0", "好", "表彰",
         "2026年考核等次为“好”，完成年度脱贫任务。予以表彰", "待确认"],
        ["测试村1", two_years["测试村0"].group_name, "15.0", "好", "表彰",
         "2026年考核等次为“好”，完成年度脱贫任务。予以表彰", "待确认"],
    ]
    # 2025 alone: 测试村0 and 测试村2 差 with no year before → 约谈.
    _, *rows = Tables(client.get("/composites/check-only/2025/consequences").text).tables["consequences"]
    assert [row[4] for row in rows] == ["约谈", "约谈", "表彰"]
    assert "2024年无考核结果" in rows[0][5]


def test_the_office_confirms_or_sets_aside_with_a_note(client, engine, two_years):
    village = two_years["测试村2"]
    with Session(engine) as session:
        key = f"area:{session.get(CampaignSubject, village.id).area_id}"
    refused = client.post(f"{URL}/{key}", data={"decision": "set_aside", "note": " "})
    assert refused.status_code == 422
    assert "不予采纳时请写明理由" in refused.text
    assert client.post(f"{URL}/{key}", data={"decision": "confirmed"}).status_code == 302
    assert client.post(f"{URL}/{key}", data={"decision": "set_aside", "note": "已于年中调整岗位"}).status_code == 302
    _, first, *_ = Tables(client.get(URL).text).tables["consequences"]
    assert first[6] == "不予采纳：已于年中调整岗位"
    with Session(engine) as session:
        log = session.exec(select(AuditLog).where(AuditLog.entity_type == "consequence").order_by(AuditLog.id)).all()
    assert [(a.old_value, a.new_value, a.reason) for a in log] == [
        (None, "organisational_handling:confirmed", ""),
        ("organisational_handling:confirmed", "organisational_handling:set_aside", "已于年中调整岗位"),
    ]
    assert client.post(f"{URL}/area:999999", data={"decision": "confirmed"}).status_code == 404


def test_leaders_read_units_are_refused(client, auth, engine, make_user, two_years):
    auth.logout()
    auth.login("leader", Role.LEADER)
    page = client.get(URL)
    assert page.status_code == 200
    assert "<form" not in page.text.split("<table")[1]
    assert client.post(f"{URL}/area:1", data={"decision": "confirmed"}).status_code == 403
    auth.logout()
    log_in_a_unit_user(engine, client, make_user)
    assert client.get(URL).status_code == 403

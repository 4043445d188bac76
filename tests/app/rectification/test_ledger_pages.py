"""Ledger pages: each unit's list, the row page's forms, the office's overview, standalone filing, aliases."""

import io
import re
from datetime import date

import pytest
from sqlmodel import Session, select

from inspect_app.models import AuditLog, Finding, FindingKind, Rectification, UnitAlias, UnitKind
from inspect_app.rectification import ledger, views
from tests.app.rectification.world import JPEG, build, login


@pytest.fixture
def world(engine, make_campaign, make_user):
    return build(engine, make_campaign, make_user)


def row_ids(html: str) -> list[int]:
    """The row ids a list page links to, in order."""
    return [int(n) for n in re.findall(r'href="/rectifications/(\d+)"', html)]


def test_a_unit_sees_only_its_rows_overdue_first(client, world):
    login(client, world.users["co"])
    page = client.get("/rectifications")
    assert page.status_code == 200
    assert row_ids(page.text) == world.rows
    assert 'class="ledger-row urgency-0"' in page.text  # overdue: red
    assert 'class="ledger-row urgency-1"' in page.text  # due within 7 days: amber
    login(client, world.users["other"])
    assert row_ids(client.get("/rectifications").text) == []
    assert client.get(f"/rectifications/{world.rows[0]}").status_code == 404


def test_the_lead_unit_works_the_row_through_forms(client, world, engine):
    row = world.rows[0]
    login(client, world.users["lead"])
    page = client.get(f"/rectifications/{row}").text
    assert "开始整改" in page
    assert "验收销号" not in page
    assert client.post(f"/rectifications/{row}/move/start", data={"base_version": 1}).status_code == 302
    refused = client.post(f"/rectifications/{row}/move/submit", data={"base_version": 2, "note": "已完成"})
    assert refused.status_code == 422
    assert "申请销号前请至少上传一份佐证材料" in refused.text
    assert "已完成" in refused.text  # what was typed is kept
    upload = client.post(
        f"/rectifications/{row}/evidence",
        data={"file": (io.BytesIO(JPEG), "a.jpg"), "note": "整改后"},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    assert client.post(f"/rectifications/{row}/move/submit", data={"base_version": 2}).status_code == 302
    stale = client.post(f"/rectifications/{row}/move/submit", data={"base_version": 2})
    assert stale.status_code == 409
    login(client, world.users["inspector"])
    page = client.get(f"/rectifications/{row}").text
    assert "验收销号" in page
    assert 'class="thumb"' in page
    assert client.post(f"/rectifications/{row}/move/close", data={"base_version": 3}).status_code == 302
    with Session(engine) as session:
        assert session.get(Rectification, row).status == "closed"


def test_a_co_operating_unit_notes_but_cannot_move(client, world):
    row = world.rows[0]
    login(client, world.users["co"])
    page = client.get(f"/rectifications/{row}").text
    assert "开始整改" not in page
    assert "添加说明" in page
    assert client.post(f"/rectifications/{row}/note", data={"note": "已配合入户核实"}).status_code == 302
    assert "已配合入户核实" in client.get(f"/rectifications/{row}").text
    assert client.post(f"/rectifications/{row}/move/start", data={"base_version": 1}).status_code == 403


def test_an_extension_is_asked_by_the_unit_and_approved_by_the_office(client, world, engine):
    row = world.rows[0]
    login(client, world.users["lead"])
    missing = client.post(f"/rectifications/{row}/extension", data={"base_version": 1, "new_deadline": "2099-01-31"})
    assert missing.status_code == 422
    assert "申请延期须写明理由" in missing.text
    asked = {"base_version": 1, "new_deadline": "2099-01-31", "reason": "雨季施工受阻"}
    assert client.post(f"/rectifications/{row}/extension", data=asked).status_code == 302
    assert (
        client.post(
            f"/rectifications/{row}/extension/decision", data={"base_version": 2, "decision": "approve"}
        ).status_code
        == 403
    )
    login(client, world.users["admin"])
    assert "延期审批" in client.get(f"/rectifications/{row}").text
    done = client.post(f"/rectifications/{row}/extension/decision", data={"base_version": 2, "decision": "approve"})
    assert done.status_code == 302
    with Session(engine) as session:
        stored = session.get(Rectification, row)
        assert stored.deadline == date(2099, 1, 31)
        assert stored.requested_deadline is None


def test_the_office_edits_units_and_deadline(client, world, engine):
    row = world.rows[1]
    login(client, world.users["admin"])
    data = {
        "base_version": 1,
        "measure": "逐户核实",
        "person_responsible": "张三",
        "deadline": "2099-02-01",
        "lead_unit_id": world.units["other"],
        "co_unit_ids": [world.units["co"]],
    }
    assert client.post(f"/rectifications/{row}/edit", data=data).status_code == 302
    with Session(engine) as session:
        stored = session.get(Rectification, row)
        assert (stored.measure, stored.person_responsible, stored.lead_unit_id) == (
            "逐户核实",
            "张三",
            world.units["other"],
        )
    login(client, world.users["lead"])
    assert client.post(f"/rectifications/{row}/edit", data=data | {"base_version": 2}).status_code == 404


def test_the_overview_counts_as_offices_report(client, world):
    login(client, world.users["admin"])
    page = client.get("/rectifications/overview")
    assert page.status_code == 200
    assert "发现问题4个、已整改0个、正在整改4个，其中逾期1个。" in page.text
    assert "<svg" in page.text
    assert 'class="overdue"' in page.text
    assert "本周到期（1）" in page.text
    by_town = client.get(f"/rectifications/overview?unit={world.units['other']}").text
    assert "发现问题0个" in by_town
    login(client, world.users["lead"])
    assert client.get("/rectifications/overview").status_code == 403


def test_an_inspector_files_a_standalone_finding_with_photos(client, world, engine):
    login(client, world.users["outsider"])
    assert "不填整改时限时，默认为检查日期后 30 天" in client.get("/rectifications/new").text  # as filed below
    form = {
        "kind": "war_zone",
        "inspected_on": "2026-11-20",
        "subject_name": "洼子村",
        "area_id": 0,
        "problem": "饮水安全保障未落实",
        "lead_unit_id": world.units["lead"],
        "co_unit_ids": [world.units["co"]],
        "photos": [(io.BytesIO(JPEG), "1.jpg"), (io.BytesIO(JPEG), "2.jpg")],
    }
    response = client.post("/rectifications/new", data=form, content_type="multipart/form-data")
    assert response.status_code == 302
    with Session(engine) as session:
        finding = session.exec(select(Finding).where(Finding.kind == FindingKind.WAR_ZONE)).one()
        row = session.exec(select(Rectification).where(Rectification.finding_id == finding.id)).one()
        assert (finding.campaign_id, finding.filed_by_id) == (None, world.users["outsider"].id)
        assert row.deadline == date(2026, 12, 20)
    page = client.get(f"/rectifications/{row.id}").text
    assert page.count('class="thumb"') == 2
    assert "战区督战 2026-11-20" in page
    bad = client.post(
        "/rectifications/new", data=form | {"problem": "", "photos": []}, content_type="multipart/form-data"
    )
    assert bad.status_code == 422
    assert "请填写发现的问题" in bad.text
    login(client, world.users["lead"])
    assert client.get("/rectifications/new").status_code == 403


def test_the_office_edits_unit_aliases(client, world, engine):
    login(client, world.users["admin"])
    assert (
        client.post(
            "/rectifications/aliases", data={"alias": "县扶贫办", "target": f"unit:{world.units['lead']}"}
        ).status_code
        == 302
    )
    assert (
        client.post("/rectifications/aliases", data={"alias": "镇扶贫办", "target": "kind:town_government"}).status_code
        == 302
    )
    twice = client.post("/rectifications/aliases", data={"alias": "县扶贫办", "target": f"unit:{world.units['co']}"})
    assert twice.status_code == 422
    assert "已有对应单位" in twice.text
    with Session(engine) as session:
        aliases = {a.alias: (a.unit_id, a.town_kind) for a in session.exec(select(UnitAlias))}
    assert aliases == {"县扶贫办": (world.units["lead"], None), "镇扶贫办": (None, UnitKind.TOWN_GOVERNMENT)}
    with Session(engine) as session:
        town_alias = session.exec(select(UnitAlias.id).where(UnitAlias.alias == "镇扶贫办")).one()
    assert client.post(f"/rectifications/aliases/{town_alias}/delete").status_code == 302
    with Session(engine) as session:
        assert session.get(UnitAlias, town_alias) is None
        audited = session.exec(
            select(AuditLog.user_id, AuditLog.old_value, AuditLog.new_value)
            .where(AuditLog.entity_type == "unit_alias")
            .order_by(AuditLog.id)
        ).all()
    admin = world.users["admin"].id
    assert audited == [
        (admin, None, "县扶贫办 → 区扶贫办"),
        (admin, None, "镇扶贫办 → 考核对象所在乡镇的镇人民政府"),
        (admin, "镇扶贫办 → 考核对象所在乡镇的镇人民政府", None),  # the deletion, audited like the addition
    ]
    login(client, world.users["inspector"])
    assert client.get("/rectifications/aliases").status_code == 403


def test_the_list_pages_its_rows_keeping_the_filters(client, world, engine):
    with Session(engine) as session:
        for n in range(201):
            finding = Finding(kind=FindingKind.UNANNOUNCED, text=f"问题{n}", subject_name=f"村{n}")
            session.add(finding)
            session.flush()
            session.add(Rectification(finding_id=finding.id, problem=f"问题{n}", lead_unit_id=world.units["lead"],
                                      deadline=date(2020, 1, 1) if n < 150 else None))
        session.commit()
    login(client, world.users["admin"])
    query = f"unit={world.units['lead']}"
    first = client.get(f"/rectifications?{query}").text
    assert len(row_ids(first)) == 100
    assert "共 205 条；逾期 151 条。第 1/3 页。" in first  # counted over every page (the world's overdue one too)
    assert f'href="/rectifications?page=2&amp;{query}" rel="next"' in first
    last = client.get(f"/rectifications?page=3&{query}").text
    assert len(row_ids(last)) == 5
    pages = [row_ids(client.get(f"/rectifications?page={n}&{query}").text) for n in (1, 2, 3)]
    assert sorted(sum(pages, [])) == sorted(set(sum(pages, [])))  # no row on two pages, none left out
    assert len(set(sum(pages, []))) == 205
    assert len(row_ids(client.get(f"/rectifications?page=99&{query}").text)) == 5  # past the end: the last page


def test_a_long_list_links_the_first_the_last_and_the_pages_near(client, world, engine, monkeypatch):
    for module in (ledger, views):
        monkeypatch.setattr(module, "PAGE_SIZE", 2)
    with Session(engine) as session:
        for n in range(37):
            finding = Finding(kind=FindingKind.UNANNOUNCED, text=f"问题{n}", subject_name=f"村{n}")
            session.add(finding)
            session.flush()
            session.add(Rectification(finding_id=finding.id, problem=f"问题{n}", lead_unit_id=world.units["lead"]))
        session.commit()
    login(client, world.users["admin"])
    page = client.get("/rectifications?page=10").text  # 41 rows: 21 pages
    nav = page[page.index('<nav class="pages"'):]
    nav = nav[:nav.index("</nav>")]
    assert re.findall(r"page=(\d+)", nav) == ["9", "1", "7", "8", "9", "11", "12", "13", "21", "11"]
    assert "<strong>10</strong>" in nav
    assert nav.count("…") == 2

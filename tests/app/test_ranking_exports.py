"""Exports of a ranking: the Excel workbooks read back, the notice (通报) as a page and as a PDF read back."""

import io
from datetime import UTC, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import Session, select

from inspect_app.models import Answer, Campaign, Role, ScoreSheet, Unit, UnitKind
from tests.app.test_rankings import OTHER_TOWN
from tests.conftest import PASSWORD


def test_the_ranking_workbook_has_the_whole_and_each_town(client, auth, ranked):
    auth.login("leader", Role.LEADER)
    response = client.get(f"/campaigns/{ranked.campaign.id}/rankings.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    town = ranked.subjects[0].group_name
    assert book.sheetnames == ["全部", *sorted([town, OTHER_TOWN])]
    whole = book["全部"]
    assert whole.freeze_panes == "A2"
    assert [c.value for c in whole[1]][:6] == ["排名", "镇内排名", "考核对象", "乡镇", "得分", "等次"]
    assert whole.column_dimensions["C"].width >= 8  # 考核对象 / 测试村0: Chinese needs two units a character
    table = pd.read_excel(io.BytesIO(response.data), sheet_name=None)
    assert table["全部"][["排名", "考核对象", "得分", "等次"]].values.tolist() == [
        [1, "测试村0", 20.0, "好"], [1, "测试村3", 20.0, "好"], [3, "测试村1", 15.0, "差"], [4, "测试村2", 7.5, "差"],
    ]  # fmt: skip
    assert table[OTHER_TOWN]["考核对象"].tolist() == ["测试村3", "测试村2"]
    assert table[OTHER_TOWN]["镇内排名"].tolist() == [1, 2]


def test_the_drill_down_workbook_and_formula_text_neutralised(client, auth, engine, ranked):
    village = next(s for s in ranked.subjects if s.name == "测试村2")
    with Session(engine) as session:
        answer = session.exec(
            select(Answer).join(ScoreSheet).where(ScoreSheet.subject_id == village.id, Answer.item_code == "A1")
        ).first()
        answer.note = "=HYPERLINK(\"http://x\")"
        session.add(answer)
        session.commit()
    auth.login("leader", Role.LEADER)
    response = client.get(f"/campaigns/{ranked.campaign.id}/rankings/{village.id}.xlsx")
    sheets = pd.read_excel(io.BytesIO(response.data), sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == ["评分项", "扣分池明细", "整改事项"]
    items = sheets["评分项"]
    assert items[["编码", "满分", "得分", "扣分"]].values.tolist() == [["A1", "10", "7.5", "2.5"], ["A2", "10", "0", "10"]]
    assert items["备注"].tolist()[0] == "'=HYPERLINK(\"http://x\")"
    assert "各督查员（答案/得分）" in items.columns
    assert sheets["整改事项"]["扣分"].tolist() == ["2.5", "10"]


def test_the_notice_page_and_pdf_in_chinese(client, auth, ranked):
    auth.login("leader", Role.LEADER)
    cid = ranked.campaign.id
    page = client.get(f"/campaigns/{cid}/notice?number=东脱贫发〔2026〕3号&issued_on=2026-04-30").text
    for text in (
        "东洲区脱贫攻坚领导小组文件", "东脱贫发〔2026〕3号", "关于测试考核1结果的通报", "各乡（镇）党委、人民政府",
        "一、考核结果", "本次考核无一票否决的考核对象。", "排名靠后的考核对象：", "1. 驻村工作队在岗（A2）：1个考核对象失分，共扣10分。",
        "2. 识别准确（A1）：2个考核对象失分，共扣7.5分。",  # 测试村1 5 + 测试村2 2.5
        "东洲区脱贫攻坚领导小组办公室", "2026年4月30日",
    ):  # fmt: skip
        assert text in page, text
    pdf = client.get(f"/campaigns/{cid}/notice.pdf?issuer=西山县扶贫开发领导小组&deadline=2026-06-30")
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    for expected in ("西山县扶贫开发领导小组文件", "关于测试考核1结果的通报", "测试村2", "2026年6月30日前完成整改"):
        assert expected in text, expected


@pytest.mark.parametrize("path", ["rankings.xlsx", "notice", "notice.pdf"])
def test_exports_follow_the_results_policy(client, engine, make_user, ranked, path):
    with Session(engine) as session:
        unit = Unit(name="区扶贫办", kind=UnitKind.DEPARTMENT)
        session.add(unit)
        session.commit()
        unit_id = unit.id
    make_user("unit", role=Role.UNIT_USER, unit_id=unit_id)
    client.post("/auth/login", data={"username": "unit", "password": PASSWORD})
    url = f"/campaigns/{ranked.campaign.id}/{path}"
    assert client.get(url).status_code == 404
    with Session(engine) as session:
        campaign = session.get(Campaign, ranked.campaign.id)
        campaign.published_at = datetime.now(UTC)
        session.add(campaign)
        session.commit()
    assert client.get(url).status_code == 200

"""Leaders' rankings: the engine's ranks and scores, by town, and each subject's detail."""

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import func
from sqlmodel import Session, select

from inspect_app.cli.engine import score_command
from inspect_app.models import Campaign, CampaignSubject, ChecklistVersion, Role, ScoreSheet, Unit, UnitKind
from inspect_app.sheets.services import save_answers, sign_off_sheet
from scoring import parse_checklist_text, score
from tests.conftest import PASSWORD, TINY_CHECKLIST

OTHER_TOWN = "另一镇"
# Village -> (town, each inspector's answers); 测试村4 is never signed off.
ANSWERS = {
    "测试村0": ("", [{"A1": "0", "A2": "是"}, {"A1": "0", "A2": "是"}]),  # 20
    "测试村1": ("", [{"A1": "1", "A2": "是"}, {"A1": "1", "A2": "是"}]),  # 15
    "测试村2": (OTHER_TOWN, [{"A1": "0", "A2": "否"}, {"A1": "1", "A2": "否"}]),  # 7.5
    "测试村3": (OTHER_TOWN, [{"A1": "0", "A2": "是"}, {"A1": "0", "A2": "是"}]),  # 20, tied
}
COLUMNS = ["排名", "镇内排名", "考核对象", "乡镇", "得分", "等次", "否决原因", "状态", "A 测试"]


class Tables(HTMLParser):
    """The cell texts of every table on a page: {class: [row, ...]}, header row first."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.row_classes: dict[str, list[str]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.current = self.tables.setdefault(attrs.get("class", ""), [])
            self.classes = self.row_classes.setdefault(attrs.get("class", ""), [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
            self.classes.append(attrs.get("class") or "")
        elif tag in ("td", "th") and self.current is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.current[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture
def ranked(engine, make_campaign):
    """Five villages in two towns, two inspectors each; four villages signed off."""
    setup = make_campaign(villages=5, inspectors=2)
    with Session(engine) as session:
        town = session.get(CampaignSubject, setup.subjects[0].id).group_name
        for subject in setup.subjects:
            row = session.get(CampaignSubject, subject.id)
            row.group_name = ANSWERS.get(subject.name, ("",))[0] or town
            subject.group_name = row.group_name
        session.commit()
        for sheet in setup.sheets:
            subject = next(s for s in setup.subjects if s.id == sheet.subject_id)
            if subject.name not in ANSWERS:
                continue
            position = next(n for n, i in enumerate(setup.inspectors) if i.id == sheet.inspector_id)
            answers = ANSWERS[subject.name][1][position]
            saved = save_answers(session, sheet.id, 1, answers, setup.inspectors[position], uuid.uuid4())
            sign_off_sheet(session, sheet_id=sheet.id, base_version=saved.version, user=setup.leader)
    return setup


def responses(setup) -> pd.DataFrame:
    """The fixture's answers as the engine's long table, subjects by name."""
    return pd.DataFrame(
        [
            {
                "subject": s.name,
                "group": s.group_name,
                "inspector": setup.inspectors[n].username,
                "item": item,
                "value": value,
            }
            for s in setup.subjects
            if s.name in ANSWERS
            for n, answers in enumerate(ANSWERS[s.name][1])
            for item, value in answers.items()
        ]
    )


def ranking_rows(client, setup, query: str = "") -> list[list[str]]:
    """The ranking table of the page (header first)."""
    response = client.get(f"/campaigns/{setup.campaign.id}/rankings{query}")
    assert response.status_code == 200
    return Tables(response.text).tables["ranking"]


def test_the_ranking_is_the_engines(client, auth, ranked, tmp_path):
    auth.login("leader", Role.LEADER)
    header, *rows = ranking_rows(client, ranked)
    assert header == COLUMNS
    results = score(parse_checklist_text(TINY_CHECKLIST), responses(ranked))
    expected = [
        [str(r.rank), str(r.group_rank), r.subject, r.group, str(r.score), r.grade, "", "正常", str(r.A)]
        for r in results.subjects.itertuples()
    ]
    assert rows == expected
    assert [row[:3] for row in rows] == [
        ["1", "1", "测试村0"],
        ["1", "1", "测试村3"],
        ["3", "2", "测试村1"],
        ["4", "2", "测试村2"],
    ]
    # ... and the numbers are written as `inspect-app score` prints them.
    (tmp_path / "list.yaml").write_text(TINY_CHECKLIST, encoding="utf-8")
    responses(ranked).to_csv(tmp_path / "answers.csv", index=False)
    printed = CliRunner().invoke(score_command, [str(tmp_path / "list.yaml"), str(tmp_path / "answers.csv")])
    assert printed.exit_code == 0, printed.output
    table = list(csv.DictReader(io.StringIO(printed.output)))
    assert [[r["rank"], r["group_rank"], r["subject"], r["group"], r["score"], r["grade"], r["A"]] for r in table] == [
        row[:6] + row[8:] for row in rows
    ]


def test_summary_and_subjects_not_yet_signed_off(client, auth, ranked):
    auth.login("leader", Role.LEADER)
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings").text
    assert "全部乡镇：共 4 个考核对象；好 2 个、差 2 个；一票否决 0 个。" in page
    assert "另有 1 个考核对象尚无已签认的评分表，未计入排名：测试村4。" in page


def test_town_filter_keeps_the_engines_ranks(client, auth, ranked):
    auth.login("leader", Role.LEADER)
    town = ranked.subjects[0].group_name
    _, *everyone = ranking_rows(client, ranked)
    _, *other = ranking_rows(client, ranked, f"?group={OTHER_TOWN}")
    assert other == [row for row in everyone if row[3] == OTHER_TOWN]
    assert [row[:3] for row in other] == [["1", "1", "测试村3"], ["4", "2", "测试村2"]]
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings?group={OTHER_TOWN}").text
    assert f"{OTHER_TOWN}：共 2 个考核对象；好 1 个、差 1 个；一票否决 0 个。" in page
    assert f'href="/campaigns/{ranked.campaign.id}/rankings"' in page  # 全部
    assert f"/campaigns/{ranked.campaign.id}/rankings?group=" in page  # the other town
    assert town in page
    assert "测试村4" not in page  # not signed off, and not in this town


def test_drill_down_shows_each_deduction(client, auth, engine, ranked):
    auth.login("leader", Role.LEADER)
    village = next(s for s in ranked.subjects if s.name == "测试村2")
    response = client.get(f"/campaigns/{ranked.campaign.id}/rankings/{village.id}")
    assert response.status_code == 200
    assert "测试村2" in response.text
    tables, classes = Tables(response.text).tables, Tables(response.text).row_classes
    inspectors = [i.username for i in ranked.inspectors]
    assert tables["items"][1:] == [  # each inspector's value and score: 0 errors → 10, 1 error → 5
        ["A1", "识别准确", "10.0", "7.5", "2.5", "测试", f"{inspectors[0]}：0.0/10.0；{inspectors[1]}：1.0/5.0", ""],
        ["A2", "驻村工作队在岗", "10.0", "0.0", "10.0", "测试", f"{inspectors[0]}：0.0/0.0；{inspectors[1]}：0.0/0.0", ""],
    ]
    assert classes["items"][1:] == ["deducted", "deducted"]
    with Session(engine) as session:
        signed = session.exec(select(func.max(ScoreSheet.signed_off_at))).one()
    deadline = (signed.date() + timedelta(days=30)).isoformat()
    assert [row[0] for row in tables["rectifications"][1:]] == ["A1 识别准确", "A2 驻村工作队在岗"]
    assert tables["rectifications"][1][2:] == ["2.5", "县扶贫办", "镇扶贫办", deadline, "未立项"]
    assert tables["rectifications"][2][2:] == ["10.0", "—", "—", deadline, "未立项"]


def test_drill_down_of_a_full_score_and_of_an_unscored_subject(client, auth, ranked):
    auth.login("leader", Role.LEADER)
    by_name = {s.name: s for s in ranked.subjects}
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings/{by_name['测试村0'].id}").text
    assert Tables(page).row_classes["items"][1:] == ["", ""]
    assert "无整改事项" in page
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings/{by_name['测试村4'].id}").text
    assert "该考核对象尚无已签认的评分表" in page


def test_unknown_campaign_or_subject_is_404_in_chinese(client, auth, ranked, make_campaign):
    auth.login("leader", Role.LEADER)
    other = make_campaign(villages=1, inspectors=1)
    for url in (
        "/campaigns/999999/rankings",
        f"/campaigns/{ranked.campaign.id}/rankings/999999",
        f"/campaigns/{ranked.campaign.id}/rankings/{other.subjects[0].id}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "页面不存在" in response.text


def test_a_campaign_without_signed_off_sheets_says_so(client, auth, make_campaign):
    setup = make_campaign(villages=2, inspectors=1)
    auth.login("leader", Role.LEADER)
    page = client.get(f"/campaigns/{setup.campaign.id}/rankings").text
    assert "本任务尚无已签认的评分表，暂无排名。" in page
    assert 'class="ranking"' not in page


def test_a_checklist_that_no_longer_parses_is_told_in_chinese(client, auth, engine, ranked):
    with Session(engine) as session:
        version = session.get(ChecklistVersion, ranked.campaign.checklist_version_id)
        version.yaml_text = TINY_CHECKLIST.replace("max: 10, method: check", "max: ten, method: check")
        session.add(version)
        session.commit()
    auth.login("leader", Role.LEADER)
    for url in (
        f"/campaigns/{ranked.campaign.id}/rankings",
        f"/campaigns/{ranked.campaign.id}/rankings/{ranked.subjects[0].id}",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "检查表《测试用村级检查表》（第1版）已无法读取，暂不能排名。" in response.text
        assert "Traceback" not in response.text


def test_anonymous_visitors_are_sent_to_log_in(client, ranked):
    response = client.get(f"/campaigns/{ranked.campaign.id}/rankings")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    response = client.get(f"/campaigns/{ranked.campaign.id}/rankings/{ranked.subjects[0].id}")
    assert response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize(
    ("role",            "unpublished", "published"),
    [
        (Role.LEADER,     200,           200),
        (Role.ADMIN,      200,           200),
        (Role.INSPECTOR,  404,           404),  # an inspector who did not score this campaign
        (Role.UNIT_USER,  404,           200),
    ],
)
def test_who_may_read_before_and_after_publication(client, engine, make_user, ranked, role, unpublished, published):
    with Session(engine) as session:
        unit = Unit(name="区扶贫办", kind=UnitKind.DEPARTMENT)
        session.add(unit)
        session.commit()
        unit_id = unit.id
    make_user("reader", role=role, unit_id=unit_id if role == Role.UNIT_USER else None)
    client.post("/auth/login", data={"username": "reader", "password": PASSWORD})
    pages = [f"/campaigns/{ranked.campaign.id}/rankings", f"/campaigns/{ranked.campaign.id}/rankings/{ranked.subjects[0].id}"]
    assert [client.get(page).status_code for page in pages] == [unpublished] * 2
    with Session(engine) as session:
        campaign = session.get(Campaign, ranked.campaign.id)
        campaign.published_at = datetime.now(UTC)
        session.add(campaign)
        session.commit()
    assert [client.get(page).status_code for page in pages] == [published] * 2


def test_an_inspector_sees_results_of_a_campaign_they_scored_once_published(client, engine, ranked):
    client.post("/auth/login", data={"username": ranked.inspectors[0].username, "password": PASSWORD})
    page = f"/campaigns/{ranked.campaign.id}/rankings"
    assert client.get(page).status_code == 404
    with Session(engine) as session:
        campaign = session.get(Campaign, ranked.campaign.id)
        campaign.published_at = datetime.now(UTC)
        session.add(campaign)
        session.commit()
    assert client.get(page).status_code == 200


def test_home_and_campaign_pages_link_to_the_rankings(client, auth, ranked):
    auth.login("leader", Role.LEADER)
    link = f'href="/campaigns/{ranked.campaign.id}/rankings"'
    assert link in client.get("/").text
    assert link in client.get(f"/campaigns/{ranked.campaign.id}").text


POOL_ITEM = (
    "      - {code: A1, text: 档案规范, max: 10, method: deduct,"
    " lines: [{code: A1a, text: 户档案错误（处）, per: 2}, {code: A1b, text: 村档案错误（处）, per: 3, max: 3}]}\n"
)


def one_signed_village(engine, make_campaign, answers: dict[str, str], yaml_text: str | None = None):
    """A one-village campaign (its checklist text replaced, if given) with its sheet signed off."""
    setup = make_campaign(villages=1, inspectors=1)
    with Session(engine) as session:
        if yaml_text is not None:
            version = session.get(ChecklistVersion, setup.campaign.checklist_version_id)
            version.yaml_text = yaml_text
            session.add(version)
            session.commit()
        saved = save_answers(session, setup.sheets[0].id, 1, answers, setup.inspectors[0], uuid.uuid4())
        sign_off_sheet(session, sheet_id=setup.sheets[0].id, base_version=saved.version, user=setup.leader)
    return setup


def test_drill_down_shows_the_points_each_pool_line_took(client, auth, engine, make_campaign):
    lines = TINY_CHECKLIST.splitlines(keepends=True)
    pool = "".join(POOL_ITEM if line.lstrip().startswith("- {code: A1,") else line for line in lines)
    setup = one_signed_village(engine, make_campaign, {"A1a": "2", "A1b": "2", "A2": "是"}, pool)
    auth.login("leader", Role.LEADER)
    page = client.get(f"/campaigns/{setup.campaign.id}/rankings/{setup.subjects[0].id}").text
    tables = Tables(page).tables
    assert tables["items"][1][:6] == ["A1", "档案规范", "10.0", "3.0", "7.0", "测试"]
    assert tables["pool-lines"][1:] == [
        ["A1", "A1a", "户档案错误（处）", "2.0", "4.0"],
        ["A1", "A1b", "村档案错误（处）", "2.0", "3.0"],
    ]


def test_answers_the_engine_refuses_are_told_in_chinese(client, auth, engine, make_campaign):
    setup = one_signed_village(engine, make_campaign, {"A1": "很多", "A2": "是"})
    auth.login("leader", Role.LEADER)
    response = client.get(f"/campaigns/{setup.campaign.id}/rankings")
    assert response.status_code == 200
    assert "已签认的评分表中有无法计分的答案，暂不能排名。" in response.text
    assert "很多" in response.text

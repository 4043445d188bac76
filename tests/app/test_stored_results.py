"""Stored results: the ranking is the command line's on the campaign's downloads, kept current on sign-off and reopen."""

import json
import os
from datetime import UTC, datetime

import pandas as pd
from click.testing import CliRunner
from sqlmodel import Session, select

from inspect_app.cli.engine import score_command
from inspect_app.exports import neutralise
from inspect_app.models import (
    Campaign,
    CampaignResult,
    CampaignResultSubject,
    Role,
    ScoreSheet,
    SheetStatus,
    Unit,
    UnitKind,
)
from inspect_app.rankings import rescorer
from inspect_app.rankings.store import fingerprint, wait_for_background
from inspect_app.sheets.services import reopen_sheet
from tests.app.test_rankings import OTHER_TOWN, Tables, one_signed_village, ranking_rows


def test_the_command_line_on_the_downloads_gives_the_api_and_the_page(client, auth, ranked, tmp_path):
    auth.login("leader", Role.LEADER)
    cid = ranked.campaign.id
    (tmp_path / "checklist.yaml").write_bytes(client.get(f"/campaigns/{cid}/checklist.yaml").data)
    answers = client.get(f"/campaigns/{cid}/answers.csv")
    assert answers.headers["Content-Type"].startswith("text/csv")
    (tmp_path / "answers.csv").write_bytes(answers.data)
    table = pd.read_csv(tmp_path / "answers.csv", dtype=str, keep_default_na=False)
    assert list(table.columns) == ["subject", "group", "inspector", "item", "value", "note"]
    assert len(table) == 4 * 2 * 2  # four signed-off villages, two inspectors, two items
    run = CliRunner().invoke(
        score_command,
        [str(tmp_path / "checklist.yaml"), str(tmp_path / "answers.csv"), "--out", str(tmp_path / "out.json")],
    )
    assert run.exit_code == 0, run.output
    expected = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    api = client.get(f"/api/campaigns/{cid}/rankings").get_json()
    assert api == expected
    assert [list(o) for o in api] == [list(o) for o in expected]  # the same keys, in the same order
    _, *rows = ranking_rows(client, ranked)
    assert [[r[0], r[1], r[2], r[3], r[4], r[5]] for r in rows] == [
        [str(o["rank"]), str(o["group_rank"]), o["subject"], o["group"], str(o["score"]), o["grade"]] for o in expected
    ]
    assert [o["subject"] for o in api] == ["测试村0", "测试村3", "测试村1", "测试村2"]


def test_results_are_stored_at_sign_off_and_read_not_rescored(client, auth, engine, ranked):
    with Session(engine) as session:
        stored = session.get(CampaignResult, ranked.campaign.id)
        details = session.exec(
            select(CampaignResultSubject).where(CampaignResultSubject.campaign_id == ranked.campaign.id)
        ).all()
        computed = stored.computed_at
    assert len(details) == 4
    assert len(json.loads(stored.ranking)["records"]) == 4
    auth.login("leader", Role.LEADER)
    for _ in range(2):
        ranking_rows(client, ranked)
        client.get(f"/api/campaigns/{ranked.campaign.id}/rankings")
    with Session(engine) as session:
        assert session.get(CampaignResult, ranked.campaign.id).computed_at == computed


def test_a_reopened_sheet_leaves_the_ranking_at_once(client, auth, engine, ranked, make_user):
    admin = make_user("office", role=Role.ADMIN)
    village = next(s for s in ranked.subjects if s.name == "测试村2")
    with Session(engine) as session:
        for sheet in session.exec(select(ScoreSheet).where(ScoreSheet.subject_id == village.id)).all():
            reopen_sheet(session, sheet_id=sheet.id, base_version=sheet.version, user=admin, reason="复核")
    auth.login("leader", Role.LEADER)
    _, *rows = ranking_rows(client, ranked)
    assert [row[2] for row in rows] == ["测试村0", "测试村3", "测试村1"]
    _, *town = ranking_rows(client, ranked, f"?group={OTHER_TOWN}")
    assert [row[:3] for row in town] == [["1", "1", "测试村3"]]


def test_a_change_made_elsewhere_is_rescored_on_the_next_read(client, auth, engine, ranked):
    village = next(s for s in ranked.subjects if s.name == "测试村0")
    with Session(engine) as session:  # another process reopened a sheet without the hook
        sheet = session.exec(select(ScoreSheet).where(ScoreSheet.subject_id == village.id)).first()
        sheet.status, sheet.version = SheetStatus.DRAFT, sheet.version + 1
        session.add(sheet)
        session.commit()
    auth.login("leader", Role.LEADER)
    api = client.get(f"/api/campaigns/{ranked.campaign.id}/rankings").get_json()
    assert [o["subject"] for o in api if o["subject"] == "测试村0"] == ["测试村0"]  # still scored by its other sheet
    with Session(engine) as session:
        assert json.loads(session.get(CampaignResult, ranked.campaign.id).ranking)["records"]  # stored again


def test_filters_by_grade_status_and_order(client, auth, ranked):
    auth.login("leader", Role.LEADER)
    _, *bad = ranking_rows(client, ranked, "?grade=差")
    assert [row[2] for row in bad] == ["测试村1", "测试村2"]
    _, *low = ranking_rows(client, ranked, "?sort=low")
    assert [row[2] for row in low] == ["测试村2", "测试村1", "测试村0", "测试村3"]
    _, *named = ranking_rows(client, ranked, f"?sort=name&group={OTHER_TOWN}")
    assert [row[2] for row in named] == ["测试村2", "测试村3"]
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings?status=vetoed").text
    assert "没有符合条件的考核对象。" in page
    _, *everyone = ranking_rows(client, ranked, "?status=nonsense&sort=nonsense&page=x")
    assert len(everyone) == 4


def test_units_get_the_published_ranking_but_never_the_answers(client, engine, make_user, ranked):
    with Session(engine) as session:
        campaign = session.get(Campaign, ranked.campaign.id)
        campaign.published_at = datetime.now(UTC)
        session.add(campaign)
        session.commit()
    with Session(engine) as session:
        unit = Unit(name="区扶贫办", kind=UnitKind.DEPARTMENT)
        session.add(unit)
        session.commit()
        unit_id = unit.id
    make_user("unit", role=Role.UNIT_USER, unit_id=unit_id)
    client.post("/auth/login", data={"username": "unit", "password": "correct horse"})
    cid = ranked.campaign.id
    assert client.get(f"/api/campaigns/{cid}/rankings").status_code == 200
    assert client.get(f"/campaigns/{cid}/answers.csv").status_code == 403
    page = client.get(f"/campaigns/{cid}/rankings").text
    assert "answers.csv" not in page
    detail = client.get(f"/campaigns/{cid}/rankings/{ranked.subjects[2].id}").text
    assert ranked.inspectors[0].username not in detail
    assert "各督查员" not in detail


def test_an_unscorable_campaign_is_409_in_the_api(client, auth, engine, make_campaign):
    setup = one_signed_village(engine, make_campaign, {"A1": "很多", "A2": "是"})
    auth.login("leader", Role.LEADER)
    response = client.get(f"/api/campaigns/{setup.campaign.id}/rankings")
    assert response.status_code == 409
    assert response.get_json()["error"] == "unscorable"


def test_formula_like_text_is_neutralised():
    assert [neutralise(t) for t in ["=1+1", "+1", "-2", "@SUM", "\tx", "\nx", "正常", "", 3.5]] == [
        "'=1+1",
        "'+1",
        "'-2",
        "'@SUM",
        "'\tx",
        "'\nx",
        "正常",
        "",
        3.5,
    ]


def test_scoring_quality_names_disagreeing_inspectors_to_leaders_only(client, auth, engine, make_user, ranked):
    auth.login("leader", Role.LEADER)
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings").text
    # 测试村2's A1: 10 and 5, a spread of 5 over the default re-check line (20 % of 10); nothing else differs.
    assert "8 个“考核对象×评分项”中，有 1 个督查员之间分差超过复核线。" in page
    tables = Tables(page).tables
    assert tables["disagreed-items"][1:] == [["A1 识别准确", "1"]]
    (name, times), = tables["disagreeing-inspectors"][1:]
    assert (name, times) in {(i.username, "1") for i in ranked.inspectors}  # both are 2.5 off the mean of 7.5
    auth.logout()
    with Session(engine) as session:
        campaign = session.get(Campaign, ranked.campaign.id)
        campaign.published_at = datetime.now(UTC)
        session.add(campaign)
        session.commit()
    client.post("/auth/login", data={"username": ranked.inspectors[0].username, "password": "correct horse"})
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings").text
    assert "评分质量" not in page


def test_in_production_a_reopen_is_rescored_in_a_process_of_its_own(app, client, auth, engine, ranked, make_user):
    app.config["RESULTS_IN_BACKGROUND"] = True
    admin = make_user("office", role=Role.ADMIN)
    village = next(s for s in ranked.subjects if s.name == "测试村2")
    try:
        with app.app_context(), Session(engine) as session:
            for sheet_id, version in session.exec(
                select(ScoreSheet.id, ScoreSheet.version).where(ScoreSheet.subject_id == village.id)
            ).all():
                assert reopen_sheet(session, sheet_id=sheet_id, base_version=version, user=admin, reason="复核") == version + 1
        wait_for_background(timeout=120)
        with Session(engine) as session:  # stored by the worker, before any page asked for it
            assert session.get(CampaignResult, ranked.campaign.id).fingerprint == fingerprint(session, ranked.campaign.id)
        workers = rescorer._pools[id(app)]._processes.values()
        assert [worker.pid != os.getpid() for worker in workers] == [True]
    finally:
        rescorer.stop(app)
    auth.login("leader", Role.LEADER)
    _, *rows = ranking_rows(client, ranked)
    assert [row[2] for row in rows] == ["测试村0", "测试村3", "测试村1"]

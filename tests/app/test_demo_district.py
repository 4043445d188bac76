"""inspect-app demo builds the demo district into a fresh instance folder, once."""

import pytest
from click.testing import CliRunner
from sqlalchemy import func
from sqlmodel import Session, select

from inspect_app import create_app
from inspect_app.cli import main
from inspect_app.db import make_engine
from inspect_app.models import (
    Answer,
    Area,
    AreaLevel,
    Campaign,
    CampaignKind,
    CampaignStatus,
    ChecklistVersion,
    Finding,
    InspectionTeam,
    Rectification,
    Role,
    ScoreSheet,
    SheetStatus,
    Unit,
    User,
)
from tests.browser.conftest import free_port


@pytest.fixture(scope="module")
def demo_instance(tmp_path_factory):
    """An instance folder the demo was built in (built once for this module)."""
    instance = tmp_path_factory.mktemp("demo-instance")
    env = {"DATABASE_URL": None, "INSPECT_DATABASE_URL": None, "INSPECT_SECRET_KEY": None}
    runner = CliRunner(env=env)
    first = runner.invoke(main, ["--instance-path", str(instance), "demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(main, ["--instance-path", str(instance), "demo", "--no-serve"])
    assert second.exit_code == 0, second.output
    return instance, first.output, second.output


@pytest.fixture(scope="module")
def demo_engine(demo_instance):
    engine = make_engine(f"sqlite:///{demo_instance[0] / 'inspect.sqlite'}")
    yield engine
    engine.dispose()


@pytest.fixture
def demo_session(demo_engine):
    """A session closed after each test: an open SQLite transaction holds the write lock."""
    with Session(demo_engine) as session:
        yield session


def count(session, model, *where):
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


@pytest.mark.slow
def test_demo_builds_the_district(demo_session):
    assert count(demo_session, Area, Area.level == AreaLevel.DISTRICT) == 1
    assert count(demo_session, Area, Area.level == AreaLevel.TOWN) >= 3
    assert count(demo_session, Area, Area.level == AreaLevel.VILLAGE) >= 30
    assert count(demo_session, Unit) >= 10
    roles = set(demo_session.exec(select(User.role).distinct()).all())
    assert roles == set(Role)


@pytest.mark.slow
def test_demo_has_a_finished_and_an_open_campaign(demo_session):
    finished, opened = demo_session.exec(select(Campaign).order_by(Campaign.id)).all()
    assert finished.status == CampaignStatus.CLOSED
    assert opened.status == CampaignStatus.OPEN
    signed = ScoreSheet.status == SheetStatus.SIGNED_OFF
    assert count(demo_session, ScoreSheet, ScoreSheet.campaign_id == finished.id, ~signed) == 0
    assert count(demo_session, Answer, Answer.sheet_id.in_(
        select(ScoreSheet.id).where(ScoreSheet.campaign_id == opened.id)
    )) == 0  # fmt: skip
    assert count(demo_session, ScoreSheet, ScoreSheet.campaign_id == opened.id) > 0
    assert count(demo_session, Finding, Finding.campaign_id == finished.id) > 0
    assert count(demo_session, Rectification) == count(demo_session, Finding)


@pytest.mark.slow
def test_demo_prints_logins_and_runs_twice(demo_instance):
    _, first, second = demo_instance
    assert "演示数据已生成" in first
    assert "演示数据已存在" in second
    for output in (first, second):
        assert "admin" in output
        assert "demo-admin" in output


@pytest.mark.slow
def test_demo_logins_work(demo_instance):
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False}, instance_path=str(demo_instance[0]))
    client = app.test_client()
    client.post("/auth/login", data={"username": "leader", "password": "demo-leader"})
    page = client.get("/").text
    assert "区领导小组组长" in page
    assert "已结束" in page
    assert "进行中" in page
    app.extensions["inspect_db"].dispose()


@pytest.mark.slow
def test_the_demo_serves_cookies_over_plain_http(demo_instance, served):
    env = {"DATABASE_URL": None, "INSPECT_DATABASE_URL": None, "INSPECT_SECRET_KEY": None}
    result = CliRunner(env=env).invoke(main, ["--instance-path", str(demo_instance[0]), "demo", "--port",
                                              str(free_port())])
    assert result.exit_code == 0, result.output
    app = served["app"]
    assert app.config["SESSION_COOKIE_SECURE"] is False
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post("/auth/login", data={"username": "admin", "password": "demo-admin"})
    assert response.status_code == 302
    assert "Secure" not in response.headers["Set-Cookie"]
    app.extensions["inspect_db"].dispose()
def test_demo_aliases_give_rows_their_lead_units(demo_session):
    # The old prefix rules gave 319 of the 1,318 rows a lead unit; the demo's aliases (with
    # 村支两委 followed by the village's town government) give 385 (counted on the built demo).
    assert count(demo_session, Rectification, Rectification.lead_unit_id.is_not(None)) > 319


@pytest.mark.slow
def test_the_demo_finished_campaign_is_published_and_the_open_one_has_its_quarter(demo_session):
    finished, opened = demo_session.exec(select(Campaign).order_by(Campaign.id)).all()[:2]
    assert finished.published_at is not None
    assert (opened.year, opened.quarter, opened.period, opened.kind) == (2026, 4, "第四季度", CampaignKind.POINTS_1000)


@pytest.mark.slow
def test_a_newcomer_sets_up_next_quarter_on_the_demo(demo_instance, demo_engine):
    """Run last in this module: it adds a third campaign to the demo."""
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False}, instance_path=str(demo_instance[0]))
    client = app.test_client()
    client.post("/auth/login", data={"username": "admin", "password": "demo-admin"})
    listed = client.get("/admin/checklists").text
    with Session(demo_engine) as session:
        shipped = session.exec(select(ChecklistVersion).where(ChecklistVersion.checklist_id == "village-exit")).one()
        town = session.exec(select(Area).where(Area.name == "哈达镇")).one()
        wujiu, zhouba = (session.exec(select(User).where(User.username == name)).one() for name in ("wujiu", "zhouba"))
    assert shipped.title in listed
    made = client.post("/admin/campaigns/new", data={
        "title": "2027年第一季度退出验收督查", "checklist": shipped.id, "kind": "exit", "year": 2027, "quarter": "1",
        "towns": [town.id], "scope": "villages"})  # fmt: skip
    assert made.status_code == 302
    url = made.headers["Location"]
    client.post(f"{url}/teams", data={"name": "验收组", "members": [wujiu.id, zhouba.id], "leader": wujiu.id})
    client.post(f"{url}/assignments", data={"team": _team_id(demo_engine, "验收组"), "group": "哈达镇"})
    client.post("/auth/logout")
    client.post("/auth/login", data={"username": "zhouba", "password": "demo-zhouba"})
    home = client.get("/").text
    assert home.count("2027年第一季度退出验收督查") >= 7  # the town's seven villages on "my work", and the list
    assert "阿及村" in home
    app.extensions["inspect_db"].dispose()


def _team_id(engine, name: str) -> int:
    with Session(engine) as session:
        return session.exec(select(InspectionTeam.id).where(InspectionTeam.name == name)).one()

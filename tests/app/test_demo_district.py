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
    CampaignStatus,
    Finding,
    Rectification,
    Role,
    ScoreSheet,
    SheetStatus,
    Unit,
    User,
)


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
def test_the_demo_serves_cookies_over_plain_http(demo_instance, monkeypatch):
    served = {}
    monkeypatch.setattr("waitress.serve", lambda wsgi, **options: served.update(app=wsgi, **options))
    env = {"DATABASE_URL": None, "INSPECT_DATABASE_URL": None, "INSPECT_SECRET_KEY": None}
    result = CliRunner(env=env).invoke(main, ["--instance-path", str(demo_instance[0]), "demo", "--port", "8124"])
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

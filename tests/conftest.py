"""Shared fixtures: the app on SQLite and on PostgreSQL, clients, logins and factories.

Every database test runs on both backends (the `backend` parameter). PostgreSQL comes from
INSPECT_TEST_POSTGRES_URL or the local server; one uniquely named database per test
session is migrated once and copied (CREATE DATABASE ... TEMPLATE) for each test, and all
of them are dropped at the end. Without a server those tests skip, unless CI=true.
"""

import os
import shutil
import uuid
from dataclasses import dataclass

import pytest
import waitress
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from inspect_app import create_app, schema
from inspect_app.auth.services import create_user
from inspect_app.campaigns.services import add_area_subjects, assign, create_campaign, create_team
from inspect_app.checklists.services import store_checklist_version
from inspect_app.db import make_engine
from inspect_app.models import (
    Area,
    AreaLevel,
    Campaign,
    CampaignSubject,
    Role,
    ScoreSheet,
    User,
    UserCreate,
)

POSTGRES_URL = os.environ.get(
    "INSPECT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "correct horse"
TINY_CHECKLIST = """\
id: tiny-village
title: 测试用村级检查表
subject: village
total: 20
grades:
  - {grade: 好, min: 18}
  - {grade: 差, min: 0}
rectify_days: 30
sections:
  - code: A
    title: 测试
    items:
      - {code: A1, text: 识别准确, max: 10, method: deduct, per: 5, lead_unit: 县扶贫办, co_units: [镇扶贫办]}
      - {code: A2, text: 驻村工作队在岗, max: 10, method: check}
"""


class PostgresServer:
    """Creates and drops uniquely named databases on one PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.prefix = f"inspect_test_{uuid.uuid4().hex[:10]}"
        self.names: list[str] = []

    def create(self, template: str | None = None) -> tuple[str, str]:
        """A new database (a copy of template, if given): its name and URL."""
        name = f"{self.prefix}_{len(self.names)}"
        sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        with self.admin.connect() as connection:
            connection.exec_driver_sql(sql)
        self.names.append(name)
        return name, self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        """Drop one database, closing anything still connected to it."""
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server():
    """The PostgreSQL server, or a skip (a failure when CI=true) if it is not reachable."""
    server = PostgresServer(POSTGRES_URL)
    try:
        server.admin.connect().close()
    except OperationalError as error:
        server.admin.dispose()
        reason = f"PostgreSQL not reachable at {POSTGRES_URL} (INSPECT_TEST_POSTGRES_URL): {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    yield server
    for name in reversed(server.names):
        server.drop(name)
    server.admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server):
    """This session's migrated PostgreSQL database, copied for each test."""
    name, url = postgres_server.create()
    engine = make_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    return name


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request) -> str:
    """The database backend a test runs on."""
    return request.param


@pytest.fixture
def empty_db_url(backend, request, tmp_path):
    """The URL of a fresh, empty database."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    server = request.getfixturevalue("postgres_server")
    name, url = server.create()
    yield url
    server.drop(name)


@pytest.fixture
def db_url(backend, request, tmp_path):
    """The URL of a fresh database migrated to head."""
    if backend == "sqlite":
        path = tmp_path / "test.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("postgres_server")
    name, url = server.create(template=request.getfixturevalue("postgres_template"))
    yield url
    server.drop(name)


@pytest.fixture
def app(db_url, tmp_path):
    """The app on a fresh migrated database, with a temporary instance folder."""
    app = create_app(
        {"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False},
        instance_path=str(tmp_path / "instance"),
    )
    yield app
    app.extensions["inspect_db"].dispose()


@pytest.fixture
def engine(app):
    """The app's engine."""
    return app.extensions["inspect_db"]


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner bound to the app."""
    return app.test_cli_runner()


@pytest.fixture
def served(monkeypatch):
    """What `inspect-app serve` or `demo` serves (the app and waitress's options): the port is
    bound for real, then the server is closed instead of run."""
    made, create = {}, waitress.create_server

    def bound(wsgi, **options):
        made.update(app=wsgi, **options)
        server = create(wsgi, **options)
        server.run = lambda: (server.task_dispatcher.shutdown(), server.close())  # its threads too
        return server

    monkeypatch.setattr("waitress.create_server", bound)
    return made


@pytest.fixture
def make_user(engine):
    """make_user(username, role=..., unit_id=...) -> a committed, detached User."""

    def make(username: str, *, role: Role = Role.INSPECTOR, unit_id: int | None = None) -> User:
        with Session(engine, expire_on_commit=False) as session:
            user = create_user(
                session=session,
                user_create=UserCreate(
                    username=username,
                    display_name=f"测试{username}",
                    role=role,
                    unit_id=unit_id,
                    password=PASSWORD,
                ),
            )
            session.commit()
            return user

    return make


@dataclass
class CampaignSetup:
    """What make_campaign built (detached rows)."""

    campaign: Campaign
    subjects: list[CampaignSubject]
    inspectors: list[User]
    leader: User
    sheets: list[ScoreSheet]


@pytest.fixture
def make_campaign(engine, make_user):
    """make_campaign(villages=2, inspectors=2) -> a CampaignSetup, every sheet a fresh draft."""
    made = 0

    def make(*, villages: int = 2, inspectors: int = 2) -> CampaignSetup:
        nonlocal made
        made += 1
        people = [make_user(f"c{made}i{n}") for n in range(inspectors)]
        with Session(engine, expire_on_commit=False) as session:
            checklist = store_checklist_version(session=session, yaml_text=TINY_CHECKLIST)
            town = Area(name=f"测试镇{made}", level=AreaLevel.TOWN)
            session.add(town)
            session.flush()
            areas = [
                Area(name=f"测试村{n}", level=AreaLevel.VILLAGE, parent_id=town.id)
                for n in range(villages)
            ]
            session.add_all(areas)
            session.flush()
            campaign = create_campaign(
                session=session, checklist=checklist, title=f"测试考核{made}", year=2026
            )
            subjects = add_area_subjects(session=session, campaign=campaign, areas=areas)
            team = create_team(
                session=session, campaign=campaign, name="第一组", members=people, leader=people[0]
            )
            sheets = [
                assign(session=session, subject=subject, inspector=person, team=team)
                for subject in subjects
                for person in people
            ]
            session.commit()
            return CampaignSetup(campaign, subjects, people, people[0], sheets)

    return make


class AuthActions:
    """Log a test client in and out."""

    def __init__(self, client, make_user) -> None:
        self._client = client
        self._make_user = make_user
        self.users: dict[str, User] = {}

    def user(self, username: str = "admin", role: Role = Role.ADMIN) -> User:
        """The user with this name, created on first use."""
        if username not in self.users:
            self.users[username] = self._make_user(username, role=role)
        return self.users[username]

    def login(self, username: str = "admin", role: Role = Role.ADMIN, password: str = PASSWORD):
        """Log in as username (made with role if new)."""
        self.user(username, role)
        return self._client.post("/auth/login", data={"username": username, "password": password})

    def logout(self):
        """Log out."""
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client, make_user) -> AuthActions:
    """Login helper: auth.login(), auth.logout()."""
    return AuthActions(client, make_user)

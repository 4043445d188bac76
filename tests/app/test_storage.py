"""Reads never take the write lock; writes happen only inside writing(); nothing outlives its request."""

import re
import sqlite3
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text, update
from sqlmodel import Session, select

from inspect_app.db import WriteOutsideWriting, get_session, write_session, writing
from inspect_app.models import Answer, Area, AreaLevel, ScoreSheet, Unit, UnitKind, User
from inspect_app.sheets.services import save_answers

APP = Path(__file__).resolve().parents[2] / "inspect_app"
WAIT = 10  # seconds; a save stuck behind a reader would wait the 30 s busy timeout


def save_in_thread(app, sheet_id: int, inspector_id: int) -> tuple[threading.Thread, list]:
    """Save one answer through the request-style session of another thread; outcome in the list."""
    outcome: list = []

    def work() -> None:
        with app.app_context():
            session = get_session()
            sheet = session.get(ScoreSheet, sheet_id)
            user = session.get(User, inspector_id)
            try:
                outcome.append(save_answers(session, sheet_id, sheet.version, {"A1": "1"}, user, uuid.uuid4()))
            except Exception as error:  # noqa: BLE001 - the test shows whatever went wrong
                outcome.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    return thread, outcome


def test_a_long_read_does_not_hold_up_a_save(app, make_campaign):
    setup = make_campaign(villages=1, inspectors=1)
    sheet = setup.sheets[0]
    with app.app_context():
        reader = get_session()
        assert reader.get(ScoreSheet, sheet.id).version == 1  # a read transaction is now open
        assert reader.in_transaction()
        thread, outcome = save_in_thread(app, sheet.id, setup.inspectors[0].id)
        thread.join(timeout=WAIT)
        assert not thread.is_alive(), "the save waited on an open read"
        assert reader.in_transaction()  # the read is still open: the save did not need it to end
        assert [type(o).__name__ for o in outcome] == ["SaveResult"]
    with Session(app.extensions["inspect_db"]) as session:
        assert session.get(ScoreSheet, sheet.id).version == 2


def test_a_read_then_a_write_starts_the_write_afresh(app, make_campaign):
    """A read transaction that then writes would fail with SQLITE_BUSY once another writer committed."""
    setup = make_campaign(villages=1, inspectors=2)
    mine, other = setup.sheets[0], setup.sheets[1]
    with app.app_context():
        session = get_session()
        inspector = session.get(User, setup.inspectors[0].id)
        base = session.get(ScoreSheet, mine.id).version  # the read transaction begins here
        thread, outcome = save_in_thread(app, other.id, other.inspector_id)  # another writer commits
        thread.join(timeout=WAIT)
        assert [type(o).__name__ for o in outcome] == ["SaveResult"]
        saved = save_answers(session, mine.id, base, {"A2": "是"}, inspector, uuid.uuid4())
        assert saved.version == base + 1


def test_the_request_session_refuses_writes_outside_writing(app):
    with app.app_context():
        session = get_session()
        session.add(Unit(name="测试单位", kind=UnitKind.DEPARTMENT))
        with pytest.raises(WriteOutsideWriting):
            session.flush()
        session.rollback()
        with pytest.raises(WriteOutsideWriting):
            session.execute(update(ScoreSheet).values(version=ScoreSheet.version + 1))
        session.rollback()
        with pytest.raises(WriteOutsideWriting):
            session.execute(text("DELETE FROM unit"))
        session.rollback()
        session.add(Unit(name="测试单位", kind=UnitKind.DEPARTMENT))
        with pytest.raises(WriteOutsideWriting), writing(session):
            pass  # pending changes would be lost by the write's fresh start
        session.rollback()
        with writing(session):
            session.add(Unit(name="测试单位", kind=UnitKind.DEPARTMENT))
        assert session.exec(select(Unit.name)).all() == ["测试单位"]


def failing_unit(session) -> None:
    """Two towns flushed in one write, a nested one inside, then an error."""
    with writing(session):
        session.add(Area(name="甲镇", level=AreaLevel.TOWN))
        with writing(session):  # joins: no commit of its own
            session.add(Area(name="乙镇", level=AreaLevel.TOWN))
        session.flush()
        raise ZeroDivisionError


def test_writing_rolls_back_on_error_and_nested_calls_join(app):
    with app.app_context():
        session = get_session()
        with pytest.raises(ZeroDivisionError):
            failing_unit(session)
        assert session.exec(select(Area)).all() == []
        with writing():  # the request's session by default
            session.add(Area(name="丙镇", level=AreaLevel.TOWN))
    with Session(app.extensions["inspect_db"]) as other:
        assert other.exec(select(Area.name)).all() == ["丙镇"]


def test_a_write_session_joins_its_own_write(app):
    with app.app_context(), write_session() as session:
        session.add(Area(name="甲镇", level=AreaLevel.TOWN))
        session.flush()
        with writing(session):  # the transaction already writes: kept, committed at the end
            session.add(Area(name="乙镇", level=AreaLevel.TOWN))
        assert not session.in_transaction()
    with Session(app.extensions["inspect_db"]) as other:
        assert sorted(other.exec(select(Area.name)).all()) == ["乙镇", "甲镇"]


def test_no_connection_outlives_a_request(app, client, auth):
    engine = app.extensions["inspect_db"]
    auth.login()
    assert client.get("/").status_code == 200
    assert engine.pool.checkedout() == 0


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_reads_begin_deferred_and_writes_immediate(app):
    """Seen from the database: a reader leaves the write lock free; a writer holds it."""
    probe = sqlite3.connect(app.extensions["inspect_db"].url.database, timeout=0, isolation_level=None)
    with app.app_context():
        reader = get_session()
        reader.exec(select(Answer)).all()
        assert reader.in_transaction()
        probe.execute("BEGIN IMMEDIATE")  # "database is locked" if the reader held the write lock
        probe.execute("ROLLBACK")
        with writing(reader):
            reader.exec(select(Answer)).all()
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                probe.execute("BEGIN IMMEDIATE")
    probe.close()


def test_only_db_py_opens_sessions_and_commits():
    """Every write in the app goes through writing() / write_session(): grep for the alternatives."""
    found = []
    for path in APP.rglob("*.py"):
        if path.name == "db.py" or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bSession\(|\.commit\(\)|\.begin\(\)", line):
                found.append(f"{path.relative_to(APP)}:{number}: {line.strip()}")
    assert found == []

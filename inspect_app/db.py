"""Database engine and sessions: reads and writes are told apart by name.

- `get_session()` is the request's session. It reads: on SQLite its transactions begin DEFERRED
  and never take the write lock, so in WAL a reader neither blocks nor waits on a writer. Any
  INSERT, UPDATE, DELETE or DDL on it outside `writing()` raises WriteOutsideWriting.
- `writing(session)` is one unit of work that writes: it ends the session's read transaction,
  begins a write (SQLite: BEGIN IMMEDIATE, the write lock from its first statement, waiting on
  the busy timeout rather than failing halfway or losing an update), commits at the end and
  rolls back on any error. Nested calls, and calls in a transaction that already writes, join.
- `write_session()` is for commands that build data: every transaction in it writes.

PostgreSQL (psycopg 3) runs the same code and the same refusals; there every transaction is a
plain BEGIN. No session outlives its request or command (teardown closes it).
"""

import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

BUSY_TIMEOUT_SECONDS = 30
WRITE = "inspect_write"  # connection execution option: this transaction writes
READ = "inspect_read"  # connection execution option: refuse writes unless WRITE is set too
WRITING = "writing"  # session.info key: the session is inside writing()
WRITE_VERBS = {"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER"}
POOL_SIZE = 20  # PostgreSQL: connections kept; at least the server's threads, so no request waits on the pool
POOL_OVERFLOW = 20  # and as many again for commands and background rescoring
_WRITE_LOCKS: "weakref.WeakKeyDictionary[object, threading.RLock]" = weakref.WeakKeyDictionary()
_LOCKS_LOCK = threading.Lock()


class WriteOutsideWriting(RuntimeError):
    """A write on the request's reading session; wrap the unit of work in writing()."""


def make_engine(url: str) -> Engine:
    """An engine for url: reads refuse writes on both databases; SQLite's lock rules applied."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
        _sqlite_rules(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
    event.listen(engine, "before_cursor_execute", _refuse_write_in_read)
    return engine


def _sqlite_rules(engine: Engine) -> None:
    """WAL, a busy timeout, and BEGIN IMMEDIATE for writes, DEFERRED for reads."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # Writes take the lock up front (waiting beats a lost update); reads never take it.
        writes = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _refuse_write_in_read(connection, _cursor, statement: str, *_args) -> None:
    """A reading connection (the request's session outside writing()) never writes."""
    options = connection.get_execution_options()
    if options.get(READ) and not options.get(WRITE) and statement.split(None, 1)[0].upper() in WRITE_VERBS:
        raise WriteOutsideWriting(f"a write outside `with writing(session):`: {statement[:60]}")


@contextmanager
def writing(session: Session | None = None) -> Iterator[Session]:
    """One unit of work that writes: begun as a write, committed at the end, rolled back on error.

    The session's read transaction, if any, ends first (loaded objects are re-read on use).
    Nested calls, and a session whose transaction already writes, join it.
    """
    session = session if session is not None else get_session()
    if session.info.get(WRITING):
        yield session
        return
    if session.new or session.dirty or session.deleted:
        raise WriteOutsideWriting("changes were made before writing() began")
    joined = session.in_transaction() and session.connection().get_execution_options().get(WRITE)
    if not joined:
        session.rollback()
    with nullcontext() if joined else _write_lock(session):
        if not joined:
            session.connection(execution_options={WRITE: True})
        session.info[WRITING] = True
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.info[WRITING] = False


def _write_lock(session: Session) -> AbstractContextManager:
    """SQLite: one lock per database in this process, taken before BEGIN IMMEDIATE.

    SQLite has one writer at a time and a waiting writer polls the lock in sleeps of up to 100 ms;
    threads of one server queue on this lock instead and go on the moment the writer before them
    commits. Other processes still meet the busy timeout. PostgreSQL locks rows: no lock here.
    """
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return nullcontext()
    with _LOCKS_LOCK:
        return _WRITE_LOCKS.setdefault(bind.pool, threading.RLock())


def write_session(engine: Engine | None = None) -> Session:
    """A session whose every transaction writes, for commands that build data."""
    return Session((engine or get_engine()).execution_options(**{WRITE: True}))


def own_session() -> Session:
    """A session of its own for work outside a request (a background rescoring); it reads until writing()."""
    return Session(get_engine().execution_options(**{READ: True}))


def init_app(app: Flask) -> None:
    """Create the app's engine and close each request's session at teardown."""
    app.extensions["inspect_db"] = make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(close_session)


def get_engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["inspect_db"]


def get_session() -> Session:
    """The session of the current request or app context, opened on first use; it reads."""
    if "db_session" not in g:
        g.db_session = Session(get_engine().execution_options(**{READ: True}))
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the context's session, if any: its transaction ends with the request."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()

"""The migrations build the schema the models describe, on both databases."""

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel

from inspect_app import schema
from inspect_app.db import make_engine
from inspect_app.models import AuditLog, AuditLogIsAppendOnly


@pytest.fixture
def empty_engine(empty_db_url):
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def test_upgrade_head_creates_every_table(empty_engine):
    assert schema.current_revision(empty_engine) is None
    schema.upgrade(empty_engine)
    tables = set(inspect(empty_engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert schema.current_revision(empty_engine) is not None


def test_models_match_migrations(empty_engine):
    schema.upgrade(empty_engine)
    assert schema.differences(empty_engine) == []


def test_downgrade_to_base_and_up_again(empty_engine):
    schema.upgrade(empty_engine)
    schema.downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    schema.upgrade(empty_engine)
    assert schema.differences(empty_engine) == []


@pytest.fixture
def audit_row(engine):
    with Session(engine, expire_on_commit=False) as session:
        row = AuditLog(entity_type="score_sheet", entity_id=1, field="A1.value", new_value="3")
        session.add(row)
        session.commit()
        return row


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET new_value = 'forged'",
        "DELETE FROM audit_log",
    ],
)
def test_database_refuses_to_change_the_audit_log(engine, audit_row, statement):
    with engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text(statement))


def test_orm_refuses_to_change_the_audit_log(engine, audit_row):
    with Session(engine) as session:
        row = session.get(AuditLog, audit_row.id)
        row.new_value = "forged"
        session.add(row)
        with pytest.raises(AuditLogIsAppendOnly):
            session.commit()
        session.rollback()
        session.delete(session.get(AuditLog, audit_row.id))
        with pytest.raises(AuditLogIsAppendOnly):
            session.commit()

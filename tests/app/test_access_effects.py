"""What access leaves behind: no GET changes state, every refusal is in the audit log.

Both are checked on the world of the route table (tests/app/test_access_table.py).
"""

import hashlib

import pytest
from sqlalchemy import MetaData, func, select
from sqlmodel import Session

from inspect_app.models import AuditLog
from tests.app.hostile import log_in
from tests.app.test_access_table import (
    ADMIN,
    ANON,
    INSPECTOR,
    LEADER,
    OTHERS,
    PUBLISHED,
    ROLES,
    ROUTES,
    UNIT,
    UNROUTED,
)

# Tables a GET may change, and why. Everything else must read back byte for byte the same.
MAY_CHANGE = {
    "login_session": "each request moves the login's last-seen time (the idle timeout)",
    "campaign_result": "the stored results are a cache, scored on first read and rescored when stale",
    "campaign_result_subject": "the rows of that cache",
    "audit_log": "refused access (403) is appended, checked apart: only `access` rows",
}
SKIPPED_ENDPOINTS = dict.fromkeys(UNROUTED, "static files, served without a database")


def snapshot(engine, tables: MetaData) -> dict[str, str]:
    """Each table's digest of every row (ordered), or its row count where a GET may change it."""
    found = {}
    with engine.connect() as connection:
        for name, table in tables.tables.items():
            if name in MAY_CHANGE:
                continue
            rows = connection.execute(select(table).order_by(*table.primary_key.columns or table.columns)).all()
            found[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        found["login_session"] = str(connection.execute(select(func.count()).select_from(tables.tables["login_session"])).scalar())
        found["audit_log (not access)"] = str(connection.execute(
            select(func.count()).select_from(AuditLog).where(AuditLog.entity_type != "access")).scalar())
    return found


def get_rows() -> list[tuple[str, str]]:
    """Every GET of the route tables: (endpoint, path)."""
    return [(endpoint, path) for table in (ROUTES, PUBLISHED, OTHERS)
            for endpoint, (method, path, _) in table.items() if method == "GET"]


def test_every_get_route_is_requested(app):
    gets = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert gets - {endpoint for endpoint, _ in get_rows()} - set(SKIPPED_ENDPOINTS) == set()


def test_no_get_changes_state(app, engine, world):
    users, ids = world
    tables = MetaData()
    tables.reflect(engine)
    for role in ROLES:
        client = app.test_client() if role == ANON else log_in(app, users[role])
        for endpoint, path in get_rows():
            before = snapshot(engine, tables)
            url = path.format(**ids)
            for method in ("GET", "HEAD"):
                with client.open(url, method=method) as response:
                    assert response.status_code < 500, f"{role} {method} {url}"
            assert snapshot(engine, tables) == before, f"{role} GET {url} ({endpoint}) changed the database"


REFUSED = [
    (UNIT, "POST", "/admin/units", {"name": "新单位", "kind": "department"}),
    (UNIT, "POST", "/admin/campaigns/new", {"title": "x"}),
    (LEADER, "POST", "/admin/users/new", {"username": "x"}),
    (INSPECTOR, "POST", "/api/rectifications/{rectification}/start", None),
    (UNIT, "POST", "/rectifications/{rectification}/edit", {"base_version": "1"}),
    ("teammate", "POST", "/sheets/{teammate_sheet}/sign-off", {"base_version": "1"}),
    (LEADER, "GET", "/admin/audit", None),
]


@pytest.mark.parametrize(("role", "method", "path", "data"), REFUSED, ids=[f"{r[0]} {r[2]}" for r in REFUSED])
def test_a_refusal_is_in_the_audit_log(app, engine, world, role, method, path, data):
    users, ids = world
    username = users.get(role) or "c1i1"  # the teammate: reads their own sheet, may not sign it off
    client = log_in(app, username)
    url = path.format(**ids)
    assert client.open(url, method=method, data=data).status_code == 403
    with Session(engine) as session:
        rows = session.execute(select(AuditLog).where(AuditLog.entity_type == "access")).scalars().all()
    assert [(row.field, row.new_value) for row in rows] == [("refused", f"{method} {url}")]
    assert rows[0].user_id is not None
    assert rows[0].reason


def test_admins_are_not_refused(app, engine, world):
    users, ids = world
    client = log_in(app, users[ADMIN])
    assert client.post("/admin/units", data={"name": "新单位", "kind": "department"}).status_code < 400
    with Session(engine) as session:
        assert session.execute(select(AuditLog).where(AuditLog.entity_type == "access")).first() is None

"""Hostile input never breaks the app: no 5xx, Chinese JSON errors on /api, nothing invalid stored.

The nastiest fixed values run on both databases; the hypothesis properties (random values of
the same kinds) run on SQLite, where one example costs a few milliseconds.
"""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.app.hostile import (
    NASTY,
    check_answer,
    log_in,
    stored_answers_are_accepted,
    stored_names_are_valid,
    xlsx,
)
from tests.app.test_access_table import ADMIN, INSPECTOR, UNIT

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CODES = ["A1", "A2", "ZZ9", "", "a1", "Ａ1", "A1 ", "x" * 10_000, "\x00"]

json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
    st.sampled_from([v for v in NASTY if not isinstance(v, list | dict)]),
)
json_value = st.recursive(json_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)


def save_body(submission, base, answers) -> dict:
    """A save body with a field left out where the value is ..."""
    body = {"submission": submission, "base_version": base, "answers": answers}
    return {key: value for key, value in body.items() if value is not ...}


def post_answers(clients, ids, body):
    """Post body as the sheet's inspector, and as the admin, and check both answers."""
    for client in clients:
        check_answer(client.post(f"/api/sheets/{ids['sheet']}/answers", json=body))
        check_answer(client.post(f"/api/sheets/{ids['sheet']}/submit", json=body))


@pytest.mark.parametrize("value", NASTY, ids=repr)
def test_the_nastiest_answers(app, engine, world, value):
    users, ids = world
    client, unit, admin = (log_in(app, users[role]) for role in (INSPECTOR, UNIT, ADMIN))
    url = f"/api/sheets/{ids['sheet']}"
    for body in (
        save_body(str(uuid.uuid4()), 1, {"A1": value}),
        save_body(str(uuid.uuid4()), 1, {"A1": {"value": "1", "note": value}}),
        save_body(str(uuid.uuid4()), value, {"A2": "是"}),
        save_body(value, 1, {"A2": "是"}),
        save_body(str(uuid.uuid4()), 1, value),
        save_body(str(uuid.uuid4()), 1, {str(value)[:10_000]: "1"}),
        value,
    ):
        check_answer(client.post(f"{url}/answers", json=body))
    check_answer(client.post(f"{url}/submit", json={"base_version": value}))
    check_answer(client.post(f"{url}/submit", data=str(value), content_type="application/json"))
    for action in ("start", "submit", "close", "nonsense"):
        for as_role in (unit, admin):
            body = {"base_version": value, "note": value}
            check_answer(as_role.post(f"/api/rectifications/{ids['rectification']}/{action}", json=body))
    stored_answers_are_accepted(engine)


@pytest.mark.parametrize("value", [v for v in NASTY if isinstance(v, str | int | float)], ids=repr)
def test_the_nastiest_admin_forms(app, engine, world, value):
    users, ids = world
    client = log_in(app, users[ADMIN])
    text = str(value)
    for url, data in (
        ("/admin/units", {"name": text, "kind": text, "area": text}),
        ("/admin/units", {"name": text, "kind": "department", "area": "0"}),
        ("/admin/areas", {"name": text, "level": "village", "parent": text, "code": text}),
        ("/admin/users/new", {"username": text, "display_name": text, "role": text, "unit": text, "password": text}),
        ("/admin/users/new", {"username": text[:50], "display_name": text, "role": "inspector", "password": "x"}),
        ("/admin/campaigns/new", {"title": text, "checklist": ids["version"], "kind": "covert", "year": text,
                                  "towns": [text], "scope": "villages"}),
        ("/admin/campaigns/new", {"title": text, "checklist": text, "kind": text, "year": "2026", "quarter": text}),
        (f"/rectifications/{ids['rectification']}/edit", {"base_version": text, "measure": text,
                                                         "person_responsible": text, "deadline": text,
                                                         "lead_unit_id": text}),
    ):
        check_answer(client.post(url, data=data))
    stored_names_are_valid(engine)


@pytest.mark.parametrize("value", NASTY[:20], ids=repr)
def test_the_nastiest_imports(app, engine, world, value):
    users, ids = world
    client = log_in(app, users[ADMIN])
    for url, rows in (
        ("/admin/areas/import", [["区", "乡镇", "村"], [value, value, value]]),
        (f"/admin/campaigns/{ids['campaign']}/subjects/import", [["考核对象", "所属乡镇"], [value, value]]),
        (f"/admin/campaigns/{ids['campaign']}/assignments/import", [["督查组", "考核对象"], [value, value]]),
        ("/rectifications/import", [["问题来源", "问题描述", "整改措施", "牵头责任单位", "协同责任单位", "责任人", "整改时限", "整改状态"],
                                    [value] * 8]),
        ("/admin/checklists", [["编号", "内容", "分值"], [value, value, value]]),
    ):
        check_answer(client.post(url, data={"file": (xlsx(rows), "表.xlsx")}))
    check_answer(client.post("/admin/checklists", data={"file": (xlsx([[value]]), f"{str(value)[:20]}.yaml")}))
    stored_names_are_valid(engine)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_random_answer_bodies(app, engine, world):
    users, ids = world
    clients = [log_in(app, users[role]) for role in (INSPECTOR, ADMIN)]

    @FAST
    @given(
        submission=st.one_of(st.uuids().map(str), json_value, st.just(...)),
        base=st.one_of(st.integers(-5, 5), json_value, st.just(...)),
        answers=st.one_of(st.dictionaries(st.sampled_from(CODES) | st.text(max_size=8), json_value, max_size=4),
                          json_value, st.just(...)),
    )
    def prop(submission, base, answers):
        post_answers(clients, ids, save_body(submission, base, answers))
        stored_answers_are_accepted(engine)

    prop()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_random_rectification_moves_and_forms(app, engine, world):
    users, ids = world
    unit, admin = log_in(app, users[UNIT]), log_in(app, users[ADMIN])

    @FAST
    @given(action=st.sampled_from(["start", "submit", "return", "close"]) | st.text(max_size=10),
           body=json_value, text=st.text(max_size=200) | st.sampled_from([v for v in NASTY if isinstance(v, str)]))
    def prop(action, body, text):
        url = f"/api/rectifications/{ids['rectification']}/{action}"
        if action and "/" not in action:
            check_answer(unit.post(url, json=body))
        check_answer(admin.post("/admin/units", data={"name": text, "kind": "department"}))
        check_answer(admin.post("/admin/areas", data={"name": text, "level": "town", "code": text}))
        check_answer(admin.post("/admin/users/new", data={"username": text, "display_name": text, "role": "inspector",
                                                        "password": text}))
        check_answer(admin.post("/admin/campaigns/new", data={"title": text, "checklist": ids["version"],
                                                             "kind": "covert", "year": text, "towns": [text]}))
        stored_names_are_valid(engine)

    prop()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_random_import_cells(app, engine, world):
    users, ids = world
    admin = log_in(app, users[ADMIN])
    cell = st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=40), st.dates(), st.booleans())

    @settings(FAST, max_examples=25)  # three uploads per example
    @given(cells=st.lists(st.lists(cell, min_size=1, max_size=8), min_size=1, max_size=4))
    def prop(cells):
        for url, header in (
            ("/admin/areas/import", ["区", "乡镇", "村"]),
            (f"/admin/campaigns/{ids['campaign']}/subjects/import", ["考核对象", "所属乡镇"]),
            ("/rectifications/import", ["问题来源", "问题描述", "整改措施", "牵头责任单位", "协同责任单位", "责任人",
                                        "整改时限", "整改状态"]),
        ):
            check_answer(admin.post(url, data={"file": (xlsx([header, *cells]), "表.xlsx")}))
        stored_names_are_valid(engine)

    prop()

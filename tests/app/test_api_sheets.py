"""The sheet calls of the JSON API: every refusal, on both databases (DESIGN.md, "The JSON API")."""

import io
import uuid

import pytest
from sqlmodel import Session, select

from inspect_app.models import Answer, AuditLog, Evidence, Role, ScoreSheet, SheetStatus, Submission
from tests.conftest import PASSWORD

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200


@pytest.fixture
def setup(make_campaign):
    return make_campaign(villages=1, inspectors=2)


@pytest.fixture
def sheet(setup):
    return setup.sheets[0]


@pytest.fixture
def login(client):
    def log_in(username):
        assert client.post("/auth/login", data={"username": username, "password": PASSWORD}).status_code == 302
        return client
    return log_in


@pytest.fixture
def inspector(setup, login):
    return login(setup.inspectors[0].username)


def save(client, sheet_id, answers, base=1, submission=None):
    body = {"submission": str(submission or uuid.uuid4()), "base_version": base, "answers": answers}
    return client.post(f"/api/sheets/{sheet_id}/answers", json=body)


def stored(engine, sheet_id):
    with Session(engine) as session:
        rows = session.exec(select(Answer).where(Answer.sheet_id == sheet_id)).all()
        return {a.item_code: (a.value, a.note) for a in rows}


def test_list_shows_only_own_sheets_with_progress(inspector, setup, sheet):
    save(inspector, sheet.id, {"A1": {"value": "1", "note": ""}})
    listed = inspector.get("/api/sheets").get_json()
    assert [row["id"] for row in listed] == [sheet.id]
    row = listed[0]
    assert (row["subject"], row["group"], row["status"], row["version"], row["answered"], row["total"]) == (
        setup.subjects[0].name, "测试镇1", "draft", 2, 1, 2)
    assert row["campaign"] == setup.campaign.title


def test_detail_has_items_answers_and_the_engines_scores(inspector, sheet):
    save(inspector, sheet.id, {"A1": {"value": "1", "note": "漏评一户"}})
    body = inspector.get(f"/api/sheets/{sheet.id}").get_json()
    assert [(i["code"], i["method"], i["max"]) for i in body["items"]] == [("A1", "deduct", 10.0), ("A2", "check", 10.0)]
    assert body["items"][1]["accepts"] == "是 / 否"
    assert body["answers"] == {"A1": {"value": "1", "note": "漏评一户"}}
    # A1: 10 − 5 × 1 = 5; A2 unanswered: the running total is 5, the sheet incomplete.
    assert body["scores"]["items"] == {"A1": 5.0, "A2": None}
    assert (body["scores"]["total"], body["scores"]["complete"], body["scores"]["missing"]) == (5.0, False, ["A2"])
    save(inspector, sheet.id, {"A2": {"value": "是", "note": ""}}, base=2)
    scores = inspector.get(f"/api/sheets/{sheet.id}").get_json()["scores"]
    assert (scores["items"], scores["total"], scores["complete"]) == ({"A1": 5.0, "A2": 10.0}, 15.0, True)


def test_save_then_replay_then_conflict(inspector, sheet, engine):
    token = uuid.uuid4()
    first = save(inspector, sheet.id, {"A1": {"value": "2", "note": ""}}, submission=token)
    assert (first.status_code, first.get_json()) == (200, {"version": 2, "duplicate": False})
    again = save(inspector, sheet.id, {"A1": {"value": "2", "note": ""}}, submission=token)
    assert (again.status_code, again.get_json()) == (200, {"version": 2, "duplicate": True})
    other = save(inspector, sheet.id, {"A1": {"value": "3", "note": ""}}, submission=token)
    assert (other.status_code, other.get_json()["error"]) == (409, "submission_conflict")
    assert stored(engine, sheet.id) == {"A1": ("2", "")}
    with Session(engine) as session:
        assert len(session.exec(select(Submission).where(Submission.sheet_id == sheet.id)).all()) == 1


def test_stale_save_answers_both_versions_and_current_answers(inspector, sheet, engine):
    save(inspector, sheet.id, {"A1": {"value": "1", "note": "甲"}})
    late = save(inspector, sheet.id, {"A1": {"value": "0", "note": ""}}, base=1)
    body = late.get_json()
    assert (late.status_code, body["error"], body["current_version"], body["base_version"]) == (409, "stale", 2, 1)
    assert body["answers"] == {"A1": {"value": "1", "note": "甲"}}
    assert "另一台设备" in body["message"]
    assert stored(engine, sheet.id) == {"A1": ("1", "甲")}


@pytest.mark.parametrize(("answers", "item", "message"), [
    ({"A1": {"value": "-1", "note": ""}},      "A1", "不小于 0 的整数"),
    ({"A1": {"value": "1.5", "note": ""}},     "A1", "不小于 0 的整数"),
    ({"A2": {"value": "也许", "note": ""}},    "A2", "是 / 否"),
    ({"A2": {"value": "2", "note": ""}},       "A2", "是 / 否"),
    ({"Z9": {"value": "1", "note": ""}},       "Z9", "没有评分项 Z9"),
])
def test_refused_values_are_422_and_nothing_is_stored(inspector, sheet, engine, answers, item, message):
    answer = save(inspector, sheet.id, {"A1": {"value": "1", "note": ""}, **answers})
    body = answer.get_json()
    assert (answer.status_code, body["error"]) == (422, "invalid")
    assert [e["item"] for e in body["errors"]] == [item]
    assert message in body["errors"][0]["message"]
    assert body["errors"][0]["value"] == answers[item]["value"]
    assert stored(engine, sheet.id) == {}
    with Session(engine) as session:
        assert session.get(ScoreSheet, sheet.id).version == 1


def test_malformed_body_is_400_json(inspector, sheet):
    answer = inspector.post(f"/api/sheets/{sheet.id}/answers", json={"answers": {}})
    assert (answer.status_code, answer.get_json()["error"]) == (400, "bad_request")


def test_someone_elses_sheet_is_404(setup, login, make_campaign):
    other = make_campaign(villages=1, inspectors=1)
    client = login(setup.inspectors[1].username)  # not the team's leader
    for call in (client.get(f"/api/sheets/{other.sheets[0].id}"),
                 save(client, other.sheets[0].id, {"A1": {"value": "1", "note": ""}}),
                 client.get(f"/api/sheets/{setup.sheets[0].id}")):  # a teammate's sheet
        assert (call.status_code, call.get_json()["error"]) == (404, "not_found")


def test_team_leader_reads_but_may_not_write_a_teammates_sheet(setup, login):
    client = login(setup.leader.username)
    teammate_sheet = setup.sheets[1]
    assert client.get(f"/api/sheets/{teammate_sheet.id}").status_code == 200
    answer = save(client, teammate_sheet.id, {"A1": {"value": "1", "note": ""}})
    assert (answer.status_code, answer.get_json()["error"]) == (403, "forbidden")


def test_submit_incomplete_then_complete_then_locked(inspector, sheet, engine):
    save(inspector, sheet.id, {"A1": {"value": "0", "note": ""}})
    incomplete = inspector.post(f"/api/sheets/{sheet.id}/submit", json={"base_version": 2})
    assert (incomplete.status_code, incomplete.get_json()["missing"]) == (422, ["A2"])
    save(inspector, sheet.id, {"A2": {"value": "否", "note": ""}}, base=2)
    done = inspector.post(f"/api/sheets/{sheet.id}/submit", json={"base_version": 3})
    assert (done.status_code, done.get_json()) == (200, {"version": 4, "status": "submitted"})
    locked = save(inspector, sheet.id, {"A2": {"value": "是", "note": ""}}, base=4)
    assert (locked.status_code, locked.get_json()["error"]) == (409, "locked")
    photo = inspector.post(f"/api/sheets/{sheet.id}/evidence",
                           data={"item": "A1", "file": (io.BytesIO(JPEG), "a.jpg")})
    assert photo.status_code == 409
    with Session(engine) as session:
        assert session.get(ScoreSheet, sheet.id).status == SheetStatus.SUBMITTED


def test_signed_off_sheet_is_locked(inspector, sheet, engine, make_user):
    from inspect_app.sheets.services import sign_off_sheet

    admin = make_user("boss", role=Role.ADMIN)
    with Session(engine) as session:
        sign_off_sheet(session, sheet_id=sheet.id, base_version=1, user=admin)
    answer = save(inspector, sheet.id, {"A1": {"value": "1", "note": ""}}, base=2)
    assert (answer.status_code, answer.get_json()["error"]) == (409, "locked")


def test_evidence_is_stored_once_per_upload_id_and_audited(inspector, sheet, engine):
    token = str(uuid.uuid4())
    first = inspector.post(f"/api/sheets/{sheet.id}/evidence",
                           data={"item": "A1", "upload": token, "file": (io.BytesIO(JPEG), "photo.jpg")})
    assert first.status_code == 201
    assert first.get_json() | {"id": 0} == {"id": 0, "item": "A1", "content_type": "image/jpeg",
                                             "size": len(JPEG), "duplicate": False}
    again = inspector.post(f"/api/sheets/{sheet.id}/evidence",
                           data={"item": "A1", "upload": token, "file": (io.BytesIO(JPEG), "photo.jpg")})
    assert (again.status_code, again.get_json()["id"]) == (200, first.get_json()["id"])
    with Session(engine) as session:
        assert len(session.exec(select(Evidence).where(Evidence.sheet_id == sheet.id)).all()) == 1
        fields = session.exec(select(AuditLog.field).where(AuditLog.entity_id == sheet.id)).all()
        assert "A1.evidence" in fields


def test_an_executable_renamed_jpg_is_415(inspector, sheet, engine):
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 100
    answer = inspector.post(f"/api/sheets/{sheet.id}/evidence",
                            data={"item": "A1", "file": (io.BytesIO(elf), "photo.jpg")})
    assert (answer.status_code, answer.get_json()["error"]) == (415, "unsupported_type")
    with Session(engine) as session:
        assert session.exec(select(Evidence)).all() == []


def test_an_oversized_file_is_413(app, inspector, sheet, engine):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    answer = inspector.post(f"/api/sheets/{sheet.id}/evidence",
                            data={"item": "A1", "file": (io.BytesIO(JPEG + b"\x00" * 2000), "big.jpg")})
    assert (answer.status_code, answer.get_json()["error"]) == (413, "too_large")
    with Session(engine) as session:
        assert session.exec(select(Evidence)).all() == []


def test_evidence_for_an_unknown_item_is_422(inspector, sheet):
    answer = inspector.post(f"/api/sheets/{sheet.id}/evidence",
                            data={"item": "Z9", "file": (io.BytesIO(JPEG), "a.jpg")})
    assert (answer.status_code, answer.get_json()["error"]) == (422, "invalid")


def test_anonymous_is_401(client, sheet):
    assert client.get(f"/api/sheets/{sheet.id}").status_code == 401
    assert save(client, sheet.id, {}).status_code == 401


def test_unknown_codes_and_refused_values_are_all_listed(inspector, sheet):
    answer = save(inspector, sheet.id, {"Z9": {"value": "1", "note": ""}, "A2": {"value": "也许", "note": ""}})
    assert sorted(e["item"] for e in answer.get_json()["errors"]) == ["A2", "Z9"]


def test_a_stored_value_the_checklist_refuses_counts_as_unanswered(inspector, sheet, engine):
    with Session(engine) as session:  # e.g. written before a checklist fix, or by another tool
        session.add(Answer(sheet_id=sheet.id, item_code="A1", value="很多", note=""))
        session.commit()
    body = inspector.get(f"/api/sheets/{sheet.id}").get_json()
    assert body["answers"]["A1"]["value"] == "很多"
    assert body["scores"]["items"]["A1"] is None
    assert "A1" in body["scores"]["missing"]
    assert inspector.get(f"/sheets/{sheet.id}").status_code == 200

"""The ledger's JSON API: the whole workflow and every refusal, on both databases."""

import io

import pytest
from sqlmodel import Session, select

from inspect_app.models import AuditLog, Rectification
from tests.app.rectification.world import JPEG, build, login


@pytest.fixture
def world(engine, make_campaign, make_user):
    return build(engine, make_campaign, make_user)


def act(client, row_id, action, version, note=""):
    return client.post(f"/api/rectifications/{row_id}/{action}", json={"base_version": version, "note": note})


def upload(client, row_id, data=JPEG, name="photo.jpg"):
    return client.post(
        f"/api/rectifications/{row_id}/evidence",
        data={"file": (io.BytesIO(data), name), "note": "整改后照片"},
        content_type="multipart/form-data",
    )


def fetch(client, url):
    """Status and body of a file download, the response closed."""
    with client.get(url) as response:
        return response.status_code, response.data


def test_the_whole_workflow_to_closure(client, world, engine):
    row = world.rows[0]
    login(client, world.users["lead"])
    assert act(client, row, "start", 1, "已安排专人").json == {"status": "in_progress", "version": 2}
    assert upload(client, row).status_code == 201
    assert act(client, row, "submit", 2).json == {"status": "submitted", "version": 3}
    login(client, world.users["inspector"])
    assert act(client, row, "return", 3, "照片看不清").json == {"status": "in_progress", "version": 4}
    login(client, world.users["lead"])
    assert act(client, row, "submit", 4).json == {"status": "submitted", "version": 5}
    login(client, world.users["inspector"])
    assert act(client, row, "close", 5, "复核属实").json == {"status": "closed", "version": 6}

    detail = client.get(f"/api/rectifications/{row}").json
    assert detail["status"] == "closed"
    assert detail["reviewer"] == world.users["inspector"].display_name
    moves = [(h["what"], h["old"], h["new"], h["who"]) for h in detail["history"] if h["what"] == "status"]
    assert moves == [
        ("status", "open", "in_progress", "测试fpb"),
        ("status", "in_progress", "submitted", "测试fpb"),
        ("status", "submitted", "in_progress", world.users["inspector"].display_name),
        ("status", "in_progress", "submitted", "测试fpb"),
        ("status", "submitted", "closed", world.users["inspector"].display_name),
    ]
    assert [h["reason"] for h in detail["history"] if h["what"] == "status"][2] == "照片看不清"
    assert [(e["content_type"], e["note"]) for e in detail["evidence"]] == [("image/jpeg", "整改后照片")]
    assert fetch(client, detail["evidence"][0]["url"]) == (200, JPEG)
    late = upload(client, row)
    assert (late.status_code, late.json["error"]) == (409, "invalid_transition")  # closed is closed
    with Session(engine) as session:
        stored = session.get(Rectification, row)
        assert stored.closed_at is not None
        assert stored.closure_note == "复核属实"


def test_submit_without_evidence_is_422(client, world):
    login(client, world.users["lead"])
    act(client, world.rows[0], "start", 1)
    response = act(client, world.rows[0], "submit", 2)
    assert (response.status_code, response.json["error"]) == (422, "evidence_required")


def submitted(client, world) -> int:
    """The first row, started, backed by a photo and submitted by its lead unit (now version 3)."""
    row = world.rows[0]
    login(client, world.users["lead"])
    act(client, row, "start", 1)
    upload(client, row)
    assert act(client, row, "submit", 2).status_code == 200
    return row


def test_return_needs_a_reason(client, world):
    row = submitted(client, world)
    login(client, world.users["admin"])
    response = act(client, row, "return", 3, "   ")
    assert (response.status_code, response.json["error"]) == (422, "note_required")


def test_a_unit_may_not_close_its_own_row(client, world):
    row = submitted(client, world)
    assert act(client, row, "close", 3).status_code == 403
    assert client.get(f"/api/rectifications/{row}").json["status"] == "submitted"


def test_a_co_operating_unit_adds_evidence_but_moves_nothing(client, world):
    row = world.rows[0]
    login(client, world.users["co"])
    assert act(client, row, "start", 1).status_code == 403
    assert upload(client, row).status_code == 201
    assert client.get(f"/api/rectifications/{row}").json["status"] == "open"


def test_an_inspector_may_not_do_the_units_work(client, world):
    login(client, world.users["inspector"])
    assert act(client, world.rows[0], "start", 1).status_code == 403


def test_another_unit_sees_nothing(client, world):
    login(client, world.users["other"])
    assert client.get("/api/rectifications").json == []
    for call in (
        client.get(f"/api/rectifications/{world.rows[0]}"),
        act(client, world.rows[0], "start", 1),
        upload(client, world.rows[0]),
    ):
        assert call.status_code == 404


def test_an_inspector_sees_their_campaigns_rows_and_the_standalone_rows_they_filed(client, world):
    login(client, world.users["inspector"])
    assert {r["id"] for r in client.get("/api/rectifications").json} == set(world.rows)
    assert client.get(f"/api/rectifications/{world.standalone}").status_code == 404
    login(client, world.users["outsider"])
    listed = client.get("/api/rectifications").json
    assert [(r["id"], r["source"], r["subject"]) for r in listed] == [
        (world.standalone, listed[0]["source"], "测试村0")
    ]
    assert listed[0]["source"].startswith("暗访 ")


def test_units_see_their_rows_most_urgent_first(client, world):
    login(client, world.users["co"])
    listed = client.get("/api/rectifications").json
    assert [r["id"] for r in listed] == world.rows  # overdue, due in 3 days, due in 30 days
    assert [r["overdue"] for r in listed] == [True, False, False]
    assert listed[0]["lead_unit"] == "区扶贫办"
    assert listed[0]["co_units"] == ["测试镇人民政府"]
    login(client, world.users["lead"])
    assert {r["id"] for r in client.get("/api/rectifications").json} == {*world.rows, world.standalone}


def test_two_people_moving_at_once_get_stale_never_a_lost_change(client, app, world, engine):
    row = world.rows[0]
    login(client, world.users["lead"])
    assert act(client, row, "start", 1).status_code == 200
    second = act(client, row, "start", 1)
    assert second.status_code == 409
    assert second.json["error"] == "stale"
    assert second.json["current_version"] == 2
    with Session(engine) as session:
        moves = session.exec(
            select(AuditLog).where(AuditLog.entity_type == "rectification", AuditLog.entity_id == row)
        ).all()
        assert len(moves) == 1


def test_a_move_that_does_not_apply_is_invalid_transition(client, world):
    login(client, world.users["admin"])
    response = act(client, world.rows[0], "close", 1)
    assert response.status_code == 409
    assert (response.json["error"], response.json["status"]) == ("invalid_transition", "open")


def test_unknown_action_is_404_and_bad_body_is_422(client, world):
    login(client, world.users["lead"])
    assert act(client, world.rows[0], "approve", 1).status_code == 404
    response = client.post(f"/api/rectifications/{world.rows[0]}/start", json={"note": "x"})
    assert (response.status_code, response.json["error"]) == (422, "invalid")


def test_status_filter(client, world):
    login(client, world.users["lead"])
    act(client, world.rows[1], "start", 1)
    assert [r["id"] for r in client.get("/api/rectifications?status=in_progress").json] == [world.rows[1]]
    assert len(client.get("/api/rectifications?status=open").json) == 3
    response = client.get("/api/rectifications?status=done")
    assert (response.status_code, response.json["error"]) == (422, "invalid")


def test_evidence_is_judged_by_content_and_size(client, app, world):
    login(client, world.users["lead"])
    response = upload(client, world.rows[0], data=b"<html>not a photo</html>", name="photo.jpg")
    assert (response.status_code, response.json["error"]) == (415, "unsupported_type")
    app.config["UPLOAD_MAX_BYTES"] = 100
    response = upload(client, world.rows[0])
    assert (response.status_code, response.json["error"]) == (413, "too_large")
    assert client.get(f"/api/rectifications/{world.rows[0]}").json["evidence"] == []


def test_evidence_files_are_served_only_to_those_who_see_the_row(client, world):
    login(client, world.users["lead"])
    url = upload(client, world.rows[0]).json["evidence"][0]["url"]
    assert fetch(client, url) == (200, JPEG)
    login(client, world.users["other"])
    assert fetch(client, url)[0] == 404
    login(client, world.users["lead"])
    assert fetch(client, url.replace(f"/{world.rows[0]}/", f"/{world.rows[1]}/"))[0] == 404

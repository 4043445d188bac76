"""POST /api/findings: a standalone finding filed once per submission id, with its photos, on both databases."""

import io
import os
import uuid

import pytest
from sqlmodel import Session, func, select

from inspect_app.models import (
    AuditLog,
    Finding,
    Rectification,
    RectificationCoUnit,
    RectificationEvidence,
)
from tests.app.rectification.world import JPEG, build, login

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture
def world(engine, make_campaign, make_user):
    return build(engine, make_campaign, make_user)


def body(world, submission, /, **changes):
    """A finding's multipart fields with one photo (fresh streams on every call)."""
    fields = {
        "submission": str(submission),
        "kind": "unannounced",
        "inspected_on": "2026-11-20",
        "subject_name": "洼子村",
        "area_id": "0",
        "problem": "饮水安全保障未落实",
        "measure": "一周内完成管网维修",
        "lead_unit_id": str(world.units["lead"]),
        "co_unit_ids": [str(world.units["co"])],
        "photos": [(io.BytesIO(JPEG), "1.jpg")],
    }
    return fields | changes


def file(client, data):
    return client.post("/api/findings", data=data, content_type="multipart/form-data")


def count(engine, model, *where) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_a_finding_is_filed_once_with_its_photo(client, world, engine, app):
    login(client, world.users["outsider"])
    submission = uuid.uuid4()
    first = file(client, body(world, submission))
    assert first.status_code == 201, first.json
    assert set(first.json) >= {"id", "version", "status"}
    assert (first.json["status"], first.json["version"], first.json["duplicate"]) == ("open", 1, False)
    again = file(client, body(world, submission))
    assert again.status_code == 200
    assert (again.json["id"], again.json["duplicate"]) == (first.json["id"], True)
    row_id = first.json["id"]
    assert count(engine, Finding, Finding.client_uuid == submission) == 1
    assert count(engine, RectificationEvidence, RectificationEvidence.rectification_id == row_id) == 1
    assert count(engine, RectificationCoUnit, RectificationCoUnit.rectification_id == row_id) == 1
    with Session(engine) as session:
        row = session.get(Rectification, row_id)
        finding = session.get(Finding, row.finding_id)
        evidence = session.exec(select(RectificationEvidence).where(RectificationEvidence.rectification_id == row_id)).one()
        audited = session.exec(select(AuditLog.field).where(AuditLog.entity_type == "rectification",
                                                            AuditLog.entity_id == row_id)).all()
    assert (row.problem, row.measure, str(row.deadline)) == ("洼子村：饮水安全保障未落实", "一周内完成管网维修", "2026-12-20")
    assert (finding.filed_by_id, finding.source) == (world.users["outsider"].id, "暗访")
    assert sorted(audited) == ["co_units", "evidence", "status"]
    uploads = app.instance_path + "/uploads"
    with open(f"{uploads}/{evidence.file_path}", "rb") as stored:
        assert stored.read() == JPEG  # the photo read back as sent
    assert len([n for n in os.listdir(uploads) if not n.startswith(".")]) == 1  # the repeat left no file behind
    # the filer sees and verifies the row
    assert client.get(f"/api/rectifications/{row_id}").json["evidence"][0]["note"] == "现场照片"


@pytest.mark.parametrize(
    "change",
    [
        lambda: {"problem": "另一个问题"},
        lambda: {"photos": [(io.BytesIO(PNG), "1.png")]},
        lambda: {"photos": []},
        lambda: {"co_unit_ids": []},
    ],
    ids=["problem", "other_photo", "no_photo", "co_units"],
)
def test_another_body_under_the_same_submission_is_409(client, world, engine, change):
    login(client, world.users["outsider"])
    submission = uuid.uuid4()
    assert file(client, body(world, submission)).status_code == 201
    conflict = file(client, body(world, submission, **change()))
    assert conflict.status_code == 409
    assert conflict.json["error"] == "submission_conflict"
    assert "未录入" in conflict.json["message"]
    assert count(engine, Finding, Finding.client_uuid == submission) == 1
    assert count(engine, RectificationEvidence) == 1


def test_another_user_cannot_reuse_a_submission(client, world):
    login(client, world.users["outsider"])
    submission = uuid.uuid4()
    assert file(client, body(world, submission)).status_code == 201
    login(client, world.users["inspector"])
    assert file(client, body(world, submission)).status_code == 409


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lead_unit_id", "999999", "没有这个单位"),
        ("lead_unit_id", "abc", "没有这个单位"),
        ("co_unit_ids", ["999999"], "协同责任单位“999999”不存在"),
        ("inspected_on", "2026-13-45", "日期应写作 2026-11-20"),
        ("deadline", "下周", "日期应写作 2026-11-20"),
        ("problem", "  ", "请填写发现的问题"),
        ("subject_name", "", "请填写检查对象"),
        ("kind", "scored", "检查类别应为"),
        ("area_id", "999999", "没有这个乡镇或村"),
        ("submission", "not-a-uuid", "提交编号应为 UUID"),
        ("submission", "", "缺少提交编号"),
    ],
)
def test_refused_values_are_422_in_chinese_and_nothing_is_stored(client, world, engine, field, value, message):
    login(client, world.users["outsider"])
    refused = file(client, body(world, uuid.uuid4(), **{field: value}))
    assert refused.status_code == 422, refused.json
    assert refused.json["error"] == "invalid"
    assert [e["item"] for e in refused.json["errors"]] == [field]
    assert message in refused.json["errors"][0]["message"]
    assert count(engine, Finding, Finding.kind != "scored", Finding.subject_name == "洼子村") == 0
    assert count(engine, RectificationEvidence) == 0


def test_several_refusals_are_listed_together(client, world):
    login(client, world.users["outsider"])
    refused = file(client, body(world, uuid.uuid4(), problem="", lead_unit_id="999999", inspected_on="x"))
    assert refused.status_code == 422
    assert {e["item"] for e in refused.json["errors"]} == {"problem", "lead_unit_id", "inspected_on"}


@pytest.mark.parametrize(
    ("photo", "status"),
    [((b"GIF89a" + b"\x00" * 50, "a.jpg"), 415), ((JPEG + b"\x00" * 2048, "big.jpg"), 413)],
    ids=["type_by_content", "too_large"],
)
def test_a_refused_photo_files_nothing(client, world, engine, app, photo, status):
    app.config["UPLOAD_MAX_BYTES"] = 1024
    login(client, world.users["outsider"])
    data = body(world, uuid.uuid4())
    data["photos"] = [(io.BytesIO(JPEG), "ok.jpg"), (io.BytesIO(photo[0]), photo[1])]
    refused = file(client, data)
    assert refused.status_code == status
    assert count(engine, Finding, Finding.subject_name == "洼子村") == 0
    uploads = app.instance_path + "/uploads"
    assert [n for n in os.listdir(uploads) if not n.startswith(".")] == []  # the good photo was removed too


@pytest.mark.parametrize("who", ["lead", "leader"])
def test_units_and_leaders_may_not_file(client, world, engine, who):
    login(client, world.users[who])
    refused = file(client, body(world, uuid.uuid4()))
    assert refused.status_code == 403
    assert refused.json["error"] == "forbidden"
    assert count(engine, Finding, Finding.subject_name == "洼子村") == 0


def test_the_page_files_once_when_posted_twice(client, world, engine):
    login(client, world.users["outsider"])
    page = client.get("/rectifications/new").text
    assert 'name="submission"' in page
    submission = uuid.uuid4()
    first = client.post("/rectifications/new", data=body(world, submission), content_type="multipart/form-data")
    again = client.post("/rectifications/new", data=body(world, submission), content_type="multipart/form-data")
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert count(engine, Finding, Finding.client_uuid == submission) == 1
    assert count(engine, RectificationEvidence) == 1
    assert "未重复录入" in client.get(again.headers["Location"]).text

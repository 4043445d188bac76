"""The office's checklists, users, areas and audit log in the browser, with each refusal in place."""

import io

import yaml
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, select

from inspect_app.checklist_tables import checklist_workbook
from inspect_app.models import Area, AuditLog, ChecklistVersion, Role, User
from tests.conftest import TINY_CHECKLIST


def _upload(client, data: bytes, name: str):
    return client.post("/admin/checklists", data={"file": (io.BytesIO(data), name)})


def _xlsx(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_total_that_does_not_add_up_and_a_duplicate_code_are_listed_together(client, auth, engine):
    auth.login()
    wrong = TINY_CHECKLIST.replace("total: 20", "total: 25").replace("{code: A2,", "{code: A1,")
    response = _upload(client, wrong.encode(), "tiny.yaml")
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "总分 25 与各项满分之和 20 不符" in text
    assert "sections[0].items[1].code" in text
    assert "重复" in text
    with Session(engine) as session:
        assert session.exec(select(ChecklistVersion)).all() == []


def test_a_county_table_with_a_mistake_names_its_row_then_is_stored_once_fixed(client, auth, engine):
    auth.login()
    book = checklist_workbook(yaml.safe_load(TINY_CHECKLIST))
    sheet = book["考核细则"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "A2")
    row[3].value = 15  # the total no longer adds up
    response = _upload(client, _xlsx(book), "细则.xlsx")
    assert response.status_code == 422
    assert "不符" in response.get_data(as_text=True)
    row[3].value = 10
    assert _upload(client, _xlsx(book), "细则.xlsx").status_code == 200
    assert _upload(client, TINY_CHECKLIST.replace("识别准确", "识别精准").encode(), "tiny.yaml").status_code == 200
    with Session(engine) as session:
        first, second = session.exec(select(ChecklistVersion).order_by(ChecklistVersion.version)).all()
    assert second.version == 2
    diff = client.get(f"/admin/checklists/{second.id}/diff/{first.id}").get_data(as_text=True)
    assert "修改" in diff
    assert "识别准确 → 识别精准" in diff
    printed = client.get(f"/admin/checklists/{second.id}").get_data(as_text=True)
    assert "驻村工作队在岗" in printed
    assert "扣分" in printed
    assert client.get(f"/admin/checklists/{second.id}.yaml").get_data(as_text=True) == second.yaml_text
    table = load_workbook(io.BytesIO(client.get(f"/admin/checklists/{second.id}.xlsx").data))
    assert "考核细则" in table.sheetnames


def test_users_are_created_edited_disabled_and_reset(client, auth, engine, app):
    auth.login()
    made = client.post(
        "/admin/users/new",
        data={
            "username": "wang",
            "display_name": "王五",
            "role": "inspector",
            "unit": 0,
            "active": "y",
            "password": "lake-view-2026",
        },
    )
    assert made.status_code == 302
    again = client.post(
        "/admin/users/new",
        data={
            "username": "wang",
            "display_name": "王五",
            "role": "inspector",
            "unit": 0,
            "active": "y",
            "password": "lake-view-2026",
        },
    )
    assert again.status_code == 422
    assert "已被使用" in again.get_data(as_text=True)
    with Session(engine) as session:
        wang = session.exec(select(User).where(User.username == "wang")).one()
    other = app.test_client()
    other.post("/auth/login", data={"username": "wang", "password": "lake-view-2026"})
    assert other.get("/").status_code == 200
    client.post(f"/admin/users/{wang.id}", data={"display_name": "王五", "role": "inspector", "unit": 0})
    assert other.get("/").status_code == 302  # disabled: the session ends at once
    client.post(f"/admin/users/{wang.id}/password", data={"password": "river-bend-77"})
    with Session(engine) as session:
        wang = session.get(User, wang.id)
        assert (wang.active, wang.must_change_password) == (False, True)
        fields = {row.field for row in session.exec(select(AuditLog).where(AuditLog.entity_type == "user"))}
    assert {"created", "active", "password_reset"} <= fields


def test_areas_import_refuses_the_whole_sheet_for_one_bad_row(client, auth, engine):
    auth.login()
    book = Workbook()
    for row in (["区", "乡镇", "村"], ["东洲区", "东镇", "甲村"], ["东洲区", None, "乙村"]):
        book.active.append(row)
    bad = client.post("/admin/areas/import", data={"file": (io.BytesIO(_xlsx(book)), "地区.xlsx")})
    assert bad.status_code == 422
    assert "乡镇不能为空" in bad.get_data(as_text=True)
    with Session(engine) as session:
        assert session.exec(select(Area)).all() == []
    book.active["B3"] = "西镇"
    assert client.post("/admin/areas/import", data={"file": (io.BytesIO(_xlsx(book)), "地区.xlsx")}).status_code == 302
    with Session(engine) as session:
        assert sorted(a.name for a in session.exec(select(Area))) == ["东洲区", "东镇", "乙村", "甲村", "西镇"]
    log = client.get("/admin/audit?entity=area&field=created").get_data(as_text=True)
    assert log.count("<td>area</td>") == 5


def test_leaders_read_the_setup_but_not_the_audit_log(client, auth):
    auth.login("boss", Role.LEADER)
    assert client.get("/admin/campaigns").status_code == 200
    assert "管理" in client.get("/").get_data(as_text=True)
    assert client.get("/admin/audit").status_code == 403
    assert client.post("/admin/units", data={"name": "x", "kind": "department"}).status_code == 403


def test_the_audit_filter_refuses_an_id_no_column_holds(client, auth, backend):
    auth.login()
    response = client.get("/admin/audit?entity_id=" + "9" * 30)
    assert response.status_code == 200
    assert "编号超出范围" in response.get_data(as_text=True)

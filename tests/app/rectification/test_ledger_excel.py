"""The ledger in and out of Excel in the offices' columns, read back with openpyxl; formulas neutralised."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, select

from inspect_app.exports import neutralise
from inspect_app.models import Finding, FindingKind, Rectification, RectificationCoUnit
from inspect_app.rectification.excel import COLUMNS
from tests.app.rectification.world import build, login


@pytest.fixture
def world(engine, make_campaign, make_user):
    return build(engine, make_campaign, make_user)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("柳河村", "柳河村"),
        ("a=b", "a=b"),
        (3, 3),
        (None, None),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def sheet_of(response):
    book = load_workbook(io.BytesIO(response.data))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_export_in_the_offices_columns(client, world, engine):
    with Session(engine) as session:
        row = session.get(Rectification, world.rows[0])
        row.measure = "=cmd|' /C calc'!A0"
        session.add(row)
        session.commit()
    login(client, world.users["co"])
    response = client.get("/rectifications/export.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    lines = sheet_of(response)
    assert lines[0] == COLUMNS
    assert len(lines) == 1 + 3  # the co-operating unit's three rows, not the standalone one
    first = dict(zip(COLUMNS, lines[1], strict=True))
    assert first["问题描述"] == "测试村0：A1未达标"
    assert first["整改措施"] == "'=cmd|' /C calc'!A0"
    assert (first["牵头责任单位"], first["协同责任单位"], first["整改状态"]) == ("区扶贫办", "测试镇人民政府", "待整改")
    assert first["整改时限"].date() < date.today()
    login(client, world.users["other"])
    assert len(sheet_of(client.get("/rectifications/export.xlsx"))) == 1  # the header only


def workbook(*rows) -> bytes:
    book = Workbook()
    book.active.title = "台账"
    book.active.append(COLUMNS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    "暗访 2026-11-20",
    "洼子村：公示栏未更新",
    "三日内更新",
    "区扶贫办",
    "测试镇人民政府",
    "李四",
    date(2026, 12, 1),
    "待整改",
]
BAD = ["考核 2026-11-20", "", "", "县不存在局", "", "", "明天", "已销号"]


def post_import(client, data: bytes, good_only: str = ""):
    return client.post(
        "/rectifications/import",
        data={"file": (io.BytesIO(data), "ledger.xlsx"), "good_only": good_only},
        content_type="multipart/form-data",
    )


def standalone_count(engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(Finding).where(Finding.kind == FindingKind.UNANNOUNCED)).all())


def test_import_refuses_every_bad_cell_and_imports_nothing(client, world, engine):
    login(client, world.users["admin"])
    response = post_import(client, workbook(GOOD, BAD))
    assert response.status_code == 422
    for column in ("问题来源", "问题描述", "牵头责任单位", "整改时限", "整改状态"):
        assert f"<td>台账</td><td>3</td><td>{column}</td>" in response.text
    assert "未导入任何行" in response.text
    assert standalone_count(engine) == 1  # only the world's own


def test_import_the_good_rows_when_asked(client, world, engine):
    login(client, world.users["admin"])
    response = post_import(client, workbook(GOOD, BAD), good_only="1")
    assert response.status_code == 200
    assert "已导入 1 行" in response.text
    with Session(engine) as session:
        finding = session.exec(select(Finding).where(Finding.inspected_on == date(2026, 11, 20))).one()
        row = session.exec(select(Rectification).where(Rectification.finding_id == finding.id)).one()
        co = session.exec(select(RectificationCoUnit).where(RectificationCoUnit.rectification_id == row.id)).all()
    assert (finding.kind, finding.subject_name, row.problem) == (
        FindingKind.UNANNOUNCED,
        "洼子村",
        "洼子村：公示栏未更新",
    )
    assert (row.lead_unit_id, row.deadline, row.person_responsible) == (world.units["lead"], date(2026, 12, 1), "李四")
    assert [c.unit_id for c in co] == [world.units["co"]]


def test_import_refuses_a_file_that_is_not_a_workbook_and_a_missing_header(client, world):
    login(client, world.users["admin"])
    assert "不是有效的 .xlsx" in post_import(client, b"not a workbook").text
    book = Workbook()
    book.active.append(["问题描述"])
    out = io.BytesIO()
    book.save(out)
    assert "表头缺少这些列" in post_import(client, out.getvalue()).text

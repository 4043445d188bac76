"""Upload tricks through both evidence endpoints (the sheet's and the ledger row's), end to end."""

import io
from pathlib import Path

import pytest
from sqlmodel import Session, select

from inspect_app.models import Evidence, RectificationEvidence, Role, Unit, UnitKind
from tests.app.hostile import check_answer, log_in
from tests.app.test_access_table import ADMIN, INSPECTOR, LEADER, UNIT

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PDF = b"%PDF-1.4\n%" + b"x" * 200 + b"\n%%EOF\n"
EXE = b"MZ\x90\x00\x03" + b"\x00" * 500
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
GIVEN_NAME = "../../../static/evil.jpg"


def endpoints(ids) -> dict[str, tuple[str, str]]:
    """Each evidence endpoint: (who uploads, url)."""
    return {"sheet": (INSPECTOR, f"/api/sheets/{ids['sheet']}/evidence"),
            "rectification": (UNIT, f"/api/rectifications/{ids['rectification']}/evidence")}


def post(client, url: str, data: bytes, filename: str):
    """An upload of data named filename (item A1 for the sheet)."""
    return client.post(url, data={"file": (io.BytesIO(data), filename), "item": "A1"},
                       content_type="multipart/form-data")


def stored(engine) -> list[str]:
    """Every stored evidence file name."""
    with Session(engine) as session:
        return [*session.exec(select(Evidence.file_path)), *session.exec(select(RectificationEvidence.file_path))]


@pytest.mark.parametrize("kind", ["sheet", "rectification"])
@pytest.mark.parametrize(("data", "filename", "status"), [
    (EXE, "photo.jpg", 415),
    (SVG, "photo.svg", 415),
    (SVG, "photo.png", 415),
    (JPEG + b"\x00" * 5000, "big.jpg", 413),
], ids=["exe-as-jpg", "svg", "svg-as-png", "oversized"])
def test_refused_uploads_leave_nothing(app, engine, world, kind, data, filename, status):
    users, ids = world
    app.config["UPLOAD_MAX_BYTES"] = 4096
    role, url = endpoints(ids)[kind]
    before = stored(engine), files(app)  # the world's own signed-off photo
    response = post(log_in(app, users[role]), url, data, filename)
    assert response.status_code == status
    check_answer(response)
    assert (stored(engine), files(app)) == before


def files(app) -> list[Path]:
    """Every file of the instance folder but the database."""
    return sorted(p for p in Path(app.instance_path).rglob("*") if p.is_file() and p.suffix != ".sqlite")


@pytest.mark.parametrize("kind", ["sheet", "rectification"])
def test_a_path_in_the_name_is_never_used(app, engine, world, kind, tmp_path):
    users, ids = world
    role, url = endpoints(ids)[kind]
    before = set(stored(engine))
    assert post(log_in(app, users[role]), url, JPEG, GIVEN_NAME).status_code == 201
    (name,) = set(stored(engine)) - before
    assert "/" not in name
    assert ".." not in name
    assert "evil" not in name
    uploads = [p for p in tmp_path.rglob("*") if p.is_file() and p.read_bytes() == JPEG]
    assert [p.name for p in uploads] == [name]
    assert uploads[0].parent.name == "uploads"


def test_a_pdf_is_served_only_to_those_allowed(app, engine, world, make_user):
    users, ids = world
    unit = log_in(app, users[UNIT])
    response = unit.post(f"/api/rectifications/{ids['rectification']}/evidence",
                         data={"file": (io.BytesIO(PDF), "整改报告.pdf"), "note": "报告"})
    assert response.status_code == 201
    (evidence,) = response.get_json()["evidence"]
    assert evidence["content_type"] == "application/pdf"
    with Session(engine) as session:
        other_unit = Unit(name="区教育局", kind=UnitKind.DEPARTMENT)
        session.add(other_unit)
        session.commit()
        other_unit_id = other_unit.id
    make_user("edu", role=Role.UNIT_USER, unit_id=other_unit_id)
    make_user("roving", role=Role.INSPECTOR)
    for username in (users[ADMIN], users[LEADER], users[INSPECTOR], users[UNIT]):
        with log_in(app, username).get(evidence["url"]) as served:
            assert served.status_code == 200, username
            assert served.data == PDF
            assert served.headers["X-Content-Type-Options"] == "nosniff"
            assert served.headers["Content-Disposition"].startswith("attachment")
            assert "sandbox" in served.headers["Content-Security-Policy"]
            assert served.mimetype == "application/pdf"
    for username in ("edu", "roving"):
        assert log_in(app, username).get(evidence["url"]).status_code == 404, username
    assert app.test_client().get(evidence["url"]).status_code == 302  # to the login form

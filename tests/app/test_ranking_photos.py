"""The drill-down shows the photos inspectors took on signed-off sheets, and serves them only to
those who may see that subject's drill-down."""

import io
import uuid

from sqlmodel import Session

from inspect_app.models import Campaign, Role, Unit, UnitKind
from inspect_app.models.base import utcnow
from inspect_app.sheets.services import save_answers, sign_off_sheet
from tests.conftest import PASSWORD

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
PDF = b"%PDF-1.4\n" + b"0" * 300


def logged_in(app, username: str):
    """A new client logged in as username."""
    client = app.test_client()
    assert client.post("/auth/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def fetch(client, url: str):
    """GET a file, read whole and closed: status, type, bytes and headers."""
    with client.get(url) as answer:
        return answer.status_code, answer.mimetype, answer.get_data(), answer.headers


def attach(client, sheet_id: int, item: str, data: bytes, name: str) -> int:
    """Upload a file to the sheet's item; its evidence id."""
    answer = client.post(f"/api/sheets/{sheet_id}/evidence", data={"item": item, "file": (io.BytesIO(data), name)})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


def test_the_drill_down_shows_and_serves_the_photos_of_signed_off_sheets(app, engine, make_campaign, make_user, auth):
    setup = make_campaign(villages=2, inspectors=1)
    signed, draft = setup.sheets  # one sheet per village: the first is signed off, the second stays a draft
    inspector = logged_in(app, setup.inspectors[0].username)
    photo = attach(inspector, signed.id, "A1", JPEG, "a.jpg")
    document = attach(inspector, signed.id, "A2", PDF, "b.pdf")
    unsigned = attach(inspector, draft.id, "A1", JPEG, "c.jpg")
    with Session(engine) as session:
        saved = save_answers(session, signed.id, 1, {"A1": "1", "A2": "是"}, setup.inspectors[0], uuid.uuid4())
        sign_off_sheet(session, sheet_id=signed.id, base_version=saved.version, user=setup.leader)
    campaign, subject, other = setup.campaign.id, setup.subjects[0].id, setup.subjects[1].id
    base = f"/campaigns/{campaign}/rankings/{subject}"

    auth.login("leader", Role.LEADER)
    leader = auth._client
    page = leader.get(base).text
    assert f'<img src="{base}/photos/{photo}"' in page
    assert f'href="{base}/photos/{document}">佐证材料 1（PDF）' in page
    assert f"/photos/{unsigned}" not in page
    status, kind, data, headers = fetch(leader, f"{base}/photos/{photo}")
    assert (status, kind, data, headers["X-Content-Type-Options"]) == (200, "image/jpeg", JPEG, "nosniff")
    status, kind, data, headers = fetch(leader, f"{base}/photos/{document}")
    assert (status, data, headers["Content-Disposition"].split(";")[0]) == (200, PDF, "attachment")
    # a draft's photo, a photo asked for under another subject, an id that does not exist: not found
    assert leader.get(f"{base}/photos/{unsigned}").status_code == 404
    assert leader.get(f"/campaigns/{campaign}/rankings/{other}/photos/{photo}").status_code == 404
    assert leader.get(f"{base}/photos/{photo + 1000}").status_code == 404

    # a unit user sees nothing of an unpublished campaign, and the photos once it is published
    with Session(engine) as session:
        office = Unit(name="县扶贫办", kind=UnitKind.DEPARTMENT)
        session.add(office)
        session.commit()
        unit = logged_in(app, make_user("unit", role=Role.UNIT_USER, unit_id=office.id).username)
    assert unit.get(f"{base}/photos/{photo}").status_code == 404
    with Session(engine) as session:
        row = session.get(Campaign, campaign)
        row.published_at = utcnow()
        session.add(row)
        session.commit()
    assert fetch(unit, f"{base}/photos/{photo}")[:3] == (200, "image/jpeg", JPEG)
    assert f'<img src="{base}/photos/{photo}"' in unit.get(base).text

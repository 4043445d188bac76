"""Formula injection: text that starts like a formula reaches no export unneutralised.

Every user-text field that an export shows (subject, town and area names, inspector names,
notes, the ledger's problem, measure and person responsible, unit names, checklist item text,
the campaign's title) is set to a formula; every export the app offers is read back. A cell
may start with = + - @ tab or CR only when it is a plain number (a negative score).
"""

import csv
import io
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlmodel import Session, select

from inspect_app.cli.engine import score_command
from inspect_app.exports import FORMULA_STARTS
from inspect_app.models import (
    Answer,
    Area,
    Campaign,
    CampaignSubject,
    ChecklistVersion,
    Finding,
    Rectification,
    Role,
    ScoreSheet,
    SheetStatus,
    Unit,
    UnitKind,
    User,
)

PAYLOADS = ['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


def unsafe(value) -> bool:
    """Whether a cell's text starts like a formula and is not a plain number."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


def xlsx_cells(data: bytes) -> list[tuple[str, object]]:
    """Every cell of every sheet: (where, value); formula cells as ('formula', text)."""
    book = load_workbook(io.BytesIO(data))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = ("formula", cell.value) if cell.data_type == "f" else cell.value
                cells.append((f"{sheet.title}!{cell.coordinate}", value))
    return cells


def csv_cells(text: str) -> list[tuple[str, object]]:
    """Every field of a CSV text: (where, value)."""
    return [(f"{r}:{c}", value) for r, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
            for c, value in enumerate(row)]


def formulas(cells) -> list:
    """The cells that a spreadsheet would take for a formula."""
    return [(where, value) for where, value in cells if isinstance(value, tuple) or unsafe(value)]


def poison(engine, ranked, payload: str) -> None:
    """Every user-text field an export shows, set to payload (with a tag where names must differ)."""
    with Session(engine) as session:
        campaign = session.get(Campaign, ranked.campaign.id)
        campaign.title = payload + "考核"
        version = session.get(ChecklistVersion, campaign.checklist_version_id)
        version.yaml_text = version.yaml_text.replace("text: 识别准确", f"text: {json.dumps(payload + '识别')}")
        for n, subject in enumerate(session.exec(select(CampaignSubject).where(CampaignSubject.campaign_id == campaign.id))):
            subject.name = f"{payload}村{n}"
            subject.group_name = f"{payload}镇{n % 2}"
            area = session.get(Area, subject.area_id)
            area.name = subject.name
            session.add_all([subject, area])
        for n, inspector in enumerate(ranked.inspectors):
            user = session.get(User, inspector.id)
            user.username, user.display_name = f"{payload}{n}", f"{payload}督查员{n}"
            session.add(user)
        for answer in session.exec(select(Answer)):
            answer.note = payload + "备注"
            session.add(answer)
        unit = Unit(name=payload + "局", kind=UnitKind.DEPARTMENT)
        session.add_all([campaign, version, unit])
        session.flush()
        finding = Finding(campaign_id=campaign.id, subject_id=ranked.subjects[0].id, item_code="A1", text=payload)
        session.add(finding)
        session.flush()
        session.add(Rectification(finding_id=finding.id, problem=payload + "问题", measure=payload + "措施",
                                  person_responsible=payload + "张三", lead_unit_id=unit.id))
        session.commit()


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_no_export_carries_a_formula(client, auth, engine, ranked, tmp_path, payload):
    poison(engine, ranked, payload)
    auth.login("office", Role.ADMIN)
    cid = ranked.campaign.id
    with Session(engine) as session:
        version_id = session.get(Campaign, cid).checklist_version_id
        signed = {s.subject_id for s in session.exec(select(ScoreSheet).where(ScoreSheet.campaign_id == cid, ScoreSheet.status == SheetStatus.SIGNED_OFF))}
    found = {}
    downloads = [f"/campaigns/{cid}/rankings.xlsx", "/rectifications/export.xlsx", f"/admin/checklists/{version_id}.xlsx"]
    downloads += [f"/campaigns/{cid}/rankings/{sid}.xlsx" for sid in sorted(signed)]
    for url in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = xlsx_cells(response.data)
    answers = client.get(f"/campaigns/{cid}/answers.csv")
    assert answers.status_code == 200
    found["answers.csv"] = csv_cells(answers.get_data(as_text=True))
    assert any(payload in str(value) for _, value in found["answers.csv"]), "the payload reaches answers.csv"
    (tmp_path / "list.yaml").write_bytes(client.get(f"/campaigns/{cid}/checklist.yaml").data)
    (tmp_path / "answers.csv").write_bytes(answers.data)
    for suffix in (".csv", ".xlsx"):
        out, rect = tmp_path / f"out{suffix}", tmp_path / f"rect{suffix}"
        done = CliRunner().invoke(score_command, [str(tmp_path / "list.yaml"), str(tmp_path / "answers.csv"),
                                                  "--out", str(out), "--rectifications", str(rect),
                                                  "--allow-incomplete"])
        assert done.exit_code == 0, done.output
        for path in (out, rect):
            read = csv_cells(path.read_bytes().decode("utf-8")) if suffix == ".csv" else xlsx_cells(path.read_bytes())
            found[path.name] = read
    for name, cells in found.items():
        seen = {payload, payload.replace("\r", "\n")}  # XML reads a raw CR as LF
        assert any(s in str(value) for _, value in cells for s in seen) or name.startswith("rect"), f"{name} lacks it"
        assert formulas(cells) == [], name

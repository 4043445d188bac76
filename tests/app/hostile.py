"""Hostile values and the checks every answer to them must pass (shared by the input tests)."""

import io
import math
import re

from openpyxl import Workbook
from sqlmodel import Session, select

from inspect_app.inspect import scores
from inspect_app.models import Answer, Area, Campaign, ChecklistVersion, ScoreSheet, Unit, User
from tests.conftest import PASSWORD

CHINESE = re.compile(r"[\u4e00-\u9fff]")
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # what forms and imports refuse

# The nastiest values, as JSON would carry them.
NASTY = [
    10**30, -(10**30), 2**31, 2**63, -1, 0, 1.5, 1e308, math.nan, math.inf, -math.inf,
    "NaN", "Infinity", "-5", "１２", "٣", "5" * 400, "x" * 10_000, "\x00", "a\x00b", "\x01\x1f\x7f",
    "'; DROP TABLE answer;--", "<script>alert(1)</script>", '=HYPERLINK("http://x")', "@SUM(A1)",
    "\u202e", "\U0001f600", [], [1], {}, {"value": {}}, None, True, False, "", "   ",
]


def log_in(app, username: str):
    """A client logged in as username."""
    client = app.test_client()
    client.post("/auth/login", data={"username": username, "password": PASSWORD})
    return client


def check_answer(response) -> None:
    """Never a 5xx; an /api error is JSON with a code and a Chinese message."""
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.request.path.startswith("/api/") and response.status_code >= 400:
        body = response.get_json(silent=True)
        assert isinstance(body, dict), response.get_data(as_text=True)[:200]
        assert isinstance(body.get("error"), str)
        assert CHINESE.search(body.get("message", "")), body


def stored_answers_are_accepted(engine) -> None:
    """Every stored answer value is one the sheet's checklist accepts for its code."""
    with Session(engine) as session:
        rows = session.exec(
            select(Answer, ChecklistVersion.yaml_text)
            .join(ScoreSheet, ScoreSheet.id == Answer.sheet_id)
            .join(Campaign, Campaign.id == ScoreSheet.campaign_id)
            .join(ChecklistVersion, ChecklistVersion.id == Campaign.checklist_version_id)
        ).all()
    for answer, text in rows:
        refused = scores.refused(scores.checklist_of(text), {answer.item_code: answer.value})
        assert refused == [], (answer.item_code, answer.value, refused)


def stored_names_are_valid(engine) -> None:
    """Every stored name is one the admin forms accept: not blank, within its length, no control characters but tab and line breaks."""
    with Session(engine) as session:
        names = [(u.name, 100) for u in session.exec(select(Unit))]
        names += [(a.name, 100) for a in session.exec(select(Area))]
        names += [(u.display_name, 100) for u in session.exec(select(User))]
        names += [(u.username, 50) for u in session.exec(select(User))]
        names += [(c.title, 200) for c in session.exec(select(Campaign))]
        years = [c.year for c in session.exec(select(Campaign))]
    for name, longest in names:
        assert name.strip(), repr(name[:50])
        assert len(name) <= longest, name[:50]
        assert not CONTROLS.search(name), repr(name[:50])
    assert all(2000 <= year <= 2100 for year in years), years


def xlsx(rows) -> io.BytesIO:
    """An .xlsx upload of rows (cells that openpyxl cannot write are written as their repr)."""
    book = Workbook()
    for row in rows:
        book.active.append([cell if _writable(cell) else repr(cell) for cell in row])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def _writable(cell) -> bool:
    """Whether openpyxl can write cell as it is."""
    if isinstance(cell, str):
        return not any(ord(char) < 32 and char not in "\t\n\r" for char in cell)
    return cell is None or isinstance(cell, bool | int | float) and not (isinstance(cell, int) and abs(cell) > 2**53)

"""Several processes read-then-update one sheet at once: no update is lost, none fails."""

import multiprocessing
import uuid

import pytest
from sqlmodel import Session, select

from inspect_app.db import make_engine
from inspect_app.models import Answer, ScoreSheet, User
from inspect_app.sheets.errors import StaleSheet
from inspect_app.sheets.services import save_answers

PROCESSES = 4
SAVES_EACH = 25


def read_then_update(url: str, sheet_id: int, user_id: int, saves: int, start, results) -> None:
    """Save counter + 1 `saves` times, re-reading and retrying whenever the sheet moved on."""
    engine = make_engine(url)
    start.wait(timeout=60)  # all processes race from here
    commits = stale = 0
    errors = []
    with Session(engine) as session:
        while commits < saves:
            try:
                # Read, as a form shown to an inspector, in its own transaction.
                base = session.get(ScoreSheet, sheet_id, populate_existing=True).version
                answer = session.exec(
                    select(Answer).where(Answer.sheet_id == sheet_id, Answer.item_code == "A1")
                ).first()
                counter = int(answer.value) if answer else 0
                user = session.get(User, user_id)
                session.commit()
                save_answers(session, sheet_id, base, {"A1": str(counter + 1)}, user, uuid.uuid4())
                commits += 1
            except StaleSheet:
                stale += 1
            except Exception as error:  # noqa: BLE001 - every other error is reported
                errors.append(repr(error))
                session.rollback()
                if len(errors) > 5:
                    break
    engine.dispose()
    results.put((commits, stale, errors))


@pytest.mark.slow
def test_no_lost_update_under_concurrent_saves(engine, db_url, make_campaign):
    setup = make_campaign(villages=1, inspectors=1)
    sheet, inspector = setup.sheets[0], setup.inspectors[0]
    engine.dispose()
    context = multiprocessing.get_context("spawn")
    results, start = context.Queue(), context.Barrier(PROCESSES)
    workers = [
        context.Process(
            target=read_then_update,
            args=(db_url, sheet.id, inspector.id, SAVES_EACH, start, results),
        )
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)

    assert [errors for _, _, errors in outcomes] == [[]] * PROCESSES
    commits = sum(c for c, _, _ in outcomes)
    assert commits == PROCESSES * SAVES_EACH
    with Session(engine) as session:
        answer = session.exec(select(Answer).where(Answer.sheet_id == sheet.id)).one()
        assert int(answer.value) == commits
        assert session.get(ScoreSheet, sheet.id).version == 1 + commits

"""Writing the answers a save changes: one read of the codes sent, then one statement per kind of write.

Only the codes in the save are read (not the whole sheet); changed answers are updated in one
executemany, new ones inserted in one, and every changed field goes to the audit log in one INSERT.
"""

from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session

from inspect_app.audit import record_changes
from inspect_app.models import Answer, AnswerBase

ANSWERS = Answer.__table__


def write_answers(session: Session, sheet_id: int, wanted: dict[str, AnswerBase], user_id: int,
                  now: datetime, entity_type: str) -> int:
    """Store what differs from the stored answers of wanted's codes, audited; how many answers changed."""
    stored = {row.item_code: row for row in session.execute(
        select(ANSWERS.c.id, ANSWERS.c.item_code, ANSWERS.c.value, ANSWERS.c.note)
        .where(ANSWERS.c.sheet_id == sheet_id, ANSWERS.c.item_code.in_(list(wanted))))}
    updates, inserts, changes = [], [], []
    for code, new in wanted.items():
        old = stored.get(code)
        if old is None and new.value is None and not new.note:
            continue
        before = (old.value, old.note) if old is not None else (None, "")
        fields = [(name, was, now_is) for name, was, now_is in zip(("value", "note"), before, (new.value, new.note),
                                                                   strict=True) if was != now_is]
        if not fields:
            continue
        changes += [(f"{code}.{name}", was if old is not None else None, now_is) for name, was, now_is in fields]
        row = {"value": new.value, "note": new.note, "updated_at": now, "updated_by_id": user_id}
        if old is not None:
            updates.append({"answer_id": old.id, **row})
        else:
            inserts.append({"sheet_id": sheet_id, "item_code": code, **row})
    if updates:
        session.execute(update(ANSWERS).where(ANSWERS.c.id == bindparam("answer_id")), updates)
    if inserts:
        session.execute(insert(ANSWERS), inserts)
    record_changes(session=session, user_id=user_id, entity_type=entity_type, entity_id=sheet_id, changes=changes,
                   at=now)
    return len(updates) + len(inserts)

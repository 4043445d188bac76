"""Appending to the audit log; nothing here or anywhere updates or deletes a row."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import Session

from inspect_app.models import AuditLog


def record_change(
    *,
    session: Session,
    user_id: int | None,
    entity_type: str,
    entity_id: int,
    field: str,
    old_value: object,
    new_value: object,
    reason: str = "",
) -> None:
    """Append one changed field to the audit log, in the caller's transaction."""
    session.add(
        AuditLog(
            user_id=user_id,
            entity_type=entity_type,
            entity_id=entity_id,
            field=field,
            old_value=_text(old_value),
            new_value=_text(new_value),
            reason=reason,
        )
    )


def record_changes(
    *,
    session: Session,
    user_id: int | None,
    entity_type: str,
    entity_id: int,
    changes: Iterable[tuple[str, object, object]],
    at: datetime,
) -> None:
    """Append many changed fields (field, old, new) of one entity in one INSERT, in the caller's transaction."""
    rows = [{"at": at, "user_id": user_id, "entity_type": entity_type, "entity_id": entity_id, "field": field,
             "old_value": _text(old), "new_value": _text(new), "reason": ""} for field, old, new in changes]
    if rows:
        session.execute(insert(AuditLog.__table__), rows)


def _text(value: object) -> str | None:
    """A value as the log keeps it."""
    return None if value is None else str(value)


def record_event(
    *,
    session: Session,
    user_id: int | None,
    entity_type: str,
    entity_id: int,
    event: str,
    detail: str = "",
    reason: str = "",
) -> None:
    """Append one event (a login, a refused login, a disabled account) to the audit log.

    The event's name goes in `field`, what it concerns in `new_value`; entity_id 0 names no row
    (a login tried with a username nobody has).
    """
    session.add(
        AuditLog(
            user_id=user_id,
            entity_type=entity_type,
            entity_id=entity_id,
            field=event,
            new_value=detail or None,
            reason=reason,
        )
    )

"""What the office may not do, told in Chinese; and the audit note of every admin act."""

from sqlmodel import Session

from inspect_app.audit import record_change
from inspect_app.models import User


class AdminRefusal(ValueError):
    """An admin act refused, with the reason in Chinese (shown in place on the page)."""


def refuse_unless(condition: bool, reason: str) -> None:
    """Raise AdminRefusal with reason unless condition holds."""
    if not condition:
        raise AdminRefusal(reason)


def note(session: Session, by: User, entity: str, entity_id: int, field: str, old=None, new=None) -> None:
    """Append one admin act to the audit log, in the caller's transaction."""
    record_change(
        session=session,
        user_id=by.id,
        entity_type=entity,
        entity_id=entity_id,
        field=field,
        old_value=old,
        new_value=new,
    )

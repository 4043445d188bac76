"""The append-only audit log: who changed what, when, from what to what, and why."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspect_app.models.base import timestamp_type, utcnow


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit log row."""


# One changed field of one entity.
class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    entity_type: str = Field(max_length=50)
    entity_id: int
    field: str = Field(max_length=100)
    old_value: str | None = Field(default=None, sa_type=sa.Text)
    new_value: str | None = Field(default=None, sa_type=sa.Text)
    reason: str = Field(default="", sa_type=sa.Text)


@sa.event.listens_for(AuditLog, "before_update")
@sa.event.listens_for(AuditLog, "before_delete")
def _refuse_change(mapper, connection, target) -> None:  # noqa: ARG001 - event signature
    """The ORM refuses; the database triggers in the first migration refuse too."""
    raise AuditLogIsAppendOnly(f"audit_log row {target.id} cannot be changed or deleted")

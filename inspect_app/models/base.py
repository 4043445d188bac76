"""Shared pieces of the data model: naming convention, enums, timestamps."""

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import SQLModel

# Stable constraint names, so migrations name things the same on every database.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# INTEGER columns (ids, versions) are 32-bit on PostgreSQL; a larger number in a query is an error.
INT_MAX = 2**31 - 1


def fits_integer(value: int) -> bool:
    """Whether value fits an INTEGER column on every backend."""
    return -INT_MAX - 1 <= value <= INT_MAX


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """value as an aware UTC time (SQLite hands stored timestamps back without their zone)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def enum_type(enum: type[StrEnum]) -> sa.Enum:
    """A portable enum column: stored as its string value, no native database type."""
    return sa.Enum(
        enum,
        native_enum=False,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        name=enum.__name__.lower(),
    )


def timestamp_type() -> sa.DateTime:
    """A timezone-aware timestamp column type."""
    return sa.DateTime(timezone=True)

"""Server-side login sessions and the failed logins that rate-limit the login form."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspect_app.models.base import timestamp_type, utcnow


# One logged-in browser: the cookie carries a random token, the row keeps only its sha256.
class LoginSession(SQLModel, table=True):
    __tablename__ = "login_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())


# One failed login: the name tried and the address it came from (rows older than the window go).
class FailedLogin(SQLModel, table=True):
    __tablename__ = "failed_login"
    __table_args__ = (
        sa.Index("ix_failed_login_username_at", "username", "at"),
        sa.Index("ix_failed_login_address_at", "address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
    username: str = Field(max_length=100)
    address: str = Field(max_length=64)

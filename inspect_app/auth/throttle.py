"""Login rate limits, kept in the database so that every server process counts the same.

A failed login is one `failed_login` row (the name tried, the client address). A login is
refused before any password is checked while the account has LOGIN_LIMIT_PER_ACCOUNT failures,
or the address LOGIN_LIMIT_PER_ADDRESS, within LOGIN_LIMIT_WINDOW_SECONDS; a successful login
forgets the account's failures (not the address's).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from inspect_app.models import FailedLogin
from inspect_app.models.base import as_utc

USERNAME_KEPT = 100  # characters of a tried username kept
ADDRESS_KEPT = 64


@dataclass(frozen=True)
class LoginLimits:
    """Failures allowed per account and per address within the window."""

    per_account: int
    per_address: int
    window: timedelta

    @classmethod
    def from_config(cls, config: Mapping) -> "LoginLimits":
        """From LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_ADDRESS and LOGIN_LIMIT_WINDOW_SECONDS."""
        return cls(
            per_account=int(config["LOGIN_LIMIT_PER_ACCOUNT"]),
            per_address=int(config["LOGIN_LIMIT_PER_ADDRESS"]),
            window=timedelta(seconds=config["LOGIN_LIMIT_WINDOW_SECONDS"]),
        )


class TooManyAttempts(Exception):
    """Too many failed logins for this account or address; try again after retry_after seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        """What the login form says."""
        return f"登录失败次数过多，请 {math.ceil(self.retry_after / 60)} 分钟后再试。"


def check_limits(*, session: Session, username: str, address: str, limits: LoginLimits, now: datetime) -> None:
    """Raise TooManyAttempts while the account or the address is over its limit."""
    since = now - limits.window
    until = [
        _blocked_until(session, FailedLogin.username == username[:USERNAME_KEPT], limits.per_account, since),
        _blocked_until(session, FailedLogin.address == address[:ADDRESS_KEPT], limits.per_address, since),
    ]
    latest = max((as_utc(at) + limits.window for at in until if at is not None), default=None)
    if latest is not None:
        raise TooManyAttempts(max(1, math.ceil((latest - now).total_seconds())))


def _blocked_until(session: Session, which, limit: int, since: datetime) -> datetime | None:
    """The limit-th newest failure in the window (blocked until it leaves it), or None."""
    newest_first = select(FailedLogin.at).where(which, FailedLogin.at > since).order_by(FailedLogin.at.desc())
    return session.exec(newest_first.offset(limit - 1).limit(1)).first()


def record_failure(*, session: Session, username: str, address: str, limits: LoginLimits, now: datetime) -> None:
    """Add one failure (in the caller's writing()); failures older than the window go."""
    session.exec(sa.delete(FailedLogin).where(FailedLogin.at < now - limits.window))
    session.add(FailedLogin(at=now, username=username[:USERNAME_KEPT], address=address[:ADDRESS_KEPT]))


def forget_failures(*, session: Session, username: str) -> None:
    """Clear the account's failures after a successful login (in the caller's writing())."""
    session.exec(sa.delete(FailedLogin).where(FailedLogin.username == username[:USERNAME_KEPT]))

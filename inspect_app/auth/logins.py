"""Server-side login sessions: the cookie carries a random token, a table row says whose it is.

Only the token's sha256 is stored, so reading the table gives no one a working cookie. A row
ends at logout, at a password change or reset and when its user is disabled (rows deleted),
after SESSION_IDLE_SECONDS without a request, and SESSION_LIFETIME_SECONDS after login.
"""

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from inspect_app.db import writing
from inspect_app.models import LoginSession, User
from inspect_app.models.base import as_utc

# last_seen_at is written at most this often per session, so most requests only read.
TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class SessionTimes:
    """How long a login lasts: idle and absolute."""

    idle: timedelta
    lifetime: timedelta

    @classmethod
    def from_config(cls, config: Mapping) -> "SessionTimes":
        """From SESSION_IDLE_SECONDS and SESSION_LIFETIME_SECONDS."""
        return cls(
            idle=timedelta(seconds=config["SESSION_IDLE_SECONDS"]),
            lifetime=timedelta(seconds=config["SESSION_LIFETIME_SECONDS"]),
        )


def token_hash(token: str) -> str:
    """What the table keeps of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(*, session: Session, user_id: int, times: SessionTimes, now: datetime) -> str:
    """A new session for user_id (in the caller's writing()); expired rows go. Returns the token."""
    session.exec(
        sa.delete(LoginSession).where(
            (LoginSession.last_seen_at < now - times.idle) | (LoginSession.created_at < now - times.lifetime)
        )
    )
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=token_hash(token), user_id=user_id, created_at=now, last_seen_at=now))
    return token


def session_user(*, session: Session, token: str, times: SessionTimes, now: datetime) -> User | None:
    """The active user whose live session token is, else None; marks the session as seen."""
    row = session.exec(
        select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)
        .where(
            LoginSession.token_hash == token_hash(token),
            LoginSession.last_seen_at > now - times.idle,
            LoginSession.created_at > now - times.lifetime,
            User.active == sa.true(),
        )
    ).first()
    if row is None:
        return None
    login, user = row
    if now - as_utc(login.last_seen_at) > TOUCH_EVERY:
        with writing(session):
            session.exec(
                sa.update(LoginSession).where(LoginSession.token_hash == login.token_hash).values(last_seen_at=now)
            )
    return user


def end_session(*, session: Session, token: str) -> int | None:
    """Delete the session of token (in the caller's writing()); the id of its user, if it was live."""
    login = session.get(LoginSession, token_hash(token))
    if login is None:
        return None
    session.delete(login)
    return login.user_id


def end_user_sessions(*, session: Session, user_id: int) -> None:
    """Delete every session of user_id (in the caller's writing())."""
    session.exec(sa.delete(LoginSession).where(LoginSession.user_id == user_id))

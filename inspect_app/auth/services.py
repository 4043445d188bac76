"""Users, passwords and logins: the one place that checks, hashes or verifies a password.

Every caller that sets a password (create-user, the admin's reset, the change-password form)
goes through `check_new_password`. Every login, failed login, logout, password change, reset
and disabling is appended to the audit log.
"""

import json
from datetime import datetime

from sqlmodel import Session, select

from inspect_app.audit import record_change, record_event
from inspect_app.auth import logins, throttle
from inspect_app.auth.logins import SessionTimes
from inspect_app.auth.passwords import DUMMY_HASH, common_passwords, hash_password, needs_rehash, verify_password
from inspect_app.auth.throttle import LoginLimits
from inspect_app.db import writing
from inspect_app.models import Role, User, UserCreate
from inspect_app.models.base import utcnow

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_DISTINCT = 4
WRONG_LOGIN = "用户名或密码错误"
DISABLED = "该账号已停用，请联系扶贫办管理员。"
NO_USER = 0  # the audit log's entity_id for a username nobody has


class PasswordRefused(ValueError):
    """A new password the rules refuse; message says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LoginRefused(Exception):
    """A wrong username or password, or a disabled account; message says so, in Chinese."""

    def __init__(self, message: str = WRONG_LOGIN) -> None:
        super().__init__(message)
        self.message = message


def check_new_password(password: str, username: str) -> None:
    """Refuse a password that is too short or too long, nearly one character, the username or common."""
    if len(password) < MIN_LENGTH:
        raise PasswordRefused(f"密码至少需要 {MIN_LENGTH} 个字符。")
    if len(password) > MAX_LENGTH:
        raise PasswordRefused(f"密码最多 {MAX_LENGTH} 个字符。")
    if len(set(password)) < MIN_DISTINCT:
        raise PasswordRefused(f"密码至少要含 {MIN_DISTINCT} 个不同的字符。")
    folded = password.strip().lower()
    if folded == username.strip().lower():
        raise PasswordRefused("密码不能与用户名相同。")
    if folded in common_passwords():
        raise PasswordRefused("这个密码太常见，容易被猜中，请换一个。")


def create_user(*, session: Session, user_create: UserCreate) -> User:
    """Add a user with a checked, hashed password (flushed, not committed); unit users need a unit."""
    if user_create.role == Role.UNIT_USER and user_create.unit_id is None:
        raise ValueError("a unit user belongs to a unit")
    check_new_password(user_create.password, user_create.username)
    user = User.model_validate(user_create, update={"password_hash": hash_password(user_create.password)})
    session.add(user)
    session.flush()
    return user


def log_in(
    *,
    session: Session,
    username: str,
    password: str,
    address: str,
    limits: LoginLimits,
    times: SessionTimes,
    now: datetime | None = None,
) -> tuple[User, str]:
    """The user and a new session token; LoginRefused or TooManyAttempts otherwise.

    The limits are checked before any password; an unknown username is verified against a dummy
    hash, so it costs what a known one costs. An old hash is replaced after a good password.
    """
    now = now or utcnow()
    throttle.check_limits(session=session, username=username, address=address, limits=limits, now=now)
    user = session.exec(select(User).where(User.username == username)).first()
    matches = verify_password(user.password_hash if user is not None else DUMMY_HASH, password)
    if user is None or not matches or not user.active:
        reason = "unknown user" if user is None else "wrong password" if not matches else "disabled"
        with writing(session):
            throttle.record_failure(session=session, username=username, address=address, limits=limits, now=now)
            _record_login(session, "login_failed", user, username, address, reason)
        raise LoginRefused(DISABLED if reason == "disabled" else WRONG_LOGIN)
    new_hash = hash_password(password) if needs_rehash(user.password_hash) else None
    with writing(session):
        throttle.forget_failures(session=session, username=username)
        if new_hash is not None:
            user.password_hash = new_hash
            session.add(user)
        token = logins.start_session(session=session, user_id=user.id, times=times, now=now)
        _record_login(session, "login", user, username, address, "hash upgraded" if new_hash else "")
    return user, token


def _record_login(session: Session, event: str, user: User | None, username: str, address: str, reason: str) -> None:
    """One login or failed login in the audit log: the name tried and the address."""
    user_id = user.id if user is not None else None
    record_event(
        session=session,
        user_id=user_id if event == "login" else None,
        entity_type="user",
        entity_id=user_id or NO_USER,
        event=event,
        detail=json.dumps({"username": username[: throttle.USERNAME_KEPT], "address": address}, ensure_ascii=False),
        reason=reason,
    )


def log_out(*, session: Session, token: str) -> None:
    """End the session of token, if it is live."""
    with writing(session):
        user_id = logins.end_session(session=session, token=token)
        if user_id is not None:
            record_event(session=session, user_id=user_id, entity_type="user", entity_id=user_id, event="logout")


def change_password(
    *,
    session: Session,
    user: User,
    old_password: str,
    new_password: str,
    address: str,
    limits: LoginLimits,
    times: SessionTimes,
    now: datetime | None = None,
) -> str:
    """Set the user's own new password, end all their sessions; the token of a new one for this browser.

    A wrong old password counts as a failed login of the account (LoginRefused).
    """
    now = now or utcnow()
    throttle.check_limits(session=session, username=user.username, address=address, limits=limits, now=now)
    if not verify_password(user.password_hash, old_password):
        with writing(session):
            throttle.record_failure(session=session, username=user.username, address=address, limits=limits, now=now)
            _record_login(session, "login_failed", user, user.username, address, "wrong old password")
        raise LoginRefused("原密码不正确。")
    if new_password == old_password:
        raise PasswordRefused("新密码不能与原密码相同。")
    check_new_password(new_password, user.username)
    new_hash = hash_password(new_password)
    with writing(session):
        _change_and_end_sessions(session, user, password_hash=new_hash, must_change_password=False)
        token = logins.start_session(session=session, user_id=user.id, times=times, now=now)
        record_event(session=session, user_id=user.id, entity_type="user", entity_id=user.id, event="password_changed")
    return token


def reset_password(*, session: Session, user: User, new_password: str, by: User | None) -> None:
    """An admin sets a new password: every session of the user ends, and the change page comes first."""
    check_new_password(new_password, user.username)
    new_hash = hash_password(new_password)
    with writing(session):
        _change_and_end_sessions(session, user, password_hash=new_hash, must_change_password=True)
        by_id = by.id if by is not None else None
        record_event(session=session, user_id=by_id, entity_type="user", entity_id=user.id, event="password_reset")


def disable_user(*, session: Session, user: User, by: User | None) -> None:
    """The user can no longer log in, and every session of theirs ends at once."""
    with writing(session):
        was_active = user.active
        _change_and_end_sessions(session, user, active=False)
        record_change(
            session=session,
            user_id=by.id if by is not None else None,
            entity_type="user",
            entity_id=user.id,
            field="active",
            old_value=was_active,
            new_value=False,
        )


def _change_and_end_sessions(session: Session, user: User, **changes: object) -> None:
    """Set fields of user and end every session of theirs (in the caller's writing())."""
    for name, value in changes.items():
        setattr(user, name, value)
    session.add(user)
    logins.end_user_sessions(session=session, user_id=user.id)

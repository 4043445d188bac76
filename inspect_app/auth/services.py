"""Users and passwords: the only place that hashes or checks one."""

from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from inspect_app.audit import record_change
from inspect_app.models import Role, User, UserCreate


def create_user(*, session: Session, user_create: UserCreate) -> User:
    """Add a user with a hashed password (flushed, not committed); unit users need a unit."""
    if user_create.role == Role.UNIT_USER and user_create.unit_id is None:
        raise ValueError("a unit user belongs to a unit")
    user = User.model_validate(user_create, update={"password_hash": generate_password_hash(user_create.password)})
    session.add(user)
    session.flush()
    return user


def authenticate(*, session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None."""
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user


def disable_user(*, session: Session, user: User, by: User | None = None) -> None:
    """The user can no longer log in; their sessions end at the next request (flushed, audited)."""
    if user.active:
        record_change(
            session=session,
            user_id=by.id if by else None,
            entity_type="app_user",
            entity_id=user.id,
            field="active",
            old_value=True,
            new_value=False,
        )
    user.active = False
    session.add(user)
    session.flush()


def reset_password(*, session: Session, user: User, password: str, by: User | None = None) -> None:
    """Set a new password the user must change at next login (flushed, audited without the password)."""
    user.password_hash = generate_password_hash(password)
    user.must_change_password = True
    session.add(user)
    record_change(
        session=session,
        user_id=by.id if by else None,
        entity_type="app_user",
        entity_id=user.id,
        field="password",
        old_value=None,
        new_value="（已重置，下次登录须修改）",
    )
    session.flush()

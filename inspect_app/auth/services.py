"""Users and passwords: the only place that hashes or checks one."""

from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

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

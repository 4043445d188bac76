"""Users and units managed by the office: every change audited field by field."""

from sqlmodel import Session, select

from inspect_app.admin.errors import note, refuse_unless
from inspect_app.auth.services import create_user, disable_user
from inspect_app.db import writing
from inspect_app.models import Role, Unit, User, UserCreate


def _check_unit(role: Role, unit_id: int | None) -> None:
    """A unit user belongs to a unit."""
    refuse_unless(role != Role.UNIT_USER or unit_id is not None, "责任单位用户必须选择所属单位。")


def add_user(*, session: Session, by: User, user_create: UserCreate) -> User:
    """A new user; the username must be free."""
    _check_unit(user_create.role, user_create.unit_id)
    with writing(session):
        taken = session.exec(select(User).where(User.username == user_create.username)).first()
        refuse_unless(taken is None, f"用户名“{user_create.username}”已被使用。")
        user = create_user(session=session, user_create=user_create)
        note(session, by, "user", user.id, "created", None, f"{user.username}（{user.role}）")
    return user


def edit_user(
    *, session: Session, by: User, user: User, display_name: str, role: Role, unit_id: int | None, active: bool
) -> None:
    """Change a user's name, role, unit and whether they may log in."""
    _check_unit(role, unit_id)
    refuse_unless(user.id != by.id or (active and role == Role.ADMIN), "不能停用自己或取消自己的管理员角色。")
    with writing(session):
        for name, value in (("display_name", display_name), ("role", role), ("unit_id", unit_id)):
            if getattr(user, name) != value:
                note(session, by, "user", user.id, name, getattr(user, name), value)
                setattr(user, name, value)
        if user.active and not active:
            disable_user(session=session, user=user, by=by)
        elif active and not user.active:
            note(session, by, "user", user.id, "active", False, True)
            user.active = True
        session.add(user)


def save_unit(*, session: Session, by: User, unit: Unit, **values) -> Unit:
    """Create or change a unit; its name must be free."""
    with writing(session):
        others = select(Unit).where(Unit.name == values["name"])
        if unit.id is not None:
            others = others.where(Unit.id != unit.id)
        refuse_unless(session.exec(others).first() is None, f"已有名为“{values['name']}”的单位。")
        new = unit.id is None
        for name, value in values.items():
            if not new and getattr(unit, name) != value:
                note(session, by, "unit", unit.id, name, getattr(unit, name), value)
            setattr(unit, name, value)
        session.add(unit)
        session.flush()
        if new:
            note(session, by, "unit", unit.id, "created", None, unit.name)
    return unit

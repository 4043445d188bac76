"""inspect-app create-user (the first admin of a fresh installation, and others) and disable-user."""

import click
from flask.cli import with_appcontext
from pydantic import ValidationError
from sqlmodel import select

from inspect_app.auth.services import create_user, disable_user
from inspect_app.cli.output import fail
from inspect_app.db import write_session, writing
from inspect_app.models import Role, Unit, User, UserCreate


@click.command("create-user")
@click.argument("username")
@click.option("--name", "display_name", help="Display name (default: the username).")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ADMIN.value)
@click.option("--unit", help="Unit name, for unit users.")
@click.password_option()
@with_appcontext
def create_user_command(username: str, display_name: str | None, role: str, unit: str | None, password: str) -> None:
    """Create a user with a hashed password."""
    with write_session() as session, writing(session):
        _create(session, username, display_name, role, unit, password)


def _create(session, username: str, display_name: str | None, role: str, unit: str | None, password: str) -> None:
    """Look up the unit, validate and create the user in the caller's write."""
    unit_id = None
    if unit:
        found = session.exec(select(Unit).where(Unit.name == unit)).first()
        if found is None:
            raise click.BadParameter(f"no unit named {unit}", param_hint="--unit")
        unit_id = found.id
    try:
        user_create = UserCreate(
            username=username,
            display_name=display_name or username,
            role=Role(role),
            unit_id=unit_id,
            password=password,
        )
    except ValidationError as error:
        raise click.UsageError("; ".join(f"{e['loc'][0]}: {e['msg']}" for e in error.errors())) from error
    try:
        user = create_user(session=session, user_create=user_create)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"已创建用户 {user.username}（{role}）")


@click.command("disable-user")
@click.argument("username")
@with_appcontext
def disable_user_command(username: str) -> None:
    """The user can no longer log in, and every session of theirs ends at once."""
    with write_session() as session:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            fail(f"没有用户名为 {username} 的用户")
        disable_user(session=session, user=user, by=None)
    click.echo(f"已停用用户 {username}：不能再登录，已登录的会话已全部结束。")

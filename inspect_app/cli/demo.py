"""inspect-app demo: a ready demo district, served locally, logins printed."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from inspect_app import schema
from inspect_app.cli.server import run_server
from inspect_app.db import get_engine, write_session, writing
from inspect_app.demo.build import build_demo, demo_exists
from inspect_app.demo.district import USERS, demo_password
from inspect_app.labels import ROLE_LABELS

SHIPPED_CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"


@click.command()
@click.option("--rebuild", is_flag=True, help="Drop every table and build the demo again.")
@click.option("--no-serve", is_flag=True, help="Build (or keep) the demo, do not serve it.")
@click.option(
    "--checklists",
    "checklist_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=SHIPPED_CHECKLISTS,
    show_default=True,
    help="Folder whose *.yaml checklists the demo stores.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def demo(rebuild: bool, no_serve: bool, checklist_dir: Path, host: str, port: int) -> None:
    """Build the demo district in the configured database (SQLite by default) and serve it."""
    engine = get_engine()
    if rebuild:
        schema.downgrade(engine, "base")
    schema.upgrade(engine)
    # One write (check, then build) whose session is closed before serving: the server writes too.
    with write_session() as session, writing(session):
        if demo_exists(session=session):
            click.echo("演示数据已存在（--rebuild 可重建）。")
        else:
            paths = sorted(checklist_dir.glob("*.yaml"))
            click.echo(f"正在生成演示数据：{len(paths)} 份检查表 ……")
            build_demo(session=session, checklist_paths=paths)
            click.echo("演示数据已生成。")
    click.echo(f"数据库：{engine.url.render_as_string(hide_password=True)}")
    click.echo("演示账号（用户名 / 密码 / 角色）：")
    for username, name, role, _unit in USERS:
        click.echo(f"  {username:<10} {demo_password(username):<16} {ROLE_LABELS[role]} {name}")
    if not no_serve:
        click.echo(f"访问 http://{host}:{port}/ （Ctrl+C 停止）")
        # Served over plain http on this machine: a Secure cookie would never come back.
        current_app.config["SESSION_COOKIE_SECURE"] = False
        run_server(current_app._get_current_object(), host=host, port=port)

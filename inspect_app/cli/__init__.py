"""The inspect-app command line: one click group, commands from each job's module."""

import functools

import click
from flask.cli import ScriptInfo

from inspect_app import create_app
from inspect_app.cli.checklists import export_checklist, import_checklist
from inspect_app.cli.database import db
from inspect_app.cli.demo import demo
from inspect_app.cli.engine import check_checklist, score_command
from inspect_app.cli.server import serve
from inspect_app.cli.users import create_user_command, disable_user_command


@click.group(help="考核督查评分平台 (assessment and inspection scoring) command line.")
@click.option(
    "--instance-path",
    envvar="INSPECT_INSTANCE_PATH",
    type=click.Path(file_okay=False),
    help="Instance folder (config.py, secret key, SQLite database). [env: INSPECT_INSTANCE_PATH]",
)
@click.pass_context
def main(ctx: click.Context, instance_path: str | None) -> None:
    """Make the app on demand, so commands that need none (score, checks) start fast."""
    if not isinstance(ctx.obj, ScriptInfo):  # a test runner may hand in its own app
        ctx.obj = ScriptInfo(
            create_app=functools.partial(create_app, instance_path=instance_path),
            set_debug_flag=False,
        )


# The app: storage, demo, server, users.
main.add_command(db)
main.add_command(demo)
main.add_command(serve)
main.add_command(create_user_command)
main.add_command(disable_user_command)

# The scoring engine and checklist files: no app needed.
main.add_command(score_command)
main.add_command(check_checklist)
main.add_command(import_checklist)
main.add_command(export_checklist)

"""The inspect-app command line: one click group, commands from each job's module.

Each command's module is imported only when that command runs (or the help lists it), so
`score` and the checklist commands start without loading Flask, SQLAlchemy and Alembic.
"""

import atexit
import functools
import importlib
import os
import sys
import threading

import click

# The app: storage, demo, server, users.
APP_COMMANDS = {
    "db": "inspect_app.cli.database:db",
    "demo": "inspect_app.cli.demo:demo",
    "serve": "inspect_app.cli.server:serve",
    "create-user": "inspect_app.cli.users:create_user_command",
    "disable-user": "inspect_app.cli.users:disable_user_command",
}
# The scoring engine and checklist files: no app needed.
ENGINE_COMMANDS = {
    "score": "inspect_app.cli.engine:score_command",
    "check-checklist": "inspect_app.cli.engine:check_checklist",
    "import-checklist": "inspect_app.cli.checklists:import_checklist",
    "export-checklist": "inspect_app.cli.checklists:export_checklist",
}


class LazyGroup(click.Group):
    """A click group whose commands are named here and imported from their modules on demand."""

    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.lazy:
            return super().get_command(ctx, name)
        module, attribute = self.lazy[name].split(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(
    cls=LazyGroup,
    lazy={**APP_COMMANDS, **ENGINE_COMMANDS},
    help="考核督查评分平台 (assessment and inspection scoring) command line.",
)
@click.option(
    "--instance-path",
    envvar="INSPECT_INSTANCE_PATH",
    type=click.Path(file_okay=False),
    help="Instance folder (config.py, secret key, SQLite database). [env: INSPECT_INSTANCE_PATH]",
)
@click.pass_context
def main(ctx: click.Context, instance_path: str | None) -> None:
    """Make the app on demand, so commands that need none (score, checks) start fast."""
    if ctx.invoked_subcommand in ENGINE_COMMANDS:
        return
    from flask.cli import ScriptInfo

    from inspect_app import create_app

    if not isinstance(ctx.obj, ScriptInfo):  # a test runner may hand in its own app
        ctx.obj = ScriptInfo(
            create_app=functools.partial(create_app, instance_path=instance_path),
            set_debug_flag=False,
        )


def run() -> None:
    """The `inspect-app` console command: `main`, then the end Python makes, less its freeing of
    every object one by one (0.15 s once pandas is loaded, more than scoring a small file takes):
    exit handlers run and output is flushed. While a thread still runs, the usual end."""
    try:
        main()
        code: object = 0
    except SystemExit as end:
        code = end.code
    if threading.active_count() > 1 or not (code is None or isinstance(code, int)):
        sys.exit(code)
    atexit._run_exitfuncs()  # what the interpreter would run first; its teardown is what is skipped
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)

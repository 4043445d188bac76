"""inspect-app db: migrations of the configured database."""

import click
from alembic import command
from flask.cli import with_appcontext

from inspect_app import schema
from inspect_app.db import get_engine


@click.group(help="Database migrations (Alembic, shipped in inspect_app/migrations).")
def db() -> None:
    """The db command group."""


@db.command()
@click.argument("revision", default="head")
@with_appcontext
def upgrade(revision: str) -> None:
    """Migrate the configured database up to REVISION (default: head)."""
    schema.upgrade(get_engine(), revision)
    click.echo(f"数据库已升级到 {schema.current_revision(get_engine())}")


@db.command()
@click.argument("revision")
@with_appcontext
def downgrade(revision: str) -> None:
    """Migrate the configured database down to REVISION (base: drop every table)."""
    schema.downgrade(get_engine(), revision)
    click.echo(f"数据库已降级到 {schema.current_revision(get_engine()) or 'base'}")


@db.command()
@with_appcontext
def current() -> None:
    """Print the revision the configured database is at."""
    click.echo(schema.current_revision(get_engine()) or "base")


@db.command()
@click.option("-m", "--message", required=True, help="What the migration does.")
@with_appcontext
def revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(schema.alembic_config(get_engine()), message=message, autogenerate=True)

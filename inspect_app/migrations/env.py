"""Alembic environment: runs against the engine handed over in config.attributes."""

from alembic import context
from sqlmodel import SQLModel

import inspect_app.models  # noqa: F401 - registers every table on SQLModel.metadata
from inspect_app.db import WRITE

engine = context.config.attributes["engine"]

# A migration writes: on SQLite it begins IMMEDIATE, like every other write (see db.py).
with engine.connect().execution_options(**{WRITE: True}) as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        compare_type=True,
        render_as_batch=engine.dialect.name == "sqlite",
        # SQLite DDL is transactional once SQLAlchemy issues BEGIN itself (see db.py).
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()

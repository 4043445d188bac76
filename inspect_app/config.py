"""Settings that need work beyond a default: the database URL and the secret key."""

import os
import secrets
from pathlib import Path

from flask import Flask

SECRET_KEY_FILE = "secret_key"
DEFAULT_DATABASE_FILE = "inspect.sqlite"


def default_database_url(instance_path: str) -> str:
    """A SQLite file in the instance folder."""
    return f"sqlite:///{Path(instance_path) / DEFAULT_DATABASE_FILE}"


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at psycopg 3, the driver this app ships with."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret_key(instance_path: str) -> str:
    """The key kept in the instance folder, made on first run (never a constant)."""
    path = Path(instance_path) / SECRET_KEY_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key)
    return key


def complete(app: Flask) -> None:
    """Fill in DATABASE_URL and SECRET_KEY when no setting gave them."""
    url = app.config.get("DATABASE_URL") or default_database_url(app.instance_path)
    app.config["DATABASE_URL"] = normalise_database_url(url)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)

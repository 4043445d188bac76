"""Configuration: defaults, instance file, INSPECT_* and DATABASE_URL, the secret key."""

import pytest

from inspect_app import create_app
from inspect_app.config import normalise_database_url


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("DATABASE_URL", "INSPECT_DATABASE_URL", "INSPECT_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_testing_config(tmp_path):
    assert not create_app(instance_path=str(tmp_path)).testing
    assert create_app({"TESTING": True}, instance_path=str(tmp_path)).testing


def test_default_database_is_sqlite_in_instance_folder(clean_env, tmp_path):
    app = create_app(instance_path=str(tmp_path))
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'inspect.sqlite'}"


def test_secret_key_is_made_once_and_kept(clean_env, tmp_path):
    first = create_app(instance_path=str(tmp_path)).config["SECRET_KEY"]
    second = create_app(instance_path=str(tmp_path)).config["SECRET_KEY"]
    other = create_app(instance_path=str(tmp_path / "other")).config["SECRET_KEY"]
    assert len(first) == 64
    assert first == second != other
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_instance_config_file_then_environment(clean_env, tmp_path):
    (tmp_path / "config.py").write_text(
        "DATABASE_URL = 'sqlite:////file.db'\nSECRET_KEY = 'from-file'\n", encoding="utf-8"
    )
    assert create_app(instance_path=str(tmp_path)).config["SECRET_KEY"] == "from-file"
    clean_env.setenv("INSPECT_SECRET_KEY", "from-env")
    clean_env.setenv("DATABASE_URL", "postgresql://u@db/inspect")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://u@db/inspect"


def test_instance_path_from_environment(clean_env, tmp_path):
    clean_env.setenv("INSPECT_INSTANCE_PATH", str(tmp_path / "inst"))
    assert create_app().instance_path == str(tmp_path / "inst")


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@h/db",          "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5433/db",     "postgresql+psycopg://u@h:5433/db"),
        ("postgresql+psycopg://u@h/db",  "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.sqlite",      "sqlite:////tmp/x.sqlite"),
    ],
)  # fmt: skip
def test_database_urls_use_psycopg_3(given, used):
    assert normalise_database_url(given) == used

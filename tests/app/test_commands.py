"""The app's commands: db, create-user, serve."""

import gc
import socket

import pytest
from alembic.script import ScriptDirectory

from inspect_app import schema
from inspect_app.cli import main
from tests.browser.conftest import free_port


def test_db_current_and_upgrade(runner, engine):
    head = ScriptDirectory.from_config(schema.alembic_config(engine)).get_current_head()
    assert runner.invoke(main, ["db", "current"]).output.strip() == head
    result = runner.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert head in result.output


def test_create_user_then_log_in(runner, client):
    result = runner.invoke(
        main,
        ["create-user", "chief", "--name", "主任", "--role", "leader", "--password", "pw-123456"],
    )
    assert result.exit_code == 0, result.output
    response = client.post("/auth/login", data={"username": "chief", "password": "pw-123456"})
    assert response.headers["Location"] == "/"


def test_create_user_needs_a_known_unit(runner):
    result = runner.invoke(
        main, ["create-user", "u1", "--role", "unit_user", "--unit", "不存在的单位", "--password", "pw-123456"]
    )
    assert result.exit_code == 2
    assert "no unit named" in result.output


def test_serve_runs_waitress(runner, app, served):
    port = free_port()
    result = runner.invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert served == {"app": app, "host": "127.0.0.1", "port": port, "threads": 8}


def test_serve_on_a_taken_port_says_so_without_a_traceback(runner):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["serve", "--port", str(port)])
    with pytest.warns(ResourceWarning):  # waitress leaves the socket it could not bind to the collector
        gc.collect()
    assert result.exit_code == 1
    assert f"无法在 127.0.0.1:{port} 上提供服务：端口已被占用" in result.output
    assert "--port" in result.output
    assert "Traceback" not in result.output


def test_create_user_refuses_a_short_password(runner):
    result = runner.invoke(main, ["create-user", "u2", "--password", "abc"])
    assert result.exit_code == 2
    assert "密码至少需要 8 个字符" in result.output

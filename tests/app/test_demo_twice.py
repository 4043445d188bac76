"""`inspect-app demo` run twice, exactly as README says: the second run still lets anyone log in.

The first run built the district; the second finds it (演示数据已存在) and serves. A command that
kept its transaction open while serving made every login wait 30 s and answer 500. SQLite only:
README's command uses it, and the lock is SQLite's (tests/app/test_storage.py covers both
databases); a PostgreSQL demo build alone takes some 40 s here.
"""

import os
import signal
import subprocess
from pathlib import Path

import pytest

from inspect_app.demo.district import demo_password


def run_demo(read_load, env: dict, log: Path) -> tuple[subprocess.Popen, int]:
    """`inspect-app demo --port P`, serving once it accepts connections."""
    port = read_load.free_port()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen([read_load.CLI, "demo", "--port", str(port)], env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    read_load.wait_for(port, process, seconds=120)
    return process, port


def stop(process: subprocess.Popen) -> None:
    """Ctrl+C, as a person stops it."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.mark.slow
def test_a_second_demo_run_lets_the_admin_log_in(read_load, tmp_path):
    env = {**os.environ, "INSPECT_INSTANCE_PATH": str(tmp_path / "instance")}
    for name in ("DATABASE_URL", "INSPECT_DATABASE_URL", "INSPECT_SECRET_KEY"):
        env.pop(name, None)
    first, _port = run_demo(read_load, env, tmp_path / "first.log")
    stop(first)
    assert "演示数据已生成" in (tmp_path / "first.log").read_text(encoding="utf-8")
    second, port = run_demo(read_load, env, tmp_path / "second.log")
    try:
        browser = read_load.Browser(f"http://127.0.0.1:{port}")
        status, seconds = browser.log_in("admin", demo_password("admin"))
        assert status == 302
        assert seconds < 1, f"the login took {seconds:.1f} s"
        assert browser.request("/")[0] == 200
    finally:
        stop(second)
    assert "演示数据已存在" in (tmp_path / "second.log").read_text(encoding="utf-8")
    assert "Traceback" not in (tmp_path / "second.log").read_text(encoding="utf-8")

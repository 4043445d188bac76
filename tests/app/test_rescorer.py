"""The rescoring worker lives as long as its server: killed, the server leaves no worker behind."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

SERVER = """
import sys, time
from inspect_app import create_app
from inspect_app.rankings import rescorer
folder = sys.argv[1]
app = create_app({"DATABASE_URL": f"sqlite:///{folder}/x.sqlite", "SECRET_KEY": "t", "TESTING": True}, instance_path=folder)
ready = rescorer.start(app)
if sys.argv[2] == "ready":
    ready.result()
(pool,) = rescorer._pools.values()
print(*[process.pid for process in pool._processes.values()], flush=True)
time.sleep(600)
"""


def running(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" not in status.read_text()
    except FileNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("when", ["ready", "starting"])
def test_a_killed_server_leaves_no_rescoring_worker(tmp_path, when):
    """Killed once its worker is ready, or while the worker is still starting."""
    command = [sys.executable, "-c", SERVER, str(tmp_path), when]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        (worker,) = map(int, server.stdout.readline().split())
        assert running(worker)
    finally:
        server.kill()
        server.wait()
        server.stdout.close()
    deadline = time.monotonic() + 20
    while running(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(worker)

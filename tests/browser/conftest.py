"""A live demo server and real Chromium (Debian's /usr/bin/chromium) for browser tests."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("INSPECT_CHROMIUM", "/usr/bin/chromium")
# Flags for a headless root session on a machine with no outside network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CLI = str(Path(sys.executable).with_name("inspect-app"))


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    """Wait until the server accepts connections (or fail with what it printed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(encoding='utf-8')}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"server on port {port} did not start in {seconds}s")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium; skip without it, except in CI where it must be there."""
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """`inspect-app demo` built in a fresh instance folder, served by `inspect-app serve`."""
    instance = tmp_path_factory.mktemp("instance")
    # Served over plain http: the session cookie must not be Secure-only (as `inspect-app demo` does).
    env = {**os.environ, "INSPECT_INSTANCE_PATH": str(instance), "INSPECT_SESSION_COOKIE_SECURE": "false"}
    env.pop("DATABASE_URL", None)
    subprocess.run([CLI, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port, log = free_port(), instance / "server.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen([CLI, "serve", "--port", str(port)], env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
        try:
            wait_for(port, server, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh page sized like a phone (the inspectors' device)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    yield context.new_page()
    context.close()

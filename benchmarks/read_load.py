"""Reading under load, against a real server: leaders read rankings while others log in and save.

    .venv/bin/python benchmarks/read_load.py [--readers 8] [--seconds 20] [--database-url URL]

Builds the demo (`inspect-app demo --no-serve`) in a temporary instance folder, starts
`inspect-app serve` on 127.0.0.1 as a subprocess, and for --seconds runs, all at once:
--readers threads, each its own logged-in browser (the demo leader) reading /campaigns/1/rankings;
one thread logging in (form, then POST) over and over as new browsers; and one separate process
saving answers through `inspect_app.sheets.services.save_answers` on the same database (no save
endpoint exists yet). It prints, per kind of request, the count, throughput, p50 / p95 / max and
errors, and how many rankings each reader was served. Bounded in time and count; traffic only to
127.0.0.1. Figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

CLI = str(Path(sys.executable).with_name("inspect-app"))
HOST = "127.0.0.1"
RANKINGS = "/campaigns/1/rankings"
OPEN_CAMPAIGN = 2  # the demo's open campaign: its draft sheets take the saves
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]*)"')
TIMEOUT = 60  # seconds, per HTTP request


@dataclass
class Tally:
    """Latencies (seconds) and errors of one kind of request."""

    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Answer a redirect as it is (a login answers 302), never follow it."""

    def redirect_request(self, *_args, **_kwargs):
        return None


class Browser:
    """One browser: its own cookies, talking only to the server on 127.0.0.1."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(jar, NoRedirect)

    def request(self, path: str, form: dict | None = None) -> tuple[int, str]:
        """GET path, or POST form to it: the status and the page."""
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=TIMEOUT) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def log_in(self, username: str, password: str) -> tuple[int, float]:
        """Fetch the form, post it with its CSRF token: the POST's status and its time."""
        _status, page = self.request("/auth/login")
        found = CSRF.search(page)
        token = found.group(1) if found else ""
        start = time.perf_counter()
        status, _page = self.request("/auth/login", {"csrf_token": token, "username": username, "password": password})
        return status, time.perf_counter() - start


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until the server accepts connections, or fail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"the server on port {port} did not start in {seconds} s")


def timed(tally: Tally, call, ok) -> None:
    """Run call(), add its time to tally, or its failure when ok(result) is false."""
    start = time.perf_counter()
    try:
        result = call()
    except OSError as error:
        tally.errors.append(repr(error))
        return
    tally.times.append(time.perf_counter() - start)
    if not ok(result):
        tally.errors.append(str(result[0]))


def reader(base: str, start: threading.Event, stop_at: list[float], limit: int, tally: Tally) -> None:
    """A leader reading the rankings, again and again, until the time or the count is up."""
    browser = Browser(base)
    status, _ = browser.log_in("leader", "demo-leader")
    if status != 302:
        tally.errors.append(f"login {status}")
        return
    start.wait()
    while time.monotonic() < stop_at[0] and len(tally.times) + len(tally.errors) < limit:
        timed(tally, lambda: browser.request(RANKINGS), lambda result: result[0] == 200)


def logins(base: str, start: threading.Event, stop_at: list[float], limit: int, tally: Tally) -> None:
    """New browsers logging in as the demo admin, one after the other."""
    start.wait()
    while time.monotonic() < stop_at[0] and len(tally.times) + len(tally.errors) < limit:
        try:
            status, seconds = Browser(base).log_in("admin", "demo-admin")
        except OSError as error:
            tally.errors.append(repr(error))
            continue
        (tally.times if status == 302 else tally.errors).append(seconds if status == 302 else str(status))
        time.sleep(0.2)


def save_loop(url: str, limit: int) -> Tally:
    """Save one answer on the open campaign's draft sheets, again and again (run as a process).

    Prints `ready` once set up, then saves until the time (epoch seconds) read from stdin.
    """
    from sqlmodel import Session, select

    from inspect_app.db import make_engine
    from inspect_app.models import Campaign, ChecklistVersion, ScoreSheet, User
    from inspect_app.sheets.services import save_answers
    from scoring import parse_checklist_text

    engine = make_engine(url)
    tally = Tally()
    with Session(engine) as session:
        campaign = session.get(Campaign, OPEN_CAMPAIGN)
        checklist = session.get(ChecklistVersion, campaign.checklist_version_id)
        code = parse_checklist_text(checklist.yaml_text).items[0].code
        sheets = session.exec(select(ScoreSheet.id).where(ScoreSheet.campaign_id == OPEN_CAMPAIGN)).all()
        session.rollback()
        print("ready", flush=True)
        until = float(sys.stdin.readline())
        while time.time() < until and len(tally.times) + len(tally.errors) < limit:
            sheet = session.get(ScoreSheet, sheets[len(tally.times) % len(sheets)], populate_existing=True)
            user, base = session.get(User, sheet.inspector_id), sheet.version
            value = str(len(tally.times) % 2)
            start = time.perf_counter()
            try:
                save_answers(session, sheet.id, base, {code: value}, user, uuid.uuid4())
                tally.times.append(time.perf_counter() - start)
            except Exception as error:  # noqa: BLE001 - every failure is counted and shown
                session.rollback()
                tally.errors.append(repr(error))
            time.sleep(0.1)
    engine.dispose()
    return tally


def percentile(times: list[float], share: float) -> float:
    """The nearest-rank percentile of times (0 when there are none)."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


def summary(name: str, tally: Tally, seconds: float) -> dict:
    """One line of the report, as a dict."""
    return {
        "kind": name,
        "count": len(tally.times),
        "per_second": len(tally.times) / seconds,
        "p50": percentile(tally.times, 0.50),
        "p95": percentile(tally.times, 0.95),
        "max": max(tally.times, default=0.0),
        "errors": len(tally.errors),
        "error_examples": sorted(set(tally.errors))[:3],
    }


def run(base: str, url: str, args: argparse.Namespace) -> dict:
    """Readers, logins and saves at once against the server at base; the report."""
    start, stop_at = threading.Event(), [0.0]
    readers = [Tally() for _ in range(args.readers)]
    login_tally = Tally()
    threads = [threading.Thread(target=reader, args=(base, start, stop_at, args.max_requests, t)) for t in readers]
    threads.append(threading.Thread(target=logins, args=(base, start, stop_at, args.max_requests, login_tally)))
    saver = subprocess.Popen([sys.executable, __file__, "--save-only", url], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    if saver.stdout.readline().strip() != "ready":
        raise RuntimeError("the saving process did not start")
    for thread in threads:
        thread.start()
    began = time.monotonic()
    stop_at[0] = began + args.seconds
    saver.stdin.write(f"{time.time() + args.seconds}\n")
    saver.stdin.flush()
    start.set()
    for thread in threads:
        thread.join(timeout=args.seconds + 2 * TIMEOUT)
    out, _ = saver.communicate(timeout=args.seconds + 2 * TIMEOUT)
    elapsed = time.monotonic() - began
    saves = Tally(**json.loads(out))
    everyone = Tally([t for r in readers for t in r.times], [e for r in readers for e in r.errors])
    return {
        "seconds": elapsed,
        "kinds": [summary("rankings", everyone, elapsed), summary("login", login_tally, elapsed),
                  summary("save", saves, elapsed)],
        "served_per_reader": sorted(len(r.times) for r in readers),
    }


def serve_demo(args: argparse.Namespace) -> dict:
    """Build the demo in a temporary instance folder, serve it, run the load, stop the server."""
    with tempfile.TemporaryDirectory(prefix="read-load-") as instance:
        # Plain http on 127.0.0.1: the session cookie may not be Secure-only.
        env = {**os.environ, "INSPECT_INSTANCE_PATH": instance, "INSPECT_SESSION_COOKIE_SECURE": "false"}
        env.pop("INSPECT_DATABASE_URL", None)
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        else:
            env.pop("DATABASE_URL", None)
        url = args.database_url or f"sqlite:///{Path(instance) / 'inspect.sqlite'}"
        subprocess.run([CLI, "demo", "--no-serve"], env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [CLI, "serve", "--host", HOST, "--port", str(port)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port, server)
            return run(f"http://{HOST}:{port}", url, args)
        finally:
            server.terminate()
            server.wait(timeout=30)


def print_report(report: dict, args: argparse.Namespace) -> None:
    """The machine, the command and the figures."""
    uname = platform.uname()
    print(f"machine: {uname.system} {uname.release} {uname.machine}, nproc {os.cpu_count()}, "
          f"date {time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.2f}")
    print(f"{args.readers} readers of {RANKINGS}, 1 login loop, 1 save process, {report['seconds']:.1f} s")
    print(f"{'kind':<10}{'count':>7}{'per s':>8}{'p50 s':>8}{'p95 s':>8}{'max s':>8}{'errors':>8}")
    for line in report["kinds"]:
        print(f"{line['kind']:<10}{line['count']:>7}{line['per_second']:>8.2f}{line['p50']:>8.3f}"
              f"{line['p95']:>8.3f}{line['max']:>8.3f}{line['errors']:>8}  {' '.join(line['error_examples'])}")
    served = report["served_per_reader"] or [0]
    print(f"rankings served per reader: min {served[0]}, max {served[-1]}, all {served}")


def main(argv: list[str] | None = None) -> dict:
    """Parse arguments, run the benchmark (or, with --save-only, the saving process)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--max-requests", type=int, default=5000, help="per reader and for logins")
    parser.add_argument("--database-url", help="a PostgreSQL URL (default: SQLite in the temporary folder)")
    parser.add_argument("--save-only", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.save_only:
        tally = save_loop(args.save_only, args.max_requests)
        print(json.dumps({"times": tally.times, "errors": tally.errors}))
        return {}
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    report = serve_demo(args)
    print_report(report, args)
    return report


if __name__ == "__main__":
    main()

"""Saving under load: simulated inspectors saving answers at once through the JSON API.

    .venv/bin/python benchmarks/save_load.py [--clients 50] [--saves 30] [--shared 10] [--think 1]
                                            [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

A real server (`inspect-app serve`) on 127.0.0.1 over a fresh database (SQLite in a temporary
instance folder, or a new database made on the given PostgreSQL server and dropped after).
`--shared` of the clients are a second device of another client's inspector, saving on the same
sheet: they meet `stale` and save again on the current version, as the form does. Every fifth
save is sent twice (a lost answer retried): the second must come back `duplicate`. Prints p50 /
p95 / max latency of the saves, errors, and saves acknowledged against versions and submission
rows found in the database (they must be equal). Then the scoring page's bytes over the wire
(gzip, scripts and styles included) for village-1000 and a generated 150-item checklist.
DESIGN.md, "Performance targets": p95 under 100 ms, no error, acknowledged = stored.
"""

import argparse
import gzip
import http.cookiejar
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url
from sqlmodel import Session

from inspect_app import schema
from inspect_app.auth.services import create_user
from inspect_app.campaigns.services import add_area_subjects, assign, create_campaign
from inspect_app.checklists.services import store_checklist_version
from inspect_app.db import make_engine
from inspect_app.models import Area, AreaLevel, Role, ScoreSheet, Submission, UserCreate
from scoring import parse_checklist_text

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("inspect-app"))
PASSWORD = "bench password"
VALUES = {"deduct": ["0", "1", "2"], "ratio": ["0.9", "85%", "1"], "bands": ["0.01", "60000", "120000"],
          "check": ["是", "否"], "veto": ["否"], "manual": ["0", "1"], "bonus": ["0", "是"], "steps": ["0.99", "1"]}


def generated_checklist(n_items: int = 150) -> str:
    """A checklist of n_items mixing the methods (each max 10), as YAML."""
    kinds = [
        {"method": "deduct", "per": 2},
        {"method": "ratio", "target": 1.0, "zero_below": 0.5},
        {"method": "bands", "bands": [{"min": 100, "score": 10}, {"min": 50, "score": 6}]},
        {"method": "check"},
        {"method": "levels", "levels": {"好": 10, "较好": 8, "一般": 5, "差": 0}},
        {"method": "manual"},
        {"method": "steps", "base": 10, "target": 1.0, "step": 0.01, "per": 1},
    ]
    items = [{"code": f"G{n}", "text": f"第{n}项考核内容：档案与台账是否齐全规范",
              "standard": "每发现一处问题扣2分，扣完为止", "max": 10, **kinds[n % len(kinds)]} for n in range(n_items)]
    data = {"id": f"generated-{n_items}", "title": "生成的检查表", "subject": "village", "total": 10 * n_items,
            "grades": [{"grade": "好", "min": 0}], "rectify_days": 30,
            "sections": [{"code": f"S{s}", "title": f"第{s}部分", "items": items[s * 15:(s + 1) * 15]}
                         for s in range(n_items // 15)]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def build(url: str, owners: int) -> tuple[list[int], int, int]:
    """Migrate; `owners` inspectors with a village-1000 sheet each, and one 150-item sheet.

    Returns the sheet ids (by inspector), the 150-item sheet and the village-1000 sheet to measure."""
    engine = make_engine(url)
    schema.upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        users = [create_user(session=session, user_create=UserCreate(
            username=f"bench{n}", display_name=f"督查员{n}", role=Role.INSPECTOR, password=PASSWORD))
            for n in range(owners)]
        villages = [Area(name=f"测试村{n}", level=AreaLevel.VILLAGE) for n in range(owners + 1)]
        session.add_all(villages)
        session.flush()
        text = (ROOT / "checklists" / "village-1000.yaml").read_text(encoding="utf-8")
        campaign = create_campaign(session=session, checklist=store_checklist_version(session=session, yaml_text=text),
                                   title="负载测试", year=2026)
        subjects = add_area_subjects(session=session, campaign=campaign, areas=villages[:owners])
        sheets = [assign(session=session, subject=s, inspector=u, team=None) for s, u in zip(subjects, users,
                                                                                               strict=True)]
        generated = create_campaign(session=session, title="150项", year=2026, checklist=store_checklist_version(
            session=session, yaml_text=generated_checklist()))
        big = assign(session=session, subject=add_area_subjects(session=session, campaign=generated,
                                                                areas=[villages[-1]])[0], inspector=users[0])
        session.commit()
        ids = [sheet.id for sheet in sheets]
    engine.dispose()
    return ids, big.id, ids[0]


class Client:
    """One device: a cookie jar, the CSRF token, and JSON calls timed."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = self.page_token("/auth/login")
        self.open("/auth/login", urllib.parse.urlencode(
            {"csrf_token": self.token, "username": username, "password": PASSWORD}).encode(), {})
        self.token = self.page_token("/")

    def open(self, path: str, data: bytes | None, headers: dict) -> tuple[int, bytes, dict]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.read(), dict(answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def page_token(self, path: str) -> str:
        return re.search(r'name="csrf-token" content="([^"]+)"', self.open(path, None, {})[1].decode())[1]

    def post(self, path: str, body: dict) -> tuple[int, dict, float]:
        started = time.perf_counter()
        status, data, _ = self.open(path, json.dumps(body).encode(),
                                    {"Content-Type": "application/json", "X-CSRFToken": self.token})
        return status, json.loads(data or b"{}"), time.perf_counter() - started


def run_clients(base: str, sheets: list[int], clients: int, shared: int, saves: int, think: float,
                cpu: Callable[[], float]) -> dict:
    """Every client saves `saves` times at once; latencies, acknowledgements, errors and the server's CPU."""
    checklist = parse_checklist_text((ROOT / "checklists" / "village-1000.yaml").read_text(encoding="utf-8"))
    codes = [(code, item) for code, item in checklist.answer_codes() if item.method != "levels"]
    owners = clients - shared
    plan = [(n, sheets[n]) for n in range(owners)] + [(owners - 1 - n, sheets[owners - 1 - n]) for n in range(shared)]
    devices = [Client(base, f"bench{who}") for who, _ in plan]
    latencies, acked, stale, errors, lock = [], {s: 0 for s in sheets}, [0], [], threading.Lock()
    barrier = threading.Barrier(len(devices))

    def work(device: Client, sheet: int, seed: int) -> None:
        rng, version = random.Random(seed), 1
        barrier.wait()
        for n in range(saves):
            time.sleep(rng.uniform(0.5, 1.5) * think)
            answers = {code: {"value": rng.choice(VALUES["deduct" if item.lines else item.method]), "note": ""}
                       for code, item in rng.sample(codes, 3)}
            body = {"submission": str(uuid.uuid4()), "base_version": version, "answers": answers}
            for _attempt in range(20):
                status, reply, took = device.post(f"/api/sheets/{sheet}/answers", body)
                with lock:
                    latencies.append(took)
                if status == 409 and reply.get("error") == "stale":
                    body = {**body, "submission": str(uuid.uuid4()), "base_version": reply["current_version"]}
                    with lock:
                        stale[0] += 1
                    continue
                break
            if status != 200 or reply.get("duplicate"):
                with lock:
                    errors.append((status, reply.get("error")))
                continue
            version = reply["version"]
            with lock:
                acked[sheet] += 1
            if n % 5 == 0:  # a lost answer, retried: must be a duplicate, nothing written
                status, again, took = device.post(f"/api/sheets/{sheet}/answers", body)
                with lock:
                    latencies.append(took)
                    if status != 200 or not again.get("duplicate") or again.get("version") != version:
                        errors.append((status, "replay not a duplicate"))

    threads = [threading.Thread(target=work, args=(d, s, i)) for i, (d, (_, s)) in enumerate(zip(devices, plan,
                                                                                              strict=True))]
    started, cpu_before = time.perf_counter(), cpu()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "acked": acked, "stale": stale[0], "errors": errors,
            "seconds": time.perf_counter() - started, "server_cpu": cpu() - cpu_before}


def stored(url: str, sheets: list[int]) -> tuple[dict[int, int], int]:
    """Per sheet, its version − 1 (the saves it took), and how many submissions the database keeps."""
    engine = create_engine(url)
    with Session(engine) as session:
        versions = dict(session.execute(select(ScoreSheet.id, ScoreSheet.version - 1)
                                        .where(ScoreSheet.id.in_(sheets))).all())
        submissions = session.execute(select(func.count()).select_from(Submission)
                                      .where(Submission.sheet_id.in_(sheets))).scalar_one()
    engine.dispose()
    return versions, submissions


def wire_bytes(client: Client, path: str) -> tuple[int, int]:
    """The page and its scripts and styles: (bytes sent with gzip, bytes without)."""
    sent = plain = 0
    status, body, headers = client.open(path, None, {"Accept-Encoding": "gzip"})
    html = gzip.decompress(body).decode() if headers.get("Content-Encoding") == "gzip" else body.decode()
    assets = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
    for url in [path, *assets]:
        status, body, headers = client.open(url, None, {"Accept-Encoding": "gzip"})
        sent += len(body)
        plain += len(gzip.decompress(body)) if headers.get("Content-Encoding") == "gzip" else len(body)
    return sent, plain


def server_cpu(pid: int) -> float:
    """Seconds of CPU (user + system) the server process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    """The share-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--shared", type=int, default=10, help="clients that are a second device on a sheet")
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--threads", type=int, default=8, help="server threads")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds an inspector types between saves (0: save back to back, a stress test)")
    parser.add_argument("--database-url", help="a PostgreSQL server: a fresh database is made there and dropped")
    args = parser.parse_args(argv)
    instance = Path(tempfile.mkdtemp(prefix="save-load-"))
    server_url, url = None, f"sqlite:///{instance / 'inspect.sqlite'}"
    if args.database_url:
        server_url = make_url(args.database_url)
        name = f"inspect_bench_{uuid.uuid4().hex[:8]}"
        with create_engine(server_url, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = server_url.set(database=name).render_as_string(hide_password=False)
    sheets, big, village = build(url, args.clients - args.shared)
    port = 18000 + random.randrange(2000)
    # Plain http on 127.0.0.1: the session cookie may not be Secure-only.
    env = {**os.environ, "INSPECT_INSTANCE_PATH": str(instance), "DATABASE_URL": url,
           "INSPECT_SESSION_COOKIE_SECURE": "false"}
    log = (instance / "server.log").open("w")
    server = subprocess.Popen([CLI, "serve", "--port", str(port), "--threads", str(args.threads)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/auth/login", timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        result = run_clients(base, sheets, args.clients, args.shared, args.saves, args.think,
                             lambda: server_cpu(server.pid))
        versions, submissions = stored(url, sheets)
        measure = Client(base, "bench0")
        pages = {"village-1000": wire_bytes(measure, f"/sheets/{village}"),
                 "generated-150": wire_bytes(measure, f"/sheets/{big}")}
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        if server_url is not None:
            with create_engine(server_url, isolation_level="AUTOCOMMIT").connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    latencies = [t * 1000 for t in result["latencies"]]
    acked = sum(result["acked"].values())
    print(f"{datetime.now():%Y-%m-%d %H:%M} {platform.node()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"{'PostgreSQL' if server_url else 'SQLite'}, server threads {args.threads}")
    print(f"clients {args.clients} ({args.shared} a second device on a shared sheet), {args.saves} saves each, "
          f"think {args.think:g} s, "
          f"{len(latencies)} requests in {result['seconds']:.1f} s")
    print(f"latency ms: p50 {statistics.median(latencies):.1f}  p95 {percentile(latencies, 0.95):.1f}  "
          f"max {max(latencies):.1f}")
    print(f"server CPU while saving: {result['server_cpu']:.1f} s, "
          f"{1000 * result['server_cpu'] / len(latencies):.1f} ms per request (the log-ins before are not counted)")
    errors = result["errors"]
    print(f"stale answers (then saved again): {result['stale']}  errors: {len(errors)} {errors[:5]}")
    print(f"saves acknowledged {acked}  versions stored {sum(versions.values())}  submission rows {submissions}  "
          f"per sheet equal: {versions == result['acked']}")
    for name, (sent, plain) in pages.items():
        print(f"page {name}: {sent / 1024:.1f} KB over the wire (gzip), {plain / 1024:.1f} KB uncompressed")
    good = not result["errors"] and versions == result["acked"] and acked == submissions
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())

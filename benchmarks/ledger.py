"""Ledger reads on the demo district (1,318 rows): the API list, the office's overview, the Excel export.

Builds the demo in a temporary instance (or uses --instance), then times each request through the
Flask test client, median of --repeats after one untimed run. One command:

    .venv/bin/python benchmarks/ledger.py [--repeats 9] [--instance PATH]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from inspect_app import create_app
from inspect_app.cli import main

REQUESTS = [
    ("admin", "/api/rectifications"),
    ("admin", "/rectifications/overview"),
    ("admin", "/rectifications/export.xlsx"),
    ("admin", "/rectifications"),
    ("zhangdang", "/api/rectifications"),
    ("zhangdang", "/rectifications"),
    ("zhangsan", "/api/rectifications"),
]


def timed(client, path: str, repeats: int) -> float:
    """Median seconds of GET path (after one untimed run)."""
    assert client.get(path).status_code == 200, path
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(path)
        runs.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(runs)


def run(instance: Path, repeats: int) -> None:
    """Print one line per request: user, path, median milliseconds."""
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{instance / 'inspect.sqlite'}", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False},
        instance_path=str(instance),
    )
    for username, path in REQUESTS:
        client = app.test_client()
        client.post("/auth/login", data={"username": username, "password": f"demo-{username}"})
        print(f"{username:10} {path:32} {timed(client, path, repeats) * 1000:8.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--instance", type=Path)
    args = parser.parse_args()
    if args.instance:
        run(args.instance, args.repeats)
    else:
        with tempfile.TemporaryDirectory() as folder:
            built = CliRunner().invoke(main, ["--instance-path", folder, "demo", "--no-serve"])
            assert built.exit_code == 0, built.output
            run(Path(folder), args.repeats)

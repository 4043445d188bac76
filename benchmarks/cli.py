"""Benchmark of `inspect-app score` end to end, as a user runs it (DESIGN.md, "Performance targets").

    .venv/bin/python benchmarks/cli.py [--villages 20000] [--inspectors 3] [--csv PATH] [--repeats 3]

Writes a long CSV of answers to `checklists/village-1000.yaml` (levels, pools, 是/否 words,
vetoes), made with `inspect_app/demo/answers.py`: every village answered by `--inspectors`
inspectors, 2% of villages vetoed by one inspector, a note on 1% of the rows. An existing file
at `--csv` made with the same arguments is reused. Then runs, each in a fresh process:

- the floor: `pd.read_csv(path, dtype=str, keep_default_na=False)`, timed inside the process, as
  installed (pandas 3 keeps that text in Arrow when pyarrow is there, which is slower to read and
  holds less) and with its strings in Python objects (faster to read, holds more); the lower time
  and the lower memory of the two are the floor, the strictest reading of the target;
- `inspect-app score` with `--out` CSV, with `--out` XLSX, and with `--out` CSV plus
  `--rectifications` CSV and XLSX, timed as wall time of the whole command;

and reports each command's time over the floor's (and, for information, each floor's whole
process: starting Python, importing pandas, reading, exiting), and each process's peak resident
memory (`ru_maxrss` of that child, from `os.wait4`) over the read's. Each is run `--repeats` times,
interleaved; the median time is the figure (the range is shown: a read alone varies by half
from one process to the next here) and the highest peak. The read's process and an idle
`import pandas` give the baseline: "held" is peak minus that baseline. Targets: under 3× in
time and in memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.engine import machine  # noqa: E402
from inspect_app.demo.answers import sheet_answers, veto_items  # noqa: E402
from scoring import load_checklist  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHECKLIST = ROOT / "checklists" / "village-1000.yaml"
VETO_SHARE, NOTE_SHARE = 0.02, 0.01
FLOORS = {"read_csv": "", "read_csv, Python strings": "pd.set_option('mode.string_storage', 'python'); "}
READ = ("import json, sys, time; import pandas as pd; {storage}start = time.perf_counter(); "
        "frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False); "
        "print(json.dumps({'seconds': time.perf_counter() - start, "
        "'frame_mib': frame.memory_usage(deep=True).sum() / 2**20, 'rows': len(frame)}))")


def write_answers(path: Path, villages: int, inspectors: int, seed: int) -> int:
    """The long answers CSV (subject, group, inspector, item, value, note); returns its rows."""
    checklist = load_checklist(CHECKLIST)
    vetoes = veto_items(checklist)
    rng = random.Random(seed)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["subject", "group", "inspector", "item", "value", "note"])
        for village in range(villages):
            town = village * 100 // villages
            subject, group = f"{town + 1:03d}镇{village + 1:05d}村", f"{town + 1:03d}镇"
            veto_code = rng.choice(vetoes) if rng.random() < VETO_SHARE else None
            for inspector in range(inspectors):
                answers = sheet_answers(checklist, rng, veto_code=veto_code if inspector == 0 else None)
                name = f"督查组{town % 20 + 1}-{inspector + 1}"
                for code, value in answers.items():
                    note = f"{code}现场核查发现问题" if rng.random() < NOTE_SHARE else ""
                    out.writerow([subject, group, name, code, value, note])
                    rows += 1
    return rows


def run(command: list[str]) -> dict[str, float | str]:
    """Run a command in a fresh process: its wall time, peak resident memory and output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err.read()}")
        return {"wall": wall, "peak_mib": usage.ru_maxrss / 1024, "out": out.read()}


def inspect_app() -> list[str]:
    """The `inspect-app` command beside this interpreter, else the same entry point through it."""
    script = Path(sys.executable).with_name("inspect-app")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from inspect_app.cli import run; run()"]


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--villages", type=int, default=20000)
    parser.add_argument("--inspectors", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each command (the median is kept)")
    parser.add_argument("--csv", type=Path, default=None,
                        help="where to keep the answers (default: a file in the temp folder)")
    args = parser.parse_args(argv)
    path = args.csv or Path(tempfile.gettempdir()) / (
        f"inspect-bench-village-1000-{args.villages}x{args.inspectors}-{args.seed}.csv")
    stamp = path.with_suffix(".json")
    wanted = {"villages": args.villages, "inspectors": args.inspectors, "seed": args.seed}
    print(f"python {platform.python_version()}; {machine()}; {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    if not (path.exists() and stamp.exists() and json.loads(stamp.read_text()) == wanted):
        start = time.perf_counter()
        rows = write_answers(path, args.villages, args.inspectors, args.seed)
        stamp.write_text(json.dumps(wanted))
        print(f"wrote {path} ({rows:,} rows) in {time.perf_counter() - start:.1f} s")
    print(f"answers: {path}, {path.stat().st_size / 2**20:.0f} MiB")

    python = sys.executable
    idle = run([python, "-c", "import pandas"])
    base = float(idle["peak_mib"])
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        score = [*inspect_app(), "score", str(CHECKLIST), str(path), "--assessed-on", "2026-12-01"]
        cases = {
            **{name: [python, "-c", READ.replace("{storage}", storage), str(path)] for name, storage in FLOORS.items()},
            "score --out CSV": [*score, "--out", str(out / "r.csv")],
            "score --out XLSX": [*score, "--out", str(out / "r.xlsx")],
            "score --out CSV --rectifications CSV": [*score, "--out", str(out / "r.csv"), "--rectifications",
                                                     str(out / "z.csv")],
            "score --out XLSX --rectifications XLSX": [*score, "--out", str(out / "r.xlsx"), "--rectifications",
                                                       str(out / "z.xlsx")],
        }
        runs: dict[str, list[dict[str, float | str]]] = {name: [] for name in cases}
        for _ in range(args.repeats):  # interleaved, so a slow spell of the machine hits every case
            for name, command in cases.items():
                runs[name].append(run(command))
    reads = {name: [json.loads(str(result["out"])) for result in runs[name]] for name in FLOORS}
    for name in FLOORS:
        for result, read in zip(runs[name], reads[name], strict=True):
            result["process"] = result["wall"]  # for information: the whole process, as a command is timed
            result["wall"] = read["seconds"]  # a floor is the read alone, timed inside its process
    floor = min(statistics.median(read["seconds"] for read in reads[name]) for name in FLOORS)
    held = max(min(max(float(result["peak_mib"]) for result in runs[name]) for name in FLOORS) - base,
               1.0)  # a tiny file holds little
    frames = ", ".join(f"{read[0]['frame_mib']:.0f}" for read in reads.values())
    print(f"{next(iter(reads.values()))[0]['rows']:,} rows; frames {frames} MiB; "
          f"an idle `import pandas` peaks at {base:.0f} MiB; 'held' is a peak above that; median of "
          f"{args.repeats} runs (range); '÷ read' is over the faster read's time and the smaller read's held")
    print(f"\n{'command':42} {'s':>7} {'range':>11} {'÷ read':>7} {'peak MiB':>9} {'held':>6} {'÷ read':>7}")
    figures: dict[str, dict[str, float]] = {}
    for name, results in runs.items():
        walls = [float(result["wall"]) for result in results]
        peak = max(float(result["peak_mib"]) for result in results)
        seconds = statistics.median(walls)
        figures[name] = f = {"seconds": seconds, "time_ratio": seconds / floor, "peak_mib": peak,
                             "memory_ratio": (peak - base) / held}
        print(f"{name:42} {f['seconds']:7.2f} {min(walls):5.2f}–{max(walls):5.2f} {f['time_ratio']:6.2f}× "
              f"{peak:9.0f} {peak - base:6.0f} {f['memory_ratio']:6.2f}×")
    print(f"{'target':42} {'':>7} {'':>11} {'< 3×':>7} {'':>9} {'':>6} {'< 3×':>7}")
    for name in FLOORS:  # what a floor takes timed as a command is: starting Python, importing, exiting too
        process = statistics.median(float(result["process"]) for result in runs[name])
        print(f"for information, {name} as a whole process: {process:.2f} s")
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    return figures


if __name__ == "__main__":
    main()

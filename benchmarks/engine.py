"""Benchmark of the scoring engine on a province-sized campaign (DESIGN.md, "Performance targets").

    .venv/bin/python benchmarks/engine.py [--villages 20000 --items 150 --inspectors 3]

Generates, in memory, a checklist of items of every method, shared deduction pools and
`levels` among them (passed through `scoring.parse_checklist`), and one response per village ×
inspector × answer code, with `subject`, `item`, `inspector` and `group` as categorical columns
of string codes, `value` a categorical column of the texts people type (numbers, 1/0, level
names) and `note` a categorical column with a note on 1% of the rows. Then reports:

- the floor: `responses.groupby("subject", sort=False, observed=True)["value"].sum()` on the
  same rows with each value as the number it stands for (float64; a level as its score), the
  subject column categorical (as generated), plain Python strings (object dtype) and pandas'
  default `str` dtype (what `read_csv(dtype=str)` gives);
- the engine: `scoring.score(checklist, responses).subjects` (scored, vetoed, graded, ranked);
- the whole results: the same, then `items`, `rectifications` and `pool_lines`;
- for information (skip with `--no-text`), the engine with all four code columns as `str`;
- times as the median of `--repeats` interleaved runs (after one untimed warm-up run of
  each), and each over the floor;
- peak memory of the floor, the engine and the whole results, each measured in a fresh
  subprocess: the process builds the same data, collects garbage and trims the allocator,
  clears the kernel's RSS high-water mark (`/proc/self/clear_refs`), runs the call once and
  reads `VmHWM`. The figure is the high-water mark above the resident size just before the
  call: the memory the call itself needed, whoever allocated it (numpy, pandas, Python objects);
- the DataFrame's own size, `responses.memory_usage(deep=True).sum()`, and peak / size.

Targets (DESIGN.md): under 2× the floor in time, peak memory under 2× the DataFrame's size.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scoring  # noqa: E402
from scoring import Checklist  # noqa: E402

SECTION_SIZE = 15
CODE_COLUMNS = ("subject", "item", "inspector", "group")
# The ordinary items cycle through these methods; vetoes, bonuses, veto_when and a relative
# target are placed among them (see checklist_data).
CYCLE = ("deduct", "ratio", "bands", "check", "manual", "steps", "check", "deduct", "levels")
LEVELS = {"好": 10, "较好": 8, "一般": 5, "差": 0}
NOTE_SHARE = 0.01


def item_data(index: int, method: str) -> dict[str, Any]:
    """One item of the generated checklist, as it would be written in YAML."""
    code = f"I{index + 1:03d}"
    item: dict[str, Any] = {"code": code, "text": f"评分项{index + 1}", "method": method}
    if method == "deduct":
        item.update(max=10 if index % 3 else 20, per=(1, 2, 5)[index % 3],
                    standard="每发现一处扣分，扣完为止")
    elif method == "ratio":
        item.update(max=10, target=1.0)
        if index % 2:
            item["zero_below"] = 0.6
    elif method == "bands":
        item.update(max=10, bands=[{"min": 100000, "score": 10}, {"min": 50000, "score": 6},
                                   {"min": 0.01, "score": 3}])
    elif method in ("check", "manual"):
        item["max"] = 5 if method == "check" else 10
    elif method == "steps":
        item.update(max=4, base=4, target=1.0, step=0.001, per=1)
    elif method == "bonus":
        item["max"] = 5
    elif method == "levels":
        item.update(max=10, levels=LEVELS)
    elif method == "pool":
        item.update(method="deduct", max=20, standard="每发现一处扣分，扣完20分为止",
                    lines=[{"code": f"{code}{letter}", "text": f"{code}第{k + 1}类问题（处）", "per": 2,
                            **({"max": 6} if k == 2 else {})} for k, letter in enumerate("abc")])
    return item


def checklist_data(n_items: int) -> dict[str, Any]:
    """A checklist of n_items items of every method, shared deduction pools among them."""
    n_special = max(1, n_items // 50)
    specials: dict[int, dict[str, Any]] = {}
    positions = iter(range(n_items - 1, -1, -max(1, n_items // (4 * n_special + 1))))
    for k in range(n_special):
        specials[next(positions)] = {"method": "veto", "effect": ("fail", "exclude")[k % 2]}
        specials[next(positions)] = {"method": "bonus"}
        specials[next(positions)] = {"method": "bands", "veto_when": {"at_least": 0.012},
                                     "effect": {"cap": "一般"} if k % 2 else "fail",
                                     "bands": [{"below": 0.012, "score": 10}]}
        specials[next(positions)] = {"method": "pool"}
    specials.setdefault(next(positions), {"method": "ratio", "relative": True})
    items = []
    ordinary = 0
    for index in range(n_items):
        special = specials.get(index)
        if special is None:
            items.append(item_data(index, CYCLE[ordinary % len(CYCLE)]))
            ordinary += 1
            continue
        item = item_data(index, special["method"])
        if "veto_when" in special:
            item.update(bands=special["bands"], veto_when=special["veto_when"],
                        effect=special["effect"], text=f"评分项{index + 1}（发生率）")
        elif special["method"] == "veto":
            item["effect"] = special["effect"]
            item["text"] = f"否决项{index + 1}"
        elif special.get("relative"):
            item.update(max=4, target="mean", base=2.4, floor=1.5)
        items.append(item)
    total = sum(item["max"] for item in items if item["method"] not in ("bonus", "veto"))
    sections = [{"code": f"S{start // SECTION_SIZE + 1:02d}",
                 "title": f"第{start // SECTION_SIZE + 1}部分",
                 "items": items[start:start + SECTION_SIZE]}
                for start in range(0, n_items, SECTION_SIZE)]
    return {
        "id": f"benchmark-{n_items}", "title": "基准：省级村级考核", "subject": "village",
        "total": total, "precision": 0.1, "combine": "mean",
        "grades": [{"grade": "好", "min": round(total * 0.9)},
                   {"grade": "较好", "min": round(total * 0.8)},
                   {"grade": "一般", "min": round(total * 0.6)},
                   {"grade": "差", "min": 0}],
        "veto": {"grade": "差", "rank": "last"}, "ties": "competition",
        "bonus_cap": 10, "rectify_days": 30, "sections": sections,
    }


def make_checklist(n_items: int = 150) -> Checklist:
    """The generated checklist, parsed and validated like a user's YAML."""
    return scoring.parse_checklist(checklist_data(n_items), source="benchmark")


def item_values(item: scoring.Item, n: int, rng: np.random.Generator) -> np.ndarray:
    """n plausible numeric answers to one item."""
    method = item.method
    if method == "deduct":
        return rng.poisson(0.4, n).astype(np.float64)
    if method == "ratio":
        return np.round(rng.uniform(0.5, 1.05, n), 3)
    if method == "bands" and item.veto_when is not None:
        return np.round(rng.exponential(0.002, n), 4)  # an incidence rate, rarely ≥ 0.012
    if method == "bands":
        return np.round(rng.lognormal(11, 0.8, n), -2)
    if method == "check":
        return (rng.random(n) < 0.9).astype(np.float64)
    if method == "manual":
        return np.round(rng.uniform(0, float(item.max or 0), n) * 2) / 2
    if method == "steps":
        return np.round(rng.uniform(0.99, 1.0, n), 3)
    if method == "veto":
        return (rng.random(n) < 0.0005).astype(np.float64)
    if method == "bonus":
        return np.where(rng.random(n) < 0.7, 0.0, np.round(rng.uniform(0, 5, n) * 2) / 2)
    if method == "levels":  # the index of a level name, best first
        return rng.choice(len(LEVELS), n, p=[0.4, 0.3, 0.2, 0.1]).astype(np.float64)
    raise ValueError(f"no answers for method {method}")


def number_text(number: float) -> str:
    """A number as a person types it: 3, 0.85, 120000."""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def make_responses(checklist: Checklist, villages: int = 20000, inspectors: int = 3,
                   towns: int | None = None, seed: int = 2026) -> pd.DataFrame:
    """One response per village × inspector × answer code, in that order (as a sheet export is).

    subject, item, inspector and group are categorical columns of string codes; value is a
    categorical column of the texts people type (numbers, 1/0, level names), note a categorical
    column with a note on NOTE_SHARE of the rows.
    """
    rng = np.random.default_rng(seed)
    towns = towns or max(1, villages // 200)
    codes = list(checklist.answer_codes())
    n_sheets, n_codes = villages * inspectors, len(codes)
    numbers = np.empty((n_sheets, n_codes), dtype=np.float64)
    for index, (_, item) in enumerate(codes):
        numbers[:, index] = rng.poisson(0.3, n_sheets) if item.lines else item_values(item, n_sheets, rng)
    level = np.array([item.method == "levels" for _, item in codes])
    distinct, inverse = np.unique(numbers[:, ~level], return_inverse=True)
    value_codes = np.empty((n_sheets, n_codes), dtype=np.int32)
    value_codes[:, ~level] = inverse.reshape(n_sheets, -1)
    value_codes[:, level] = len(distinct) + numbers[:, level].astype(np.int32)
    del numbers, inverse
    village_codes = [f"V{v:06d}" for v in range(villages)]
    town_codes = [f"T{t:04d}" for t in range(towns)]
    sheet_village = np.repeat(np.arange(villages), inspectors)
    town_of_village = np.sort(rng.integers(0, towns, villages))

    def categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
        return pd.Categorical.from_codes(codes, pd.Index(categories, dtype=object))

    int_type = np.int16 if villages < 2**15 else np.int32
    return pd.DataFrame({
        "subject": categorical(np.repeat(sheet_village.astype(int_type), n_codes), village_codes),
        "group": categorical(np.repeat(town_of_village[sheet_village].astype(np.int16), n_codes),
                             town_codes),
        "inspector": categorical(np.tile(np.repeat(np.arange(inspectors, dtype=np.int8), n_codes),
                                         villages), [f"P{p:02d}" for p in range(inspectors)]),
        "item": categorical(np.tile(np.arange(n_codes, dtype=np.int16), n_sheets),
                            [code for code, _ in codes]),
        "value": categorical(value_codes.ravel(), [number_text(v) for v in distinct] + list(LEVELS)),
        "note": categorical(np.where(rng.random(n_sheets * n_codes) < NOTE_SHARE, 0, -1).astype(np.int8),
                            ["现场核查发现问题"]),
    })


def as_numbers(responses: pd.DataFrame) -> pd.DataFrame:
    """The floor's frame: the same rows, each value the number it stands for (a level its score)."""
    value = responses["value"]
    numbers = np.array([LEVELS[text] if text in LEVELS else float(text) for text in value.cat.categories])
    return responses.assign(value=numbers[value.cat.codes.to_numpy()]).drop(columns="note")


def with_subject_as(responses: pd.DataFrame, kind: str,
                    columns: tuple[str, ...] = ("subject",)) -> pd.DataFrame:
    """The same responses with these code columns categorical (as generated), object (Python
    str objects) or `str` (pandas' default string dtype, what `read_csv(dtype=str)` gives)."""
    if kind == "categorical":
        return responses
    replaced = {}
    for name in columns:
        column = responses[name]
        labels = np.asarray(column.cat.categories, dtype=object)[column.cat.codes.to_numpy()]
        replaced[name] = pd.Series(labels, dtype=object if kind == "object" else "str",
                                   index=column.index)
    return responses.assign(**replaced)


def floor(responses: pd.DataFrame) -> pd.Series:
    """The floor of DESIGN.md: one group-by sum per subject."""
    return responses.groupby("subject", sort=False, observed=True)["value"].sum()


def engine(checklist: Checklist, responses: pd.DataFrame) -> pd.DataFrame:
    """Scored, vetoed, graded and ranked: the subject table."""
    return scoring.score(checklist, responses).subjects


def whole(checklist: Checklist, responses: pd.DataFrame) -> tuple[pd.DataFrame, ...]:
    """Every table of the results a sign-off uses: subjects, items, rectifications, pool lines."""
    results = scoring.score(checklist, responses, assessed_on=date(2026, 12, 1))
    return results.subjects, results.items, results.rectifications, results.pool_lines


def timed(call: Any, repeats: int) -> list[float]:
    """Wall times of `repeats` calls, garbage collected before each."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


# ---- peak memory, in a fresh process ---------------------------------------------------------

def rss_kib(field: str) -> int:
    """A field of /proc/self/status in KiB (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def trim_allocator() -> None:
    """Give freed heap memory back to the system, so the baseline holds only live data."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def measure_peak(what: str, args: argparse.Namespace) -> dict[str, float]:
    """In this (fresh) process: the call's RSS high-water mark above the resident size before it."""
    checklist = make_checklist(args.items)
    responses = make_responses(checklist, args.villages, args.inspectors, args.towns, args.seed)
    kind = what.split(":", 1)[1] if ":" in what else "categorical"
    if what.startswith("floor"):
        responses = with_subject_as(as_numbers(responses), kind)
    calls = {"floor": floor, "engine": lambda frame: engine(checklist, frame),
             "whole": lambda frame: whole(checklist, frame)}
    call = partial(calls[what.split(":")[0]], responses)
    trim_allocator()
    before = rss_kib("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    result = call()
    peak = rss_kib("VmHWM")
    del result
    return {"before_mib": before / 1024, "peak_mib": peak / 1024,
            "peak_above_mib": (peak - before) / 1024}


def peak_in_subprocess(what: str, args: argparse.Namespace) -> dict[str, float]:
    """Run measure_peak in a fresh interpreter and read its answer."""
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", what,
               "--villages", str(args.villages), "--items", str(args.items),
               "--inspectors", str(args.inspectors), "--seed", str(args.seed)]
    if args.towns:
        command += ["--towns", str(args.towns)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def machine() -> str:
    """CPUs, CPU model and memory, from the kernel."""
    cpus = len(os.sched_getaffinity(0))
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return f"{cpus} CPUs ({model}), {memory / 2**20:.1f} GiB"


# ---- report ----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--villages", type=int, default=20000)
    parser.add_argument("--items", type=int, default=150)
    parser.add_argument("--inspectors", type=int, default=3)
    parser.add_argument("--towns", type=int, default=None, help="default: villages / 200")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory runs")
    parser.add_argument("--no-text", action="store_true",
                        help="skip the engine run on str code columns (for information only)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure_peak(args.measure, args)))
        return

    start = time.perf_counter()
    checklist = make_checklist(args.items)
    responses = make_responses(checklist, args.villages, args.inspectors, args.towns, args.seed)
    methods = pd.Series([item.method for item in checklist.items]).value_counts().to_dict()
    numbers = as_numbers(responses)
    size = int(responses.memory_usage(deep=True).sum())
    number_size = int(numbers.memory_usage(deep=True).sum())
    print(f"python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}; "
          f"{machine()}")
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    print(f"campaign: {args.villages} villages in {responses['group'].nunique()} towns × "
          f"{args.items} items × {args.inspectors} inspectors = {len(responses):,} responses "
          f"(generated in {time.perf_counter() - start:.1f} s)")
    print(f"items by method: {methods}")
    print(f"DataFrame size (memory_usage(deep=True)): {size / 2**20:.1f} MiB; the floor's, with "
          f"float64 values: {number_size / 2**20:.1f} MiB\n")

    # Interleaved: every repeat runs each floor and then the engine, so a machine busy with
    # something else slows them alike; each figure is the median of its runs. One run of each
    # before timing pays for first touches (imports, fresh memory) and is not counted.
    frames = {kind: with_subject_as(numbers, kind) for kind in ("categorical", "object", "str")}
    calls: dict[str, Any] = {f"floor, subject {kind}": (lambda frame=frame: floor(frame))
                             for kind, frame in frames.items()}
    engine_name = "engine (scoring.score → subjects)"
    calls[engine_name] = lambda: engine(checklist, responses)
    whole_name = "whole results (+ items, rectif., pools)"
    calls[whole_name] = lambda: whole(checklist, responses)
    if not args.no_text:
        text = with_subject_as(responses, "str", CODE_COLUMNS)
        calls["engine, code columns as str (info)"] = lambda: engine(checklist, text)
    for call in calls.values():
        call()
    runs: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(args.repeats):
        for name, call in calls.items():
            runs[name] += timed(call, 1)
    del frames, calls, numbers
    medians = {name: statistics.median(times) for name, times in runs.items()}
    engine_time = medians[engine_name]
    print(f"{'time, median of ' + str(args.repeats):40} {'s':>8}   runs")
    for name, times in runs.items():
        print(f"{name:40} {medians[name]:8.3f}   {' '.join(f'{t:.3f}' for t in times)}")
    for kind in ("categorical", "object", "str"):
        ratio = engine_time / medians[f"floor, subject {kind}"]
        print(f"{'engine / floor (' + kind + ')':40} {ratio:8.2f}×")
    print(f"{'whole results / floor (categorical)':40} "
          f"{medians[whole_name] / medians['floor, subject categorical']:8.2f}×")
    if not args.no_text:
        ratio = medians["engine, code columns as str (info)"] / medians["floor, subject str"]
        print(f"{'engine on str / floor (str)':40} {ratio:8.2f}×")
    print(f"{'target (engine / floor)':40} {'< 2×':>8}")
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")

    if args.no_memory:
        return
    print("\npeak memory, fresh process each: RSS high-water mark above RSS before the call")
    for what in ("floor", "floor:object", "engine", "whole"):
        peak = peak_in_subprocess(what, args)
        print(f"{what:40} {peak['peak_above_mib']:8.1f} MiB   "
              f"({peak['peak_above_mib'] * 2**20 / size:.2f}× the DataFrame; process "
              f"{peak['before_mib']:.0f} → {peak['peak_mib']:.0f} MiB)")
    print(f"{'target (engine)':40} {'< 2× the DataFrame':>8}")


if __name__ == "__main__":
    main()

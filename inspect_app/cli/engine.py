"""`inspect-app check-checklist` and `inspect-app score`: the engine on the command line."""

from __future__ import annotations

import sys
import time
from datetime import date
from functools import partial
from pathlib import Path

import click

from inspect_app.cli.output import fail, write_all
from inspect_app.exports import write_table
from scoring import ChecklistError, ResponseError, load_checklist, score
from scoring.tables import flat_table, read_responses, result_table

OUTPUT_SUFFIXES = (".csv", ".xlsx", ".json")


class Progress:
    """Stage messages with elapsed time, shown only when stderr is a terminal."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.shown = sys.stderr.isatty()

    def __call__(self, message: str) -> None:
        if self.shown:
            click.echo(f"[{time.monotonic() - self.start:6.1f}s] {message}", err=True)


def output_path(value: str | None, option: str) -> Path | None:
    """An output file whose type we can write."""
    if value is None:
        return None
    path = Path(value)
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        fail(f"{option} {value}：输出文件应以 .csv、.xlsx 或 .json 结尾")
    return path


@click.command("check-checklist", help="校验检查表（YAML）是否有效；逐条列出问题及其字段位置。")
@click.argument("file", type=click.Path(dir_okay=False))
def check_checklist(file: str) -> None:
    """Validate a checklist; every problem is listed with its field path."""
    try:
        checklist = load_checklist(file)
    except ChecklistError as error:
        fail(
            "\n".join(
                [f"{file}：检查表有 {len(error.problems)} 处问题"] + [f"  {problem}" for problem in error.problems]
            )
        )
    click.echo(
        f"{file}：检查表 {checklist.id}（{checklist.title}）有效，"
        f"{len(checklist.items)} 个评分项，总分 {checklist.total}"
    )


@click.command(
    "score", help="按检查表给答卷（CSV/XLSX，长表或宽表）评分：得分、否决、等次、排名，可另出整改清单。")
@click.argument("checklist_file", metavar="CHECKLIST", type=click.Path(dir_okay=False))
@click.argument("responses_file", metavar="RESPONSES", type=click.Path(dir_okay=False))
@click.option("--out", help="结果文件：.csv、.xlsx 或 .json（不写则打印到屏幕）")
@click.option("--rectifications", help="整改清单文件：.csv、.xlsx 或 .json")
@click.option("--allow-incomplete", is_flag=True, help="有未答完的对象时照常输出（不排名、不定等次）")
@click.option(
    "--assessed-on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="考核日期（整改时限由此起算），默认今天"
)
def score_command(
    checklist_file: str,
    responses_file: str,
    out: str | None,
    rectifications: str | None,
    allow_incomplete: bool,
    assessed_on: object,
) -> None:
    """Score a spreadsheet of responses (long or wide CSV/XLSX) against a checklist."""
    progress = Progress()
    out_path = output_path(out, "--out")
    rect_path = output_path(rectifications, "--rectifications")
    try:
        checklist = load_checklist(checklist_file)
        progress(f"读取答卷 {responses_file}")
        responses = read_responses(responses_file, checklist)
        progress(f"评分：{len(responses)} 条答案")
        day = assessed_on.date() if assessed_on else date.today()  # type: ignore[attr-defined]
        results = score(checklist, responses, assessed_on=day)
    except ChecklistError as error:
        fail(
            "\n".join(
                [f"{checklist_file}：检查表有 {len(error.problems)} 处问题"]
                + [f"  {problem}" for problem in error.problems]
            )
        )
    except ResponseError as error:
        fail(
            "\n".join(
                [f"{responses_file}：答卷有 {len(error.problems)} 处问题"]
                + [f"  {problem}" for problem in error.problems[:50]]
                + ([f"  另有 {len(error.problems) - 50} 处"] if len(error.problems) > 50 else [])
            )
        )
    if results.subjects.empty:
        fail(f"{responses_file}：答卷中没有任何答案，未输出任何文件")
    incomplete = results.subjects[results.subjects["status"] == "incomplete"]
    if len(incomplete) and not allow_incomplete:
        fail(
            "\n".join(
                [f"{responses_file}：{len(incomplete)} 个对象未答完，未输出任何文件（加 --allow-incomplete 照常输出）"]
                + [f"  {row.subject}：缺 {'、'.join(row.missing)}" for row in incomplete.itertuples()]
            )
        )
    table = result_table(results)
    progress("写出结果")
    outputs = [(table, out_path)] if out_path else []
    if rect_path:
        outputs.append((results.rectifications, rect_path))
    write_all((path, partial(write_table, frame, kind=path.suffix.lower())) for frame, path in outputs)
    if not out_path:
        click.echo(flat_table(table).to_csv(index=False).rstrip())
    progress(f"完成：{len(table)} 个对象")

"""`inspect-app import-checklist` / `export-checklist`: checklists to and from county tables."""

from __future__ import annotations

from pathlib import Path

import click
import yaml

import scoring
from inspect_app.checklist_tables import checklist_workbook, read_table
from inspect_app.cli.output import fail, write_all
from scoring.checklist import SUBJECTS


@click.command("import-checklist")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="写出的 YAML 文件（默认：与表格同名的 .yaml，已存在时不覆盖）",
)
@click.option("--skip-bad-rows", is_flag=True, help="跳过读不懂的行照样写出（仍逐行列出）")
@click.option("--id", "checklist_id", help="检查表编号（表格没有“设置”页时用）")
@click.option("--title", help="检查表名称")
@click.option("--subject", type=click.Choice(SUBJECTS), help="考核对象")
def import_checklist(
    file: Path, out: Path | None, skip_bad_rows: bool, checklist_id: str | None, title: str | None, subject: str | None
) -> None:
    """把考核细则表（.xlsx）转成检查表 YAML；读不懂的行逐行列出（文件、行、列、内容、原因）。"""
    if out is None:
        out = file.with_suffix(".yaml")
        if out.exists():
            fail(f"{out} 已存在；请用 --out 指定要写的文件（会覆盖）")
    result = read_table(
        file, skip_bad_rows=skip_bad_rows, settings_override={"id": checklist_id, "title": title, "subject": subject}
    )
    for bad in result.bad_rows:
        click.echo(str(bad), err=True)
    if not result.usable(skip_bad_rows):
        skippable = all(bad.skippable for bad in result.bad_rows)
        hint = "；或加 --skip-bad-rows 跳过这些行" if skippable and not skip_bad_rows else ""
        fail(f"有 {len(result.bad_rows)} 处读不懂，未写出任何文件。请改好表格后重试{hint}。")
        return
    text = result.yaml_text(file.name)
    write_all([(out, lambda path: path.write_text(text, encoding="utf-8"))])
    count = sum(len(section["items"]) for section in (result.checklist or {})["sections"])
    skipped = f"，跳过 {len(result.bad_rows)} 行" if result.bad_rows else ""
    click.echo(f"已写出 {out}（{count} 项{skipped}）")
    if result.filled:
        click.echo("请核对导入时补上的设置：" + "、".join(result.filled))


@click.command("export-checklist")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="写出的表格（默认：与 YAML 同名的 .xlsx）")
def export_checklist(file: Path, out: Path | None) -> None:
    """把检查表 YAML 写成考核细则表（.xlsx），可在表格里修改后再导入。"""
    try:
        scoring.load_checklist(file)
    except scoring.ChecklistError as error:
        for problem in error.problems:
            click.echo(f"{file}: {problem}", err=True)
        fail("检查表有错误，未写出表格。")
        return
    data = yaml.safe_load(file.read_text(encoding="utf-8-sig"))
    out = out or file.with_suffix(".xlsx")
    book = checklist_workbook(data)
    write_all([(out, lambda path: book.save(path))])
    click.echo(f"已写出 {out}")

"""What every command does with its result: files written all or none, mistakes told plainly."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NoReturn

import click


def fail(message: str) -> NoReturn:
    """Print a user's mistake to stderr and exit 1 (no traceback)."""
    click.echo(message, err=True)
    raise click.exceptions.Exit(1)


def write_all(writes: Iterable[tuple[Path, Callable[[Path], None]]]) -> None:
    """Write each file through a temporary file beside it, then put them all in place: a
    failure part-way leaves every earlier file as it was."""
    written: list[tuple[str, Path]] = []
    try:
        for path, write in writes:
            if not path.parent.is_dir():
                fail(f"{path}：文件夹 {path.parent} 不存在，未写出任何文件")
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
            os.close(handle)
            written.append((temporary, path))
            write(Path(temporary))
        for temporary, path in written:
            os.replace(temporary, path)
    finally:
        for temporary, _ in written:
            Path(temporary).unlink(missing_ok=True)

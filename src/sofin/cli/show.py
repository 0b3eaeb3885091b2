"""`sofin show FILE`: a table as the text `sofin allocate` prints, for people and git's textconv (issue 25 item 5)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sofin.cli.app import command, emit
from sofin.cli.options import LangOption
from sofin.words import DEFAULT

if TYPE_CHECKING:
    from sofin.published import PublishedTable


@command()
def show(
    file: Annotated[
        Path,
        typer.Argument(
            help="A table in sofin's JSON or CSV format ('-': standard input); any other file is printed unchanged."
        ),
    ],
    lang: LangOption = DEFAULT,
) -> None:
    """Print a table as `sofin allocate` prints it: the figures in the language's number format, no colours, as
    wide as the table, the same bytes wherever it is written. A file that is not a table sofin reads is printed
    unchanged, with exit 0: as git's textconv (README, "Tables in git"), `git diff` then shows figures. Exit 2
    only when the file cannot be read at all (no such file, a folder).

    Example: sofin show tabele/sofinanciranje_2025.json --lang en
    """
    from sofin.render.show import render_show
    from sofin.results.show import Shown

    raw = _bytes(file)
    table = _table(raw, file)
    if table is None:
        emit(raw, None)
        return
    emit(render_show(Shown(table), lang), None)


def _bytes(file: Path) -> bytes:
    """The file's bytes, whatever their size (a textconv shows any file); an InputError when it cannot be read."""
    from sofin.source import STDIN, read_bytes

    if str(file) == STDIN:
        return sys.stdin.buffer.read()
    try:
        return file.read_bytes()
    except OSError:
        return read_bytes(file)  # raises the problem people read: no such file, a folder, no permission


def _table(raw: bytes, file: Path) -> PublishedTable | None:
    """The table the bytes hold, as `check` reads it; None for anything else: too large, not UTF-8, not JSON
    or CSV, not a table, a table with a mistake in it (a textconv must never fail)."""
    import re

    from sofin.limits import MAX_CSV_BYTES, MAX_TABLE_BYTES
    from sofin.problems import InputError
    from sofin.published import PublishedTable, located_table
    from sofin.source import decode, input_name, json_data

    name = input_name(file)
    try:
        text = decode(raw, name)
    except InputError:
        return None
    suffix = file.suffix.lower()
    # git's textconv names a temporary file after the committed one; anything else named is told by its text
    is_json = suffix == ".json" or (suffix != ".csv" and re.match(r"\s*\{", text) is not None)
    if len(raw) > (MAX_TABLE_BYTES if is_json else MAX_CSV_BYTES):
        return None
    data = json_data(text) if is_json else None
    if data is not None:  # the quick reading (published.read_table's); None: only the composer can tell
        try:
            return PublishedTable.model_validate(data) if isinstance(data, dict) else None
        except ValueError:
            return None
    try:
        return located_table(text, name, is_json)
    except (InputError, RecursionError):
        return None

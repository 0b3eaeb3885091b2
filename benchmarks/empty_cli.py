"""A typer app with `sofin allocate`'s arguments and options that does nothing but print the year.

benchmarks/install.py (run.py's cold start) and table.py time it beside `sofin allocate 2025`: what typer alone
costs at start-up.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False, add_completion=True)


class Format(enum.StrEnum):
    table = "table"
    json = "json"


class Language(enum.StrEnum):
    sl = "sl"
    en = "en"


@app.callback()
def main_options() -> None:
    """An empty command line."""


@app.command()
def allocate(
    year: Annotated[int, typer.Argument(help="Budget year.")],
    strategy: Annotated[Path | None, typer.Option("--strategy", "-s")] = None,
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    lang: Annotated[Language, typer.Option("--lang", "-l")] = Language.sl,
    fair: Annotated[bool, typer.Option("--fair")] = False,
) -> None:
    print(year)


if __name__ == "__main__":
    app()

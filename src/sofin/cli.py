"""The command line: parse options, run the pipeline, print; every user error exits 2 with its place."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sofin import __version__
from sofin.problems import InputError
from sofin.render import Format

app = typer.Typer(
    help="sofin: co-financing allocation by a population key, rounded so that every row and column adds up.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

EXIT_INPUT = 2


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sofin {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
) -> None:
    """sofin: co-financing allocation by a population key, rounded so that every row and column adds up."""


StrategyOption = Annotated[
    Path | None,
    typer.Option("--strategy", "-s", help="Strategy YAML file. Default: the 2025–2029 strategy shipped with sofin."),
]


@app.command()
def allocate(
    year: Annotated[int, typer.Argument(help="Budget year, e.g. 2025.")],
    strategy: StrategyOption = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of the screen.")
    ] = None,
) -> None:
    """The year's table: every cost line split by the key, rounded so that everything adds up.

    Example: sofin allocate 2025 --format csv -o sofinanciranje_2025.csv
    """
    from sofin.allocate import allocate as allocate_table
    from sofin.load import bundled_strategy_path, load_strategy
    from sofin.render import render
    from sofin.years import line_amounts

    strategy_path = strategy or bundled_strategy_path()
    try:
        validated = load_strategy(strategy_path)
        allocation = allocate_table(validated, year, line_amounts(validated, year, str(strategy_path)))
        if output is not None:
            from sofin.output import write_atomically

            write_atomically(output, render(allocation, output_format), protected=(strategy_path,))
            return
    except InputError as error:
        _report(error)
    if output_format is Format.table and sys.stdout.isatty():
        from rich.console import Console

        from sofin.render.table import print_table

        print_table(Console(highlight=False), allocation)
    else:
        sys.stdout.write(render(allocation, output_format))


def _report(error: InputError) -> None:
    for problem in error.problems:
        typer.echo(str(problem), err=True)
    count = len(error.problems)
    typer.echo(f"sofin: {count} problem{'s' if count != 1 else ''}; nothing was written.", err=True)
    raise typer.Exit(EXIT_INPUT)


def main() -> None:
    app()

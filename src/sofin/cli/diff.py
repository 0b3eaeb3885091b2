"""`sofin diff A B`: what changed between two tables, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sofin.cli.app import command, emit
from sofin.cli.options import (
    FairOption,
    KeyOption,
    LangOption,
    OutputOption,
    PayOption,
    RateOption,
    ShareOption,
    StrategyOption,
    what_if,
)
from sofin.render import DiffFormat
from sofin.words import DEFAULT

EXIT_DIFFERENT = 1

_SIDE_HELP = "A year of the period (e.g. 2025) or a table written by `sofin allocate --format json`."


@command()
def diff(
    before: Annotated[str, typer.Argument(help=_SIDE_HELP, metavar="A")],
    after: Annotated[str, typer.Argument(help=_SIDE_HELP, metavar="B")],
    strategy: StrategyOption = None,
    output_format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.table,
    output: OutputOption = None,
    lang: LangOption = DEFAULT,
    fair: FairOption = False,
    share: ShareOption = None,
    key: KeyOption = None,
    rate: RateOption = None,
    pay: PayOption = None,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit 1 when the tables differ (as git diff --exit-code does), else 0."),
    ] = False,
) -> None:
    """Every changed figure between two tables, per row and per municipality, with its cause
    (indexation, the pay law, adopted amount, key change, added or removed row, rounding). Exit 0 when compared
    (with --exit-code: 1 when anything changed), 2 on bad input.

    Example: sofin diff 2025 2026
    """
    from sofin.cli.solver import solver_asked
    from sofin.pipeline import diff_tables
    from sofin.render.diff import render_diff

    result = diff_tables(before, after, strategy, fair, what_if(share, rate, pay, key), solver_asked(lang))
    emit(render_diff(result, output_format, lang), output, (strategy, Path(before), Path(after)))
    if exit_code and (result.changed_rows or result.key_changes or result.key_percent_changes):
        raise typer.Exit(EXIT_DIFFERENT)

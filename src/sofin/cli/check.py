"""`sofin check FILE`: check a published table; exit 0 when it reconciles, 1 when it does not."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sofin.cli.app import (
    KeyOption,
    LangOption,
    OutputOption,
    PayOption,
    RateOption,
    ShareOption,
    command,
    emit,
    refuse_an_unwritable_workbook,
    what_if,
)
from sofin.problems import COMMAND_LINE, InputError, Message, Problem
from sofin.render import CheckFormat
from sofin.words import DEFAULT

EXIT_FINDINGS = 1


@command()
def check(
    file: Annotated[
        Path | None,
        typer.Argument(help="A table in sofin's JSON or CSV format (.json or .csv); or --printed YEAR instead."),
    ] = None,
    strategy: Annotated[
        Path | None,
        typer.Option(
            "--strategy",
            "-s",
            help="Compare with sofin's allocation of this strategy ('-': standard input); its key is used "
            "when the table has none (then by default $SOFIN_STRATEGY, else the shipped strategy).",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="Compare with sofin's allocation of this year (default: the table's own)."),
    ] = None,
    printed: Annotated[
        int | None,
        typer.Option(
            "--printed",
            help="Instead of FILE: the table the strategy printed for this year (its printed field), "
            "compared with sofin's table of that year.",
        ),
    ] = None,
    output_format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Report format.")] = CheckFormat.table,
    output: OutputOption = None,
    lang: LangOption = DEFAULT,
    share: ShareOption = None,
    key: KeyOption = None,
    rate: RateOption = None,
    pay: PayOption = None,
) -> None:
    """Find every figure of a table that does not reconcile: sums, key shares, the unit, sofin's allocation.

    Example: sofin check data/published/strategija_2025_section4.csv --format markdown -o pregled.md
    """
    refuse_an_unwritable_workbook(output_format, output)
    from sofin.pipeline import check_printed, check_table
    from sofin.render.check import render_check

    if (file is None) == (printed is None) or (printed is not None and year not in (None, printed)):
        message = Message("file_or_printed")
        raise InputError([Problem(COMMAND_LINE, None, None, "FILE", message)])
    if printed is not None:  # issue 23 item 9: the command under allocate's table
        report = check_printed(strategy, printed, what_if(share, rate, pay, key))
    else:
        assert file is not None
        report = check_table(file, strategy, year, what_if(share, rate, pay, key))
    emit(render_check(report, output_format, lang), output, (file, strategy))
    if not report.reconciles:
        raise typer.Exit(EXIT_FINDINGS)

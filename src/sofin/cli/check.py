"""`sofin check FILE`: check a published table; exit 0 when it reconciles, 1 when it does not."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sofin.cli.app import command, emit, refuse_an_unwritable_workbook
from sofin.cli.errors import EXIT_INPUT, report
from sofin.cli.options import KeyOption, LangOption, OutputOption, PayOption, RateOption, ShareOption, what_if
from sofin.problems import COMMAND_LINE, InputError, Message, Problem
from sofin.render import CheckFormat
from sofin.words import DEFAULT

EXIT_FINDINGS = 1


@command()
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE",
            help="A table in sofin's JSON or CSV format (.json or .csv); or --printed YEAR instead. "
            "Several tables (as pre-commit names them) are each checked and reported; the exit code is the worst.",
        ),
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
    from sofin.cli.solver import solver_asked
    from sofin.pipeline import check_printed, check_tables
    from sofin.render.check import render_checks

    files = files or []
    if (not files) == (printed is None) or (printed is not None and year not in (None, printed)):
        message = Message("file_or_printed")
        raise InputError([Problem(COMMAND_LINE, None, None, "FILE", message)])
    _one_workbook_one_table(output_format, files)
    unreadable: list[Problem] = []
    correct = output_format.shows_corrected_table  # else no format shows it: not solved for
    if printed is not None:  # issue 23 item 9: the command under allocate's table
        reports = [check_printed(strategy, printed, what_if(share, rate, pay, key), correct, solver_asked(lang))]
    else:  # issue 25 item 4: every table pre-commit names is checked, even after one that cannot be read
        reports, unreadable = check_tables(
            files, strategy, year, what_if(share, rate, pay, key), correct, solver_asked(lang)
        )
    if unreadable and not reports:
        raise InputError(unreadable)
    emit(render_checks(reports, output_format, lang), output, (*files, strategy))
    if unreadable:  # exit 2, the worst, after the tables that could be read are reported
        report(InputError(unreadable), lang, others_reported=True)
        raise typer.Exit(EXIT_INPUT)
    if not all(each.reconciles for each in reports):
        raise typer.Exit(EXIT_FINDINGS)


def _one_workbook_one_table(output_format: CheckFormat, files: list[Path]) -> None:
    """A workbook is one table's corrected sheet and findings: several tables go to a text format."""
    if output_format.binary and len(files) > 1:
        message = Message("workbook_one_table", format=output_format)
        raise InputError([Problem(COMMAND_LINE, None, None, "--format", message)])

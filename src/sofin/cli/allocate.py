"""`sofin allocate YEAR`: the year's table.

The options' annotations are objects, not text (no `from __future__ import annotations`): typer reads them
whenever allocate runs, and text it would compile and evaluate first, the command run most paying for it.
"""

import sys
from typing import Annotated

import typer

from sofin.cli.app import command, emit, refuse_an_unwritable_workbook
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
from sofin.problems import COMMAND_LINE, Figure, InputError, Message, Problem
from sofin.render import CsvDialect, Format, OutputFormat
from sofin.words import DEFAULT

# Every command that writes CSV offers it (issue 23, item 2).
DialectOption = Annotated[
    CsvDialect,
    typer.Option(
        "--dialect",
        help="With --format csv: plain (',' and decimal points, for programs) or sl (';', decimal commas "
        "and a BOM, as a Slovenian spreadsheet saves CSV; sofin check reads both).",
    ),
]


def refuse_a_dialect_without_csv(dialect: CsvDialect, output_format: OutputFormat) -> None:
    if dialect is not CsvDialect.plain and output_format != "csv":
        raise InputError([Problem(COMMAND_LINE, None, None, "--dialect", Message("dialect_csv_only"))])


@command()
def allocate(
    year: Annotated[int, typer.Argument(help="Budget year, e.g. 2025.")],
    strategy: StrategyOption = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: OutputOption = None,
    lang: LangOption = DEFAULT,
    fair: FairOption = False,
    share: ShareOption = None,
    key: KeyOption = None,
    rate: RateOption = None,
    pay: PayOption = None,
    dialect: DialectOption = CsvDialect.plain,
) -> None:
    """The year's table: every cost line split by the key, rounded so that everything adds up.

    Example: sofin allocate 2025 --format xlsx -o sofinanciranje_2025.xlsx
    """
    from sofin.cli.solver import solver_asked
    from sofin.pipeline import allocate_year
    from sofin.render.allocate import render

    refuse_an_unwritable_workbook(output_format, output)
    refuse_a_dialect_without_csv(dialect, output_format)
    allocation = allocate_year(strategy, year, fair, what_if(share, rate, pay, key), solver_asked(lang))
    if output_format is Format.table and output is None and sys.stdout.isatty():
        from rich.console import Console

        from sofin.render.allocate.table import print_table

        print_table(Console(highlight=False), allocation, lang)  # bold society rows on a terminal
        return
    content = render(allocation, output_format, lang, dialect)
    refuse_a_table_sofin_cannot_read_back(content, output_format)
    emit(content, output, (strategy,))


def refuse_a_table_sofin_cannot_read_back(content: str | bytes, output_format: Format) -> None:
    """sofin reads whatever sofin writes: a JSON or CSV table larger than `check` and `diff` read is refused
    whole, before anything is written, rather than written for no sofin to read back."""
    from sofin import limits

    bound = {Format.json: limits.MAX_TABLE_BYTES, Format.csv: limits.MAX_CSV_BYTES}.get(output_format)
    size = len(content.encode("utf-8") if isinstance(content, str) else content)
    if bound is not None and size > bound:
        size_mib, bound_mib = Figure(round(size / 2**20)), Figure(bound // 2**20)
        message = Message("table_too_large", format=output_format, size=size_mib, most=bound_mib)
        raise InputError([Problem(COMMAND_LINE, None, None, "--format", message)])

"""`sofin payments YEAR --payer ID`: a municipality's contracts and instalments."""

from __future__ import annotations

from typing import Annotated

import typer

from sofin.cli.allocate import DialectOption, refuse_a_dialect_without_csv
from sofin.cli.app import command, emit, refuse_an_unwritable_workbook
from sofin.cli.options import (
    FairOption,
    KeyOption,
    LangOption,
    OutputOption,
    PayOption,
    RateOption,
    ScheduleOption,
    ShareOption,
    StrategyOption,
    what_if,
)
from sofin.problems import COMMAND_LINE, InputError, Message, Problem
from sofin.render import CsvDialect, PaymentsFormat
from sofin.results.schedule import Schedule  # not results.payments: 4 ms of dataclasses at start
from sofin.words import DEFAULT

# The formats that show due dates (issue 26 item 3: the HTML page too); the others would ignore --due-day.
_DATED = (PaymentsFormat.ledger, PaymentsFormat.html)


@command()
def payments(
    year: Annotated[int, typer.Argument(help="Budget year, e.g. 2025.")],
    payer: Annotated[str, typer.Option("--payer", "-p", help="The municipality's id, e.g. komen.")],
    schedule: ScheduleOption = Schedule.monthly,
    strategy: StrategyOption = None,
    output_format: Annotated[
        PaymentsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PaymentsFormat.table,
    output: OutputOption = None,
    lang: LangOption = DEFAULT,
    fair: FairOption = False,
    share: ShareOption = None,
    key: KeyOption = None,
    rate: RateOption = None,
    pay: PayOption = None,
    due_day: Annotated[
        int,
        typer.Option(
            "--due-day",
            min=1,
            max=31,
            help="Day of each period's first month an instalment is due (the month's last day when shorter); "
            "dates the ledger's transactions and the HTML page's instalments; only with --format ledger or html.",
        ),
    ] = 1,
    dialect: DialectOption = CsvDialect.plain,
) -> None:
    """What one municipality pays each society: the annual contract and its instalments, all adding up.

    Example: sofin payments 2025 --payer komen --schedule quarterly --format ledger -o komen_2025.journal
    """
    refuse_an_unwritable_workbook(output_format, output)
    refuse_a_dialect_without_csv(dialect, output_format)
    if due_day != 1 and output_format not in _DATED:
        raise InputError([Problem(COMMAND_LINE, None, None, "--due-day", Message("due_day_ledger_only"))])
    from sofin.cli.solver import solver_asked
    from sofin.pipeline import payments_for
    from sofin.render.payments import render_payments

    result = payments_for(
        strategy, year, payer, schedule, fair, due_day, what_if(share, rate, pay, key), solver_asked(lang)
    )
    emit(render_payments(result, output_format, lang, dialect), output, (strategy,))

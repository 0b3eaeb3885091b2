"""`sofin payments YEAR --payer ID`: a municipality's contracts and instalments."""

from __future__ import annotations

from typing import Annotated

import typer

from sofin.cli.allocate import DialectOption, refuse_a_dialect_without_csv
from sofin.cli.app import (
    DueDayOption,
    FairOption,
    KeyOption,
    LangOption,
    OutputOption,
    PayOption,
    RateOption,
    ScheduleOption,
    ShareOption,
    StrategyOption,
    command,
    emit,
    refuse_an_unwritable_workbook,
    what_if,
)
from sofin.problems import COMMAND_LINE, InputError, Message, Problem
from sofin.render import CsvDialect, PaymentsFormat
from sofin.results.payments import Schedule
from sofin.words import DEFAULT


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
    due_day: DueDayOption = 1,
    dialect: DialectOption = CsvDialect.plain,
) -> None:
    """What one municipality pays each society: the annual contract and its instalments, all adding up.

    Example: sofin payments 2025 --payer komen --schedule quarterly --format ledger -o komen_2025.journal
    """
    refuse_an_unwritable_workbook(output_format, output)
    refuse_a_dialect_without_csv(dialect, output_format)
    if due_day != 1 and output_format is not PaymentsFormat.ledger:
        raise InputError([Problem(COMMAND_LINE, None, None, "--due-day", Message("due_day_ledger_only"))])
    from sofin.pipeline import payments_for
    from sofin.render.payments import render_payments

    result = payments_for(strategy, year, payer, schedule, fair, due_day, what_if(share, rate, pay, key))
    emit(render_payments(result, output_format, lang, dialect), output, (strategy,))

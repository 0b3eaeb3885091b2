"""`sofin report YEAR`: the council's document (issue 26 item 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sofin.cli.app import command, emit
from sofin.cli.options import (
    DueDayOption,
    FairOption,
    KeyOption,
    LangOption,
    PayOption,
    RateOption,
    ScheduleOption,
    ShareOption,
    StrategyOption,
    what_if,
)
from sofin.results.schedule import Schedule  # not results.payments: 4 ms of dataclasses at start
from sofin.words import DEFAULT


@command(writes=("html",))
def report(
    year: Annotated[int, typer.Argument(help="Budget year, e.g. 2026.")],
    strategy: StrategyOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the document to this file (an .html name) instead of the screen ('-': standard output).",
        ),
    ] = None,
    lang: LangOption = DEFAULT,
    fair: FairOption = False,
    share: ShareOption = None,
    key: KeyOption = None,
    rate: RateOption = None,
    pay: PayOption = None,
    schedule: ScheduleOption = Schedule.monthly,
    due_day: DueDayOption = 1,
    previous: Annotated[
        str | None,
        typer.Option(
            "--previous",
            metavar="A",
            help="What the year is compared with: a year of the period, or a table written by `sofin allocate "
            "--format json` (e.g. last year's published table). Default: the year before, when the period has it.",
        ),
    ] = None,
) -> None:
    """One printable HTML document for a council session: the year's table (and where it differs from the
    table printed in the strategy), what changed since the year before and why, the period's plan with its
    chart, each municipality's instalments, the assumptions and their sources, the premises given in kind.
    Print it to PDF from a browser (README: 'The council's document').

    Example: sofin report 2026 -o porocilo_2026.html
    """
    from sofin.cli.solver import solver_asked
    from sofin.pipeline import report_for
    from sofin.render.report import render_report

    result = report_for(
        strategy, year, schedule, due_day, fair, what_if(share, rate, pay, key), previous, solver_asked(lang)
    )
    emit(render_report(result, lang), output, (strategy, None if previous is None else Path(previous)))

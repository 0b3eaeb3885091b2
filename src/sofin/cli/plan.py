"""`sofin plan`: every year of the period side by side."""

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
    ShareOption,
    StrategyOption,
    what_if,
)
from sofin.render import CsvDialect, PlanFormat
from sofin.words import DEFAULT


@command()
def plan(
    strategy: StrategyOption = None,
    output_format: Annotated[PlanFormat, typer.Option("--format", "-f", help="Output format.")] = PlanFormat.table,
    output: OutputOption = None,
    lang: LangOption = DEFAULT,
    fair: FairOption = False,
    share: ShareOption = None,
    key: KeyOption = None,
    rate: RateOption = None,
    pay: PayOption = None,
    dialect: DialectOption = CsvDialect.plain,
) -> None:
    """Every year of the period side by side: per society, per municipality, the period totals and
    each municipality's cumulative rounding difference. Each year reconciles like `sofin allocate`.

    Example: sofin plan --fair --format csv -o nacrt_2025-2029.csv
    """
    refuse_an_unwritable_workbook(output_format, output)
    refuse_a_dialect_without_csv(dialect, output_format)
    from sofin.cli.solver import solver_asked
    from sofin.pipeline import plan_period
    from sofin.render.plan import render_plan

    result = plan_period(strategy, fair, what_if(share, rate, pay, key), solver_asked(lang))
    emit(render_plan(result, output_format, lang, dialect), output, (strategy,))

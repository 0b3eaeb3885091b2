"""`sofin plan`: every year of the period side by side."""

from __future__ import annotations

from typing import Annotated

import typer

from sofin.cli.app import (
    FairOption,
    LangOption,
    OutputOption,
    PayOption,
    RateOption,
    ShareOption,
    StrategyOption,
    command,
    emit,
    refuse_an_unwritable_workbook,
    what_if,
)
from sofin.render import PlanFormat
from sofin.words import DEFAULT


@command()
def plan(
    strategy: StrategyOption = None,
    output_format: Annotated[PlanFormat, typer.Option("--format", "-f", help="Output format.")] = PlanFormat.table,
    output: OutputOption = None,
    lang: LangOption = DEFAULT,
    fair: FairOption = False,
    share: ShareOption = None,
    rate: RateOption = None,
    pay: PayOption = None,
) -> None:
    """Every year of the period side by side: per society, per municipality, the period totals and
    each municipality's cumulative rounding difference. Each year reconciles like `sofin allocate`.

    Example: sofin plan --fair --format csv -o nacrt_2025-2029.csv
    """
    refuse_an_unwritable_workbook(output_format, output)
    from sofin.pipeline import plan_period
    from sofin.render.plan import render_plan

    emit(render_plan(plan_period(strategy, fair, what_if(share, rate, pay)), output_format, lang), output, (strategy,))

"""`sofin explain YEAR PATH`: how one row's figures come about."""

from __future__ import annotations

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
from sofin.render import ExplainFormat
from sofin.words import DEFAULT


@command()
def explain(
    year: Annotated[int, typer.Argument(help="Budget year, e.g. 2027.")],
    path: Annotated[
        str,
        typer.Argument(
            help="The row: society/line (vezi/staff), a society (vezi), or / for the total; or an item of a line"
            " (vezi/staff/1, numbered from 1)."
        ),
    ],
    payer: Annotated[
        str | None, typer.Option("--payer", "-p", help="Only this municipality's figure, e.g. komen.")
    ] = None,
    strategy: StrategyOption = None,
    output_format: Annotated[
        ExplainFormat, typer.Option("--format", "-f", help="Output format: table (text), or json (the same content).")
    ] = ExplainFormat.table,
    output: OutputOption = None,
    lang: LangOption = DEFAULT,
    fair: FairOption = False,
    share: ShareOption = None,
    key: KeyOption = None,
    rate: RateOption = None,
    pay: PayOption = None,
) -> None:
    """The derivation of a figure: the declared amount and items, the indexation chain year by year
    (for staff pay by the pay law: the monthly pays, f(Y), the factor and the other part), the exact
    share, the rounded figure, and why it rounds the way it does. An item's path shows the item's
    derivation and its line's split.

    Example: sofin explain 2027 vezi/staff --payer komen
    """
    from sofin.cli.solver import solver_asked
    from sofin.pipeline import explain_figure
    from sofin.render.explain import render_explanation

    result = explain_figure(strategy, year, path, payer, fair, what_if(share, rate, pay, key), solver_asked(lang))
    emit(render_explanation(result, output_format, lang), output, (strategy,))

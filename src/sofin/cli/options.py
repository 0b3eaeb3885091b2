"""The options several commands share, and the what-ifs they give as one for the pipeline.

Annotations are objects, not text (no `from __future__ import annotations`): typer reads the commands' at start-up,
and would compile and evaluate text first. Only names imported for typing are quoted.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sofin.results.schedule import Schedule  # not results.payments: 4 ms of dataclasses at start
from sofin.words import Language

if TYPE_CHECKING:
    from sofin.scenario import WhatIf


StrategyOption = Annotated[
    Path | None,
    typer.Option(
        "--strategy",
        "-s",
        envvar="SOFIN_STRATEGY",
        show_envvar=True,
        help="Strategy YAML file ('-': standard input). Default: $SOFIN_STRATEGY, else the 2025–2029 strategy "
        "shipped with sofin.",
    ),
]


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of the screen ('-': standard output)."),
]


FairOption = Annotated[
    bool,
    typer.Option(
        "--fair",
        help="Round the whole period as one table, so that no municipality gains or loses a unit or more "
        "by rounding over the years (README: 'Fairness across the period').",
    ),
]


ShareOption = Annotated[
    list[str] | None,
    typer.Option(
        "--share",
        metavar="ID=PCT",
        help="What if a payer's share were PCT percent in every year (e.g. komen=16.32)? Repeatable; each "
        "year's shares must still sum to 100. The output is marked as a scenario.",
    ),
]


KeyOption = Annotated[  # issue 24 item 4
    list[str] | None,
    typer.Option(
        "--key",
        metavar="NAME:PAYER=PCT",
        help="What if a payer's percent in the strategy's key NAME were PCT in every year (e.g. "
        "obseg-dela:komen=45)? Repeatable; each changed key must still sum to 100; a mix changes through its "
        "parts. The output is marked as a scenario.",
    ),
]


RateOption = Annotated[
    list[str] | None,
    typer.Option(
        "--rate",
        metavar="[KIND:]YEAR=PCT",
        help="What if the indexation rate of YEAR were PCT percent (e.g. 2027=3.5, staff:2027=3.5)? KIND is "
        "staff or programme, both when omitted. Repeatable. The output is marked as a scenario.",
    ),
]


LangOption = Annotated[
    Language,
    typer.Option("--lang", "-l", help="Language of sofin's labels and number format; the default, sl, writes 194.630."),
]


PayOption = Annotated[
    list[str] | None,
    typer.Option(
        "--pay",
        metavar="PATH=BEFORE:TARGET",
        # the example stands apart from punctuation: a word longer than the help column is cut with "…"
        help="What if a staff amount's monthly basic pay were BEFORE before the pay reform and TARGET on the new "
        "scale? E.g. vezi/staff/1=2123.45:2588.10 for the first item of vezi/staff. PATH is a staff item or a "
        "staff line without items. Repeatable. The output is marked as a scenario.",
    ),
]


# `payments` and `report` (issue 26 item 4) split the year alike. payments declares its own --due-day, the same
# option with a help that names the formats it applies to (ledger, html); every format of report is dated.
ScheduleOption = Annotated[Schedule, typer.Option("--schedule", help="How the year is split.")]


DueDayOption = Annotated[
    int,
    typer.Option(
        "--due-day",
        min=1,
        max=31,
        help="Day of each period's first month an instalment is due (the month's last day when shorter).",
    ),
]


def what_if(
    shares: list[str] | None, rates: list[str] | None, pays: list[str] | None = None, keys: list[str] | None = None
) -> "WhatIf":
    """The --share, --rate, --pay and --key options, for the pipeline."""
    from sofin.scenario import WhatIf

    return WhatIf(tuple(shares or ()), tuple(rates or ()), tuple(pays or ()), tuple(keys or ()))

"""What a chart of the period shows (issue 26): each municipality's yearly total, the largest named one by
one and the rest as one group, so that a chart of many payers stays readable. The HTML page's SVG and the
workbook's native chart both draw these series; the tables stay the source of every figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.words import Language, catalogue

if TYPE_CHECKING:
    from sofin.results.plan import PeriodRow, Plan

# The municipalities a chart names one by one. With more, the largest CHART_NAMED - 1 are named and the
# rest are summed into one group, so that there are never more than CHART_NAMED series.
CHART_NAMED = 6


@dataclass(frozen=True)
class Series:
    """One bar of each year (or one line): a municipality, or the group of the rest."""

    label: str
    figures: tuple[Decimal, ...]  # one a year, in year order (0 in a year it pays nothing)
    rows: tuple[PeriodRow, ...]  # the plan's municipality rows it sums: one, or the group's


def chart_series(plan: Plan, lang: Language) -> tuple[Series, ...]:
    """The municipalities in table order when they are few; else the largest by period total (ties in table
    order), in table order, then the others summed."""
    rows = plan.municipalities
    if len(rows) <= CHART_NAMED:
        return tuple(_series(row.label, (row,)) for row in rows)
    by_size = sorted(range(len(rows)), key=lambda at: (-rows[at].period_total, at))
    named = sorted(by_size[: CHART_NAMED - 1])
    rest = tuple(rows[at] for at in sorted(by_size[CHART_NAMED - 1 :]))
    others = catalogue(lang).plan.chart_others.format(count=len(rest))
    return (*(_series(rows[at].label, (rows[at],)) for at in named), _series(others, rest))


def _series(label: str, rows: tuple[PeriodRow, ...]) -> Series:
    years = len(rows[0].figures)
    figures = tuple(sum((row.figures[year] or Decimal(0) for row in rows), Decimal(0)) for year in range(years))
    return Series(label, figures, rows)

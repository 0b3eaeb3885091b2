"""sofin's own SVG bar chart of the period (issue 26 item 5): grouped bars, a group a year, a bar a series.

A chart library would bring far more than this one chart needs (README, "Pictures: the plan's chart"); this
writer is short enough to read whole. Its geometry is exact: a bar's height is its figure / the axis's top ×
the plot's height, in Decimal, written with two decimals, so that a test reads the proportions back. The
same series give the same bytes. No script, no external reference: the hatch of projected years is a
<pattern> in the chart's own <defs>.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from html import escape

from sofin.render.chart import Series
from sofin.render.numbers import local_amount, local_decimal, plain_amount
from sofin.words import Language, catalogue

# Colours that the common colour-blindnesses tell apart (five of Paul Tol's "muted" palette, the sky blue
# of Okabe and Ito's), chosen and ordered by lightness: printed in grey, any two differ by at least 9 in
# CIE L* and neighbouring bars by at least 12 (L* 22, 82, 44, 70, 32, 56).
PALETTE = ("#332288", "#DDCC77", "#117733", "#56B4E9", "#882255", "#CC6677")

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
_TWO = Decimal("0.01")

# The frame, in SVG user units (CSS pixels when shown at its own size; a page scales it to its width).
_PLOT_HEIGHT = Decimal(220)
_TOP = Decimal(12)  # room for the top gridline's label
_LEFT = Decimal(64)  # the y axis's labels
_BOTTOM = Decimal(26)  # the years
_GROUP = Decimal(80)  # a year's group of bars
_BAR_SHARE = Decimal("0.8")  # of a group: the rest is the gap between years
_LEGEND_GAP = Decimal(18)
_LEGEND_ROW = Decimal(18)
_SWATCH = Decimal(12)
_CHAR = Decimal("6.6")  # a generous estimate of a character's width at 11px, for the legend's width
_FONT_SIZE = 11


@dataclass(frozen=True)
class Bar:
    """One bar as drawn: where, how high, and what it shows."""

    series: int
    year: int
    figure: Decimal
    projected: bool
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal


def period_chart(
    series: Sequence[Series],
    years: Sequence[int],
    projected: Sequence[bool],
    unit: Decimal,
    lang: Language,
    title: str,
    desc: str,
    *,
    standalone: bool = False,
) -> str:
    """The chart as an <svg> element (with the XML declaration and namespace when `standalone`, a file of
    its own). `series` figures are non-negative amounts on the `unit` grid, one a year of `years`."""
    top, step = axis(max((f for s in series for f in s.figures), default=Decimal(0)), unit)
    bars = layout(series, years, projected, top)
    plot_width = _GROUP * len(years)
    legend = _legend_entries(series, projected, lang)
    legend_width = _SWATCH + 6 + _CHAR * max((len(text) for text, _ in legend), default=0)
    width = _LEFT + plot_width + _LEGEND_GAP + legend_width + 4
    legend_height = _TOP + _LEGEND_ROW * len(legend)
    height = max(_TOP + _PLOT_HEIGHT + _BOTTOM, legend_height)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    parts = [
        f'{head}<svg{namespace} role="img" aria-labelledby="chart-title chart-desc" class="period-chart"'
        f' width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}"'
        f' font-family="{FONT}" font-size="{_FONT_SIZE}">',
        f'<title id="chart-title">{_x(title)}</title>',
        f'<desc id="chart-desc">{_x(desc)}</desc>',
        _defs(len(series)),
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="#fff"/>',
        *_grid(top, step, plot_width, lang),
        *_year_labels(years, projected, lang),
        *(_bar(bar, series[bar.series].label, unit, lang) for bar in bars),
        f'<line x1="{_n(_LEFT)}" y1="{_n(_baseline())}" x2="{_n(_LEFT + plot_width)}" y2="{_n(_baseline())}"'
        ' stroke="#000" stroke-width="1"/>',
        *_legend(legend, _LEFT + plot_width + _LEGEND_GAP),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def axis(largest: Decimal, unit: Decimal) -> tuple[Decimal, Decimal]:
    """The y axis's top and its gridlines' step: a round step (1, 2 or 5 times a power of ten, never below
    the unit) giving at most six intervals, and the first multiple of it at or above `largest`."""
    if largest <= 0:
        return unit, unit
    exponent = largest.adjusted() - 1
    while True:
        for mantissa in (1, 2, 5):
            step = Decimal(mantissa).scaleb(exponent)
            if step >= unit and largest / step <= 6:
                intervals = (largest / step).to_integral_value(rounding=ROUND_CEILING)
                return step * intervals, step
        exponent += 1


def layout(series: Sequence[Series], years: Sequence[int], projected: Sequence[bool], top: Decimal) -> list[Bar]:
    """Every bar, a year's group at a time: height = figure / top × the plot's height, to two decimals."""
    width = _q(_GROUP * _BAR_SHARE / max(len(series), 1))
    gap = (_GROUP - width * len(series)) / 2
    bars = []
    for at, year in enumerate(years):
        for number, each in enumerate(series):
            figure = each.figures[at]
            if figure < 0:  # the period's figures are amounts paid: a negative one is a caller's mistake
                raise ValueError(f"a bar of {figure}: the chart draws amounts of zero or more")
            height = _q(figure / top * _PLOT_HEIGHT)
            x = _q(_LEFT + _GROUP * at + gap + width * number)
            bars.append(Bar(number, year, figure, projected[at], x, _baseline() - height, width, height))
    return bars


def _baseline() -> Decimal:
    return _TOP + _PLOT_HEIGHT


def _defs(count: int) -> str:
    """A hatch a series colour, for its projected bars: white stripes over the colour, lighter in print too;
    and a grey one for the legend's entry of projected years."""
    patterns = [_hatch(f"projected-{number}", PALETTE[number % len(PALETTE)]) for number in range(count)]
    return "<defs>" + "".join([*patterns, _hatch("projected-legend", "#777777")]) + "</defs>"


def _hatch(name: str, colour: str) -> str:
    return (
        f'<pattern id="{name}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{colour}"/><rect width="2.5" height="6" fill="#fff"/></pattern>'
    )


def _grid(top: Decimal, step: Decimal, plot_width: Decimal, lang: Language) -> list[str]:
    """A gridline and its label at each multiple of the step, 0 to the top."""
    lines = []
    intervals = int(top / step)
    for number in range(intervals + 1):
        value = step * number
        y = _baseline() - _q(value / top * _PLOT_HEIGHT)
        lines.append(
            f'<line class="grid" x1="{_n(_LEFT)}" y1="{_n(y)}" x2="{_n(_LEFT + plot_width)}" y2="{_n(y)}"'
            ' stroke="#bbb" stroke-width="0.5"/>'
        )
        label = local_decimal(value.normalize() if value else Decimal(0), lang)
        lines.append(f'<text x="{_n(_LEFT - 6)}" y="{_n(y + 4)}" text-anchor="end">{_x(label)}</text>')
    return lines


def _year_labels(years: Sequence[int], projected: Sequence[bool], lang: Language) -> list[str]:
    mark = catalogue(lang).projection.mark
    return [
        f'<text x="{_n(_LEFT + _GROUP * at + _GROUP / 2)}" y="{_n(_baseline() + 17)}" text-anchor="middle">'
        f"{_x(f'{year} {mark}' if projected[at] else str(year))}</text>"
        for at, year in enumerate(years)
    ]


def _bar(bar: Bar, label: str, unit: Decimal, lang: Language) -> str:
    colour = PALETTE[bar.series % len(PALETTE)]
    style = (
        f'fill="url(#projected-{bar.series})" stroke="{colour}" stroke-width="1" stroke-dasharray="3 2"'
        if bar.projected
        else f'fill="{colour}" stroke="#000" stroke-width="0.5"'
    )
    figure = local_amount(bar.figure, unit, lang)
    return (
        f'<rect class="bar{" projected" * bar.projected}" x="{_n(bar.x)}" y="{_n(bar.y)}" width="{_n(bar.width)}"'
        f' height="{_n(bar.height)}" {style} data-series="{_x(label)}" data-year="{bar.year}"'
        f' data-value="{plain_amount(bar.figure, unit)}" data-projected="{str(bar.projected).lower()}">'
        f"<title>{_x(label)}, {bar.year}: {_x(figure)}</title></rect>"
    )


def _legend_entries(series: Sequence[Series], projected: Sequence[bool], lang: Language) -> list[tuple[str, str]]:
    """(text, swatch fill): a series each, then, when some years are projected, how adopted and projected
    years look."""
    words = catalogue(lang).plan
    entries = [(each.label, PALETTE[number % len(PALETTE)]) for number, each in enumerate(series)]
    if any(projected):
        if not all(projected):
            entries.append((words.chart_adopted, "#777777"))
        mark = catalogue(lang).projection.mark
        entries.append((f"{mark} {words.chart_projected}", "url(#projected-legend)"))
    return entries


def _legend(entries: list[tuple[str, str]], left: Decimal) -> list[str]:
    items = []
    for row, (text, fill) in enumerate(entries):
        y = _TOP + _LEGEND_ROW * row
        dashed = ' stroke-dasharray="3 2"' if fill.startswith("url(") else ""
        stroke = "#777777" if dashed else "#000"
        items.append(
            f'<g class="legend"><rect x="{_n(left)}" y="{_n(y)}" width="{_n(_SWATCH)}" height="{_n(_SWATCH)}"'
            f' fill="{fill}" stroke="{stroke}" stroke-width="{1 if dashed else 0.5}"{dashed}/>'
            f'<text x="{_n(left + _SWATCH + 6)}" y="{_n(y + 10)}">{_x(text)}</text></g>'
        )
    return items


def _q(value: Decimal) -> Decimal:
    return value.quantize(_TWO)


def _n(value: Decimal) -> str:
    """A coordinate with exactly two decimals."""
    return f"{_q(Decimal(value)):f}"


def _x(text: str) -> str:
    """Text escaped for XML (and HTML): &, <, >, and both quotes."""
    return escape(text, quote=True)

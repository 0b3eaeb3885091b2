"""sofin's own SVG bar chart of the period (issue 26 item 5): grouped bars, a group a year, a bar a series.

A chart library would bring far more than this one chart needs (README, "Pictures: the plan's chart"); this
writer is short enough to read whole. Its geometry is exact: a bar's height is its figure / the axis's top ×
the plot's height, in Decimal, written with two decimals, so that a test reads the proportions back. The
same series give the same bytes. No script, no external reference: the hatch of projected years is a
<pattern> in the chart's own <defs>.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from html import escape

from sofin.render.numbers import local_amount, local_decimal, plain_amount
from sofin.render.plan.chart import Series
from sofin.render.projection import marked
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
# Left of the plot, the y axis's labels: at least _LEFT, wider when the widest label needs it (a top of
# 15.000.000 did not fit in 64 and lost its first digit), so that the shipped strategy's chart stays as it was.
_LEFT = Decimal(64)
_LABEL_GAP = Decimal(6)  # between a label's end and the axis
_LABEL_ROOM = Decimal(6)  # left of the widest label, beyond the estimate of its width
_BOTTOM = Decimal(26)  # the years
_GROUP = Decimal(80)  # a year's group of bars
_BAR_SHARE = Decimal("0.8")  # of a group: the rest is the gap between years
_LEGEND_GAP = Decimal(18)
_LEGEND_ROW = Decimal(18)
_SWATCH = Decimal(12)
_CHAR = Decimal("6.6")  # a generous estimate of a character's width at 11px, for the legend's width
_FONT_SIZE = 11
# Issue 26 item 5: a scenario's chart says it is one, in bold lines above the chart (README: "Every output of
# a scenario says that it is one"); at most _BANNER_LINES of them, the whole banner being in the <desc>.
_BOLD_CHAR = Decimal("7.4")  # a generous estimate of a bold character's width at 11px
_BANNER_ROW = Decimal(15)
_BANNER_GAP = Decimal(8)  # between the banner and the chart
_BANNER_LINES = 3


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
    banner: str | None = None,
) -> str:
    """The chart as an <svg> element (with the XML declaration and namespace when `standalone`, a file of
    its own). `series` figures are non-negative amounts on the `unit` grid, one a year of `years`. A
    `banner` (a scenario's) is drawn in bold above the chart, which moves down by its height."""
    top, step = axis(max((f for s in series for f in s.figures), default=Decimal(0)), unit)
    gridlines = grid_values(top, step, lang)
    left = left_margin([label for _, label in gridlines])
    bars = layout(series, years, projected, top, left)
    plot_width = _GROUP * len(years)
    legend = _legend_entries(series, projected, lang)
    legend_width = _SWATCH + 6 + max((text_width(text) for text, _ in legend), default=Decimal(0))
    width = left + plot_width + _LEGEND_GAP + legend_width + 4
    legend_height = _TOP + _LEGEND_ROW * len(legend)
    chart_height = max(_TOP + _PLOT_HEIGHT + _BOTTOM, legend_height)
    lines = banner_lines(banner, width) if banner else []
    shift = _BANNER_ROW * len(lines) + _BANNER_GAP if lines else Decimal(0)
    height = chart_height + shift
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
        *_banner(lines),
        *([f'<g transform="translate(0 {_n(shift)})">'] if lines else []),
        *_grid(gridlines, top, left, plot_width),
        *_year_labels(years, projected, left, lang),
        *(_bar(bar, series[bar.series].label, unit, lang) for bar in bars),
        f'<line x1="{_n(left)}" y1="{_n(_baseline())}" x2="{_n(left + plot_width)}" y2="{_n(_baseline())}"'
        ' stroke="#000" stroke-width="1"/>',
        *_legend(legend, left + plot_width + _LEGEND_GAP),
        *(["</g>"] if lines else []),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def grid_values(top: Decimal, step: Decimal, lang: Language) -> list[tuple[Decimal, str]]:
    """Each gridline's value, 0 to the top by the step, and its label."""
    values = [step * number for number in range(int(top / step) + 1)]
    return [(value, local_decimal(value.normalize() if value else Decimal(0), lang)) for value in values]


def text_width(text: str) -> Decimal:
    """The estimated width of `text` at the chart's font size: generous, as the legend's."""
    return _CHAR * len(text)


def left_margin(labels: Sequence[str]) -> Decimal:
    """Room left of the plot for the y axis's labels: the widest one's estimate, the gap and some room."""
    widest = max((text_width(label) for label in labels), default=Decimal(0))
    return max(_LEFT, _q(widest + _LABEL_GAP + _LABEL_ROOM))


def banner_lines(banner: str, width: Decimal) -> list[str]:
    """The banner wrapped at spaces to the chart's width (bold), at most _BANNER_LINES lines, the last one
    ending in "…" when the banner is longer."""
    room = max(int((width - 8) / _BOLD_CHAR), 20)
    return textwrap.wrap(banner, room, max_lines=_BANNER_LINES, placeholder=" …")


def _banner(lines: list[str]) -> list[str]:
    return [
        f'<text class="scenario" x="4.00" y="{_n(_TOP + _BANNER_ROW * row)}" font-weight="bold">{_x(line)}</text>'
        for row, line in enumerate(lines)
    ]


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


def layout(
    series: Sequence[Series], years: Sequence[int], projected: Sequence[bool], top: Decimal, left: Decimal = _LEFT
) -> list[Bar]:
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
            x = _q(left + _GROUP * at + gap + width * number)
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


def _grid(gridlines: list[tuple[Decimal, str]], top: Decimal, left: Decimal, plot_width: Decimal) -> list[str]:
    """A gridline and its label at each of `gridlines`' values."""
    lines = []
    for value, label in gridlines:
        y = _baseline() - _q(value / top * _PLOT_HEIGHT)
        lines.append(
            f'<line class="grid" x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + plot_width)}" y2="{_n(y)}"'
            ' stroke="#bbb" stroke-width="0.5"/>'
        )
        lines.append(f'<text x="{_n(left - _LABEL_GAP)}" y="{_n(y + 4)}" text-anchor="end">{_x(label)}</text>')
    return lines


def _year_labels(years: Sequence[int], projected: Sequence[bool], left: Decimal, lang: Language) -> list[str]:
    return [
        f'<text x="{_n(left + _GROUP * at + _GROUP / 2)}" y="{_n(_baseline() + 17)}" text-anchor="middle">'
        f"{_x(marked(str(year), projected[at], lang))}</text>"
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

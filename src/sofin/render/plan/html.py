"""`sofin plan --format html` (issue 26 item 1): a printable page with the chart; and the chart alone as SVG
(item 5), which the page holds."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

from sofin.render.banner import payer_names, scenario_banner
from sofin.render.numbers import local_amount
from sofin.render.page import PORTRAIT, banner_html, figures_row, html_page, notes_html
from sofin.render.plan.chart import Series, chart_series
from sofin.render.plan.document import Document, Section, period_header, plan_document, year_headers
from sofin.render.plan.svg import period_chart
from sofin.words import Language, catalogue

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sofin.results.plan import Plan


# Issue 26 item 1: the printable page, A4 portrait (the tables have few columns and many rows: portrait
# gives the chart and the four tables the height they need on one page).
PLAN_STYLE = """
table.period { width: 100%; margin: 0 0 4mm; font-size: 9pt; }
table.period caption { font-weight: bold; margin: 0 0 1.5mm; }
table.period tr { break-inside: avoid; }
table.period tr.total th, table.period tr.total td { font-weight: bold; border-top: 1.5pt solid #000; }
table.period thead th { white-space: nowrap; }
""".strip()


def plan_html_body(plan: Plan, lang: Language, heading: str = "h1") -> str:
    """The plan for a page: the title in a `heading` element, the chart, the tables, their notes. No banner
    and no page shell (the page or the report adds them); the tables hold every figure the chart draws."""
    return _html_body(plan, plan_document(plan, lang), lang, heading)


def render_html(plan: Plan, lang: Language) -> str:
    document = plan_document(plan, lang)
    body = banner_html(document.banner) + _html_body(plan, document, lang, "h1")
    return html_page(document.title, body, lang, plan.first.provenance, page_rule=PORTRAIT, style=PLAN_STYLE)


def _html_body(plan: Plan, document: Document, lang: Language, heading: str) -> str:
    """plan_html_body of a document built once. Under the municipalities' table (the document's second), the
    chart's group of the municipalities it does not name, when it has one: its bars' figures are then in a
    table too, as in the workbook (issue 26: the table stays the source of every figure)."""
    series = chart_series(plan, lang)
    group = _group_section(plan, series, lang)
    sections = [*document.sections[:2], *([group] if group else []), *document.sections[2:]]
    tables = "".join(_section_html(section) for section in sections)
    notes = [document.note, *document.basis, *([document.footnote] if document.footnote else [])]
    return (
        f"<{heading}>{escape(document.title)}</{heading}>\n"
        f'<figure class="chart">\n{_chart(plan, series, lang)}</figure>\n{tables}{notes_html(notes)}'
    )


def _group_section(plan: Plan, series: Sequence[Series], lang: Language) -> Section | None:
    """The chart's group as a table of one row, under the workbook's heading of it: its yearly figures and its
    period total, each the sum of its municipalities' (their rows in the table above)."""
    group = next((each for each in series if len(each.rows) > 1), None)
    if group is None:
        return None
    words, unit = catalogue(lang).plan, plan.first.unit
    total = sum((row.period_total for row in group.rows), Decimal(0))
    figures = (local_amount(figure, unit, lang) for figure in group.figures)
    row = (group.label, *figures, local_amount(total, unit, lang))
    return Section(
        words.xlsx_chart_group, (words.municipality, *year_headers(plan, lang), period_header(plan, lang)), (row,)
    )


def _section_html(section: Section) -> str:
    """A table of the period: its title as a caption, the years across, the figures on the right."""

    caption = f"<caption>{escape(section.title)}</caption>\n" if section.title else ""
    headers = "".join(f'<th scope="col">{escape(header)}</th>' for header in section.headers)
    total = figures_row(section.total[0], section.total[1:], "total") + "\n" if section.total else ""
    body = "".join(figures_row(label, figures) + "\n" for label, *figures in section.rows)
    return (
        f'<table class="period">\n{caption}<thead><tr>{headers}</tr></thead>\n<tbody>\n{body}{total}</tbody>\n'
        "</table>\n"
    )


def plan_chart(plan: Plan, lang: Language, *, standalone: bool = False) -> str:
    """The chart of each municipality's yearly total (render/plan/chart.py's series), as SVG (issue 26 item 5)."""
    return _chart(plan, chart_series(plan, lang), lang, standalone=standalone)


def _chart(plan: Plan, series: Sequence[Series], lang: Language, *, standalone: bool = False) -> str:
    words = catalogue(lang).plan
    start, end, currency = plan.years[0], plan.years[-1], plan.first.currency
    title = words.chart_title.format(start=start, end=end, currency=currency)
    named = ", ".join(each.label for each in series if len(each.rows) == 1)
    desc = [words.chart_desc.format(start=start, end=end, currency=currency, names=named or "—")]
    desc += [
        words.chart_group.format(group=each.label, names=", ".join(row.label for row in each.rows))
        for each in series
        if len(each.rows) > 1
    ]
    projected = [str(year) for year, is_projected in zip(plan.years, plan.projected) if is_projected]
    if projected:
        desc.append(words.chart_desc_projected.format(years=", ".join(projected)))
    # A scenario's chart says it is one (README): the short word in its title, the whole banner first in its
    # description and, in a file of its own, above the chart; a page shows the banner above its title.
    banner = scenario_banner(plan.scenario, payer_names(plan.first.payers), lang)
    if banner is not None:
        title = words.chart_scenario_title.format(title=title)
        desc.insert(0, banner.rstrip(".") + ".")
    return period_chart(
        series,
        plan.years,
        plan.projected,
        plan.first.unit,
        lang,
        title,
        " ".join(desc),
        standalone=standalone,
        banner=banner if standalone else None,
    )

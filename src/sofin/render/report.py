"""`sofin report YEAR` (issue 26 item 4): the council's document, one printable HTML file.

A cover with the contents, then a section a printed page onwards (render/page.py breaks the page before
each): the year's table, what changed since the year before, the period's plan with its chart, each
municipality's instalments, the assumptions and their sources, the premises given in kind. Each section is
what the command that shows it alone writes (allocate, diff, plan, payments), in the same words; a
scenario's banner stands at the top of the document and of every section, so that a page printed alone
still says it. No date: the same strategy gives the same bytes.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from sofin.render.allocate.html import table_html, table_style
from sofin.render.allocate.layout import section4_layout
from sofin.render.banner import payer_names, scenario_banner
from sofin.render.basis import part_basis, period_basis_notes
from sofin.render.diff.figures import change_cells
from sofin.render.diff.wording import (
    banners,
    cause_texts,
    key_lines,
    marks_footnote,
    not_reconciled_texts,
    row_name,
)
from sofin.render.page import LANDSCAPE, banner_html, html_page, notes_html
from sofin.render.payments import PAYMENTS_STYLE, payments_html_body
from sofin.render.plan.html import PLAN_STYLE, plan_html_body
from sofin.render.projection import marked, pay_footnotes, projection_footnote
from sofin.render.section4 import marker
from sofin.words import Language, catalogue

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sofin.results.allocate import Allocation
    from sofin.results.diff import Diff, RowChange
    from sofin.results.report import CouncilReport

# The bodies' own titles stand under each section's heading (h2).
_BODY_HEADING = "h3"

# The document's own rules (page.py has what every page shares; the bodies' styles theirs).
STYLE = """
h3 { font-size: 10.5pt; margin: 4mm 0 2mm; }
section.cover h1 { font-size: 16pt; margin-top: 20mm; }
section.cover p.strategy { font-size: 11pt; max-width: 200mm; }
section.cover ol.contents { font-size: 11pt; line-height: 1.6; }
section.cover ol.contents a { color: #000; text-decoration: none; }
table.changes { width: 100%; font-size: 8.5pt; }
table.changes th, table.changes td { padding: 0.3mm 2mm; }
table.changes td { white-space: nowrap; }
table.changes tbody { break-inside: avoid; }
table.changes tr.row-total th, table.changes tr.row-total td { font-weight: bold; }
table.changes tr.row-total td.cause { white-space: normal; font-weight: normal; }
table.changes tbody th { vertical-align: top; }
#payments table.payments, #plan table.period { break-inside: avoid; }
table.assumptions { width: 100%; }
table.assumptions td { vertical-align: top; }
table.assumptions tbody th { white-space: nowrap; vertical-align: top; }
""".strip()


def render_report(report: CouncilReport, lang: Language) -> str:
    """The whole document: the cover, then each section on a page of its own."""
    words = catalogue(lang).report
    banner = banner_html(scenario_banner(report.scenario, payer_names(report.allocation.payers), lang))
    sections = _sections(report, lang)
    title = words.title.format(year=report.year)
    contents = "".join(f'<li><a href="#{id}">{escape(heading)}</a></li>' for id, heading, _ in sections)
    cover = (
        f'<h1>{escape(title)}</h1>\n<p class="strategy">{escape(report.strategy)}</p>\n'
        f'<h2>{escape(words.contents)}</h2>\n<ol class="contents">{contents}</ol>\n'
    )
    body = _section("contents", banner + cover, "page cover") + "".join(
        _section(id, f"{banner}<h2>{escape(heading)}</h2>\n{content}") for id, heading, content in sections
    )
    styles = (table_style(report.allocation), PLAN_STYLE, PAYMENTS_STYLE, STYLE)
    style = "\n".join(part.strip() for part in styles if part.strip())
    return html_page(title, body, lang, report.provenance, page_rule=LANDSCAPE, style=style)


def _section(id: str, content: str, classes: str = "page") -> str:
    return f'<section class="{classes}" id="{id}">\n{content}</section>\n'


def _sections(report: CouncilReport, lang: Language) -> list[tuple[str, str, str]]:
    """Each section's id, heading and content, in the document's order."""
    words = catalogue(lang).report
    plan, year = report.plan, report.year
    schedule = catalogue(lang).payments.schedules[report.schedule.value]
    changes = words.changes_first
    if report.changes is not None:
        changes = words.changes.format(before=report.previous_name or report.changes.before.name)
    return [
        ("table", words.table.format(year=year), table_html(section4_layout(report.allocation, lang), _BODY_HEADING)),
        ("changes", changes, _changes(report, lang)),
        ("plan", words.plan.format(start=plan.years[0], end=plan.years[-1]), plan_html_body(plan, lang, _BODY_HEADING)),
        ("payments", words.payments.format(year=year, schedule=schedule), _payments(report, lang)),
        ("assumptions", words.assumptions, _assumptions(report, lang)),
        ("in-kind", words.in_kind, _in_kind(report.allocation, lang)),
    ]


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{escape(text)}</p>\n" for text in texts)


def _changes(report: CouncilReport, lang: Language) -> str:
    """What changed from the year before, as `sofin diff` words it; for the first year, why nothing is compared."""
    diff = report.changes
    if diff is None:
        start, end = report.plan.years[0], report.plan.years[-1]
        return _paragraphs([catalogue(lang).report.first_year.format(year=report.year, start=start, end=end)])
    # Each side's what-ifs, when they are not the same: the section's banner says those of the year's.
    said = banners(diff, lang) if diff.before.scenario != diff.after.scenario else []
    # The path as typed, for whoever checks which file it was; the heading names the file alone.
    table = (
        [] if report.previous_name is None else [catalogue(lang).report.previous_table.format(path=diff.before.name)]
    )
    head = _paragraphs([*table, *said, *key_lines(diff, lang)])
    for side_text, places in not_reconciled_texts(diff, lang):
        head += _paragraphs([side_text]) + "<ul>" + "".join(f"<li>{escape(place)}</li>" for place in places) + "</ul>\n"
    changed = diff.changed_rows
    if not changed:
        return head + _paragraphs([catalogue(lang).diff.no_change])
    words = catalogue(lang).diff
    notes = [words.unchanged.format(count=diff.unchanged_count)]
    if any(row.projected_before or row.projected_after for row in changed):
        notes.append(marks_footnote(diff, lang))
    return head + _changes_table(diff, changed, lang) + notes_html(notes)


def _changes_table(diff: Diff, changed: tuple[RowChange, ...], lang: Language) -> str:
    """A block a changed row: its total's line with the row's name and causes, a line a municipality whose figure
    changed; as `sofin diff --format markdown` lays it out."""
    words = catalogue(lang).diff
    headers = (words.row, words.payer, words.total_before, words.total_after, words.change, words.cause)
    head = "".join(f'<th scope="col">{escape(header)}</th>' for header in headers)
    blocks = "".join(_change_block(diff, row, lang) for row in changed)
    return f'<table class="changes">\n<thead><tr>{head}</tr></thead>\n{blocks}</table>\n'


def _change_block(diff: Diff, row: RowChange, lang: Language) -> str:
    (total, *totals), *figures = change_cells(diff, row, lang)
    span = f' rowspan="{1 + len(figures)}"' if figures else ""
    causes = "<br>".join(escape(text) for text in cause_texts(diff, row, lang))
    lines = [
        f'<tr class="row-total"><th scope="rowgroup"{span}>{escape(row_name(diff, row.path, lang))}</th>'
        f"<td>{escape(total)}</td>{_numbers(totals)}"
        f'<td class="cause"{span}>{causes}</td></tr>'
    ]
    lines += [f"<tr><td>{escape(name)}</td>{_numbers(numbers)}</tr>" for name, *numbers in figures]
    return "<tbody>\n" + "\n".join(lines) + "\n</tbody>\n"


def _numbers(cells: list[str]) -> str:
    return "".join(f'<td class="num">{escape(cell)}</td>' for cell in cells)


def _payments(report: CouncilReport, lang: Language) -> str:
    """When instalments are due, then each municipality's, in the table's order."""
    due = _paragraphs([catalogue(lang).report.due.format(day=report.due_day)])
    return due + "".join(payments_html_body(payments, lang, _BODY_HEADING) for payments in report.payments)


def _assumptions(report: CouncilReport, lang: Language) -> str:
    """A line a year of the period and a column a cost kind: what its amounts rest on (the strategy, adopted
    figures with their source, a planning rate); then the pay law's notes and what a projection rests on."""
    words = catalogue(lang)
    allocations = report.plan.allocations
    kinds = list(dict.fromkeys(row.kind for each in allocations for row in each.rows if row.kind is not None))
    cells = [[_basis_of_kind(allocation, kind, lang) for kind in kinds] for allocation in allocations]
    headers = [words.report.year, *(_capitalised(words.projection.kinds.get(kind, kind)) for kind in kinds)]
    head = "".join(f'<th scope="col">{escape(header)}</th>' for header in headers)
    body = "\n".join(
        f'<tr><th scope="row">{escape(marked(str(allocation.year), allocation.projected, lang))}</th>'
        + _basis_cells(row)
        + "</tr>"
        for allocation, row in zip(allocations, cells)
    )
    table = f'<table class="assumptions">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n'
    # Where a kind's lines rest on more than one thing, the basis notes name which line rests on which.
    mixed = [allocation for allocation, row in zip(allocations, cells) if any(len(texts) > 1 for texts in row)]
    notes = period_basis_notes(mixed, lang)
    notes += list(dict.fromkeys(note for allocation in allocations for note in pay_footnotes(allocation.rows, lang)))
    notes += [words.report.staff_without_pay_law] if _staff_by_rate_alone(allocations) else []
    projection = projection_footnote(report.plan.assumptions, lang)
    return table + notes_html([*notes, *([] if projection is None else [projection])])


def _staff_by_rate_alone(allocations: Sequence[Allocation]) -> bool:
    """Whether a staff amount of the period is projected by a rate with no `pay` block to follow the pay law
    by (C.3 point 1 has staff costs follow it from 2026); an adopted amount rests on no rate."""
    return any(
        part.projected and part.law is None
        for allocation in allocations
        for row in allocation.rows
        if row.level == 2 and row.kind == "staff"
        for part in row.parts
    )


def _basis_cells(row: list[list[str]]) -> str:
    """A year's cells: one across the kinds when every kind rests on the same."""
    cells = ["<br>".join(escape(text) for text in texts) for texts in row]
    if len(cells) > 1 and len(set(cells)) == 1:
        return f'<td colspan="{len(cells)}">{cells[0]}</td>'
    return "".join(f"<td>{cell}</td>" for cell in cells)


def _basis_of_kind(allocation: Allocation, kind: str, lang: Language) -> list[str]:
    """What the year's amounts of one cost kind rest on, each basis once, in table order."""
    parts = (part for row in allocation.rows if row.level == 2 and row.kind == kind for part in row.parts)
    return list(dict.fromkeys(part_basis(part, allocation, lang) for part in parts))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _in_kind(allocation: Allocation, lang: Language) -> str:
    """The footnotes of the premises given in kind, with the marks the year's table gives them."""
    if not allocation.footnotes:
        return _paragraphs([catalogue(lang).report.no_in_kind.format(year=allocation.year)])
    return _paragraphs([f"{marker(number)}{text}" for number, text in enumerate(allocation.footnotes, start=1)])

"""Every command's output formats (the enums the command line offers), and allocate's renderers by format.

Renderers only format a complete result (ARCHITECTURE.md); the enums live here, apart from the
renderers, so that the command line loads no renderer before it runs one.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, assert_never

from sofin.words import DEFAULT, Language

if TYPE_CHECKING:  # the command line imports this module for Format alone, before anything is loaded
    from sofin.results.allocate import Allocation


class OutputFormat(enum.StrEnum):
    """A command's output formats (each command's enum below adds its members)."""

    @property
    def binary(self) -> bool:
        """Written only to a file (--output) or a pipe, never to a terminal."""
        return self.value == "xlsx"


class Format(OutputFormat):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    ledger = "ledger"
    html = "html"
    xlsx = "xlsx"


class CsvDialect(enum.StrEnum):
    plain = "plain"  # `,` and decimal points: for programs
    sl = "sl"  # `;`, decimal commas, BOM: for a spreadsheet in Slovenian


# The other commands' formats, here so that the command line loads no renderer before it runs one.


class PlanFormat(OutputFormat):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    html = "html"  # issue 26 item 1: a printable page with the chart
    svg = "svg"  # issue 26 item 5: the chart alone


class CheckFormat(OutputFormat):
    table = "table"
    json = "json"
    markdown = "markdown"
    xlsx = "xlsx"
    github = "github"  # issue 25 item 2: GitHub Actions workflow commands
    junit = "junit"  # issue 25 item 3: JUnit XML for CI's test reports

    @property
    def shows_corrected_table(self) -> bool:
        """Markdown and the workbook show the table as it should have been printed; the others, the findings only."""
        return self in (CheckFormat.markdown, CheckFormat.xlsx)


class DiffFormat(OutputFormat):
    table = "table"
    json = "json"
    markdown = "markdown"  # issue 25 item 6: for a review comment


class ExplainFormat(OutputFormat):
    table = "table"
    json = "json"


class PaymentsFormat(OutputFormat):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    ledger = "ledger"
    html = "html"  # issue 26 item 3: a printable page
    xlsx = "xlsx"


def render(
    allocation: Allocation, output_format: Format, lang: Language = DEFAULT, dialect: CsvDialect = CsvDialect.plain
) -> str | bytes:
    """The whole output, the same bytes for the same allocation. JSON and CSV ignore `lang`."""
    match output_format:
        case Format.table:
            from sofin.render.table import render_table

            return render_table(allocation, lang)
        case Format.csv:
            from sofin.render.csv import render_csv

            return render_csv(allocation, dialect)
        case Format.json:
            from sofin.render.json import render_json

            return render_json(allocation)
        case Format.markdown:
            from sofin.render.markdown import render_markdown

            return render_markdown(allocation, lang)
        case Format.ledger:
            from sofin.render.ledger import render_ledger

            return render_ledger(allocation, lang)
        case Format.html:
            from sofin.render.html import render_html

            return render_html(allocation, lang)
        case Format.xlsx:
            from sofin.render.xlsx import render_xlsx

            return render_xlsx(allocation, lang)
        case _:
            assert_never(output_format)

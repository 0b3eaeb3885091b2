"""Every command's output formats: the enums the command line offers.

Renderers only format a complete result (ARCHITECTURE.md); the enums live here, apart from the
renderers, so that the command line loads no renderer before it runs one.
"""

from __future__ import annotations

import enum


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

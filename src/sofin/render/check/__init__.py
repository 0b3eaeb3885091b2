"""`sofin check` reports: a terminal table, JSON findings, a Markdown report, a workbook for councils (in --lang),
GitHub's workflow commands and JUnit XML; one module a format, loaded when asked for."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, assert_never

from sofin.render import CheckFormat
from sofin.render.check.wording import checked
from sofin.words import DEFAULT, Language

if TYPE_CHECKING:
    from sofin.results.check import Report


def render_check(report: Report, output_format: CheckFormat, lang: Language = DEFAULT) -> str | bytes:
    match output_format:
        case CheckFormat.table:
            from sofin.render.check.table import render_table

            return render_table(checked(report, lang))
        case CheckFormat.json:
            from sofin.render.check.json import render_json

            return render_json(checked(report, lang))
        case CheckFormat.markdown:
            from sofin.render.check.markdown import render_markdown

            return render_markdown(checked(report, lang))
        case CheckFormat.xlsx:
            from sofin.render.check.xlsx import render_xlsx

            return render_xlsx(checked(report, lang))
        case CheckFormat.github:
            from sofin.render.check.github import render_github

            return render_github(checked(report, lang))
        case CheckFormat.junit:
            from sofin.render.check.junit import render_junit

            return render_junit([report], lang)
        case _:
            assert_never(output_format)


def render_checks(reports: list[Report], output_format: CheckFormat, lang: Language = DEFAULT) -> str | bytes:
    """Issue 25 item 4: the reports of several tables (as pre-commit names them) in one output, in the
    order named; one table's report is render_check's, byte for byte."""
    if len(reports) == 1:
        return render_check(reports[0], output_format, lang)
    match output_format:
        case CheckFormat.table | CheckFormat.markdown:  # each report begins with its file's name
            return "\n\n".join(_texts(reports, output_format, lang)) + "\n"
        case CheckFormat.json:  # an array of one table's documents, each valid against check.schema.json
            documents = (textwrap.indent(text, "  ") for text in _texts(reports, output_format, lang))
            return "[\n" + ",\n".join(documents) + "\n]\n"
        case CheckFormat.junit:  # one document, a testsuite a table: reports one after another would not parse
            from sofin.render.check.junit import render_junit

            return render_junit(reports, lang)
        case CheckFormat.github:  # workflow commands, a line each: every table's errors and notice, one after another
            return "".join(str(render_check(report, output_format, lang)) for report in reports)
        case CheckFormat.xlsx:
            raise ValueError("a workbook holds one table's report (cli/check.py refuses several)")
        case _:
            assert_never(output_format)


def _texts(reports: list[Report], output_format: CheckFormat, lang: Language) -> list[str]:
    return [str(render_check(report, output_format, lang)).rstrip("\n") for report in reports]

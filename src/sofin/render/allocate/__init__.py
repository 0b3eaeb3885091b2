"""allocate's renderers, one module a format, and the dispatcher that loads only the one asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from sofin.render import CsvDialect, Format
from sofin.words import DEFAULT, Language

if TYPE_CHECKING:
    from sofin.results.allocate import Allocation


def render(
    allocation: Allocation, output_format: Format, lang: Language = DEFAULT, dialect: CsvDialect = CsvDialect.plain
) -> str | bytes:
    """The whole output, the same bytes for the same allocation. JSON and CSV ignore `lang`."""
    match output_format:
        case Format.table:
            from sofin.render.allocate.table import render_table

            return render_table(allocation, lang)
        case Format.csv:
            from sofin.render.allocate.csv import render_csv

            return render_csv(allocation, dialect)
        case Format.json:
            from sofin.render.allocate.json import render_json

            return render_json(allocation)
        case Format.markdown:
            from sofin.render.allocate.markdown import render_markdown

            return render_markdown(allocation, lang)
        case Format.ledger:
            from sofin.render.allocate.ledger import render_ledger

            return render_ledger(allocation, lang)
        case Format.html:
            from sofin.render.allocate.html import render_html

            return render_html(allocation, lang)
        case Format.xlsx:
            from sofin.render.allocate.xlsx import render_xlsx

            return render_xlsx(allocation, lang)
        case _:
            assert_never(output_format)

"""`sofin plan`: the period's years side by side, as text, Markdown, CSV, JSON, a workbook, a printable page or
its chart alone; one module a format, loaded when asked for, each laying out render/plan/document.py's document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sofin.render import CsvDialect, PlanFormat
from sofin.words import DEFAULT, Language

if TYPE_CHECKING:
    from sofin.results.plan import Plan


def render_plan(
    plan: Plan, output_format: PlanFormat, lang: Language = DEFAULT, dialect: CsvDialect = CsvDialect.plain
) -> str | bytes:
    match output_format:
        case PlanFormat.html:  # issue 26 item 1
            from sofin.render.plan.html import render_html

            return render_html(plan, lang)
        case PlanFormat.svg:  # issue 26 item 5
            from sofin.render.plan.html import plan_chart

            return plan_chart(plan, lang, standalone=True)
        case PlanFormat.xlsx:
            from sofin.render.plan.xlsx import render_xlsx

            return render_xlsx(plan, lang)
        case PlanFormat.json:
            from sofin.render.plan.json import render_json

            return render_json(plan)
        case PlanFormat.csv:
            from sofin.render.plan.csv import render_csv

            return render_csv(plan, dialect)
        case PlanFormat.markdown:
            from sofin.render.plan.markdown import render_markdown

            return render_markdown(plan, lang)
        case _:
            from sofin.render.plan.table import render_table

            return render_table(plan, lang)

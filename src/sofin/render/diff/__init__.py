"""`sofin diff` reports: a terminal table of the changed rows, the same as Markdown for a review, or the whole
comparison as JSON; one module a format, and their words in render/diff/wording.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sofin.render import DiffFormat
from sofin.words import DEFAULT, Language

if TYPE_CHECKING:
    from sofin.results.diff import Diff


def render_diff(diff: Diff, output_format: DiffFormat, lang: Language = DEFAULT) -> str:
    if output_format is DiffFormat.json:
        from sofin.render.diff.json import render_json

        return render_json(diff)
    if output_format is DiffFormat.markdown:
        from sofin.render.diff.markdown import render_markdown

        return render_markdown(diff, lang)
    from sofin.render.diff.table import render_table

    return render_table(diff, lang)

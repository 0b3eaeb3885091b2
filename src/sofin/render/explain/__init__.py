"""`sofin explain`: the derivation of a figure, step by step, in the words of --lang; or as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sofin.render import ExplainFormat
from sofin.words import DEFAULT, Language

if TYPE_CHECKING:
    from sofin.results.explain import Explanation


def render_explanation(
    explanation: Explanation, output_format: ExplainFormat = ExplainFormat.table, lang: Language = DEFAULT
) -> str:
    """The explanation as text in the words of `lang`, or as JSON (whose bytes do not depend on it)."""
    if output_format is ExplainFormat.json:
        from sofin.render.explain.json import render_json

        return render_json(explanation)
    from sofin.render.explain.table import render_table

    return render_table(explanation, lang)

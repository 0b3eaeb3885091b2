"""`sofin check`'s terminal table: the summary, then the findings under their headings."""

from __future__ import annotations

from sofin.render.check.wording import (
    Checked,
    banner,
    figure,
    found,
    groups,
    key_lines,
    meaning,
    payer_name,
    place,
    row_name,
    summary,
)
from sofin.render.text import Grid, plain_text


def render_table(checked: Checked) -> str:
    tables: list[str | Grid] = []
    for heading, headers, findings in groups(checked):
        rows = [
            [
                row_name(checked, finding),
                payer_name(checked, finding.payer),
                meaning(checked, finding),
                figure(checked, finding.expected),
                found(checked, finding),
                place(checked, finding),  # issue 25 item 1: FILE:LINE:COL, last as in the Markdown report
            ]
            for finding in findings
        ]
        tables += [
            *([] if tables else [""]),  # a blank line after the key's; a grid ends with one
            heading,
            Grid((*headers, checked.words.place), figure_columns(len(headers)), rows),
        ]
    return plain_text(summary(checked), *banner(checked), *key_lines(checked), *tables)


def figure_columns(headers: int) -> list[bool]:
    """Which columns of the text table are right-aligned: expected and found, not the place after them."""
    return [3 <= index < headers for index in range(headers + 1)]

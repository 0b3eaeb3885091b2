"""`sofin check --format markdown`: the report for people, with the table as it should have been printed."""

from __future__ import annotations

from decimal import Decimal

from sofin.render.check.wording import (
    Checked,
    amount,
    asked_for,
    banner,
    groups,
    key_lines,
    payer_name,
    place,
    row_name,
    sentence,
    summary,
    unnamed,
)
from sofin.render.markdown import markdown_text
from sofin.render.numbers import local_amount


def render_markdown(checked: Checked) -> str:
    words = checked.words
    out = [f"# {markdown_text(words.report_title.format(file=checked.report.file))}", "", summary(checked), ""]
    out += [f"**{line}**\n" for line in banner(checked)]
    out += [line + "." for line in key_lines(checked)]
    for heading, _, findings in groups(checked):
        out += ["", f"## {markdown_text(heading)}", ""]
        for number, finding in enumerate(findings, start=1):
            payer = f", {markdown_text(payer_name(checked, finding.payer))}" if finding.payer else ""
            said = markdown_text(sentence(checked, finding))
            where = markdown_text(place(checked, finding))  # after the sentence: a reader looks for the row first
            out.append(f"{number}. {markdown_text(row_name(checked, finding))}{payer}: {said}. ({where})")
    out += ["", f"## {words.corrected_heading}", "", words.corrected_note, "", *corrected_table(checked)]
    return "\n".join(out) + "\n"


def corrected_table(checked: Checked) -> list[str]:
    report = checked.report
    correction = asked_for(report.corrected)
    if correction.prevented_by is not None:
        return [checked.words.corrected_prevented_by[correction.prevented_by]]
    # Names and labels escaped: a `|` in one moved the figures after it under the next payer.
    names = [markdown_text(payer_name(checked, payer)) for payer in report.table.payer_ids]
    lines = [f"| {checked.words.row} | {checked.words.total} | " + " | ".join(names) + " |"]
    lines.append("|---|---:|" + "---:|" * len(names))
    for row in report.table.rows:
        new = correction.rows[row.path]
        cells = [change(checked, row.total, new.total)]
        cells += [change(checked, row.allocation[p], value) for p, value in zip(report.table.payer_ids, new.figures)]
        label = row.label or unnamed(checked, row.path) or "/".join(row.path)
        lines.append(f"| {markdown_text(label)} | " + " | ".join(cells) + " |")
    return lines


def change(checked: Checked, published: Decimal, fixed: Decimal) -> str:
    text = local_amount(fixed, checked.report.unit, checked.lang)
    return text if published == fixed else f"~~{amount(checked, published)}~~ **{text}**"

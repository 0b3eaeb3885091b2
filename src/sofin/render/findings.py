"""`sofin check` reports: a terminal table, JSON findings, a Slovenian Markdown report for councils."""

from __future__ import annotations

import enum
import io
import json
from decimal import Decimal
from typing import assert_never

from sofin.audit import Finding, Report, corrected
from sofin.render.numbers import local_amount, local_decimal, local_plural

# What each kind of finding means, in the words of a council report.
MEANINGS = {
    "key_sum": "deleži ključa ne dajo skupaj 100 %",
    "off_grid": "znesek ni večkratnik enote zaokroževanja",
    "row_sum": "deleži občin se ne seštejejo v skupni znesek vrstice",
    "parent_sum": "znesek ni enak vsoti postavk pod njim",
    "off_key": "znesek ni navzdol ali navzgor zaokrožen delež po ključu",
    "differs": "znesek se razlikuje od izračuna sofin",
    "missing_row": "vrstica manjka",
    "extra_row": "vrstice ni v strategiji",
    "stamp": "žig izvora ne ustreza tej strategiji ali različici sofin",
}
# The same, as a sentence with the figures, for the Markdown report.
SENTENCES = {
    "key_sum": "deleži ključa dajo skupaj {found} %, ne 100 %",
    "off_grid": "objavljeno {found} ni večkratnik enote zaokroževanja (najbližje je {expected})",
    "row_sum": "deleži občin se seštejejo v {found}, skupni znesek vrstice pa je {expected}",
    "parent_sum": "objavljeno {found}, vsota postavk pod njim pa je {expected}",
    "off_key": (
        "objavljeno {found}, točni delež po ključu pa je {expected} (dovoljen je le navzdol ali navzgor zaokrožen)"
    ),
    "differs": "objavljeno {found}, sofin pa izračuna {expected}",
    "missing_row": "vrstica {expected} manjka",
    "extra_row": "vrstice {found} ni v strategiji",
    "stamp": "tabela nosi žig {found}, pričakovan je {expected}",
}
DISCREPANCY = {"one": "neskladje", "two": "neskladji", "few": "neskladja", "other": "neskladij"}


class CheckFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def render_report(report: Report, output_format: CheckFormat) -> str:
    match output_format:
        case CheckFormat.table:
            return _table(report)
        case CheckFormat.json:
            return _json(report)
        case CheckFormat.markdown:
            return _markdown(report)
        case _:
            assert_never(output_format)


def summary(report: Report) -> str:
    if report.reconciles:
        return f"{report.file}: tabela se ujema, ni neskladij."
    return f"{report.file}: tabela se ne ujema: {local_plural(len(report.findings), DISCREPANCY)}."


def _json(report: Report) -> str:
    document = {
        "file": report.file,
        "reconciles": report.reconciles,
        "shares_from": report.shares_source,
        "unit": f"{report.unit:f}",
        "findings": [
            {
                "kind": finding.kind,
                "path": None if finding.path is None else list(finding.path),
                "payer": finding.payer,
                "expected": finding.expected,
                "found": finding.found,
                "message": MEANINGS[finding.kind],
            }
            for finding in report.findings
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _row_name(report: Report, finding: Finding) -> str:
    if finding.path is None:
        return "(datoteka)"
    labels = {row.path: row.label for row in report.table.rows}
    return f"{labels.get(finding.path, '')} ({'/'.join(finding.path) or 'skupaj'})".strip()


def _payer_name(report: Report, payer: str | None) -> str:
    names = {p.id: p.name for p in report.table.payers}
    return "" if payer is None else names.get(payer) or payer


def _figure(report: Report, finding: Finding, text: str | None) -> str:
    if text is None:
        return "—"
    if finding.kind in ("stamp", "missing_row", "extra_row"):
        return text
    value = Decimal(text)
    return local_amount(value, report.unit) if value % report.unit == 0 else local_decimal(value)


def _table(report: Report) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=1000, color_system=None, force_terminal=False, highlight=False)
    console.print(summary(report), soft_wrap=True, markup=False)
    console.print(f"Deleži po ključu: {report.shares_source}", soft_wrap=True, markup=False)
    if report.findings:
        table = Table(box=box.SIMPLE_HEAD)
        for header, justify in (("Vrstica", "left"), ("Občina", "left"), ("Neskladje", "left"),
                                ("Pričakovano", "right"), ("Najdeno", "right")):  # fmt: skip
            table.add_column(header, justify=justify)  # type: ignore[arg-type]
        for finding in report.findings:
            table.add_row(
                _row_name(report, finding),
                _payer_name(report, finding.payer),
                MEANINGS[finding.kind],
                _figure(report, finding, finding.expected),
                _figure(report, finding, finding.found),
            )
        console.print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _markdown(report: Report) -> str:
    out = [f"# Pregled tabele {report.file}", "", summary(report), "", f"Deleži po ključu: {report.shares_source}."]
    if report.findings:
        out += ["", "## Neskladja", ""]
        for number, finding in enumerate(report.findings, start=1):
            payer = f", {_payer_name(report, finding.payer)}" if finding.payer else ""
            sentence = SENTENCES[finding.kind].format(
                expected=_figure(report, finding, finding.expected), found=_figure(report, finding, finding.found)
            )
            out.append(f"{number}. {_row_name(report, finding)}{payer}: {sentence}.")
    out += ["", "## Objavljeni in popravljeni zneski", ""]
    out += [
        "Popravljeni zneski so deleži po ključu, zaokroženi tako, da se vse vrstice in stolpci seštejejo "
        "in je skupna napaka zaokroževanja najmanjša (kot pri `sofin allocate`); spremenjeni zneski so "
        "prečrtani, popravek je poudarjen.",
        "",
    ]
    out += _corrected_table(report)
    return "\n".join(out) + "\n"


def _corrected_table(report: Report) -> list[str]:
    fixed = corrected(report.table, report.shares, report.unit)
    names = [_payer_name(report, payer) for payer in report.table.payer_ids]
    lines = ["| Vrstica | Skupaj | " + " | ".join(names) + " |", "|---|---:|" + "---:|" * len(names)]
    for row in report.table.rows:
        new = fixed[row.path]
        cells = [_change(report, row.total, sum(new, Decimal(0)))]
        cells += [_change(report, row.allocation[p], value) for p, value in zip(report.table.payer_ids, new)]
        lines.append(f"| {row.label or '/'.join(row.path)} | " + " | ".join(cells) + " |")
    return lines


def _change(report: Report, published: Decimal, fixed: Decimal) -> str:
    text = local_amount(fixed, report.unit)
    if published == fixed:
        return text
    shown = local_amount(published, report.unit) if published % report.unit == 0 else local_decimal(published)
    return f"~~{shown}~~ **{text}**"

"""`sofin check` reports: a terminal table, JSON findings, a Markdown report for councils (in --lang)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, assert_never

from sofin.render import CheckFormat
from sofin.render.document import json_text
from sofin.render.numbers import local_amount, local_decimal, local_plural
from sofin.units import on_grid
from sofin.words import DEFAULT, Language, catalogue, row_label

if TYPE_CHECKING:
    from sofin.results.check import Finding, Report


def render_check(report: Report, output_format: CheckFormat, lang: Language = DEFAULT) -> str:
    view = _View(report, lang)
    match output_format:
        case CheckFormat.table:
            return view.table()
        case CheckFormat.json:
            return view.json()
        case CheckFormat.markdown:
            return view.markdown()
        case _:
            assert_never(output_format)


class _View:
    """One report in one language: the pieces every format is made of."""

    def __init__(self, report: Report, lang: Language) -> None:
        self.report, self.lang, self.words = report, lang, catalogue(lang).check
        self.names = report.table.payer_names

    def summary(self) -> str:
        report, words = self.report, self.words
        if report.reconciles:
            return words.reconciles.format(file=report.file)
        count = local_plural(len(report.findings), words.discrepancy, self.lang)
        return words.does_not.format(file=report.file, count=count)

    def key_source(self) -> str:
        source = self.report.shares_source
        return self.words.key_from_table if source is None else self.words.key_from_strategy.format(path=source)

    def row_name(self, finding: Finding) -> str:
        if finding.path is None:
            return self.words.whole_file
        path = "/".join(finding.path) or self.words.grand_total
        label = self.report.table.row(finding.path).label if self.report.table.has(finding.path) else ""
        return f"{label or self.unnamed(finding.path)} ({path})".strip()

    def unnamed(self, path: tuple[str, ...]) -> str:
        """A name for a row the table gives no label: the grand total's in the language, "" for another row."""
        return row_label(path, "", self.lang)

    def payer_name(self, payer: str | None) -> str:
        return "" if payer is None else self.names.get(payer, payer)

    def amount(self, value: Decimal) -> str:
        """A figure on the unit grid as figures are written, any other (an exact share, say) with every digit."""
        unit = self.report.unit
        return local_amount(value, unit, self.lang) if on_grid(value, unit) else local_decimal(value, self.lang)

    def figure(self, value: Decimal | str | None) -> str:
        if value is None:
            return catalogue(self.lang).missing
        return value if isinstance(value, str) else self.amount(value)

    def json(self) -> str:
        report = self.report
        document = {
            "file": report.file,
            "reconciles": report.reconciles,
            "shares_from": report.shares_source or "table",
            "unit": f"{report.unit:f}",
            "findings": [
                {
                    "kind": finding.kind,
                    "path": None if finding.path is None else list(finding.path),
                    "payer": finding.payer,
                    "expected": _plain(finding.expected),
                    "found": _plain(finding.found),
                    "message": self.words.meanings[finding.kind],
                }
                for finding in report.findings
            ],
        }
        return json_text(document)

    def table(self) -> str:
        from rich import box
        from rich.table import Table

        from sofin.render.text import plain_text

        if not self.report.findings:
            return plain_text(self.summary(), self.key_source())
        table = Table(box=box.SIMPLE_HEAD)
        for index, header in enumerate(self.words.headers):
            table.add_column(header, justify="right" if index >= 3 else "left")
        for finding in self.report.findings:
            table.add_row(
                self.row_name(finding),
                self.payer_name(finding.payer),
                self.words.meanings[finding.kind],
                self.figure(finding.expected),
                self.figure(finding.found),
            )
        return plain_text(self.summary(), self.key_source(), table)

    def markdown(self) -> str:
        words = self.words
        out = [f"# {words.report_title.format(file=self.report.file)}", "", self.summary(), "", self.key_source() + "."]
        if self.report.findings:
            out += ["", f"## {words.findings_heading}", ""]
            for number, finding in enumerate(self.report.findings, start=1):
                payer = f", {self.payer_name(finding.payer)}" if finding.payer else ""
                sentence = words.sentences[finding.kind].format(
                    expected=self.figure(finding.expected), found=self.figure(finding.found)
                )
                out.append(f"{number}. {self.row_name(finding)}{payer}: {sentence}.")
        out += ["", f"## {words.corrected_heading}", "", words.corrected_note, "", *self.corrected_table()]
        return "\n".join(out) + "\n"

    def corrected_table(self) -> list[str]:
        report = self.report
        correction = report.corrected
        if correction.prevented_by is not None:
            return [self.words.corrected_prevented_by[correction.prevented_by]]
        names = [self.payer_name(payer) for payer in report.table.payer_ids]
        lines = [f"| {self.words.row} | {self.words.total} | " + " | ".join(names) + " |"]
        lines.append("|---|---:|" + "---:|" * len(names))
        for row in report.table.rows:
            new = correction.rows[row.path]
            cells = [self.change(row.total, new.total)]
            cells += [self.change(row.allocation[p], value) for p, value in zip(report.table.payer_ids, new.figures)]
            label = row.label or self.unnamed(row.path) or "/".join(row.path)
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        return lines

    def change(self, published: Decimal, fixed: Decimal) -> str:
        text = local_amount(fixed, self.report.unit, self.lang)
        return text if published == fixed else f"~~{self.amount(published)}~~ **{text}**"


def _plain(value: Decimal | str | None) -> str | None:
    return f"{value:f}" if isinstance(value, Decimal) else value

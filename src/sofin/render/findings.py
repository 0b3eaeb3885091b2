"""`sofin check` reports: a terminal table, JSON findings, a Slovenian Markdown report for councils."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, assert_never

from sofin.render import CheckFormat
from sofin.render.document import json_text
from sofin.render.language import Language
from sofin.render.numbers import local_amount, local_decimal, local_plural

if TYPE_CHECKING:
    from sofin.audit import Finding, Report


@dataclass(frozen=True)
class CheckWords:
    meanings: dict[str, str]  # what each kind of finding means, for the table's column
    sentences: dict[str, str]  # the same as a sentence with {expected} and {found}, for the report
    discrepancy: dict[str, str]  # the noun in each plural form of the language
    reconciles: str  # with {file}
    does_not: str  # with {file} and {count}
    key_from_table: str
    key_from_strategy: str  # with {path}
    headers: tuple[str, str, str, str, str]
    whole_file: str
    grand_total: str
    report_title: str  # with {file}
    findings_heading: str
    corrected_heading: str
    corrected_note: str
    corrected_without_key: str
    corrected_off_grid: str
    row: str
    total: str


WORDS = {
    Language.sl: CheckWords(
        meanings={
            "key_sum": "deleži ključa ne dajo skupaj 100 %",
            "off_grid": "znesek ni večkratnik enote zaokroževanja",
            "row_sum": "deleži občin se ne seštejejo v skupni znesek vrstice",
            "parent_sum": "znesek ni enak vsoti postavk pod njim",
            "off_key": "znesek ni navzdol ali navzgor zaokrožen delež po ključu",
            "differs": "znesek se razlikuje od izračuna sofin",
            "missing_row": "vrstica manjka",
            "extra_row": "vrstice ni v strategiji",
            "stamp": "žig izvora ne ustreza tej strategiji ali različici sofin",
        },
        sentences={
            "key_sum": "deleži ključa dajo skupaj {found} %, ne 100 %",
            "off_grid": "objavljeno {found} ni večkratnik enote zaokroževanja (najbližje je {expected})",
            "row_sum": "deleži občin se seštejejo v {found}, skupni znesek vrstice pa je {expected}",
            "parent_sum": "objavljeno {found}, vsota postavk pod njim pa je {expected}",
            "off_key": "objavljeno {found}, točni delež po ključu pa je {expected} "
            "(dovoljen je le navzdol ali navzgor zaokrožen)",
            "differs": "objavljeno {found}, sofin pa izračuna {expected}",
            "missing_row": "vrstica {expected} manjka",
            "extra_row": "vrstice {found} ni v strategiji",
            "stamp": "tabela nosi žig {found}, pričakovan je {expected}",
        },
        discrepancy={"one": "neskladje", "two": "neskladji", "few": "neskladja", "other": "neskladij"},
        reconciles="{file}: tabela se ujema, ni neskladij.",
        does_not="{file}: tabela se ne ujema: {count}.",
        key_from_table="Deleži po ključu: iz tabele",
        key_from_strategy="Deleži po ključu: iz strategije {path}",
        headers=("Vrstica", "Občina", "Neskladje", "Pričakovano", "Najdeno"),
        whole_file="(datoteka)",
        grand_total="skupaj",
        report_title="Pregled tabele {file}",
        findings_heading="Neskladja",
        corrected_heading="Objavljeni in popravljeni zneski",
        corrected_note="Popravljeni zneski so deleži po ključu, zaokroženi tako, da se vse vrstice in stolpci "
        "seštejejo in je skupna napaka zaokroževanja najmanjša (kot pri `sofin allocate`); spremenjeni zneski "
        "so prečrtani, popravek je poudarjen.",
        corrected_without_key="Popravljenih zneskov ni mogoče izračunati, ker ključ delitve ne znaša 100 %.",
        corrected_off_grid="Popravljenih zneskov ni mogoče izračunati, ker vsi zneski niso v celih enotah "
        "zaokroževanja.",
        row="Vrstica",
        total="Skupaj",
    ),
    Language.en: CheckWords(
        meanings={
            "key_sum": "the key shares do not sum to 100 %",
            "off_grid": "the figure is not a multiple of the rounding unit",
            "row_sum": "the municipalities' figures do not add up to the row's total",
            "parent_sum": "the figure is not the sum of the rows beneath it",
            "off_key": "the figure is neither the floor nor the ceiling of its key share",
            "differs": "the figure differs from sofin's allocation",
            "missing_row": "the row is missing",
            "extra_row": "the row is not in the strategy",
            "stamp": "the provenance stamp names another strategy file or sofin version",
        },
        sentences={
            "key_sum": "the key shares sum to {found} %, not 100 %",
            "off_grid": "published {found} is not a multiple of the rounding unit (nearest: {expected})",
            "row_sum": "the municipalities' figures add up to {found}, the row's total is {expected}",
            "parent_sum": "published {found}, the rows beneath it add up to {expected}",
            "off_key": "published {found}, the exact key share is {expected} (only its floor or ceiling is allowed)",
            "differs": "published {found}, sofin allocates {expected}",
            "missing_row": "row {expected} is missing",
            "extra_row": "row {found} is not in the strategy",
            "stamp": "the table is stamped {found}, expected {expected}",
        },
        discrepancy={"one": "discrepancy", "other": "discrepancies"},
        reconciles="{file}: the table reconciles, no discrepancies.",
        does_not="{file}: the table does not reconcile: {count}.",
        key_from_table="Key shares: from the table",
        key_from_strategy="Key shares: from the strategy {path}",
        headers=("Row", "Municipality", "Discrepancy", "Expected", "Found"),
        whole_file="(file)",
        grand_total="total",
        report_title="Review of the table {file}",
        findings_heading="Discrepancies",
        corrected_heading="Published and corrected figures",
        corrected_note="The corrected figures are the key shares rounded so that every row and column adds up "
        "with the least total rounding error (as in `sofin allocate`); changed figures are struck through, "
        "the correction is in bold.",
        corrected_without_key="The corrected figures cannot be computed: the key does not sum to 100%.",
        corrected_off_grid="The corrected figures cannot be computed: not every total is a whole number of units.",
        row="Row",
        total="Total",
    ),
}


def render_report(report: Report, output_format: CheckFormat, lang: Language = Language.sl) -> str:
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
        self.report, self.lang, self.words = report, lang, WORDS[lang]
        self.labels = {row.path: row.label for row in report.table.rows}
        self.names = {p.id: p.name or p.id for p in report.table.payers}

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
        return f"{self.labels.get(finding.path, '')} ({path})".strip()

    def payer_name(self, payer: str | None) -> str:
        return "" if payer is None else self.names.get(payer, payer)

    def amount(self, value: Decimal) -> str:
        unit = self.report.unit
        return local_amount(value, unit, self.lang) if value % unit == 0 else local_decimal(value, self.lang)

    def figure(self, finding: Finding, text: str | None) -> str:
        if text is None:
            return "—"
        return text if finding.kind in ("stamp", "missing_row", "extra_row") else self.amount(Decimal(text))

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
                    "expected": finding.expected,
                    "found": finding.found,
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
                self.figure(finding, finding.expected),
                self.figure(finding, finding.found),
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
                    expected=self.figure(finding, finding.expected), found=self.figure(finding, finding.found)
                )
                out.append(f"{number}. {self.row_name(finding)}{payer}: {sentence}.")
        out += ["", f"## {words.corrected_heading}", "", words.corrected_note, "", *self.corrected_table()]
        return "\n".join(out) + "\n"

    def corrected_table(self) -> list[str]:
        report = self.report
        fixed = report.corrected
        if fixed is None:
            key_is_off = any(finding.kind == "key_sum" for finding in report.findings)
            return [self.words.corrected_without_key if key_is_off else self.words.corrected_off_grid]
        names = [self.payer_name(payer) for payer in report.table.payer_ids]
        lines = [f"| {self.words.row} | {self.words.total} | " + " | ".join(names) + " |"]
        lines.append("|---|---:|" + "---:|" * len(names))
        for row in report.table.rows:
            new = fixed[row.path]
            cells = [self.change(row.total, sum(new, Decimal(0)))]
            cells += [self.change(row.allocation[p], value) for p, value in zip(report.table.payer_ids, new)]
            lines.append(f"| {row.label or '/'.join(row.path)} | " + " | ".join(cells) + " |")
        return lines

    def change(self, published: Decimal, fixed: Decimal) -> str:
        text = local_amount(fixed, self.report.unit, self.lang)
        return text if published == fixed else f"~~{self.amount(published)}~~ **{text}**"

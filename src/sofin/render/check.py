"""`sofin check` reports: a terminal table, JSON findings, a Markdown report and a workbook for councils (in --lang)."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import TYPE_CHECKING, assert_never

from sofin.render import CheckFormat
from sofin.render.banner import banner_line
from sofin.render.document import json_text
from sofin.render.json_parts import CHECK_FORMAT_VERSION, scenario_json
from sofin.render.markdown import markdown_text
from sofin.render.numbers import decimal_places, local_amount, local_decimal, local_plural
from sofin.results.check import SUM_KINDS, Correction, FindingKind
from sofin.units import on_grid
from sofin.words import DEFAULT, Language, catalogue, row_label

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from sofin.render.workbook import Book
    from sofin.results.check import Finding, Report

HEADER_ROW = 3  # the workbook's header row (0-based): below the title, the summary and a blank row
UNDATED = 1980  # a workbook's date when the table names no year (zip's first): the same bytes every run
HIGHLIGHT = "#FFEB9C"  # a corrected figure that differs from the published one


def render_check(report: Report, output_format: CheckFormat, lang: Language = DEFAULT) -> str | bytes:
    view = _View(report, lang)
    match output_format:
        case CheckFormat.table:
            return view.table()
        case CheckFormat.json:
            return view.json()
        case CheckFormat.markdown:
            return view.markdown()
        case CheckFormat.xlsx:
            return view.xlsx()
        case CheckFormat.github:
            return view.github()
        case CheckFormat.junit:
            from sofin.render.junit import render_junit

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
            from sofin.render.junit import render_junit

            return render_junit(reports, lang)
        case CheckFormat.github:  # workflow commands, a line each: every table's errors and notice, one after another
            return "".join(str(render_check(report, output_format, lang)) for report in reports)
        case CheckFormat.xlsx:
            raise ValueError("a workbook holds one table's report (cli/check.py refuses several)")
        case _:
            assert_never(output_format)


def _texts(reports: list[Report], output_format: CheckFormat, lang: Language) -> list[str]:
    return [str(render_check(report, output_format, lang)).rstrip("\n") for report in reports]


class _View:
    """One report in one language: the pieces every format is made of."""

    def __init__(self, report: Report, lang: Language) -> None:
        self.report, self.lang, self.words = report, lang, catalogue(lang).check
        self.names = report.payer_names  # the strategy's names where the table has none (a CSV)
        self.misread = {(f.path, f.payer): f for f in report.findings if f.written is not None}

    def summary(self) -> str:
        report, words = self.report, self.words
        if report.reconciles and not report.compared:
            return words.reconciles.format(file=report.file)
        return words.summary.format(file=report.file, clauses="; ".join(self.clauses()))

    def clauses(self) -> list[str]:
        """Whether the table adds up (and what else is wrong in it), then how many figures differ from
        sofin's: the 10 of allocate's note are not the printed table's 12 sums (issue 23 item 9, review)."""
        words, lang, own = self.words, self.lang, self.report.own_findings
        sums = sum(finding.kind in SUM_KINDS for finding in own)
        others = local_plural(len(own) - sums, words.discrepancy, lang)
        if sums:
            clauses = [words.does_not_add_up.format(sums=local_plural(sums, words.sum, lang))]
            clauses += [words.also.format(count=others)] if len(own) > sums else []
        else:
            clauses = [words.adds_up_but.format(count=others) if own else words.adds_up]
        if self.report.compared:
            against = self.report.against_sofin
            figures = sum(finding.kind is not FindingKind.stamp for finding in against)
            figure = catalogue(lang).printed.figure  # counted as allocate's note counts them
            clauses.append(
                words.differs_in.format(count=local_plural(figures, figure, lang)) if figures else words.agrees
            )
            if len(against) > figures:
                clauses.append(words.meanings[FindingKind.stamp])
        return clauses

    def groups(self) -> list[tuple[str, tuple[str, ...], tuple[Finding, ...]]]:
        """The findings under their headings: the table's own, then where it differs from sofin's; each
        group with findings, with its heading (a count), its columns and findings."""
        report, words = self.report, self.words
        groups = [
            (words.own_heading, words.headers, report.own_findings),
            (words.sofin_heading, words.sofin_headers, report.against_sofin),
        ]
        return [(heading.format(count=len(found)), headers, found) for heading, headers, found in groups if found]

    def banner(self) -> list[str]:
        """The what-ifs of the allocation the table was compared with, when it was computed with some."""
        scenario = self.report.scenario
        return [] if scenario is None else [banner_line(scenario, self.names, self.lang)]

    def key_lines(self) -> list[str]:
        """Where the key's (a keyed table's keys') percents came from; for a keyed CSV with no year known, that
        they are the same in every year, and whether it went uncompared for want of a year (issue 24 review)."""
        report, words = self.report, self.words
        lines = [self.key_source()]
        if report.keys_every_year is not None:
            year, start, end = report.keys_every_year
            lines.append(words.keys_every_year.format(year=year, start=start, end=end))
        return lines + ([words.not_compared_without_year] if report.not_compared_without_year else [])

    def key_source(self) -> str:
        source, words, table = self.report.shares_source, self.words, self.report.table
        keyed = table.keys is not None or bool(table.row_keys)
        if source is None:
            return words.keys_from_table if keyed else words.key_from_table
        if self.report.shipped_source:
            return (words.keys_from_shipped if keyed else words.key_from_shipped).format(title=source)
        return (words.keys_from_strategy if keyed else words.key_from_strategy).format(path=source)

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

    def found(self, finding: Finding) -> str:
        """The found figure; a misread one as the file writes it, then as sofin reads it (issue 23, item 6)."""
        found = self.figure(finding.found)
        return found if finding.written is None else self.words.misread.format(written=finding.written, found=found)

    def meaning(self, finding: Finding) -> str:
        """What the finding means, and the misread figures it follows from: 11.768 read for 11768 makes its
        row's figures sum to more than its total, where the figures above expect and find the other way round."""
        return "; ".join([self.words.meanings[finding.kind], *self.key_of(finding), *self.follows(finding)])

    def key_of(self, finding: Finding) -> list[str]:
        """The key a finding is about, by name, in a table with keys (issue 24); nothing otherwise."""
        return [] if finding.key is None else [self.words.in_key.format(key=finding.key)]

    def sentence(self, finding: Finding) -> str:
        expected, found = self.figure(finding.expected), self.figure(finding.found)
        text = self.words.sentences[finding.kind].format(expected=expected, found=found, written=finding.written)
        follows = [*self.key_of(finding), *self.follows(finding)]
        return f"{text} ({'; '.join(follows)})" if follows else text

    def follows(self, finding: Finding) -> list[str]:
        texts = []
        for cell in finding.follows:
            misread = self.misread[cell]
            texts.append(self.words.follows.format(written=misread.written, found=self.figure(misread.found)))
        return texts

    def place(self, finding: Finding) -> str:
        """Where the finding's figure is, as FILE:LINE:COL (the file alone when it is about the whole file)."""
        if finding.line is None:
            return self.report.file
        return f"{self.report.file}:{finding.line}:{finding.column}"

    def github(self) -> str:
        """Issue 25 item 2: GitHub Actions workflow commands, an ::error at each finding's figure and a ::notice
        with the summary. The file, line and column are properties; the message is the report's sentence."""
        lines = []
        for finding in self.report.findings:
            properties = [f"file={_property(self.report.file)}"]
            if finding.line is not None:
                properties += [f"line={finding.line}", f"col={finding.column}"]
            payer = f", {self.payer_name(finding.payer)}" if finding.payer else ""
            message = f"{self.row_name(finding)}{payer}: {self.sentence(finding)}"
            lines.append(f"::error {','.join(properties)}::{_data(message)}")
        lines.append(f"::notice file={_property(self.report.file)}::{_data(self.summary())}")
        return "\n".join(lines) + "\n"

    def json(self) -> str:
        report = self.report
        document = {
            "format_version": CHECK_FORMAT_VERSION,
            "file": report.file,
            "reconciles": report.reconciles,
            "shares_from": report.shares_source or "table",
            "unit": f"{report.unit:f}",
            "scenario": None if report.scenario is None else scenario_json(report.scenario),
            "payer_names": self.names,  # issue 23, item 6: findings name payers by id, people by name
            # Issue 24 review (finding 6): a keyed CSV checked with no year known.
            **({} if report.keys_every_year is None else {"keys_year": report.keys_every_year[0]}),
            **({"compared": False} if report.not_compared_without_year else {}),
            "findings": [
                {
                    "kind": finding.kind,
                    "path": None if finding.path is None else list(finding.path),
                    "payer": finding.payer,
                    "expected": _plain(finding.expected),
                    "found": _plain(finding.found),
                    "written": finding.written,  # issue 23, item 6: a misread figure as the file writes it
                    "follows": [{"path": list(path), "payer": payer} for path, payer in finding.follows],
                    "message": self.meaning(finding),
                    **({} if finding.key is None else {"key": finding.key}),  # issue 24: in a table with keys
                    "line": finding.line,  # issue 25 item 1: where the figure is in the file (null: unknown)
                    "column": finding.column,
                }
                for finding in report.findings
            ],
        }
        return json_text(document)

    def table(self) -> str:
        from sofin.render.text import Grid, plain_text

        tables: list[str | Grid] = []
        for heading, headers, findings in self.groups():
            rows = [
                [
                    self.row_name(finding),
                    self.payer_name(finding.payer),
                    self.meaning(finding),
                    self.figure(finding.expected),
                    self.found(finding),
                    self.place(finding),  # issue 25 item 1: FILE:LINE:COL, last as in the Markdown report
                ]
                for finding in findings
            ]
            tables += [
                *([] if tables else [""]),  # a blank line after the key's; a grid ends with one
                heading,
                Grid((*headers, self.words.place), self.figure_columns(len(headers)), rows),
            ]
        return plain_text(self.summary(), *self.banner(), *self.key_lines(), *tables)

    @staticmethod
    def figure_columns(headers: int) -> list[bool]:
        """Which columns of the text table are right-aligned: expected and found, not the place after them."""
        return [3 <= index < headers for index in range(headers + 1)]

    def markdown(self) -> str:
        words = self.words
        out = [f"# {markdown_text(words.report_title.format(file=self.report.file))}", "", self.summary(), ""]
        out += [f"**{banner}**\n" for banner in self.banner()]
        out += [line + "." for line in self.key_lines()]
        for heading, _, findings in self.groups():
            out += ["", f"## {markdown_text(heading)}", ""]
            for number, finding in enumerate(findings, start=1):
                payer = f", {markdown_text(self.payer_name(finding.payer))}" if finding.payer else ""
                sentence = markdown_text(self.sentence(finding))
                place = markdown_text(self.place(finding))  # after the sentence: a reader looks for the row first
                out.append(f"{number}. {markdown_text(self.row_name(finding))}{payer}: {sentence}. ({place})")
        out += ["", f"## {words.corrected_heading}", "", words.corrected_note, "", *self.corrected_table()]
        return "\n".join(out) + "\n"

    def corrected_table(self) -> list[str]:
        report = self.report
        correction = _asked_for(report.corrected)
        if correction.prevented_by is not None:
            return [self.words.corrected_prevented_by[correction.prevented_by]]
        # Names and labels escaped: a `|` in one moved the figures after it under the next payer.
        names = [markdown_text(self.payer_name(payer)) for payer in report.table.payer_ids]
        lines = [f"| {self.words.row} | {self.words.total} | " + " | ".join(names) + " |"]
        lines.append("|---|---:|" + "---:|" * len(names))
        for row in report.table.rows:
            new = correction.rows[row.path]
            cells = [self.change(row.total, new.total)]
            cells += [self.change(row.allocation[p], value) for p, value in zip(report.table.payer_ids, new.figures)]
            label = row.label or self.unnamed(row.path) or "/".join(row.path)
            lines.append(f"| {markdown_text(label)} | " + " | ".join(cells) + " |")
        return lines

    def change(self, published: Decimal, fixed: Decimal) -> str:
        text = local_amount(fixed, self.report.unit, self.lang)
        return text if published == fixed else f"~~{self.amount(published)}~~ **{text}**"

    def xlsx(self) -> bytes:
        """The corrected table (its totals live SUMs, as in allocate's workbook), then the findings."""
        from sofin.render.workbook import Book

        title = self.words.report_title.format(file=self.report.file)
        year = self.report.table.year
        book = Book(title, UNDATED if year is None else year, self.lang)
        self.corrected_sheet(book, title)
        report, words = self.report, self.words
        self.findings_sheet(book, title, words.findings_heading, words.headers, report.own_findings)
        if report.compared:  # issue 23 item 9 (review): sofin's differing figures on a sheet of their own
            self.findings_sheet(book, title, words.sofin_sheet, words.sofin_headers, report.against_sofin)
        return book.bytes()

    def corrected_sheet(self, book: Book, title: str) -> None:
        """Every row of the table with sofin's figures; a changed one highlighted, the published one in its comment."""
        from sofin.render.workbook import column_letter

        report, words = self.report, self.words
        table, correction = report.table, _asked_for(report.corrected)
        payers = table.payer_ids
        columns = 2 + len(payers)  # the row, its total, a column a payer
        sheet = book.sheet(words.corrected_sheet, title, HEADER_ROW + 1, columns)
        self.heading(book, sheet)
        if correction.prevented_by is not None:
            sheet.write_string(HEADER_ROW, 0, words.corrected_prevented_by[correction.prevented_by])
            return
        names = [self.payer_name(payer) for payer in payers]
        book.header(sheet, HEADER_ROW, (words.row, words.total, *names))
        where = {row.path: HEADER_ROW + 1 + i for i, row in enumerate(table.rows)}
        labels = [row.label or self.unnamed(row.path) or "/".join(row.path) for row in table.rows]
        last = column_letter(columns - 1)
        for row, label in zip(table.rows, labels):
            r, new, bold = where[row.path], correction.rows[row.path], len(row.path) < 2
            sheet.write_string(r, 0, label, book.format(bold=bold, indent=1 if len(row.path) >= 2 else 0))
            children = [where[child.path] + 1 for child in table.children(row.path)]
            for column, (payer, value) in enumerate(zip(payers, new.figures), start=2):
                published = row.allocation[payer]
                if children:
                    letter = column_letter(column)
                    formula = f"=SUM({','.join(f'{letter}{child}' for child in children)})"
                    sheet.write_formula(r, column, formula, self.figure_format(book, bold, published, value), value)
                else:
                    sheet.write_number(r, column, value, self.figure_format(book, bold, published, value))
                self.published_comment(sheet, r, column, published, value)
            total_format = self.figure_format(book, bold, row.total, new.total)
            sheet.write_formula(r, 1, f"=SUM(C{r + 1}:{last}{r + 1})", total_format, new.total)
            self.published_comment(sheet, r, 1, row.total, new.total)
        end = HEADER_ROW + 1 + len(table.rows)
        book.note(sheet, end + 1, words.corrected_workbook_note, columns)
        for r, line in enumerate(self.key_lines(), start=end + 2):
            sheet.write_string(r, 0, line)
        sheet.freeze_panes(HEADER_ROW + 1, 1)

    def heading(self, book: Book, sheet: Worksheet) -> None:
        """Below a sheet's title: the summary, and the scenario's banner in the blank row above the header."""
        sheet.write_string(1, 0, self.summary())
        for banner in self.banner():
            sheet.write_string(2, 0, banner, book.format(bold=True))

    def figure_format(self, book: Book, bold: bool, published: Decimal, fixed: Decimal) -> Format:
        amount = book.amount(self.report.unit, bold=bold)
        if published == fixed:
            return amount
        return book.format(num_format=amount.num_format, bold=True, bg_color=HIGHLIGHT)

    def published_comment(self, sheet: Worksheet, r: int, column: int, published: Decimal, fixed: Decimal) -> None:
        if published != fixed:
            sheet.write_comment(r, column, self.words.published.format(figure=self.amount(published)))

    def findings_sheet(
        self, book: Book, title: str, name: str, headers: tuple[str, ...], findings: tuple[Finding, ...]
    ) -> None:
        """A finding a row: the row, the municipality, what it means, expected and found (numbers as numbers)."""
        report = self.report
        sheet = book.sheet(name, title, HEADER_ROW + 1, len(headers))
        self.heading(book, sheet)
        book.header(sheet, HEADER_ROW, headers, first_figure=3)
        for r, finding in enumerate(findings, start=HEADER_ROW + 1):
            cells = (self.row_name(finding), self.payer_name(finding.payer), self.meaning(finding))
            for column, text in enumerate(cells):
                if text:
                    sheet.write_string(r, column, text)
            # A misread figure as text: as the file writes it, then as sofin reads it (the table's cell).
            found = finding.found if finding.written is None else self.found(finding)
            for column, value in enumerate((finding.expected, found), start=3):
                if isinstance(value, Decimal):
                    places = None if on_grid(value, report.unit) else decimal_places(value)
                    sheet.write_number(r, column, value, book.amount(report.unit, places=places))
                else:
                    sheet.write_string(r, column, self.figure(value), book.format(align="right"))
        for r, line in enumerate(self.key_lines(), start=HEADER_ROW + len(findings) + 2):
            sheet.write_string(r, 0, line)
        sheet.freeze_panes(HEADER_ROW + 1, 0)


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (command.ts, escapeData): a line break
    would end the command, and `%` starts an escape."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property (the file): `:` and `,` would end it too (escapeProperty)."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _plain(value: Decimal | str | None) -> str | None:
    return f"{value:f}" if isinstance(value, Decimal) else value


def _asked_for(correction: Correction | None) -> Correction:
    """The corrected table, which check computes for the formats that show it (CheckFormat.shows_corrected_table)."""
    if correction is None:
        raise ValueError("this report was made without its corrected table (pipeline.check_table's `correct`)")
    return correction

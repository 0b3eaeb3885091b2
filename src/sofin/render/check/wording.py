"""`sofin check`'s words for a report, which every format is made of: the summary, each finding's row,
municipality, meaning and sentence, and where its figure is."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.render.banner import banner_line
from sofin.render.numbers import local_amount, local_decimal, local_plural
from sofin.results.check import SUM_KINDS, Correction, FindingKind
from sofin.units import on_grid
from sofin.words import Language, catalogue, row_label

if TYPE_CHECKING:
    from sofin.results.check import Finding, Report
    from sofin.words.schema import CheckWords


@dataclass(frozen=True)
class Checked:
    """One report in one language, with what the sentences look up in it."""

    report: Report
    lang: Language
    words: CheckWords
    names: dict[str, str]  # the strategy's names where the table has none (a CSV)
    misread: dict[tuple[tuple[str, ...] | None, str | None], Finding]  # the findings of misread figures by their cell


def checked(report: Report, lang: Language) -> Checked:
    misread = {(f.path, f.payer): f for f in report.findings if f.written is not None}
    return Checked(report, lang, catalogue(lang).check, report.payer_names, misread)


def summary(checked: Checked) -> str:
    report, words = checked.report, checked.words
    if report.reconciles and not report.compared:
        return words.reconciles.format(file=report.file)
    return words.summary.format(file=report.file, clauses="; ".join(clauses(checked)))


def clauses(checked: Checked) -> list[str]:
    """Whether the table adds up (and what else is wrong in it), then how many figures differ from
    sofin's: the 10 of allocate's note are not the printed table's 12 sums (issue 23 item 9, review)."""
    words, lang, own = checked.words, checked.lang, checked.report.own_findings
    sums = sum(finding.kind in SUM_KINDS for finding in own)
    others = local_plural(len(own) - sums, words.discrepancy, lang)
    if sums:
        said = [words.does_not_add_up.format(sums=local_plural(sums, words.sum, lang))]
        said += [words.also.format(count=others)] if len(own) > sums else []
    else:
        said = [words.adds_up_but.format(count=others) if own else words.adds_up]
    if checked.report.compared:
        against = checked.report.against_sofin
        figures = sum(finding.kind is not FindingKind.stamp for finding in against)
        figure = catalogue(lang).printed.figure  # counted as allocate's note counts them
        said.append(words.differs_in.format(count=local_plural(figures, figure, lang)) if figures else words.agrees)
        if len(against) > figures:
            said.append(words.meanings[FindingKind.stamp])
    return said


def groups(checked: Checked) -> list[tuple[str, tuple[str, ...], tuple[Finding, ...]]]:
    """The findings under their headings: the table's own, then where it differs from sofin's; each
    group with findings, with its heading (a count), its columns and findings."""
    report, words = checked.report, checked.words
    listed = [
        (words.own_heading, words.headers, report.own_findings),
        (words.sofin_heading, words.sofin_headers, report.against_sofin),
    ]
    return [(heading.format(count=len(found)), headers, found) for heading, headers, found in listed if found]


def banner(checked: Checked) -> list[str]:
    """The what-ifs of the allocation the table was compared with, when it was computed with some."""
    scenario = checked.report.scenario
    return [] if scenario is None else [banner_line(scenario, checked.names, checked.lang)]


def key_lines(checked: Checked) -> list[str]:
    """Where the key's (a keyed table's keys') percents came from; for a keyed CSV with no year known, that
    they are the same in every year, and whether it went uncompared for want of a year (issue 24 review)."""
    report, words = checked.report, checked.words
    lines = [key_source(checked)]
    if report.keys_every_year is not None:
        year, start, end = report.keys_every_year
        lines.append(words.keys_every_year.format(year=year, start=start, end=end))
    return lines + ([words.not_compared_without_year] if report.not_compared_without_year else [])


def key_source(checked: Checked) -> str:
    source, words, table = checked.report.shares_source, checked.words, checked.report.table
    keyed = table.keys is not None or bool(table.row_keys)
    if source is None:
        return words.keys_from_table if keyed else words.key_from_table
    if checked.report.shipped_source:
        return (words.keys_from_shipped if keyed else words.key_from_shipped).format(title=source)
    return (words.keys_from_strategy if keyed else words.key_from_strategy).format(path=source)


def row_name(checked: Checked, finding: Finding) -> str:
    if finding.path is None:
        return checked.words.whole_file
    path = "/".join(finding.path) or checked.words.grand_total
    label = checked.report.table.row(finding.path).label if checked.report.table.has(finding.path) else ""
    return f"{label or unnamed(checked, finding.path)} ({path})".strip()


def unnamed(checked: Checked, path: tuple[str, ...]) -> str:
    """A name for a row the table gives no label: the grand total's in the language, "" for another row."""
    return row_label(path, "", checked.lang)


def payer_name(checked: Checked, payer: str | None) -> str:
    return "" if payer is None else checked.names.get(payer, payer)


def amount(checked: Checked, value: Decimal) -> str:
    """A figure on the unit grid as figures are written, any other (an exact share, say) with every digit."""
    unit = checked.report.unit
    return local_amount(value, unit, checked.lang) if on_grid(value, unit) else local_decimal(value, checked.lang)


def figure(checked: Checked, value: Decimal | str | None) -> str:
    if value is None:
        return catalogue(checked.lang).missing
    return value if isinstance(value, str) else amount(checked, value)


def found(checked: Checked, finding: Finding) -> str:
    """The found figure; a misread one as the file writes it, then as sofin reads it (issue 23, item 6)."""
    found = figure(checked, finding.found)
    return found if finding.written is None else checked.words.misread.format(written=finding.written, found=found)


def meaning(checked: Checked, finding: Finding) -> str:
    """What the finding means, and the misread figures it follows from: 11.768 read for 11768 makes its
    row's figures sum to more than its total, where the figures above expect and find the other way round."""
    return "; ".join([checked.words.meanings[finding.kind], *key_of(checked, finding), *follows(checked, finding)])


def key_of(checked: Checked, finding: Finding) -> list[str]:
    """The key a finding is about, by name, in a table with keys (issue 24); nothing otherwise."""
    return [] if finding.key is None else [checked.words.in_key.format(key=finding.key)]


def sentence(checked: Checked, finding: Finding) -> str:
    expected, found = figure(checked, finding.expected), figure(checked, finding.found)
    text = checked.words.sentences[finding.kind].format(expected=expected, found=found, written=finding.written)
    notes = [*key_of(checked, finding), *follows(checked, finding)]
    return f"{text} ({'; '.join(notes)})" if notes else text


def follows(checked: Checked, finding: Finding) -> list[str]:
    texts = []
    for cell in finding.follows:
        misread = checked.misread[cell]
        texts.append(checked.words.follows.format(written=misread.written, found=figure(checked, misread.found)))
    return texts


def place(checked: Checked, finding: Finding) -> str:
    """Where the finding's figure is, as FILE:LINE:COL (the file alone when it is about the whole file)."""
    if finding.line is None:
        return checked.report.file
    return f"{checked.report.file}:{finding.line}:{finding.column}"


def asked_for(correction: Correction | None) -> Correction:
    """The corrected table, which check computes for the formats that show it (CheckFormat.shows_corrected_table)."""
    if correction is None:
        raise ValueError("this report was made without its corrected table (pipeline.check_table's `correct`)")
    return correction

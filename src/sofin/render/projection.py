"""The projection, for every command's formats: the mark on a figure that rests on a rate that is not adopted,
the footnote naming the rates it rests on, the pay law's footnote (the staff amounts it computed), and what a
rate rests on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sofin.domain.amounts import Assumption, RateBasis
from sofin.domain.scenario import Scenario
from sofin.render.banner import scenario_banner
from sofin.render.numbers import rate_text
from sofin.results.allocate import Row
from sofin.words import DEFAULT, Language, catalogue


def marked(label: str, projected: bool, lang: Language = DEFAULT) -> str:
    """A row's or year's label, with the projection mark after it when its figures are projected."""
    return f"{label} {catalogue(lang).projection.mark}" if projected else label


def projection_footnote(assumptions: Sequence[Assumption], lang: Language = DEFAULT) -> str | None:
    """The footnote of the marked figures: the rates they rest on, a kind's years at one rate as one
    span (stroški zaposlenih 2026–2029: 2 %); None when nothing is projected."""
    if not assumptions:
        return None
    words = catalogue(lang).projection
    listed = "; ".join(_span_text(span, lang) for span in _spans(assumptions))
    return words.footnote.format(mark=words.mark, assumptions=listed)


def _spans(assumptions: Sequence[Assumption]) -> list[list[Assumption]]:
    """Runs of consecutive years of one kind at one rate on one basis, by their first year, then kind."""
    spans: list[list[Assumption]] = []
    for assumption in sorted(assumptions, key=lambda a: (a.kind, a.basis, a.year)):
        last = spans[-1][-1] if spans else None
        if last is not None and (last.kind, last.rate, last.basis, last.year + 1) == (
            assumption.kind,
            assumption.rate,
            assumption.basis,
            assumption.year,
        ):
            spans[-1].append(assumption)
        else:
            spans.append([assumption])
    return sorted(spans, key=lambda span: (span[0].year, span[0].kind))


def _span_text(span: list[Assumption], lang: Language) -> str:
    """One rate that is not adopted: its kind, its years and rate, and when a what-if, that it is one."""
    words = catalogue(lang).projection
    first, last = span[0], span[-1]
    years = str(first.year) if first is last else f"{first.year}–{last.year}"
    text = words.assumption.format(kind=words.kinds[first.kind], year=years, rate=rate_text(first.rate, lang))
    return f"{text} ({words.bases[first.basis]})" if first.basis is RateBasis.scenario else text


def pay_footnotes(rows: Sequence[Row], lang: Language = DEFAULT) -> tuple[str, ...]:
    """The footnote of the staff amounts the pay law computed in the table's year: which lines (and items)
    follow it, by where their monthly pays before and after the reform come from, and the schedule with
    its law; one a schedule, in table order. None for a table without such amounts (the base year's)."""
    words = catalogue(lang).projection
    # schedule (id, law) -> source of before/target -> line path -> the labels of its items that follow the law
    schedules: dict[tuple[str, str], dict[str, dict[tuple[str, ...], list[str]]]] = {}
    labels = {row.path: row.label for row in rows}
    for row in rows:
        for part in row.parts:
            if part.pay is not None:
                law = part.pay.law
                source = words.pay_what_if if law.scenario else law.source or words.pay_no_source
                sources = schedules.setdefault((law.schedule, law.schedule_source), {})
                items = sources.setdefault(source, {}).setdefault(row.path, [])
                items += [part.label] if part.path.count("/") == 2 else []  # an item; else the whole line
    return tuple(
        words.pay_footnote.format(
            groups="; ".join(
                words.pay_group.format(
                    parts="; ".join(_pay_line(labels, path, items, lang) for path, items in lines.items()),
                    source=source,
                )
                for source, lines in sources.items()
            ),
            schedule=schedule,
            schedule_source=schedule_source,
        )
        for (schedule, schedule_source), sources in schedules.items()
    )


def _pay_line(labels: Mapping[tuple[str, ...], str], path: tuple[str, ...], items: list[str], lang: Language) -> str:
    """A line in the pay law's footnote, by its society's and its own label, with the items that follow the law."""
    words = catalogue(lang).projection
    line = words.pay_line.format(society=labels.get(path[:-1], ""), line=labels[path])
    return words.pay_items.format(line=line, items=", ".join(items)) if items else line


def basis_text(basis: RateBasis | None, source: str | None, lang: Language = DEFAULT) -> str:
    """What a rate rests on: a planning rate, a scenario's, or an adopted one with its source."""
    words = catalogue(lang).projection
    if basis is None:
        return ""
    text = words.bases[basis]
    return f"{text}; {words.adopted_source.format(source=source)}" if source else text


def marked_figure(figure: str, projected: bool | None, lang: Language = DEFAULT) -> str:
    """A figure with the projection mark right after it when it is projected (a label's: marked);
    None, a table from before sofin said, carries none."""
    return figure + catalogue(lang).projection.mark if projected else figure


def notes(
    scenario: Scenario | None, names: Mapping[str, str], assumptions: Sequence[Assumption], lang: Language
) -> list[str]:
    """What a table for people says around it, for formats that have only lines: a scenario's banner,
    then the projection footnote; each when there is one."""
    said = (scenario_banner(scenario, names, lang), projection_footnote(assumptions, lang))
    return [note for note in said if note is not None]

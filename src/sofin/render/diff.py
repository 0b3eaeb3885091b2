"""`sofin diff` reports: a terminal table of the changed rows, or the whole comparison as JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.render import DiffFormat
from sofin.render.document import json_text
from sofin.render.json import DIFF_FORMAT_VERSION, FACTOR_PLACES, assumption_json, ratio_text, scenario_json
from sofin.render.layout import banner_line, basis_text, marked_figure, projection_footnote
from sofin.render.numbers import as_percent, local_amount, local_decimal, plain_amount
from sofin.words import DEFAULT, MACHINE, Language, catalogue, row_label

if TYPE_CHECKING:
    from sofin.results.diff import AmountNote, Diff, FigureChange, RowChange, Side, SidePay


def render_diff(diff: Diff, output_format: DiffFormat, lang: Language = DEFAULT) -> str:
    if output_format is DiffFormat.json:
        return _json(diff)
    return _text(diff, lang)


def cause_text(diff: Diff, row: RowChange, lang: Language) -> str:
    """The causes of a row's changes in words: `znesek (indeksacija 2 %)`, `zaokroževanje: ...`."""
    words = catalogue(lang).diff
    texts = []
    for cause in row.causes:
        text = words.causes[cause]
        if cause in ("amount", "pay_law"):
            text += f" ({_amount_detail(diff, row, cause == 'pay_law', lang)})"
        texts.append(text)
    return "; ".join(texts)


def _amount_detail(diff: Diff, row: RowChange, by_law: bool, lang: Language) -> str:
    """How a changed amount came about: the pay law's steps (`by_law`), or the other changes of the line's parts."""
    words = catalogue(lang).diff
    notes = [note for note in row.amount_notes if note.by_pay_law == by_law]
    if notes:
        texts = dict.fromkeys(_pay_text(note, lang) if by_law else _source_text(note, lang) for note in notes)
        if by_law and len(texts) > 1:  # the items' own factors: each named by its path
            return "; ".join(f"{note.path}: {_pay_text(note, lang)}" for note in notes)
        return ", ".join(texts)
    if diff.children(row.path):
        return words.lines_sum
    before, after = (_amount(total, diff.unit, lang) for total in (row.total_before, row.total_after))
    return f"{before} → {after}"


PEOPLE_FACTOR_PLACES = 6  # the factor's decimals for people: enough to tell a year's tranches apart


def _pay_text(note: AmountNote, lang: Language) -> str:
    """How the pay law moved the amount: its schedule, the factor f(Y) / f(Y-1), then the rate and what it rests on."""
    words = catalogue(lang).diff
    assert note.pay is not None
    factor = ratio_text(note.pay.year_pay, note.pay.previous_year_pay, PEOPLE_FACTOR_PLACES)
    factor = local_decimal(Decimal(factor).normalize(), lang)
    rate = local_decimal(note.rate.normalize(), lang) if note.rate is not None else ""
    text = words.pay_step.format(schedule=note.pay.schedule, factor=factor, rate=rate)
    text = f"{text}, {basis_text(note.basis, note.rate_source, lang)}" if note.basis else text
    return f"{text}, {words.pay_scenario}" if note.pay.scenario else text


def _source_text(note: AmountNote, lang: Language) -> str:
    """How the amount came about; an indexed one with what its rate rests on (and an adopted rate's source)."""
    rate = local_decimal(note.rate.normalize(), lang) if note.rate is not None else ""
    text = catalogue(lang).diff.sources[note.source].format(rate=rate)
    return f"{text}, {basis_text(note.basis, note.rate_source, lang)}" if note.basis else text


def banners(diff: Diff, lang: Language) -> list[str]:
    """A line for each side computed with what-ifs, naming it by its column (before, after) and name."""
    words = catalogue(lang).diff
    return [
        f"{column} ({side.name}): {banner_line(side.scenario, side.payers, lang)}"
        for column, side in ((words.total_before, diff.before), (words.total_after, diff.after))
        if side.scenario is not None
    ]


def _text(diff: Diff, lang: Language) -> str:
    from sofin.render.text import Grid, plain_text

    words = catalogue(lang).diff
    unit = diff.unit
    changed = diff.changed_rows
    key_lines = [
        words.key_changed.format(name=change.name, before=_share(change.before, lang), after=_share(change.after, lang))
        for change in diff.key_changes
    ] or [words.key_same]
    title = words.title.format(before=diff.before.name, after=diff.after.name)
    head = [title, *banners(diff, lang), *key_lines]
    if not changed:
        return plain_text(*head, words.no_change)
    names = {**diff.before.payers, **diff.after.payers}
    headers = [words.row, words.total_before, words.total_after, words.change, *(names[p] for p in diff.payers)]
    rows = []
    for row in changed:
        label = row_label(row.path, row.label, lang)
        rows.append(
            [
                "  " * max(len(row.path) - 1, 0) + label,
                marked_figure(_amount(row.total_before, unit, lang), row.projected_before, lang),
                marked_figure(_amount(row.total_after, unit, lang), row.projected_after, lang),
                _signed_amount(row.total_change, unit, lang),
                *(_figure(figure, unit, lang) for figure in row.figures),
                cause_text(diff, row, lang),
            ]
        )
    table = Grid([*headers, words.cause], [False, *[True] * (len(headers) - 1), False], rows)
    unchanged = words.unchanged.format(count=diff.unchanged_count)
    marks = any(row.projected_before or row.projected_after for row in changed)
    footnote = projection_footnote(diff.assumptions, lang) if marks else None
    return plain_text(*head, table, unchanged, *([] if footnote is None else [footnote]))


def _amount(value: Decimal | None, unit: Decimal, lang: Language) -> str:
    return catalogue(lang).missing if value is None else local_amount(value, unit, lang)


def _signed_amount(value: Decimal, unit: Decimal, lang: Language) -> str:
    text = local_amount(value, unit, lang)
    return f"+{text}" if value > 0 else text


def _figure(figure: FigureChange, unit: Decimal, lang: Language) -> str:
    if not figure.change:
        return "0"
    percent = figure.percent
    if percent is None:
        return _signed_amount(figure.change, unit, lang)
    sign = "+" if percent > 0 else ""
    return f"{_signed_amount(figure.change, unit, lang)} ({as_percent(sign + local_decimal(percent, lang, 2), lang)})"


def _share(share: Decimal | None, lang: Language) -> str:
    return catalogue(lang).missing if share is None else as_percent(local_decimal(share, lang), lang)


def _json(diff: Diff) -> str:
    unit = diff.unit

    def amount(value: Decimal | None) -> str | None:
        return None if value is None else plain_amount(value, unit)

    document = {
        "format_version": DIFF_FORMAT_VERSION,
        "before": _side(diff.before),
        "after": _side(diff.after),
        "unit": f"{unit:f}",
        "key_changes": [
            {
                "payer": change.payer,
                "before": None if change.before is None else f"{change.before:f}",
                "after": None if change.after is None else f"{change.after:f}",
            }
            for change in diff.key_changes
        ],
        "rows": [
            {
                "path": list(row.path),
                "label": row.label or row_label(row.path, row.label, MACHINE),  # a table's own, as it wrote it
                "changed": row.changed,
                "total": {
                    "before": amount(row.total_before),
                    "after": amount(row.total_after),
                    "change": plain_amount(row.total_change, unit),
                },
                "figures": {
                    figure.payer: {
                        "before": amount(figure.before),
                        "after": amount(figure.after),
                        "change": plain_amount(figure.change, unit),
                        "percent": None if figure.percent is None else f"{figure.percent:f}",
                    }
                    for figure in row.figures
                },
                "projected": {"before": row.projected_before, "after": row.projected_after},
                "causes": [str(cause) for cause in row.causes],
                "amounts": [
                    {
                        "path": note.path,
                        "before": amount(note.before),
                        "after": amount(note.after),
                        "source": note.source,
                        "rate": None if note.rate is None else f"{note.rate:f}",
                        "rate_basis": None if note.basis is None else str(note.basis),
                        "rate_source": note.rate_source,
                        "projected": note.projected,
                    }
                    | ({} if note.pay is None else {"pay": _pay_json(note.pay)})
                    for note in row.amount_notes
                ],
            }
            for row in diff.rows
        ],
    }
    return json_text(document)


def _pay_json(pay: SidePay) -> dict[str, object]:
    """How the pay law computed a part's new amount, as allocate's JSON names it (render/json.py, pay_json)."""
    return {
        "schedule": pay.schedule,
        "source": pay.source,
        "scenario": pay.scenario,
        "year_pay": f"{pay.year_pay.quantize(Decimal('0.01')):f}",
        "previous_year_pay": f"{pay.previous_year_pay.quantize(Decimal('0.01')):f}",
        "factor": ratio_text(pay.year_pay, pay.previous_year_pay, FACTOR_PLACES),
    }


def _side(side: Side) -> dict[str, object]:
    """A side's name and year, whether its figures are projected, on which rates, and its what-ifs."""
    return {
        "name": side.name,
        "year": side.year,
        "projected": side.projected,
        "assumptions": [assumption_json(assumption) for assumption in side.assumptions],
        "scenario": None if side.scenario is None else scenario_json(side.scenario),
    }

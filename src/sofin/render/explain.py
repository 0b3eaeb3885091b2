"""`sofin explain`: the derivation of a figure in plain Slovenian or English."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sofin.explain import Constraint, Explanation, FigureWhy
from sofin.render.language import Language
from sofin.render.numbers import local_amount, local_decimal, local_percent
from sofin.years import LineYear, Part, Source


@dataclass(frozen=True)
class _Words:
    title: str  # with {label}, {year}, {currency}
    amount: str  # with {amount}
    item: str  # with {label}
    pay_grade: str  # with {grade}
    funded: str  # with {share}
    declared: str
    indexed: str  # with {previous}, {rate}, {exact}, {unit}
    adopted: str
    line_total: str  # with {year}, {sum}, {total}
    children_sum: str  # with {sum}, {total}
    split: str  # with {unit}
    exact: str  # with {total}, {share}, {exact}
    rounded: str  # with {figure}, {direction}, {half_up}
    directions: dict[str, str]
    row: str  # with {total}, {ups}, {size}, {rank}
    column: str  # with {label}, {total}, {ups}, {size}, {rank}
    flip_cost: str  # with {other}, {cost}
    flip_free: str  # with {other}
    flip_impossible: str  # with {other}
    whole: str
    as_half_up: str
    because: dict[str, str]  # which constraint decided the direction
    fair: str


_WORDS = {
    Language.sl: _Words(
        title="{label}, leto {year} (v {currency})",
        amount="Znesek vrstice: {amount}",
        item="{label}",
        pay_grade="plačni razred {grade}",
        funded="financirano {share}",
        declared="znesek v strategiji",
        indexed="= {previous} × (1 + {rate} %) = {exact}, zaokroženo pol navzgor na {unit}",
        adopted="sprejeti znesek (nadomesti indeksiranega)",
        line_total="Skupaj {year}: {sum} = {total}",
        children_sum="Vsota vrstic pod njo: {sum} = {total}",
        split="Delitev po ključu (zaokroževanje na {unit}):",
        exact="točni delež: {total} × {share} = {exact}",
        rounded="zaokroženo: {figure} ({direction}); pol navzgor bi dalo {half_up}",
        directions={"up": "navzgor", "down": "navzdol", "exact": "brez zaokroževanja"},
        row="vrstica: deleži se morajo sešteti v {total}, zato jih gre {ups} od {size} navzgor; "
        "ostanek tega deleža je {rank}. največji",
        column="stolpec: deleži občine v vrsticah pod »{label}« se morajo sešteti v njen znesek {total}, "
        "zato jih gre {ups} od {size} navzgor; ostanek tega deleža je {rank}. največji",
        flip_cost="v drugo smer ({other}) bi bila najmanjša skupna napaka tabele večja za {cost}",
        flip_free="v drugo smer ({other}) bi bila skupna napaka enaka; odloči pravilo izenačenja "
        "(prej navzgor po vrstnem redu tabele)",
        flip_impossible="v drugo smer ({other}) se tabela ne more sešteti",
        whole="delež je cel, zaokroževanje ni potrebno",
        as_half_up="enako kot pri zaokroževanju pol navzgor",
        because={
            "row": "smer določa vrstica",
            "column": "smer določa stolpec",
            "both": "smer določata vrstica in stolpec",
            "table": "smer določa najmanjša skupna napaka cele tabele",
        },
        fair="Tabela je zaokrožena skupaj z ostalimi leti obdobja (--fair): skupna napaka velja za vsa leta, "
        "kumulativni zneski občin pa so tudi navzdol ali navzgor zaokroženi točni deleži.",
    ),
    Language.en: _Words(
        title="{label}, year {year} (in {currency})",
        amount="Amount of the row: {amount}",
        item="{label}",
        pay_grade="pay grade {grade}",
        funded="funded {share}",
        declared="amount in the strategy",
        indexed="= {previous} × (1 + {rate}%) = {exact}, rounded half-up to {unit}",
        adopted="adopted amount (replaces the indexed one)",
        line_total="Total {year}: {sum} = {total}",
        children_sum="Sum of the rows below it: {sum} = {total}",
        split="Split by the key (rounded to {unit}):",
        exact="exact share: {total} × {share} = {exact}",
        rounded="rounded: {figure} ({direction}); half-up would give {half_up}",
        directions={"up": "up", "down": "down", "exact": "no rounding"},
        row="row: the figures must add up to {total}, so {ups} of {size} go up; "
        "this figure's remainder is number {rank} from the largest",
        column="column: the municipality's figures in the rows under '{label}' must add up to its {total}, "
        "so {ups} of {size} go up; this figure's remainder is number {rank} from the largest",
        flip_cost="the other way ({other}), the table's least summed error would be larger by {cost}",
        flip_free="the other way ({other}), the summed error would be the same; the tie rule decides "
        "(up first, in table order)",
        flip_impossible="the other way ({other}), the table cannot add up",
        whole="the share is whole; nothing to round",
        as_half_up="the same as half-up rounding",
        because={
            "row": "the row decides the direction",
            "column": "the column decides the direction",
            "both": "the row and the column decide the direction",
            "table": "the least summed error of the whole table decides the direction",
        },
        fair="The table is rounded together with the period's other years (--fair): the summed error is "
        "over all years, and the municipalities' cumulative figures are floors or ceilings of their exact shares too.",
    ),
}


def render_explanation(explanation: Explanation, lang: Language = Language.sl) -> str:
    words = _WORDS[lang]
    allocation, row = explanation.allocation, explanation.row
    unit = allocation.unit
    label = " / ".join(_labels(explanation)) or lang.words.all_municipalities
    out = [words.title.format(label=label, year=allocation.year, currency=allocation.currency), ""]
    out.append(words.amount.format(amount=local_amount(row.total, unit, lang)))
    if explanation.history is not None:
        out += _history(explanation.history, unit, lang)
    else:
        children = allocation.children(row.path)
        amounts = " + ".join(local_amount(child.total, unit, lang) for child in children)
        out.append("  " + words.children_sum.format(sum=amounts, total=local_amount(row.total, unit, lang)))
    out += ["", words.split.format(unit=local_amount(unit, unit, lang))]
    for figure in explanation.figures:
        out += _figure(figure, row.total, unit, lang)
    if allocation.fair:
        out += ["", words.fair]
    return "\n".join(out) + "\n"


def _labels(explanation: Explanation) -> list[str]:
    path = explanation.row.path
    return [explanation.allocation.row(path[:depth]).label for depth in range(1, len(path) + 1)]


def _history(history: tuple[LineYear, ...], unit: Decimal, lang: Language) -> list[str]:
    words = _WORDS[lang]
    out = []
    paths = list(dict.fromkeys(part.path for year in history for part in year.parts))
    for path in paths:
        steps = [(year.year, part) for year in history for part in year.parts if part.path == path]
        first = steps[0][1]
        out.append("  " + ", ".join([first.label, *_item_facts(first, lang)]))
        previous: Decimal | None = None
        for year, part in steps:
            out.append(f"    {year}  {local_amount(part.amount, unit, lang):>10}  {_how(part, previous, unit, lang)}")
            previous = part.amount
    last = history[-1]
    amounts = " + ".join(local_amount(part.amount, unit, lang) for part in last.parts)
    out.append("  " + words.line_total.format(year=last.year, sum=amounts, total=local_amount(last.amount, unit, lang)))
    return out


def _item_facts(part: Part, lang: Language) -> list[str]:
    words = _WORDS[lang]
    facts = []
    if part.pay_grade is not None:
        facts.append(words.pay_grade.format(grade=part.pay_grade))
    if part.funded_share is not None:
        facts.append(words.funded.format(share=local_percent(part.funded_share * 100, lang)))
    return facts


def _how(part: Part, previous: Decimal | None, unit: Decimal, lang: Language) -> str:
    words = _WORDS[lang]
    if part.source is Source.indexed and previous is not None and part.rate is not None:
        exact = previous * (1 + part.rate / 100)
        return words.indexed.format(
            previous=local_amount(previous, unit, lang),
            rate=local_decimal(part.rate.normalize(), lang),
            exact=local_decimal(exact.normalize(), lang),
            unit=local_amount(unit, unit, lang),
        )
    return words.adopted if part.source is Source.adopted else words.declared


def _figure(figure: FigureWhy, total: Decimal, unit: Decimal, lang: Language) -> list[str]:
    words = _WORDS[lang]
    out = [f"  {figure.payer.name} ({local_percent(figure.payer.share, lang)})"]
    exact = local_decimal(figure.exact.normalize(), lang)
    out.append(
        "    "
        + words.exact.format(
            total=local_amount(total, unit, lang), share=local_percent(figure.payer.share, lang), exact=exact
        )
    )
    if figure.direction == "exact":
        return [*out, "    " + words.whole]
    out.append(
        "    "
        + words.rounded.format(
            figure=local_amount(figure.rounded, unit, lang),
            direction=words.directions[figure.direction],
            half_up=local_amount(figure.half_up, unit, lang),
        )
    )
    out.append("    " + _constraint_text(words.row, figure.row, unit, lang))
    if figure.column is not None:
        out.append("    " + _constraint_text(words.column, figure.column, unit, lang))
    assert figure.other is not None  # a share that is not whole has another way
    other = local_amount(figure.other, unit, lang)
    if figure.flip_cost is None:
        out.append("    " + words.flip_impossible.format(other=other))
    elif figure.flip_cost:
        out.append("    " + words.flip_cost.format(other=other, cost=local_decimal(figure.flip_cost.normalize(), lang)))
    else:
        out.append("    " + words.flip_free.format(other=other))
    out.append("    → " + (words.as_half_up if figure.rounded == figure.half_up else _decided_by(figure, words)))
    return out


def _constraint_text(template: str, constraint: Constraint, unit: Decimal, lang: Language) -> str:
    return template.format(
        label=constraint.label,
        total=local_amount(constraint.total, unit, lang),
        ups=constraint.ups,
        size=constraint.size,
        rank=constraint.rank,
    )


def _decided_by(figure: FigureWhy, words: _Words) -> str:
    """Which group, rounded by largest remainders on its own, would round the figure this way."""
    up = figure.direction == "up"
    by_row = (figure.row.rank <= figure.row.ups) == up
    by_column = figure.column is not None and (figure.column.rank <= figure.column.ups) == up
    key = "both" if by_row and by_column else "row" if by_row else "column" if by_column else "table"
    return words.because[key]

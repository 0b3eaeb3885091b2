"""`sofin explain`: the derivation of a figure, step by step, in the words of --lang."""

from __future__ import annotations

from decimal import Decimal

from sofin.render.numbers import local_amount, local_decimal, local_percent
from sofin.results.allocate import Part, Source
from sofin.results.explain import Constraint, Explanation, FigureWhy
from sofin.words import DEFAULT, Language, catalogue, row_label


def render_explanation(explanation: Explanation, lang: Language = DEFAULT) -> str:
    words = catalogue(lang).explain
    allocation, row = explanation.allocation, explanation.row
    unit = allocation.unit
    label = " / ".join(_labels(explanation)) or catalogue(lang).all_municipalities
    out = [words.title.format(label=label, year=allocation.year, currency=allocation.currency), ""]
    out.append(words.amount.format(amount=local_amount(row.total, unit, lang)))
    if explanation.history is not None:
        out += _history(explanation, unit, lang)
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


def _history(explanation: Explanation, unit: Decimal, lang: Language) -> list[str]:
    words = catalogue(lang).explain
    out = []
    for item in explanation.items:
        out.append("  " + ", ".join([item.first.label, *_item_facts(item.first, lang)]))
        for year, part in item.years:
            out.append(f"    {year}  {local_amount(part.amount, unit, lang):>10}  {_how(part, unit, lang)}")
    assert explanation.history is not None
    last = explanation.history[-1]
    amounts = " + ".join(local_amount(part.amount, unit, lang) for part in last.parts)
    out.append("  " + words.line_total.format(year=last.year, sum=amounts, total=local_amount(last.amount, unit, lang)))
    return out


def _item_facts(part: Part, lang: Language) -> list[str]:
    words = catalogue(lang).explain
    facts = []
    if part.pay_grade is not None:
        facts.append(words.pay_grade.format(grade=part.pay_grade))
    if part.funded_share is not None:
        facts.append(words.funded.format(share=local_percent(part.funded_share * 100, lang)))
    return facts


def _how(part: Part, unit: Decimal, lang: Language) -> str:
    words = catalogue(lang).explain
    if part.source is Source.indexed:
        assert part.indexed_from is not None and part.rate is not None and part.unrounded is not None
        return words.indexed.format(
            previous=local_amount(part.indexed_from, unit, lang),
            rate=local_decimal(part.rate.normalize(), lang),
            exact=local_decimal(part.unrounded.normalize(), lang),
            unit=local_amount(unit, unit, lang),
        )
    return words.adopted if part.source is Source.adopted else words.declared


def _figure(figure: FigureWhy, total: Decimal, unit: Decimal, lang: Language) -> list[str]:
    words = catalogue(lang).explain
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
    out.append("    → " + (words.as_half_up if figure.decided_by == "half_up" else words.because[figure.decided_by]))
    return out


def _constraint_text(template: str, constraint: Constraint, unit: Decimal, lang: Language) -> str:
    return template.format(
        label=row_label(constraint.path, constraint.label, lang),
        total=local_amount(constraint.total, unit, lang),
        ups=constraint.ups,
        size=constraint.size,
        rank=constraint.rank,
    )

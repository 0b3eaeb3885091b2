"""`sofin explain`: the derivation of a figure, step by step, in the words of --lang."""

from __future__ import annotations

from decimal import Decimal

from sofin.render.layout import banner_line, basis_text, marked_figure, payer_names, projection_footnote
from sofin.render.numbers import local_amount, local_decimal, local_percent
from sofin.results.allocate import Part, Source
from sofin.results.explain import Constraint, Explanation, FigureWhy
from sofin.words import DEFAULT, Language, catalogue, row_label

# What explain's, diff's, payments' and check's people's formats say of rates and scenarios, beside
# render/layout.py's projection footnote (allocate's and plan's).


def render_explanation(explanation: Explanation, lang: Language = DEFAULT) -> str:
    words = catalogue(lang).explain
    allocation, row = explanation.allocation, explanation.row
    unit = allocation.unit
    label = " / ".join(_labels(explanation)) or catalogue(lang).all_municipalities
    out = [words.title.format(label=label, year=allocation.year, currency=allocation.currency)]
    if allocation.scenario is not None:
        out.append(banner_line(allocation.scenario, payer_names(allocation.payers), lang))
    total = marked_figure(local_amount(row.total, unit, lang), row.projected, lang)
    out += ["", words.amount.format(amount=total)]
    if explanation.history is not None:
        out += _history(explanation, unit, lang)
    else:
        children = allocation.children(row.path)
        amounts = " + ".join(local_amount(child.total, unit, lang) for child in children)
        out.append("  " + words.children_sum.format(sum=amounts, total=total))
    out += ["", words.split.format(unit=local_amount(unit, unit, lang))]
    for figure in explanation.figures:
        out += _figure(figure, row.total, unit, lang)
    if allocation.fair:
        out += ["", words.fair]
    footnote = projection_footnote(explanation.assumptions, lang)
    if footnote is not None:
        out += ["", footnote]
    return "\n".join(out) + "\n"


def _labels(explanation: Explanation) -> list[str]:
    path = explanation.row.path
    return [explanation.allocation.row(path[:depth]).label for depth in range(1, len(path) + 1)]


def _history(explanation: Explanation, unit: Decimal, lang: Language) -> list[str]:
    words = catalogue(lang).explain
    # A column for the mark when any amount has one, so that the amounts stay aligned.
    mark = " " if any(part.projected for item in explanation.items for _, part in item.years) else ""
    out = []
    for item in explanation.items:
        out.append("  " + ", ".join([item.first.label, *_item_facts(item.first, lang)]))
        for year, part in item.years:
            amount = f"{local_amount(part.amount, unit, lang):>10}" + (marked_figure("", part.projected, lang) or mark)
            out.append(f"    {year}  {amount}  {_how(part, unit, lang)}")
    assert explanation.history is not None
    last = explanation.history[-1]
    amounts = " + ".join(local_amount(part.amount, unit, lang) for part in last.parts)
    total = marked_figure(local_amount(last.amount, unit, lang), explanation.row.projected, lang)
    out.append("  " + words.line_total.format(year=last.year, sum=amounts, total=total))
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
        indexed = words.indexed.format(
            previous=local_amount(part.indexed_from, unit, lang),
            rate=local_decimal(part.rate.normalize(), lang),
            exact=local_decimal(part.unrounded.normalize(), lang),
            unit=local_amount(unit, unit, lang),
        )
        return f"{indexed} ({basis_text(part.basis, part.rate_source, lang)})" if part.basis else indexed
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

"""`sofin explain`'s text: the derivation of a figure, step by step, in the words of --lang."""

from __future__ import annotations

from decimal import Decimal

from sofin.domain.amounts import PayLaw, PayMonths, Source
from sofin.render.banner import banner_line, payer_names
from sofin.render.explain.wording import fraction_text, labels
from sofin.render.numbers import as_percent, decimal_places, local_amount, local_decimal, local_percent
from sofin.render.projection import basis_text, marked_figure, projection_footnote
from sofin.results.explain import (
    Approximation,
    Constraint,
    Explanation,
    FigureWhy,
    ItemHistory,
    KeyWhy,
    LawWhy,
    YearWhy,
)
from sofin.words import Language, catalogue, row_label


def render_table(explanation: Explanation, lang: Language) -> str:
    words = catalogue(lang).explain
    allocation, row = explanation.allocation, explanation.row
    unit = allocation.unit
    label = " / ".join(labels(explanation)) or catalogue(lang).all_municipalities
    out = [words.title.format(label=label, year=allocation.year, currency=allocation.currency)]
    if allocation.scenario is not None:
        out.append(banner_line(allocation.scenario, payer_names(allocation.payers), lang))
    total = marked_figure(local_amount(row.total, unit, lang), row.projected, lang)
    if explanation.item is not None:
        out += ["", words.item_amount.format(amount=_item_amount(explanation, lang))]
    else:
        out += ["", words.amount.format(amount=total)]
    if explanation.history is not None:
        out += _history(explanation, unit, lang)
    else:
        children = allocation.children(row.path)
        amounts = " + ".join(local_amount(child.total, unit, lang) for child in children)
        out.append("  " + words.children_sum.format(sum=amounts, total=total))
    if explanation.item is not None:
        out += ["", words.through_line.format(line=row.label)]
    if explanation.key is not None:
        out += ["", _line_key(explanation.key, lang)]
    out += ["", words.split.format(unit=local_amount(unit, unit, lang))]
    by_lines = explanation.keyed and explanation.key is None
    if by_lines:
        out.append("  " + catalogue(lang).keys_explain.by_lines)
    for figure in explanation.figures:
        if explanation.key is not None:
            out += _keyed_figure(explanation, explanation.key, figure, lang)
        elif by_lines:
            out += _sum_figure(explanation, figure, lang)
        else:
            out += _figure(figure, row.total, unit, lang, allocation.fair)
    if allocation.fair:
        out += ["", words.fair]
    footnote = projection_footnote(explanation.assumptions, lang)
    if footnote is not None:
        out += ["", footnote]
    return "\n".join(out) + "\n"


def _item_amount(explanation: Explanation, lang: Language) -> str:
    """The item's amount in the year; none when its line is one amount by then (the history says from when)."""
    assert explanation.item is not None
    last = explanation.item.last
    if last.year != explanation.allocation.year:
        return catalogue(lang).missing
    return marked_figure(local_amount(last.part.amount, explanation.allocation.unit, lang), last.part.projected, lang)


def _history(explanation: Explanation, unit: Decimal, lang: Language) -> list[str]:
    words = catalogue(lang).explain
    # A column for the mark when any amount has one, so that the amounts stay aligned.
    mark = " " if any(year.part.projected for item in explanation.items for year in item.years) else ""
    out = []
    for item in explanation.items:
        out.append("  " + ", ".join([item.first.label, *_item_facts(item, lang)]))
        if item.first.law is not None:
            out.append("    " + _law_text(item.first.law, item.first.other, unit, lang))
        for year in item.years:
            part = year.part
            amount = f"{local_amount(part.amount, unit, lang):>10}" + (marked_figure("", part.projected, lang) or mark)
            prefix = f"    {year.year}  {amount}  "
            first, *more = _how(year, unit, lang)
            out.append(prefix + first)
            out += [" " * len(prefix) + line for line in more]
    assert explanation.history is not None
    last = explanation.history[-1]
    amounts = " + ".join(local_amount(part.amount, unit, lang) for part in last.parts)
    total = marked_figure(local_amount(last.amount, unit, lang), explanation.row.projected, lang)
    out.append("  " + words.line_total.format(year=last.year, sum=amounts, total=total))
    return out


def _item_facts(item: ItemHistory, lang: Language) -> list[str]:
    words = catalogue(lang).explain
    part = item.first
    facts = []
    if part.pay_grade is not None:
        facts.append(words.pay_grade.format(grade=part.pay_grade))
    if part.funded_share is not None:
        facts.append(words.funded.format(share=local_percent(part.funded_share * 100, lang)))
    return facts


def _law_text(law: PayLaw, other: Decimal | None, unit: Decimal, lang: Language) -> str:
    """What the pay law of an amount rests on: the schedule and its law, before and target and their source."""
    words = catalogue(lang).explain
    if law.scenario:
        source = words.law_scenario
    else:
        source = words.law_no_source if law.source is None else words.law_source.format(source=law.source)
    return words.law.format(
        schedule=law.schedule,
        schedule_source=law.schedule_source,
        before=local_decimal(law.before, lang, 2),
        target=local_decimal(law.target, lang, 2),
        source=source,
        other=_other(other or Decimal(0), unit, lang),
    )


def _other(value: Decimal, unit: Decimal, lang: Language) -> str:
    """O, the part that is not pay, with the unit's decimals at least: as declared it may have cents beyond them."""
    return local_decimal(value, lang, decimal_places(unit))


def _how(year: YearWhy, unit: Decimal, lang: Language) -> list[str]:
    """How the year's amount came about: one line, or for a year of the pay law, its steps line by line."""
    words = catalogue(lang).explain
    part = year.part
    if year.ends_law:
        return [words.ends_law.format(year=year.year)]
    if year.law is not None:
        return _by_law(year, year.law, unit, lang)
    if part.source is Source.indexed:
        assert part.indexed_from is not None and part.rate is not None and part.unrounded is not None
        indexed = words.indexed.format(
            previous=local_amount(part.indexed_from, unit, lang),
            rate=local_decimal(part.rate.normalize(), lang),
            exact=local_decimal(part.unrounded.normalize(), lang),
            unit=local_amount(unit, unit, lang),
        )
        return [f"{indexed} ({basis_text(part.basis, part.rate_source, lang)})" if part.basis else indexed]
    if part.law is None:
        return [words.adopted if part.source is Source.adopted else words.declared]
    if part.source is Source.adopted:
        assert part.other is not None
        return [words.adopted_law.format(year=year.year, other=_other(part.other, unit, lang))]
    return [words.declared_law.format(year=year.year + 1, schedule=part.law.schedule)]


def _by_law(year: YearWhy, law: LawWhy, unit: Decimal, lang: Language) -> list[str]:
    """A(Y) by the pay law: the months, f(Y) and f(Y-1), the factor, the other part, the formula."""
    words = catalogue(lang).explain
    part, step = year.part, law.step
    assert part.rate is not None and part.indexed_from is not None and part.other is not None
    rate = local_decimal(part.rate.normalize(), lang)
    years = {"year": year.year, "previous": year.year - 1}
    sums = {
        "this": local_decimal(step.months.total, lang, 2),
        "last": local_decimal(step.previous_months.total, lang, 2),
    }
    return [
        words.by_law.format(rate=rate, basis=basis_text(part.basis, part.rate_source, lang)),
        words.law_months.format(year=year.year, periods=_periods(step.months, lang)),
        words.law_sums.format(**years, **sums),
        words.law_factor.format(**years, factor=_approximation(law.factor, lang, fraction=True)),
        words.law_other.format(
            **years,
            before=_other(step.other_before, unit, lang),
            after=_other(part.other, unit, lang),
            rate=rate,
            unit=local_amount(unit, unit, lang),
        ),
        words.law_formula.format(
            year=year.year,
            amount=local_amount(part.indexed_from, unit, lang),
            other=_other(step.other_before, unit, lang),
            **sums,
            rate=rate,
            exact=_approximation(law.exact, lang),
            unit=local_amount(unit, unit, lang),
        ),
    ]


def _periods(months: PayMonths, lang: Language) -> str:
    """The year's monthly pays by runs of months: jan–jun 2.463,15; jul–dec 2.563,15 (a month alone: dec 2.463,15)."""
    names = catalogue(lang).explain.months
    runs = []
    for first, last, pay in months.periods:
        span = names[first - 1] if first == last else f"{names[first - 1]}–{names[last - 1]}"
        runs.append(f"{span} {local_decimal(pay, lang, 2)}")
    return "; ".join(runs)


def _approximation(value: Approximation, lang: Language, fraction: bool = False) -> str:
    """= the value when it ends, else ≈ its decimals (all of them, trailing zeros too), saying it is rounded."""
    words = catalogue(lang).explain
    if value.exact:
        return words.equals.format(value=local_decimal(value.decimal, lang))
    shown = local_decimal(value.decimal, lang, decimal_places(value.decimal))
    if fraction:
        return words.about_fraction.format(value=shown, fraction=fraction_text(value))
    return words.about.format(value=shown)


# Issue 24 item 4: a line's key by name, a mix's percent as its parts make it, a total of a strategy with keys.


def _line_key(key: KeyWhy, lang: Language) -> str:
    """The line's key; a mix with its parts and their weights."""
    words = catalogue(lang).keys_explain
    if not key.parts:
        return words.line_key.format(key=key.name)
    parts = ", ".join(words.mix_weight.format(key=part, weight=_percent(weight, lang)) for weight, part in key.parts)
    return words.line_mix.format(key=key.name, parts=parts)


def _percent(value: Decimal, lang: Language) -> str:
    """A key's percent or a mix's weight with the digits it has, no more: 50 %, 50,78 %, 55,39 %."""
    return as_percent(local_decimal(value.normalize(), lang), lang)


def _mix_lines(keys: tuple[KeyWhy, ...], index: int, lang: Language) -> list[str]:
    """How each mix among the line's keys (each once) makes its percent for the payer at `index`, exactly."""
    words = catalogue(lang).keys_explain
    by_name = {key.name: key for key in keys}
    lines = []
    for mix in (key for key in keys if key.parts):
        parts = words.mix_join.join(
            words.mix_part.format(
                weight=_percent(weight, lang), percent=_percent(by_name[part].shares[index], lang), key=part
            )
            for weight, part in mix.parts
        )
        lines.append(words.mix_percent.format(key=mix.name, parts=parts, percent=_percent(mix.shares[index], lang)))
    return lines


def _keyed_figure(explanation: Explanation, key: KeyWhy, figure: FigureWhy, lang: Language) -> list[str]:
    """A line's figure by its key: the mix's sums, then the exact share by the key's percent; outside the key, 0."""
    allocation = explanation.allocation
    index = allocation.payers.index(figure.payer)
    share = figure.key_share
    assert share is not None
    mixes = ["    " + line for line in _mix_lines(explanation.keys, index, lang)]
    if not share:
        outside = catalogue(lang).keys_explain.outside.format(key=key.name)
        return [f"  {figure.payer.name} ({local_percent(share, lang)})", *mixes, "    " + outside]
    lines = _figure(figure, explanation.row.total, allocation.unit, lang, allocation.fair, share)
    return [lines[0], *mixes, *lines[1:]]


def _sum_figure(explanation: Explanation, figure: FigureWhy, lang: Language) -> list[str]:
    """A total's figure in a strategy with keys: the exact sum of its rows' exact shares, then its rounding."""
    allocation = explanation.allocation
    index = allocation.payers.index(figure.payer)
    beneath = " + ".join(
        local_decimal(child.exact[index].normalize(), lang) for child in allocation.children(explanation.row.path)
    )
    exact = local_decimal(figure.exact.normalize(), lang)
    lines = _figure(figure, explanation.row.total, allocation.unit, lang, allocation.fair)
    summed = catalogue(lang).keys_explain.lines_exact.format(sum=beneath, exact=exact)
    return [f"  {figure.payer.name}", "    " + summed, *lines[2:]]


def _figure(
    figure: FigureWhy, total: Decimal, unit: Decimal, lang: Language, fair: bool = False, share: Decimal | None = None
) -> list[str]:
    """A figure's exact share by `share` (the payer's, unless a line's key gives another) and its rounding."""
    words = catalogue(lang).explain
    share = figure.payer.share if share is None else share
    out = [f"  {figure.payer.name} ({local_percent(share, lang)})"]
    exact = local_decimal(figure.exact.normalize(), lang)
    out.append(
        "    "
        + words.exact.format(total=local_amount(total, unit, lang), share=local_percent(share, lang), exact=exact)
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
    if figure.forced is not None:
        out.append("    → " + _forced_text(figure, unit, lang) + (words.forced_fair if fair else ""))
    else:
        direction = words.directions[figure.direction]
        decided = words.as_half_up if figure.decided_by == "half_up" else words.because[figure.decided_by]
        out.append("    → " + decided.format(direction=direction))
    return out


def _forced_text(figure: FigureWhy, unit: Decimal, lang: Language) -> str:
    """The sum that forced a figure against its own remainder, in one sentence (issue 23, item 11)."""
    words = catalogue(lang).explain
    forced = figure.forced
    assert forced is not None
    ways = {
        "direction": words.directions[figure.direction],
        "other_way": words.directions["down" if figure.direction == "up" else "up"],
    }
    if forced.by == "beneath":
        return words.forced["beneath"].format(
            **ways,
            where=words.forced_where["_".join(forced.against)],
            sum=" + ".join(local_amount(amount, unit, lang) for _, amount in forced.beneath),
            figure=local_amount(figure.rounded, unit, lang),
        )
    if forced.by == "table":
        return words.forced["table"].format(**ways)
    assert forced.constraint is not None
    named = {
        **ways,
        "label": row_label(forced.constraint.path, forced.constraint.label, lang),
        "total": local_amount(forced.constraint.total, unit, lang),
    }
    if forced.partner is None:
        return words.forced[f"{forced.by}_tie" if forced.tie else forced.by].format(**named)
    partner = forced.partner
    holds = partner.holds
    if forced.by == "partner_column":  # the partner is another payer's figure of the row; its column holds it
        named["label"] = row_label(holds.path, holds.label, lang)
    return words.forced[forced.by].format(
        **named,
        partner=partner.label if forced.by == "partner_row" else partner.payer.name,
        partner_exact=local_decimal(partner.exact.normalize(), lang),
        partner_direction=words.directions[partner.direction],
        go_up=_go_up(holds.ups, lang),
        ups=holds.ups,
        size=holds.size,
        rank=holds.rank,
    )


def _constraint_text(template: str, constraint: Constraint, unit: Decimal, lang: Language) -> str:
    text = template.format(
        label=row_label(constraint.path, constraint.label, lang),
        total=local_amount(constraint.total, unit, lang),
        ups=constraint.ups,
        go_up=_go_up(constraint.ups, lang),
        size=constraint.size,
        rank=constraint.rank,
    )
    if constraint.fixed:  # issue 24: figures outside a line's key, exactly 0, not among those counted
        text += catalogue(lang).keys_explain.fixed_zero.format(fixed=constraint.fixed)
    return text


def _go_up(ups: int, lang: Language) -> str:
    """The words for "go up" in the number "{ups} of {size}" needs: "1 of 2 goes up"."""
    return catalogue(lang).explain.go_up["one" if ups == 1 else "other"]

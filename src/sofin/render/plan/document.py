"""`sofin plan`'s document, which its text, Markdown, page and workbook lay out: the banner, the title, a
section a table (the years side by side, the keys, the rounding's balances), the notes under them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.render.banner import payer_names, scenario_banner
from sofin.render.basis import period_basis_notes
from sofin.render.numbers import decimal_places, local_amount, local_decimal, local_percent
from sofin.render.projection import marked, projection_footnote
from sofin.words import Language, catalogue

if TYPE_CHECKING:
    from sofin.results.plan import PeriodRow, Plan


@dataclass(frozen=True)
class Section:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None  # the last, bold line


@dataclass(frozen=True)
class Document:
    banner: str | None  # a scenario's, above the title
    title: str
    sections: list[Section]
    note: str
    footnote: str | None  # what the marked years rest on
    basis: list[str]  # what each year's amounts rest on, one note a run of years alike (issue 23 item 10)


def plan_document(plan: Plan, lang: Language) -> Document:
    words = catalogue(lang).plan
    start, end = plan.years[0], plan.years[-1]
    unit = plan.first.unit
    missing = catalogue(lang).missing
    years = year_headers(plan, lang)
    period = period_header(plan, lang)

    def amounts(row: PeriodRow, label: str | None = None) -> tuple[str, ...]:
        figures = (missing if v is None else local_amount(v, unit, lang) for v in row.figures)
        return (label or row.label, *figures, local_amount(row.period_total, unit, lang))

    grand = amounts(plan.grand_total, catalogue(lang).all_municipalities)
    balances = plan.rounding
    places = max(decimal_places(signed(v)) for b in balances for v in b.cumulative)
    sections = [
        Section("", (words.society, *years, period), tuple(amounts(r) for r in plan.societies), grand),
        Section("", (words.municipality, *years, period), tuple(amounts(r) for r in plan.municipalities), grand),
    ]
    if plan.pay_law is not None:
        sections.append(Section(words.pay_effect, ("", *years, period), (amounts(plan.pay_law, words.pay_effect_row),)))
    if plan.key_changes:
        sections.append(
            Section(
                catalogue(lang).allocate.key,
                (words.municipality, *key_headers(plan, lang)),
                tuple(
                    (payer.name, *(local_percent(key.shares[p], lang) for key in plan.keys))
                    for p, payer in enumerate(plan.first.payers)
                ),
            )
        )
    sections.append(
        Section(
            words.rounding,
            (words.municipality, *years),
            tuple((b.payer.name, *(local_decimal(signed(v), lang, places) for v in b.cumulative)) for b in balances),
        )
    )
    return Document(
        scenario_banner(plan.scenario, payer_names(plan.first.payers), lang),
        words.title.format(start=start, end=end, currency=plan.first.currency),
        sections,
        plan_note(plan, lang),
        projection_footnote(plan.assumptions, lang),
        period_basis_notes(plan.allocations, lang),
    )


def year_headers(plan: Plan, lang: Language) -> tuple[str, ...]:
    """Each year, with the projection mark when its figures are projected."""
    return tuple(marked(str(year), projected, lang) for year, projected in zip(plan.years, plan.projected))


def period_header(plan: Plan, lang: Language) -> str:
    """The period totals' header, marked when any year is projected (then so are they)."""
    period = catalogue(lang).plan.period_total.format(start=plan.years[0], end=plan.years[-1])
    return marked(period, bool(plan.assumptions), lang)


def key_headers(plan: Plan, lang: Language) -> tuple[str, ...]:
    return tuple(catalogue(lang).projection.key_from.format(year=key.start) for key in plan.keys)


def plan_note(plan: Plan, lang: Language) -> str:
    words = catalogue(lang).plan
    return f"{words.rounding_note} {words.fair if plan.fair else words.not_fair}"


def signed(value: Decimal) -> Decimal:
    return value.normalize() if value else Decimal(0)

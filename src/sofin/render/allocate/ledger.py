"""A plain-text accounting journal of the allocation, for an independent check in hledger.

One balanced transaction per cost line: the line's amount charged to the society's line account,
met by each municipality's figure. hledger's balances then give each municipality's column total
and each society's total, computed by a program that knows nothing of sofin.

What people read beside the figures is in comments, which hledger skips: a scenario's banner and
the projection's footnote at the top, and the projection mark under each projected line's header.
"""

from __future__ import annotations

from decimal import Decimal

from sofin.render.banner import payer_names, scenario_banner
from sofin.render.journal import commodity, one_line
from sofin.render.numbers import plain_amount
from sofin.render.projection import pay_footnotes, projection_footnote
from sofin.results.allocate import Allocation
from sofin.words import DEFAULT, Language, catalogue


def render_ledger(allocation: Allocation, lang: Language = DEFAULT) -> str:
    words = catalogue(lang).ledger
    societies, payers = words.societies, words.payers
    unit, currency = allocation.unit, allocation.currency
    out = [
        f"; {one_line(allocation.strategy)}",
        "; " + words.heading.format(year=allocation.year, currency=currency, unit=f"{unit:f}"),
    ]
    if allocation.provenance is not None:
        provenance = allocation.provenance
        out.append("; " + words.stamp.format(version=provenance.sofin_version, sha256=provenance.strategy_sha256))
    banner = scenario_banner(allocation.scenario, payer_names(allocation.payers), lang)
    projection = projection_footnote(allocation.assumptions, lang)
    out += [f"; {one_line(text)}" for text in (banner, projection) if text is not None]
    out += [f"; {one_line(text)}" for text in pay_footnotes(allocation.rows, lang)]
    out += ["", commodity(unit, currency), ""]
    out += [f"account {payers}:{payer.id}  ; {one_line(payer.name)}" for payer in allocation.payers]
    lines = [row for row in allocation.rows if row.level == 2]
    out += [f"account {societies}:{':'.join(row.path)}  ; {one_line(row.label)}" for row in lines]
    width = max(len(f"{payers}:{payer.id}") for payer in allocation.payers)
    width = max([width, *(len(f"{societies}:{':'.join(row.path)}") for row in lines)])

    def posting(account: str, amount: Decimal) -> str:
        return f"    {account:<{width}}  {plain_amount(amount, unit):>14} {currency}"

    for row in lines:
        society = allocation.parent(row.path)
        assert society is not None  # a line's parent is its society
        description = one_line(f"{society.label}: {row.label}")
        out += ["", f"{allocation.year}-01-01 {description}  ; path:{'/'.join(row.path)}"]
        if row.projected:
            out.append(f"    ; {catalogue(lang).projection.mark}")
        out.append(posting(f"{societies}:{':'.join(row.path)}", row.total))
        out += [posting(f"{payers}:{payer.id}", -figure) for payer, figure in zip(allocation.payers, row.allocation)]
    return "\n".join(out) + "\n"

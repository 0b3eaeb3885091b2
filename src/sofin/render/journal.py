"""A plain-text accounting journal's pieces that allocate's and payments' ledgers share, for hledger."""

from __future__ import annotations

from decimal import Decimal

from sofin.render.numbers import plain_amount


def one_line(text: str) -> str:
    """Text from the strategy on one journal line: a label holding a line break ("x\\n    obcine:a  1000 EUR")
    wrote postings of its own, and hledger's balances were no longer sofin's figures."""
    return " ".join(text.splitlines())


def commodity(unit: Decimal, currency: str) -> str:
    """The journal's commodity directive: amounts as sofin writes them, in the currency."""
    # hledger wants a decimal mark in the style directive, so that "1000." reads as a period mark.
    style = plain_amount(1000 * unit, unit)
    return f"commodity {style if '.' in style else style + '.'} {currency}"

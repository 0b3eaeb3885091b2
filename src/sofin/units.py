"""Amounts and whole units of the rounding unit: the one place money becomes integers and back.

The solver works in integers (units, or units x the shares' common denominator); every
conversion goes through here, and a figure off the unit grid is never rounded silently.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction


class OffGrid(ValueError):
    """An amount that is not a whole number of units: sofin never rounds one silently."""


def whole_units(amount: Decimal, unit: Decimal) -> int:
    """`amount` in units; OffGrid when it is not a whole number of them."""
    units = amount / unit
    if units != units.to_integral_value():
        raise OffGrid(f"{amount} is not a multiple of the unit {unit}")
    return int(units)


def on_grid(amount: Decimal, unit: Decimal) -> bool:
    """Whether `amount` is a whole number of units."""
    try:
        whole_units(amount, unit)
    except OffGrid:
        return False
    return True


def unit_amounts(unit: Decimal) -> Callable[[int], Decimal]:
    """From whole units back to the amount, in the unit's decimals: 5 x 0.01 = 0.05 (one multiplication a figure)."""
    return Decimal if str(unit) == "1" else unit.__rmul__


def exact_amounts(scale: int, unit: Decimal) -> Callable[[int], Decimal]:
    """From an exact value in units x `scale` to the equal amount, as a Decimal with no more decimals than it needs.

    Rows are built in integers this way, one multiplication a figure: a large table has millions.
    `scale` is the shares' common denominator; decimal shares make it divide a power of ten.
    """
    places = 0
    while 10**places % scale:
        places += 1
        if places > scale.bit_length():  # scale has a prime factor other than 2 and 5
            raise ValueError(f"1/{scale} has no finite decimal form")
    _, digits, exponent = unit.as_tuple()
    factor = 10**places // scale * int("".join(map(str, digits)))
    exponent = int(exponent) - places

    # From text, because Decimal reads text exactly: arithmetic would round to the context's 28 digits.
    def as_amount(scaled: int) -> Decimal:
        number, shift = scaled * factor, exponent
        if shift < 0 and number % 10:  # most exact shares: every decimal needed
            return Decimal(f"{number}E{shift}")
        while shift < 0 and number % 10 == 0:
            number //= 10
            shift += 1
        return Decimal(f"{number}E{shift}") if shift < 0 else Decimal(number * 10**shift)

    return as_amount


def as_decimal(exact: Fraction) -> Decimal:
    """An exact value (a key's percent, a figure's exact share) as the Decimal equal to it: decimal shares and
    weights leave a finite decimal."""
    return exact_amounts(exact.denominator, Decimal(1))(exact.numerator)

"""Number texts: in the language's format for people (sl: 194.630; 11.768,00), plain decimals for programs (194630)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation, getcontext
from functools import cache
from itertools import repeat

from sofin.units import whole_units
from sofin.words import DEFAULT, Language, catalogue


def plain_amount(value: Decimal, unit: Decimal) -> str:
    """A figure on the unit grid as a plain decimal: 98833 (whole euros) or 98833.00 (cents)."""
    return plain_amounts((value,), unit)[0]


def plain_exact(value: Decimal, unit: Decimal) -> str:
    """An exact figure with every digit it has, and at least the unit's decimals: 2562.8666, 100.50."""
    return plain_exacts((value,), unit)[0]


# A row at a time, in list comprehensions: a national table has hundreds of thousands of figures.


def plain_amounts(values: Sequence[Decimal], unit: Decimal) -> list[str]:
    """plain_amount of each value."""
    on_grid = [value.quantize(unit) for value in values]
    if on_grid != list(values):
        _on_grid(next(value for value, fixed in zip(values, on_grid) if value != fixed), unit)
    return _plain(on_grid)


def plain_exacts(values: Sequence[Decimal], unit: Decimal) -> list[str]:
    """plain_exact of each value: those with no more digits than the unit shows, with exactly the unit's."""
    on_grid = [value.quantize(unit) for value in values]
    return _plain([fixed if fixed == value else value for value, fixed in zip(values, on_grid)])


def _plain(values: list[Decimal]) -> list[str]:
    # str() writes the same digits faster, but for an exponent it chooses (1E+3, 1E-7).
    texts = [str(value) for value in values]
    return [f"{value:f}" if "E" in text else text for value, text in zip(values, texts)]


def local_amount(value: Decimal, unit: Decimal, lang: Language = DEFAULT) -> str:
    """A figure for people: 194.630 or 11.768,00 in Slovenian; 194,630 or 11,768.00 in English."""
    return amount_writer(unit, lang)(value)


def amount_writer(unit: Decimal, lang: Language = DEFAULT) -> Callable[[Decimal], str]:
    """local_amount for one unit and language, what they decide worked out once: a diff of a national table
    writes 670,000 figures (issue 27 item 2)."""
    return _amount_writer(str(unit), lang)  # by the unit as written: 1 and 1.000 are equal, and quantize otherwise


@cache
def _amount_writer(unit_text: str, lang: Language) -> Callable[[Decimal], str]:
    unit = Decimal(unit_text)
    local = _localizer(lang)
    power_of_ten = unit_text in _POWERS_OF_TEN

    def write(value: Decimal) -> str:
        # CLDR's pattern "#,##0" for the unit 1, "#,##0.00" for 0.01: a figure on either grid has those decimals
        if power_of_ten:
            try:
                fixed = value.quantize(unit)
            except InvalidOperation:  # beyond Decimal's 28 digits: _on_grid says what is wrong
                fixed = None
            if fixed == value:
                return local(format(fixed, ",f"))
        return local(format(_on_grid(value, unit), ",f"))

    return write


def local_amounts(values: Sequence[Decimal], unit: Decimal, lang: Language = DEFAULT) -> list[str]:
    """local_amount of each value, a row at a time: formatted, then given the language's symbols in one text (issue
    27 item 2: a diff of a national table writes 670,000 figures)."""
    unit_text = str(unit)
    texts = _as_on_grid(values, unit_text) if unit_text in _POWERS_OF_TEN else None
    if texts is None:  # written otherwise than sofin writes them: each as local_amount writes it
        return list(map(amount_writer(unit, lang), values))
    return _localizer(lang)("\n".join(texts)).split("\n") if texts else []


def _as_on_grid(values: Sequence[Decimal], unit_text: str) -> list[str] | None:
    """Each value formatted as it is, when each is written with exactly the unit's decimals (none for 1, two for
    0.01), as sofin writes and reads them: quantizing, which local_amount does first, then changes nothing; else
    None. A text longer than the precision (it might hold more digits than quantizing takes): None too."""
    texts = list(map(format, values, repeat(",f")))
    if not texts:
        return texts
    if max(map(len, texts)) > getcontext().prec:
        return None
    if unit_text == "1":
        return texts if _WHOLE.issuperset("".join(texts)) else None
    return texts if _CENTS.fullmatch("\n".join(texts)) else None


# What Python's "," format writes for a finite Decimal with no decimals (a NaN's or an Infinity's letters, a
# decimal point: not), and for one with exactly two.
_WHOLE = frozenset("0123456789,-")
_CENTS = re.compile(r"-?[0-9,]+\.[0-9]{2}(?:\n-?[0-9,]+\.[0-9]{2})*")


# sofin's units as written, powers of ten with as many decimals as their grid: a figure is on the grid when
# quantizing to it changes nothing, which is all it takes to tell (_on_grid divides, for any unit).
_POWERS_OF_TEN = ("1", "0.01")


def local_decimal(value: Decimal, lang: Language = DEFAULT, places: int | None = None) -> str:
    """Any exact decimal for people, every digit kept: 2.562,8666; with `places`, padded to that many."""
    if places is not None and places >= decimal_places(value):  # "#,##0.00…": padded to `places`
        return _localizer(lang)(format(value, f",.{places}f"))  # padding only: nothing to round
    # "#,##0.##…" with as many # as the value has decimals: its trailing zeros dropped, and a point with none after it.
    text = format(value, ",f")
    return _localizer(lang)(text.rstrip("0").removesuffix(".") if "." in text else text)


def decimal_places(value: Decimal) -> int:
    return max(0, -int(value.as_tuple().exponent))


def local_plural(count: int, forms: dict[str, str], lang: Language = DEFAULT) -> str:
    """`count` with the plural form of a word: 1 neskladje, 2 neskladji, 3 neskladja, 5 neskladij."""
    return f"{count} {forms[catalogue(lang).cldr.plural(count)]}"


# Python's own format writes a Decimal's every digit, at any precision (a mix's percent, issue 24, has more
# than Decimal's default 28), grouped by three with "," and "."; the language's symbols replace them. As
# Babel's format_decimal wrote them: the minus sign "-" (its patterns', not the locale's), and -0 kept.
@cache
def _localizer(lang: Language) -> Callable[[str], str]:
    """A number Python formatted with the language's group and decimal symbols in place of "," and ".": nothing
    to do in English; Slovenian's swap through a character no formatted number holds (str.replace: several
    times faster than str.translate, a figure of a national table at a time)."""
    cldr = catalogue(lang).cldr
    group, decimal = cldr.group, cldr.decimal
    if (group, decimal) == (",", "."):
        return str
    return lambda text: text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def local_percent(share: Decimal, lang: Language = DEFAULT) -> str:
    """A key share for people: 50,78 % in Slovenian (as the strategy writes it), 50.78% in English;
    at least two decimals, and every digit a share has (up to ten; a mix's computed percent, issue 24, all of its)."""
    return as_percent(local_decimal(share, lang, 2), lang)


def as_percent(number: str, lang: Language = DEFAULT) -> str:
    """A number already written for people, as the language writes a percentage: 50,78 % or 50.78%."""
    return catalogue(lang).percent.format(number=number)


def rate_text(rate: Decimal, lang: Language = DEFAULT) -> str:
    """A rate as the language writes a percentage, without trailing zeros: 2 %, 3,5 %."""
    return as_percent(local_decimal(rate.normalize(), lang), lang)


def _on_grid(value: Decimal, unit: Decimal) -> Decimal:
    # Figures reach rendering already rounded; quantizing only fixes how many decimals show.
    whole_units(value, unit)  # raises OffGrid: a figure off the grid is the core's mistake, never rounded here
    return value.quantize(unit)

"""Number texts: in the language's format for people (sl: 194.630; 11.768,00), plain decimals for programs (194630)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext

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
    from babel.numbers import format_decimal  # Babel's locale data is loaded only when people read

    pattern = "#,##0" if unit == 1 else "#,##0.00"
    return format_decimal(_on_grid(value, unit), format=pattern, locale=catalogue(lang).locale)


def local_decimal(value: Decimal, lang: Language = DEFAULT, places: int | None = None) -> str:
    """Any exact decimal for people, every digit kept: 2.562,8666; with `places`, padded to that many."""
    from babel.numbers import format_decimal

    digits, locale = decimal_places(value), catalogue(lang).locale
    # Babel quantizes in the current context: at its 28 digits a mix's exact percent (issue 24) raised.
    with localcontext() as context:
        context.prec = max(context.prec, len(value.as_tuple().digits) + (places or 0) + 2)
        if places is not None and places >= digits:
            return format_decimal(value, format="#,##0." + "0" * places if places else "#,##0", locale=locale)
        return format_decimal(value, format="#,##0." + "#" * digits if digits else "#,##0", locale=locale)


def decimal_places(value: Decimal) -> int:
    return max(0, -int(value.as_tuple().exponent))


def local_plural(count: int, forms: dict[str, str], lang: Language = DEFAULT) -> str:
    """`count` with the plural form of a word: 1 neskladje, 2 neskladji, 3 neskladja, 5 neskladij."""
    from babel import Locale

    return f"{count} {forms[Locale.parse(catalogue(lang).locale).plural_form(count)]}"


def local_percent(share: Decimal, lang: Language = DEFAULT) -> str:
    """A key share for people: 50,78 % in Slovenian (as the strategy writes it), 50.78% in English;
    at least two decimals, and every digit a share has (up to ten; a mix's computed percent, issue 24, all of its)."""
    return as_percent(local_decimal(share, lang, 2), lang)


def as_percent(number: str, lang: Language = DEFAULT) -> str:
    """A number already written for people, as the language writes a percentage: 50,78 % or 50.78%."""
    return catalogue(lang).percent.format(number=number)


def _on_grid(value: Decimal, unit: Decimal) -> Decimal:
    # Figures reach rendering already rounded; quantizing only fixes how many decimals show.
    # (Babel itself would round half-even, so nothing off the grid may reach it.)
    whole_units(value, unit)  # raises OffGrid: a figure off the grid is the core's mistake, never rounded here
    return value.quantize(unit)

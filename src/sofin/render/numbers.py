"""Number texts: Slovenian for people (194.630; 11.768,00), plain decimals for programs (194630)."""

from __future__ import annotations

from decimal import Decimal

from sofin.render.language import Language

SL = Language.sl


def plain_amount(value: Decimal, unit: Decimal) -> str:
    """A figure on the unit grid as a plain decimal: 98833 (whole euros) or 98833.00 (cents)."""
    return f"{_on_grid(value, unit):f}"


def plain_exact(value: Decimal, unit: Decimal) -> str:
    """An exact figure with every digit it has, and at least the unit's decimals: 2562.8666, 100.50."""
    if value == value.quantize(unit):  # no more digits than the unit shows: show exactly those
        value = value.quantize(unit)
    return f"{value:f}"


def local_amount(value: Decimal, unit: Decimal, lang: Language = SL) -> str:
    """A figure for people: 194.630 or 11.768,00 in Slovenian; 194,630 or 11,768.00 in English."""
    from babel.numbers import format_decimal  # Babel's locale data is loaded only when people read

    pattern = "#,##0" if unit == 1 else "#,##0.00"
    return format_decimal(_on_grid(value, unit), format=pattern, locale=lang.value)


def local_decimal(value: Decimal, lang: Language = SL, places: int | None = None) -> str:
    """Any exact decimal for people, every digit kept: 2.562,8666; with `places`, padded to that many."""
    from babel.numbers import format_decimal

    digits = decimal_places(value)
    if places is not None and places >= digits:
        return format_decimal(value, format="#,##0." + "0" * places if places else "#,##0", locale=lang.value)
    return format_decimal(value, format="#,##0." + "#" * digits if digits else "#,##0", locale=lang.value)


def decimal_places(value: Decimal) -> int:
    return max(0, -int(value.as_tuple().exponent))


def local_plural(count: int, forms: dict[str, str], lang: Language = SL) -> str:
    """`count` with the plural form of a word: 1 neskladje, 2 neskladji, 3 neskladja, 5 neskladij."""
    from babel import Locale

    return f"{count} {forms[Locale.parse(lang.value).plural_form(count)]}"


def local_percent(share: Decimal, lang: Language = SL) -> str:
    """A key share for people: 50,78 % in Slovenian (as the strategy writes it), 50.78% in English."""
    from babel.numbers import format_decimal

    number = format_decimal(share, format="#,##0.00", locale=lang.value)
    return f"{number} %" if lang is Language.sl else f"{number}%"


def _on_grid(value: Decimal, unit: Decimal) -> Decimal:
    # Figures reach rendering already rounded; quantizing only fixes how many decimals show.
    # (Babel itself would round half-even, so nothing off the grid may reach it.)
    on_grid = value.quantize(unit)
    if on_grid != value:
        raise ValueError(f"{value} is not on the unit grid {unit}")
    return on_grid

"""Problems for people: each message of the core (a key and its parameters) in the language asked for."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sofin.words import DEFAULT, Language, catalogue

_PYDANTIC = "pydantic_"  # model.PYDANTIC: a message of pydantic's own, keyed by its error type


def phrase(message: Any, lang: Language = DEFAULT) -> str:
    """A problems.Message in the words of `lang`.

    A message of pydantic's own whose type the catalogue does not name (or whose context lacks a value
    its word names) is the catalogue's general sentence, with the type as a code; sofin's own messages
    are all in the catalogue, with their parameters (tests/test_error_language.py checks it).
    """
    texts = catalogue(lang).errors.messages
    params = {name: _parameter(value, lang) for name, value in message.params}
    template = texts.get(message.key)
    if template is not None:
        try:
            return template.format(**params)
        except (KeyError, IndexError):  # pydantic's context without a value its word names: said generally
            pass
    return texts["invalid"].format(code=message.key.removeprefix(_PYDANTIC))


def _parameter(value: Any, lang: Language) -> str:
    if hasattr(value, "key") and hasattr(value, "params"):  # a Message within a message
        return phrase(value, lang)
    if hasattr(value, "figure"):  # a Figure: sofin's number, in the language's format, every digit it has (100,50)
        from sofin.render.numbers import decimal_places, local_decimal

        figure = Decimal(value.figure)
        return local_decimal(figure, lang, decimal_places(figure))
    if hasattr(value, "spans"):  # problems.Years: spans of years, joined as the language writes them (2025–2027)
        span = catalogue(lang).errors.messages["year_span"]
        return ", ".join(
            str(first) if first == last else span.format(start=first, end=last) for first, last in value.spans
        )
    if isinstance(value, (tuple, list)):
        return ", ".join(_parameter(each, lang) for each in value)
    return str(value)

"""The validation toolkit of sofin's two documents, the strategy file (model.py) and a table read back
(published.py): their shared value types and rules, pydantic's errors as sofin's messages, and those
located in the text (`located_problems`).

Annotations are objects, not text (no `from __future__ import annotations`): pydantic would compile and
evaluate each text annotation at every start. Only names imported for typing are quoted.
"""

import re
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, TypeGuard

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetPydanticSchema,
    StrictInt,
    StrictStr,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from sofin.limits import MAX_RATE_DECIMALS, MAX_SHARE_DECIMALS
from sofin.problems import Figure, Message, Problem, decimal_comma, field_path, near_miss

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

    from sofin.source import Document

HUNDRED = Decimal(100)
UNITS = (Decimal(1), Decimal("0.01"))
SLUG = re.compile(r"[a-z][a-z0-9_-]{0,63}")
_DECIMAL_TEXT = re.compile(r"-?\d+(\.\d+)?")


def _exact_number(value: Any, text: bool = False) -> Decimal:
    """The Decimal a number was written as, exactly. With `text`, also a decimal string: tables
    read back carry amounts as sofin's JSON writes them ("98833.00")."""
    # The loader gives int or Decimal for numbers; anything else was not written as a number.
    if text and isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value.strip()):
        return Decimal(value.strip())
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        if text:
            raise schema_error(decimal_comma(value) or Message("not_a_decimal_text", written=as_written(value)))
        raise schema_error(decimal_comma(value) or Message("not_a_number", written=as_written(value)))
    number = Decimal(value)
    if not number.is_finite():
        raise schema_error(Message("not_finite"))
    return number


def as_written(value: Any) -> Any:
    """What was written instead of a number, as a person would name it (not as Python shows it)."""
    if isinstance(value, bool):
        return Message("written_yes_no")
    if isinstance(value, (list, dict)):
        return Message("written_list") if isinstance(value, list) else Message("written_mapping")
    if value is None:
        return Message("written_nothing")
    return Message("written_text", text=value) if isinstance(value, str) else value  # a number as written


def is_id(value: Any) -> bool:
    """Written as an id: lowercase letters, digits, '-' or '_', starting with a letter."""
    return isinstance(value, str) and SLUG.fullmatch(value) is not None


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise schema_error(Message("invalid_id", id=value))
    return value


def known_unit(unit: Decimal) -> Decimal:
    """A unit sofin rounds to, as sofin writes it (see rounding_unit); any other is a located error. The
    unit's decimals then keep every figure and sum within Decimal's 28 digits (a table's unit of 10^-37
    stopped the report's formatting with a traceback)."""
    if unit not in UNITS:
        raise schema_error(Message("unknown_unit", unit=unit))
    return rounding_unit(unit)  # tables are then written in whole euros or cents, never 601.000


def rounding_unit(unit: Decimal) -> Decimal:
    """A unit as sofin writes it: 1.000 is the unit 1, 0.010 the unit 0.01 (any other is left as it is,
    for validation to refuse). How a unit is written says nothing about how amounts are: a strategy
    of whole euros writes none with decimals, whatever zeros its unit was written with."""
    return next((known for known in UNITS if known == unit), unit)


def share_decimals(value: Decimal) -> Decimal:
    """A key share has at most MAX_SHARE_DECIMALS decimals: its sums are then exact and the solver's
    common denominator stays small."""
    return _at_most_decimals(value, MAX_SHARE_DECIMALS, "share_decimals")


def rate_decimals(value: Decimal) -> Decimal:
    """A rate has at most MAX_RATE_DECIMALS decimals, as no budget document writes more."""
    return _at_most_decimals(value, MAX_RATE_DECIMALS, "rate_decimals")


def cents(value: Decimal) -> Decimal:
    """Monthly pay is written in euros and cents, as a payslip writes it."""
    return _at_most_decimals(value, 2, "pay_decimals")


def _at_most_decimals(value: Decimal, most: int, key: str) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > most:
        raise schema_error(Message(key, value=value, written=-exponent, most=most))
    return value


# The JSON Schema (`sofin schema`, for editors) says what the validators take; it changes no validation.
_JSON_BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}
YEAR_KEY = "^(19|2[0-9])[0-9]{2}$"  # a Year (1900-2999) as the key of a mapping


def _json_number(core_schema: "CoreSchema", handler: "GetJsonSchemaHandler") -> "JsonSchemaValue":
    """A Number in the JSON Schema: a JSON number, never text (`_exact_number` refuses text), with its
    bounds under JSON Schema's names (pydantic leaves those of a validated Decimal as gt, le, ... beside
    a number-or-string choice)."""
    schema = dict(handler(core_schema))
    schema.pop("anyOf", None)
    bounds = {_JSON_BOUNDS[key]: _json_bound(schema.pop(key)) for key in list(schema) if key in _JSON_BOUNDS}
    return {"type": "number", **bounds, **schema}


def _json_bound(value: Any) -> int | float:
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


Number = Annotated[Decimal, BeforeValidator(_exact_number), GetPydanticSchema(get_pydantic_json_schema=_json_number)]
TableNumber = Annotated[Decimal, BeforeValidator(partial(_exact_number, text=True))]  # a number, or one as text
Id = Annotated[StrictStr, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": f"^{SLUG.pattern}$"})]
Text = Annotated[StrictStr, Field(min_length=1)]
FIRST_YEAR, LAST_YEAR = 1900, 2999
Year = Annotated[StrictInt, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


def schema_error(message: Message, kind: str = "sofin") -> PydanticCustomError:
    """A validation error that carries a message's key (as pydantic's message) and parameters (its context)."""
    return PydanticCustomError(kind, message.key, dict(message.params))


def as_message(detail: Any) -> Message:
    """The message of one of pydantic's error details: sofin's own (its key and parameters), or one of
    pydantic's, by its type and context (the command line's report words them, in the language asked for)."""
    context = dict(detail.get("ctx") or {})
    if detail["type"] in OWN_KINDS:
        return Message(detail["msg"], **context)
    message = Message(PYDANTIC + detail["type"], **{name: _plain(value) for name, value in context.items()})
    return _near_choice(message, detail.get("input")) or message


def _near_choice(message: Message, written: Any) -> Message | None:
    """A value that is a near miss of one of the choices (kind: programm) named with it, as the command line
    names an id's near miss: "did you mean 'programme'?"."""
    expected = dict(message.params).get("expected")
    if message.key not in (PYDANTIC + "literal_error", PYDANTIC + "enum") or not isinstance(written, str):
        return None
    if not isinstance(expected, tuple):
        return None
    near = near_miss(written, expected)
    return None if near is None else Message("not_a_choice_near", id=written, near=near, known=expected)


PYDANTIC = "pydantic_"  # the key of a message of pydantic's own, before its type
_QUOTED = re.compile(r"'([^']*)'")
_PYTHON_DECIMAL = re.compile(r"Decimal\('([^']*)'\)")


def _plain(value: Any) -> Any:
    """A context value as people read it: "'staff' or 'programme'" the choices (a list), a bound such as
    Decimal('1E+12') a number sofin states (in the language's format: 1,000,000,000,000 in English)."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Figure(value)
    bound = _PYTHON_DECIMAL.fullmatch(value) if isinstance(value, str) else None
    if bound:
        return Figure(Decimal(bound[1]))
    if isinstance(value, str) and _QUOTED.search(value):
        return tuple(_QUOTED.findall(value))
    return value


Where = tuple[str | int, ...]  # a place in the data as written, as pydantic locates problems
Located = list[tuple[Where, Message]]


KEY_PROBLEM = "sofin_key"  # the error type of a problem with a mapping's key rather than its value
OWN_KINDS = ("sofin", KEY_PROBLEM)  # the error types of sofin's own messages


def raise_at(errors: Located, value: Any, kind: str = "sofin") -> None:
    """Raise one located error per (loc, message), locs relative to the field being validated."""
    if errors:
        raise ValidationError.from_exception_data("strategy", _details(errors, value, kind))


def _details(errors: Located, value: Any, kind: str = "sofin") -> list[InitErrorDetails]:
    return [InitErrorDetails(type=schema_error(message, kind), loc=loc, input=value) for loc, message in errors]


def validate_list_with_rules(value: Any, handler: Any, rules: Located, key_rules: Located | None = None) -> list[Any]:
    """Validate a list's items (or a mapping's values) and report its own rules too, all in one error.

    The rules look at the raw list, so a mistake inside one item does not hide, say, a duplicate
    id elsewhere in the list (pydantic runs after-validators only on fully valid values).
    `key_rules` are about a mapping's keys (a share's year), located at the key.
    """
    own = _details(rules, value) + _details(key_rules or [], value, KEY_PROBLEM)
    try:
        result: list[Any] = handler(value)  # a list field's validator: pydantic gives it back as a list
    except ValidationError as error:
        details = [
            InitErrorDetails(
                type=PydanticCustomError(detail["type"], detail["msg"], detail.get("ctx")),
                loc=detail["loc"],
                input=detail["input"],
            )
            for detail in error.errors(include_url=False)
        ]
        raise ValidationError.from_exception_data("strategy", details + own) from None
    if own:
        raise ValidationError.from_exception_data("strategy", own)
    return result


def raw_entries(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, entry) for i, entry in enumerate(value) if isinstance(entry, dict)] if isinstance(value, list) else []


def duplicate_ids(value: Any) -> Located:
    first: dict[str, int] = {}
    errors: Located = []
    for index, entry in raw_entries(value):
        entry_id = entry.get("id")
        if not isinstance(entry_id, str):
            continue
        if entry_id in first:
            errors.append(((index, "id"), Message("duplicate_id", id=entry_id, first=first[entry_id])))
        first.setdefault(entry_id, index)
    return errors


def is_number(value: Any) -> TypeGuard[int | Decimal]:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool) and Decimal(value).is_finite()


class StrictModel(BaseModel):
    # defer_build: a model's validator is built when it first validates, and a strategy's (or a table's) as one,
    # nested models inline, rather than every model's own at import (4 ms of each start).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# Tags of the two ways: not field names, so that a problem's path can drop them (_document_loc, below).
NUMBER, MAPPING, YEARS, MIX_TAG = "<number>", "<mapping>", "<years>", "<mix>"

# Issue 24: several keys in one strategy. `default` names the payers' own shares; `mix` marks a key made of
# other keys. Neither may name a key or a payer.
DEFAULT_KEY, MIX = "default", "mix"
RESERVED_IDS = (DEFAULT_KEY, MIX)

# The names of the tables sofin reads back (published.py): a strategy's printed table too (issue 23 item 9).
TABLE_SUFFIXES = (".csv", ".json")


def is_year(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def located_problems(document: "Document", error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        loc = _document_loc(detail["loc"])
        if _already_reported(loc, document.problem_locs):
            continue
        about_key = detail["type"] in ("extra_forbidden", KEY_PROBLEM) or _a_key_name_of_keys(detail["loc"])
        line, column = document.marks.at(loc, prefer_key=about_key) or (None, None)
        problems.append(Problem(document.path, line, column, field_path(loc), as_message(detail)))
    return problems


def _a_key_name_of_keys(loc: tuple[Any, ...]) -> bool:
    # Issue 24: a name in `keys` that is no id (a key's, a payer's, a part's) is shown where it is written.
    # (Pydantic's "[key]" step says it; other mappings keep the place they had.)
    return len(loc) > 1 and loc[0] == "keys" and loc[-1] == "[key]"


def _already_reported(loc: tuple[str | int, ...], reported: frozenset[tuple[str | int, ...]]) -> bool:
    # A value the text itself got wrong (e.g. .nan) reaches validation as None; say it once.
    return any(loc[: len(done)] == done for done in reported)


def _document_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    # Pydantic adds steps that are not in the text: the gathered "year_rates" of Rates, "[key]"
    # markers of dict keys and the tags of a value written one of two ways (NUMBER, MAPPING, YEARS, MIX_TAG, above);
    # drop them so the path matches what the user wrote.
    path: list[str | int] = []
    for part in loc:
        if part in ("year_rates", "[key]", NUMBER, MAPPING, YEARS, MIX_TAG):
            continue
        path.append(part)
    return tuple(path)

"""The strategy file's schema: what a valid strategy is, checked by pydantic.

Cross-field rules sit in field validators (not model validators) wherever possible, so that a
mistake in one part of the file does not hide the mistakes in another: pydantic reports all
field errors of a model together, while a model validator runs only once every field is valid.

Annotations are objects, not text (no `from __future__ import annotations`): pydantic would compile and
evaluate each text annotation at every start. Only names defined later, or imported for typing, are quoted.
"""

import re
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, TypeGuard

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetPydanticSchema,
    PrivateAttr,
    StrictInt,
    StrictStr,
    Tag,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import InitErrorDetails, PydanticCustomError

from sofin.graphs import depths, mix_cycles
from sofin.limits import MAX_AMOUNT, MAX_MIX_DEPTH, MAX_PAY, MAX_PERIOD_YEARS, MAX_RATE_DECIMALS, MAX_SHARE_DECIMALS
from sofin.problems import Figure, Message, decimal_comma, near_miss, unknown_id
from sofin.units import on_grid

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

    from sofin.domain.scenario import Scenario

HUNDRED = Decimal(100)
UNITS = (Decimal(1), Decimal("0.01"))
_SLUG = re.compile(r"[a-z][a-z0-9_-]{0,63}")
_DECIMAL_TEXT = re.compile(r"-?\d+(\.\d+)?")


def _exact_number(value: Any, text: bool = False) -> Decimal:
    """The Decimal a number was written as, exactly. With `text`, also a decimal string: tables
    read back carry amounts as sofin's JSON writes them ("98833.00")."""
    # The loader gives int or Decimal for numbers; anything else was not written as a number.
    if text and isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value.strip()):
        return Decimal(value.strip())
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        if text:
            raise schema_error(decimal_comma(value) or Message("not_a_decimal_text", written=_written(value)))
        raise schema_error(decimal_comma(value) or Message("not_a_number", written=_written(value)))
    number = Decimal(value)
    if not number.is_finite():
        raise schema_error(Message("not_finite"))
    return number


def _written(value: Any) -> Any:
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
    return isinstance(value, str) and _SLUG.fullmatch(value) is not None


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise schema_error(Message("invalid_id", id=value))
    return value


_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _currency_code(value: str) -> str:
    # said in words ("three capital letters, e.g. EUR"), not as the pattern: issue 23, item 7
    if not _CURRENCY.fullmatch(value):
        raise schema_error(Message("currency_code", written=value))
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


def _on_unit_grid(value: Decimal, info: ValidationInfo) -> Decimal:
    unit = (info.context or {}).get("unit")
    if unit in UNITS and not on_grid(value, unit):
        raise schema_error(Message("off_unit_grid", value=value, unit=unit))
    if unit not in UNITS:
        return value  # the unit's own problem is reported
    written, allowed = _decimals(value), _decimals(unit)
    if written > allowed:
        # 1.000 is 1 to a program and a thousand to a Slovenian reader: neither is guessed.
        if allowed == 0 and written == 3:
            thousands = f"{value.scaleb(written):f}"
            raise schema_error(Message("too_many_decimals_thousands", value=value, unit=unit, meant=thousands))
        raise schema_error(Message("too_many_decimals", value=value, written=written, unit=unit, allowed=allowed))
    return value


def _decimals(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def share_decimals(value: Decimal) -> Decimal:
    """A key share has at most MAX_SHARE_DECIMALS decimals: its sums are then exact and the solver's
    common denominator stays small."""
    return _at_most_decimals(value, MAX_SHARE_DECIMALS, "share_decimals")


def rate_decimals(value: Decimal) -> Decimal:
    """A rate has at most MAX_RATE_DECIMALS decimals, as no budget document writes more."""
    return _at_most_decimals(value, MAX_RATE_DECIMALS, "rate_decimals")


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


def _items_alike(schema: dict[str, Any]) -> None:
    """A tuple of equal items as `items`: editors read JSON Schema draft 7, which knows no prefixItems."""
    schema["items"] = schema.pop("prefixItems")[0]


def _year_keys(schema: dict[str, Any]) -> None:
    """Rates as the file writes them: a year's rate beside the default ({default: 2, 2027: 2.5})."""
    schema["patternProperties"] = {YEAR_KEY: schema["properties"].pop("year_rates")["additionalProperties"]}


def _adopted_keys(schema: dict[str, Any]) -> None:
    """Adopted amounts are keyed by year, then by amount path: society/line or society/line/N."""
    slug = _SLUG.pattern
    schema["propertyNames"] = {"pattern": YEAR_KEY}
    schema["additionalProperties"]["propertyNames"] = {"pattern": f"^{slug}/{slug}(/[1-9][0-9]*)?$"}


Number = Annotated[Decimal, BeforeValidator(_exact_number), GetPydanticSchema(get_pydantic_json_schema=_json_number)]
TableNumber = Annotated[Decimal, BeforeValidator(partial(_exact_number, text=True))]  # a number, or one as text
Id = Annotated[StrictStr, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": f"^{_SLUG.pattern}$"})]
Text = Annotated[StrictStr, Field(min_length=1)]
Amount = Annotated[Number, Field(ge=0, le=Decimal("1e12")), AfterValidator(_on_unit_grid)]
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


def _raw_entries(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, entry) for i, entry in enumerate(value) if isinstance(entry, dict)] if isinstance(value, list) else []


def duplicate_ids(value: Any) -> Located:
    first: dict[str, int] = {}
    errors: Located = []
    for index, entry in _raw_entries(value):
        entry_id = entry.get("id")
        if not isinstance(entry_id, str):
            continue
        if entry_id in first:
            errors.append(((index, "id"), Message("duplicate_id", id=entry_id, first=first[entry_id])))
        first.setdefault(entry_id, index)
    return errors


def _is_number(value: Any) -> TypeGuard[int | Decimal]:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool) and Decimal(value).is_finite()


class StrictModel(BaseModel):
    # defer_build: a model's validator is built when it first validates, and a strategy's (or a table's) as one,
    # nested models inline, rather than every model's own at import (4 ms of each start).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _written_as(value: Any) -> str:
    """Which of two ways a value was written: a mapping, or a plain number."""
    return MAPPING if isinstance(value, dict) else NUMBER


# Tags of the two ways: not field names, so that a problem's path can drop them (load._document_loc).
NUMBER, MAPPING, YEARS, MIX_TAG = "<number>", "<mapping>", "<years>", "<mix>"
Share = Annotated[Number, Field(gt=0, le=100), AfterValidator(share_decimals)]
YearShares = Annotated[
    dict[Year, Share],
    Field(
        min_length=1,
        description="From the first year each applies: {2025: 15.32, 2027: 16.10}.",
        json_schema_extra={"propertyNames": {"pattern": YEAR_KEY}},
    ),
]


class Payer(StrictModel):
    """A municipality, a column of the table."""

    id: Id
    name: Text
    share: Annotated[
        Annotated[Share, Tag(NUMBER)] | Annotated[YearShares, Tag(MAPPING)],
        Discriminator(_written_as),
        Field(
            description="Its key share in percent, or shares from the years they apply; each year's shares sum to 100."
        ),
    ]

    def share_in(self, year: int) -> Decimal:
        """The share in force in `year`: the latest entry at or before it (validation ensures there is one)."""
        if isinstance(self.share, Decimal):
            return self.share
        return next(share for start, share in reversed(self.share.items()) if start <= year)


# Issue 24: several keys in one strategy. `default` names the payers' own shares; `mix` marks a key made of
# other keys. Neither may name a key or a payer.
DEFAULT_KEY, MIX = "default", "mix"
RESERVED_IDS = (DEFAULT_KEY, MIX)
KeyShare = Annotated[Number, Field(ge=0, le=100), AfterValidator(share_decimals)]
# In the JSON Schema, a mapping by id takes no other names: a mapping by year is then one of a key's
# ways only (editors check `oneOf` strictly), and an id written wrong is marked.
ONLY_IDS = {"additionalProperties": False}
KeyShares = Annotated[
    dict[Id, KeyShare],
    Field(
        min_length=1,
        description="Percent by payer; a payer not named pays exactly 0. They sum to exactly 100.",
        json_schema_extra=ONLY_IDS,
    ),
]
MixWeights = Annotated[
    dict[Id, KeyShare],
    Field(
        min_length=1,
        description="Percent by key (`default`: the payers' shares); they sum to exactly 100.",
        json_schema_extra=ONLY_IDS,
    ),
]
YearMixWeights = Annotated[
    dict[Year, MixWeights],
    Field(
        min_length=1,
        description="Weights from the years they apply.",
        json_schema_extra={"propertyNames": {"pattern": YEAR_KEY}},
    ),
]


def _by_year(value: Any) -> bool:
    """A mapping written by year ({2025: ..., 2027: ...}): every key a year."""
    return isinstance(value, dict) and bool(value) and all(_is_year(key) for key in value)


def _weights_written_as(value: Any) -> str:
    return YEARS if _by_year(value) else MAPPING


class Mix(StrictModel):
    """A key made of other keys: each weighs its percent, `default` the payers' own shares."""

    mix: Annotated[
        Annotated[MixWeights, Tag(MAPPING)] | Annotated[YearMixWeights, Tag(YEARS)],
        Discriminator(_weights_written_as),
        Field(description="Weights in percent by key name, or such weights from the years they apply."),
    ]

    @field_validator("mix", mode="before")
    @classmethod
    def _weights_are_a_mapping(cls, value: Any) -> Any:
        """Issue 24 review: a mix written as a list or as nothing is said to be one, in words of a mix."""
        if not isinstance(value, dict):
            raise schema_error(Message("mix_not_weights"))
        return value

    def weights_in(self, year: int) -> dict[str, Decimal]:
        """The weights in force in `year`: the latest entry at or before it (validation ensures there is one)."""
        written: dict[Any, Any] = self.mix
        if _by_year(written):
            return next(weights for start, weights in reversed(written.items()) if start <= year)
        return written


def _key_entry_written_as(value: Any) -> str:
    return MIX_TAG if is_mix(value) else MAPPING


def is_mix(entry: Any) -> bool:
    """A key's entry written as a mix: it names `mix`, but not as a number (`mix: 25` reads as percents: a
    payer written `mix` is then refused as no payer; `mix: [..]` or `mix:` alone is a mix written wrong)."""
    return isinstance(entry, dict) and MIX in entry and not _is_number(entry[MIX])


KeyEntry = Annotated[
    Annotated[KeyShares, Tag(MAPPING)] | Annotated[Mix, Tag(MIX_TAG)],
    Discriminator(_key_entry_written_as),
]


def _key_written_as(value: Any) -> str:
    return YEARS if _by_year(value) else _key_entry_written_as(value)


YearKeys = Annotated[
    dict[Year, KeyEntry],
    Field(
        min_length=1,
        description="From the first year each applies.",
        json_schema_extra={"propertyNames": {"pattern": YEAR_KEY}},
    ),
]
Key = Annotated[
    Annotated[KeyShares, Tag(MAPPING)] | Annotated[Mix, Tag(MIX_TAG)] | Annotated[YearKeys, Tag(YEARS)],
    Discriminator(_key_written_as),
    Field(description="Percent by payer, a mix of keys ({mix: {default: 50, other: 50}}), or either by year."),
]


def key_entry_in(key: Any, year: int) -> dict[str, Decimal] | Mix:
    """A key's entry in force in `year`: its percents by payer, or its mix (validation ensures there is one)."""
    if _by_year(key):
        return next(entry for start, entry in reversed(key.items()) if start <= year)  # type: ignore[no-any-return]
    return key  # type: ignore[no-any-return]


class Years(StrictModel):
    """What starts or ends within the period: `from` its first year, `until` its last."""

    start: Annotated[Year | None, Field(alias="from", description="The first year it runs.")] = None
    end: Annotated[Year | None, Field(alias="until", description="The last year it runs.")] = None

    @field_validator("end")
    @classmethod
    def _ends_after_it_starts(cls, end: int | None, info: ValidationInfo) -> int | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise schema_error(Message("until_before_from", until=end, start=start))
        return end

    def runs_in(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


def cents(value: Decimal) -> Decimal:
    """Monthly pay is written in euros and cents, as a payslip writes it."""
    return _at_most_decimals(value, 2, "pay_decimals")


PayAmount = Annotated[Number, Field(ge=0, le=MAX_PAY), AfterValidator(cents)]
# Before the reform, pay is more than 0: f(Y) of the years before the first tranche is 12 x before, and
# the year factor f(Y) / f(Y-1) divides by it. Its own bounds, so that -1 is not told "at least 0".
PositivePay = Annotated[Number, Field(gt=0, le=MAX_PAY), AfterValidator(cents)]
# The part of a yearly amount that is not pay: bounded as an amount is, in euros and cents.
OtherAmount = Annotated[Number, Field(ge=0, le=MAX_AMOUNT), AfterValidator(cents)]
SHIPPED_SCHEDULE = "reform-2025"  # the pay schedule a `pay` block takes when it names none (pay.py ships it)


class Pay(StrictModel):
    """How a salary moves under the pay law: its monthly gross basic pay before the reform and on the
    new scale, the part of the amount that is not pay, and the schedule of the raise (pay.py)."""

    before: Annotated[PositivePay, Field(description="Monthly gross basic pay before the reform (December 2024), EUR.")]
    target: Annotated[
        PayAmount, Field(description="Monthly gross basic pay on the new scale, once the reform is complete.")
    ]
    other: Annotated[
        OtherAmount,
        Field(
            description="The part of the amount that is not pay (allowances, material costs).",
            json_schema_extra={"default": 0},  # a number, as the file writes it (pydantic would write "0")
        ),
    ] = Decimal(0)
    source: Annotated[Text | None, Field(description="Where before and target come from.")] = None
    schedule: Annotated[Id | None, Field(description=f"The pay schedule; {SHIPPED_SCHEDULE} by default.")] = None

    @field_validator("target")
    @classmethod
    def _target_not_below_before(cls, target: Decimal, info: ValidationInfo) -> Decimal:
        before = info.data.get("before")
        if before is not None and target < before:
            raise schema_error(Message("target_below_before", target=target, before=before))
        return target

    @property
    def schedule_id(self) -> str:
        return self.schedule or SHIPPED_SCHEDULE


def _other_within(pay: Pay | None, amount: Decimal | None) -> Pay | None:
    if pay is not None and amount is not None and pay.other > amount:
        raise_at([(("other",), Message("other_above_amount", other=pay.other, amount=amount))], pay)
    return pay


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _written_date(value: Any) -> Any:
    """A date as YAML writes one (2026-06-01); pydantic would take a number as seconds since 1970."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise schema_error(Message("not_a_date", written=_written(value)))


class Tranche(StrictModel):
    """A dated part of a pay reform's raise: a share of the difference with a minimum, or the rest."""

    start: Annotated[date, BeforeValidator(_written_date), Field(alias="from", description="The first day it is paid.")]
    share: Annotated[Number, Field(ge=0, le=100), AfterValidator(share_decimals)] | None = None
    minimum: PayAmount | None = None
    rest: Annotated[Literal[True] | None, Field(description="The last tranche: all that is left.")] = None

    @model_validator(mode="after")
    def _share_or_rest(self) -> "Tranche":
        if self.rest and (self.share is not None or self.minimum is not None):
            raise schema_error(Message("tranche_rest_and_share"))
        if not self.rest and self.share is None:
            raise schema_error(Message("tranche_without_share"))
        return self


class PaySchedule(StrictModel):
    """The dated tranches of a pay reform (pay.py computes them), and the law they come from."""

    source: Annotated[Text, Field(description="The law and the description of its tranches.")]
    tranches: Annotated[list[Tranche], Field(min_length=1)]

    @field_validator("tranches", mode="wrap")
    @classmethod
    def _in_order_within_the_difference(cls, value: Any, handler: Any) -> list[Tranche]:
        rules: Located = []
        entries = _raw_entries(value)
        dates = [(index, _date(entry.get("from"))) for index, entry in entries]
        known = [(index, day) for index, day in dates if day is not None]
        rules += [
            ((later, "from"), Message("tranches_out_of_order", day=day, earlier=earlier_day))
            for (_, earlier_day), (later, day) in zip(known, known[1:])
            if day <= earlier_day
        ]
        shares = [entry.get("share") for _, entry in entries]
        if all(share is None or _is_number(share) for share in shares):
            total = sum((Decimal(share) for share in shares if share is not None), Decimal(0))
            if total > HUNDRED:
                rules.append(((), Message("tranche_shares_above_hundred", total=Figure(total))))
        rules += [
            ((index, "rest"), Message("rest_not_last")) for index, entry in entries[:-1] if entry.get("rest") is True
        ]
        return validate_list_with_rules(value, handler, rules)


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class Item(StrictModel):
    """A component of a line's amount (e.g. one salary); items are not split among payers."""

    label: Text
    pay_grade: Annotated[StrictInt, Field(ge=1, le=65)] | None = None
    funded_share: Annotated[Number, Field(gt=0, le=1)] | None = None
    amount: Amount
    pay: Annotated[Pay | None, Field(description="How the salary moves under the pay law (staff lines).")] = None
    # Issue 24: an item is part of its line's amount, split by the line's key; said so, not "unknown field".
    # Not in the JSON Schema: editors then refuse it as any unknown field.
    key: SkipJsonSchema[Any] = None

    @field_validator("pay")
    @classmethod
    def _other_within_amount(cls, pay: Pay | None, info: ValidationInfo) -> Pay | None:
        return _other_within(pay, info.data.get("amount"))

    @field_validator("key")
    @classmethod
    def _no_key_on_an_item(cls, key: Any) -> None:
        if key is not None:
            raise schema_error(Message("key_on_item"))


class Line(Years):
    """A cost line of a society: an amount, items that make it up, or both (then they agree).

    The amount is the one of the first year the line runs: the base year, or its `from`.
    """

    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["amount"]}, {"required": ["items"]}]})

    id: Id
    label: Text
    kind: Annotated[Literal["staff", "programme"], Field(description="Chooses the indexation rate.")]
    amount: Amount | None = None
    items: Annotated[list[Item], Field(min_length=1)] | None = None
    pay: Annotated[Pay | None, Field(description="How a staff line without items moves under the pay law.")] = None
    key: Annotated[Id | None, Field(description="The key that splits this line; its society's by default.")] = None

    @field_validator("items", mode="wrap")
    @classmethod
    def _pay_only_for_staff(cls, value: Any, handler: Any, info: ValidationInfo) -> list[Item]:
        rules: Located = []
        if info.data.get("kind") == "programme":
            rules = [((index, "pay"), _NOT_STAFF) for index, entry in _raw_entries(value) if "pay" in entry]
        return validate_list_with_rules(value, handler, rules)

    @field_validator("pay")
    @classmethod
    def _pay_of_a_staff_line(cls, pay: Pay | None, info: ValidationInfo) -> Pay | None:
        if pay is None:
            return pay
        if info.data.get("kind") == "programme":
            raise schema_error(_NOT_STAFF)
        if info.data.get("items") is not None:
            raise schema_error(Message("pay_of_a_line_with_items"))
        return _other_within(pay, info.data.get("amount"))

    @model_validator(mode="after")
    def _amount_matches_items(self) -> "Line":
        if self.items is None:
            if self.amount is None:
                raise schema_error(Message("line_without_amount"))
            return self
        # Issue 23 item 8: the printed line total pins its items; a typo in an item no longer changes the
        # table silently. Located at the amount, the figure the strategy prints, naming the items' sum.
        total = self.total
        if self.amount is not None and self.amount != total:
            items = f" ({' + '.join(str(item.amount) for item in self.items)})" if len(self.items) > 1 else ""
            message = Message("amount_not_items_sum", amount=self.amount, total=total, items=items)
            raise_at([(("amount",), message)], self)
        return self

    @property
    def total(self) -> Decimal:
        """The line's amount: as declared, or the sum of its items."""
        if self.items is None:
            assert self.amount is not None  # guaranteed by validation
            return self.amount
        return sum((item.amount for item in self.items), Decimal(0))


_NOT_STAFF = Message("pay_not_staff")


class Society(Years):
    """A society, a row of the table with its cost lines beneath; `from`/`until` bound its lines' years."""

    id: Id
    name: Text
    short: Annotated[Text, Field(description="The label in the table.")]
    in_kind: Annotated[Text | None, Field(description="A footnote: premises or services given in kind.")] = None
    in_kind_by: Annotated[Id | None, Field(description="The payer whose figure carries the footnote mark.")] = None
    key: Annotated[
        Id | None,
        Field(description="The key that splits its lines, unless a line names its own; `default` by default."),
    ] = None
    lines: Annotated[list[Line], Field(min_length=1)]

    @field_validator("lines", mode="wrap")
    @classmethod
    def _unique_line_ids(cls, value: Any, handler: Any) -> list[Line]:
        return validate_list_with_rules(value, handler, duplicate_ids(value))


Rate = Annotated[Number, Field(gt=-100, le=100), AfterValidator(rate_decimals)]


class AdoptedRate(StrictModel):
    """A rate the municipalities adopted, with where it comes from; a plain number is a planning assumption."""

    rate: Rate
    source: Annotated[Text, Field(description="The document it comes from, with its date.")]


RateEntry = Annotated[
    Annotated[Rate, Tag(NUMBER)] | Annotated[AdoptedRate, Tag(MAPPING)],
    Discriminator(_written_as),
    Field(description="Percent: a number is a planning assumption; {rate, source} an adopted rate."),
]


class YearRate(NamedTuple):
    """The rate of one year, and whether it is adopted (with its source) or a planning assumption."""

    rate: Decimal
    source: str | None  # None: a planning assumption


class Rates(StrictModel):
    """Percent a year by which a cost kind's amounts change: a default, and exceptions by year."""

    model_config = ConfigDict(json_schema_extra=_year_keys)

    default: RateEntry
    year_rates: dict[int, RateEntry] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _gather_year_keys(cls, data: Any) -> Any:
        # The file writes exceptions beside the default ({default: 2, 2027: 2.5}).
        if not isinstance(data, dict) or "year_rates" in data:
            return data
        years = {key: value for key, value in data.items() if isinstance(key, int) and not isinstance(key, bool)}
        others = {key: value for key, value in data.items() if key not in years}
        return {**others, "year_rates": years}

    def for_year(self, year: int) -> YearRate:
        entry = self.year_rates.get(year, self.default)
        return YearRate(entry.rate, entry.source) if isinstance(entry, AdoptedRate) else YearRate(entry, None)


class Indexation(StrictModel):
    staff: Rates
    programme: Rates


# The names of the tables sofin reads back (published.py): a strategy's printed table too (issue 23 item 9).
TABLE_SUFFIXES = (".csv", ".json")


def _table_file(path: str) -> str:
    if not path.lower().endswith(TABLE_SUFFIXES):
        raise schema_error(Message("printed_not_a_table", path=path))
    return path


PrintedTable = Annotated[Text, AfterValidator(_table_file)]


class Strategy(StrictModel):
    """A strategy file of sofin: who pays which share of which societies' costs, year by year."""

    strategy: Text
    period: Annotated[tuple[Year, Year], Field(description="The first and last year.", json_schema_extra=_items_alike)]
    base_year: Annotated[Year, Field(description="The year whose amounts are declared; inside the period.")]
    currency: Annotated[
        StrictStr, AfterValidator(_currency_code), WithJsonSchema({"type": "string", "pattern": _CURRENCY.pattern})
    ]
    unit: Annotated[
        Number, Field(description="The rounding unit: 1 (whole units) or 0.01.", json_schema_extra={"enum": [1, 0.01]})
    ]
    payers: Annotated[list[Payer], Field(min_length=1, description="In column order.")]
    # Issue 24: keys beside the payers' own shares (`default`), by name; societies and lines choose theirs.
    keys: Annotated[
        dict[Id, Key],
        Field(
            description="Named keys beside the payers' shares (the key `default`), for societies and lines.",
            json_schema_extra=ONLY_IDS,
        ),
    ] = Field(default_factory=dict)
    indexation: Indexation
    pay_schedules: Annotated[
        dict[Id, PaySchedule],
        Field(description=f"Pay schedules of later laws, by id, beside the shipped {SHIPPED_SCHEDULE}."),
    ] = Field(default_factory=dict)
    societies: Annotated[list[Society], Field(min_length=1, description="In table order.")]
    # Amounts the municipalities adopted, by year and amount path: they replace the indexed figure.
    adopted: dict[Year, dict[StrictStr, Amount]] = Field(
        default_factory=dict,
        description="Adopted amounts by year and path: they replace the indexed amount and are the next year's base.",
        json_schema_extra=_adopted_keys,
    )
    # Issue 23 item 9: under sofin's table of such a year, a note says how it differs from the printed one.
    printed: dict[Year, PrintedTable] = Field(
        default_factory=dict,
        description=(
            "The table the adopted strategy printed for a year, as a .csv or .json file in sofin's table format, "
            "its path relative to this file: sofin's table of that year says how it differs from it."
        ),
        json_schema_extra={"propertyNames": {"pattern": YEAR_KEY}},
    )

    @field_validator("period")
    @classmethod
    def _period_in_order(cls, period: tuple[int, int]) -> tuple[int, int]:
        if period[0] > period[1]:
            raise schema_error(Message("period_reversed"))
        if period[1] - period[0] + 1 > MAX_PERIOD_YEARS:
            raise schema_error(Message("period_too_long", years=period[1] - period[0] + 1, most=MAX_PERIOD_YEARS))
        return period

    @field_validator("base_year")
    @classmethod
    def _base_year_in_period(cls, year: int, info: ValidationInfo) -> int:
        period = info.data.get("period")
        if period and not period[0] <= year <= period[1]:
            raise schema_error(Message("base_year_outside", year=year, start=period[0], end=period[1]))
        return year

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: Decimal) -> Decimal:
        return known_unit(unit)

    @field_validator("indexation")
    @classmethod
    def _rates_for_indexed_years(cls, indexation: Indexation, info: ValidationInfo) -> Indexation:
        """A year's rate is for a year whose amounts are indexed: after the base year, within the period."""
        period, base_year = info.data.get("period"), info.data.get("base_year")
        if period is None or base_year is None:
            return indexation  # their own errors are reported
        errors: Located = [
            ((kind, year), Message("rate_year_unused", year=year, base_year=base_year, start=period[0], end=period[1]))
            for kind in Indexation.model_fields
            for year in getattr(indexation, kind).year_rates
            if not base_year < year <= period[1]
        ]
        raise_at(errors, indexation, KEY_PROBLEM)
        return indexation

    @field_validator("payers", mode="wrap")
    @classmethod
    def _payers_share_everything(cls, value: Any, handler: Any, info: ValidationInfo) -> list[Payer]:
        rules = duplicate_ids(value) + _reserved_ids(value)
        shares = {index: entry.get("share") for index, entry in _raw_entries(value)}
        period, base_year = info.data.get("period"), info.data.get("base_year")
        if not any(isinstance(share, dict) for share in shares.values()):
            rules += _one_key_sums_to_hundred(shares)
        elif period is not None and base_year is not None:  # else their own problems are reported
            years = [
                problem for index, share in shares.items() for problem in _share_years(index, share, period, base_year)
            ]
            if years:
                return validate_list_with_rules(value, handler, rules, years)
            rules += _yearly_keys_sum_to_hundred(shares, range(base_year, period[1] + 1))
        return validate_list_with_rules(value, handler, rules)

    @field_validator("societies", mode="wrap")
    @classmethod
    def _societies_are_distinct_and_known(cls, value: Any, handler: Any, info: ValidationInfo) -> list[Society]:
        rules = duplicate_ids(value)
        payers = info.data.get("payers")
        if payers is not None:
            known = [payer.id for payer in payers]
            rules += [
                ((index, "in_kind_by"), unknown_id("unknown_in_kind_by", entry["in_kind_by"], known))
                for index, entry in _raw_entries(value)
                if isinstance(entry.get("in_kind_by"), str) and entry["in_kind_by"] not in known
            ]
        period, base_year = info.data.get("period"), info.data.get("base_year")
        if period is not None and base_year is not None:
            years = [
                problem
                for index, entry in _raw_entries(value)
                for problem in _running_years(index, entry, period, base_year)
            ]
            rules += years or _years_without_lines(value, range(base_year, period[1] + 1))
        schedules = info.data.get("pay_schedules")
        if schedules is not None:  # else their own problems are reported
            rules += _unknown_schedules(value, set(schedules))
        known_keys = _known_key_names(info)
        if known_keys is not None:
            rules += _unknown_keys(value, known_keys)
        return validate_list_with_rules(value, handler, rules)

    @field_validator("keys", mode="wrap")
    @classmethod
    def _keys_are_whole(cls, value: Any, handler: Any, info: ValidationInfo) -> dict[str, Any]:
        """Every key sums to 100 in every year, names known payers; a mix names known keys, with no cycle."""
        if not isinstance(value, dict):
            return handler(value)  # type: ignore[no-any-return]
        payers, period, base_year = (info.data.get(name) for name in ("payers", "period", "base_year"))
        # Payers with problems of their own: a key's payers are matched with the ids as written (the
        # validation context's), so that a key naming no payer is said in the same run. Rules that need
        # the period are left out when it has problems of its own.
        payer_ids = _written_names(info, "payer_ids") if payers is None else [payer.id for payer in payers]
        years = None if period is None or base_year is None else (base_year, period)
        rules, key_rules = key_problems(value, payer_ids, years)
        result: Any = validate_list_with_rules(value, handler, rules, key_rules)  # a mapping's, here
        return result  # type: ignore[no-any-return]

    @field_validator("pay_schedules")
    @classmethod
    def _shipped_schedules_kept(cls, schedules: dict[str, PaySchedule]) -> dict[str, PaySchedule]:
        from sofin.pay import shipped_schedule_names

        shipped = shipped_schedule_names()
        raise_at(
            [((name,), Message("shipped_schedule_id", id=name)) for name in schedules if name in shipped], schedules
        )
        return schedules

    @field_validator("adopted")
    @classmethod
    def _adopted_amounts_are_known(
        cls, adopted: dict[int, dict[str, Decimal]], info: ValidationInfo
    ) -> dict[int, dict[str, Decimal]]:
        period, base_year, societies = (info.data.get(name) for name in ("period", "base_year", "societies"))
        if period is None or base_year is None or societies is None:
            return adopted  # their own errors are reported; these rules need them valid
        errors: Located = []
        for year, amounts in adopted.items():
            if not base_year < year <= period[1]:
                message = Message(
                    "adopted_year_outside", year=year, base_year=base_year, start=period[0], end=period[1]
                )
                errors.append(((year,), message))
            known = amount_paths(societies, year, base_year)
            errors += [((year, path), message) for path, message in _adopted_path_problems(amounts, known, year)]
        errors += _items_of_lines_adopted_whole(adopted, amount_paths(societies, base_year, base_year))
        raise_at(errors, adopted, KEY_PROBLEM)
        return adopted

    @field_validator("printed")
    @classmethod
    def _printed_years_are_allocated(cls, printed: dict[int, str], info: ValidationInfo) -> dict[int, str]:
        """Issue 23 item 9: a printed table is compared with sofin's table of its year, one sofin allocates."""
        period, base_year = info.data.get("period"), info.data.get("base_year")
        if period is None or base_year is None:
            return printed  # their own errors are reported
        errors: Located = [
            ((year,), Message("printed_year_outside", year=year, start=base_year, end=period[1]))
            for year in printed
            if not base_year <= year <= period[1]
        ]
        raise_at(errors, printed, KEY_PROBLEM)
        return printed

    # What-ifs of the command line, applied by scenario.py; never read from a file.
    _scenario: "Scenario | None" = PrivateAttr(default=None)

    @property
    def scenario(self) -> "Scenario | None":
        return self._scenario

    def with_scenario(self, scenario: "Scenario") -> "Strategy":
        """This strategy with the scenario's shares in place of its payers' and its key percents in place of
        its keys' (both in every year), carrying the scenario; its rates are read by years.year_rate. Checked
        by scenario.apply, not here (which refuses a key percent for a key that is a mix in a year in force)."""
        shares = dict(scenario.shares)
        payers = [
            payer.model_copy(update={"share": shares[payer.id]}) if payer.id in shares else payer
            for payer in self.payers
        ]
        keys: dict[str, Any] = dict(self.keys)
        for name, payer, percent in scenario.keys:
            written: dict[Any, Any] = keys[name]
            if _by_year(written):
                # A mix entry can only be one before the base year, never in force (scenario refuses a key
                # that is a mix in a year sofin allocates): it stays as written.
                keys[name] = {
                    year: entry if isinstance(entry, Mix) else {**entry, payer: percent}
                    for year, entry in written.items()
                }
            else:
                keys[name] = {**written, payer: percent}
        changed = self.model_copy(update={"payers": payers, "keys": keys})
        changed._scenario = scenario
        return changed

    @property
    def payer_ids(self) -> tuple[str, ...]:
        return tuple(payer.id for payer in self.payers)

    def shares_in(self, year: int) -> tuple[Decimal, ...]:
        """The key in force in `year`, in column order."""
        return tuple(payer.share_in(year) for payer in self.payers)


def item_path(society: Society, line: Line, number: int) -> str:
    """The path of a line's item in adopted amounts: society/line/N, N counting from 1."""
    return f"{society.id}/{line.id}/{number}"


class AmountPath(NamedTuple):
    """What an adopted amount's path names: a line (line None) or an item of `line`; in a given year."""

    line: str | None
    runs: bool  # the line runs in the year
    first: bool  # the year is the line's `from`, after the base year: its amount is the one declared


def amount_paths(societies: list[Society], year: int, base_year: int) -> dict[str, AmountPath]:
    """Every path an adopted amount may name in `year`: lines, and items (with their line's path)."""
    paths: dict[str, AmountPath] = {}
    for society in societies:
        for line in society.lines:
            line_path = f"{society.id}/{line.id}"
            runs = society.runs_in(year) and line.runs_in(year)
            first = base_year < year == max(base_year, society.start or base_year, line.start or base_year)
            paths[line_path] = AmountPath(None, runs, first)
            for number in range(1, len(line.items or ()) + 1):
                paths[item_path(society, line, number)] = AmountPath(line_path, runs, first)
    return paths


def _items_of_lines_adopted_whole(adopted: dict[int, dict[str, Decimal]], known: dict[str, AmountPath]) -> Located:
    """A line adopted as a whole is one amount from then on (years.py): an item of it adopted in a
    later year would be silently ignored, so it is an error."""
    whole: dict[str, int] = {}
    errors: Located = []
    for year in sorted(adopted):
        for path in adopted[year]:
            line = known[path].line if path in known else None
            if line is not None and line in whole:
                message = Message("item_of_a_line_adopted_whole", path=path, line=line, year=whole[line])
                errors.append(((year, path), message))
        for path in adopted[year]:
            if path in known and known[path].line is None:
                whole.setdefault(path, year)
    return errors


def _adopted_path_problems(
    amounts: dict[str, Decimal], known: dict[str, AmountPath], year: int
) -> list[tuple[str, Message]]:
    problems = []
    for path in amounts:
        if path not in known:
            problems.append((path, Message("adopted_path_unknown", path=path)))
        elif not known[path].runs:
            problems.append((path, Message("adopted_path_not_running", path=path, year=year)))
        elif known[path].first:
            problems.append((path, Message("adopted_in_first_year", path=path, year=year)))
        elif known[path].line in amounts:
            problems.append((path, Message("adopted_item_and_line", path=path, line=known[path].line)))
    return problems


def _unknown_schedules(societies: Any, declared: set[str]) -> Located:
    """Every pay block's schedule is the shipped one or one of the strategy's pay_schedules."""
    named = [
        (where, pay["schedule"])
        for where, pay in _pay_blocks(societies)
        if isinstance(pay, dict) and isinstance(pay.get("schedule"), str)
    ]
    if not named:
        return []
    from sofin.pay import shipped_schedule_names

    known = declared | set(shipped_schedule_names())
    return [
        ((*where, "schedule"), Message("unknown_schedule", id=schedule, known=tuple(sorted(known))))
        for where, schedule in named
        if schedule not in known
    ]


def _reserved_ids(payers: Any) -> Located:
    """`default` and `mix` name keys in a strategy (issue 24): no payer may be named so."""
    return [
        ((index, "id"), Message("reserved_id", id=entry["id"]))
        for index, entry in _raw_entries(payers)
        if entry.get("id") in RESERVED_IDS
    ]


def names_written(data: dict[str, Any]) -> dict[str, tuple[str, ...] | None]:
    """The key names and payer ids as the file writes them, for the validation context (load.validate):
    a field with a problem of its own is left out of the validated ones, and the rules that name it
    (a society's key, a key's payer) then take the names as written, to report everything in one run.
    None where the file writes no mapping of keys, or no payer with an id."""
    keys = data.get("keys", {})
    payer_ids = tuple(entry["id"] for _, entry in _raw_entries(data.get("payers")) if isinstance(entry.get("id"), str))
    return {
        "key_names": written_key_names(keys) if isinstance(keys, dict) else None,
        "payer_ids": payer_ids or None,
    }


def written_key_names(keys: dict[Any, Any]) -> tuple[str, ...]:
    """The names a society, a line or a mix may give, as the file writes them: `default` and every key
    but a reserved name (one whose own name is wrong is not named unknown a second time where it is used)."""
    return (DEFAULT_KEY, *(name for name in keys if isinstance(name, str) and name not in RESERVED_IDS))


def _written_names(info: ValidationInfo, name: str) -> tuple[str, ...] | None:
    names: tuple[str, ...] | None = (info.context or {}).get(name)
    return names


def _known_key_names(info: ValidationInfo) -> tuple[str, ...] | None:
    """The keys a society or a line may name: `default` and the strategy's (as written, when `keys` has
    problems of its own); None when sofin cannot tell them."""
    keys = info.data.get("keys")
    return _written_names(info, "key_names") if keys is None else written_key_names(keys)


def _unknown_keys(societies: Any, known: tuple[str, ...]) -> Located:
    """Every key a society or a line names is `default` or one of the strategy's keys."""
    named: list[tuple[tuple[str | int, ...], Any]] = []
    for s, society in _raw_entries(societies):
        named.append(((s, "key"), society.get("key")))
        named += [((s, "lines", n, "key"), line.get("key")) for n, line in _raw_entries(society.get("lines"))]
    members = frozenset(known)
    return [
        (where, unknown_id("unknown_key", name, known))
        for where, name in named
        if isinstance(name, str) and name not in members
    ]


def _pay_blocks(societies: Any) -> list[tuple[tuple[str | int, ...], Any]]:
    """Every `pay` written in the societies, with where it is."""
    blocks: list[tuple[tuple[str | int, ...], Any]] = []
    for s, society in _raw_entries(societies):
        for n, line in _raw_entries(society.get("lines")):
            if "pay" in line:
                blocks.append(((s, "lines", n, "pay"), line["pay"]))
            blocks += [
                ((s, "lines", n, "items", i, "pay"), item["pay"])
                for i, item in _raw_entries(line.get("items"))
                if "pay" in item
            ]
    return blocks


def _running_years(index: int, entry: dict[str, Any], period: tuple[int, int], base_year: int) -> Located:
    """A society's and its lines' from/until: within the period, running from the base year on, and
    a line within its society's years."""
    problems = _years_in_period((index,), entry, period, base_year)
    # A society's own years out of place are its problem; its lines are not compared with them.
    start, end = (None, None) if problems else (entry.get("from"), entry.get("until"))
    for number, line in _raw_entries(entry.get("lines")):
        where = (index, "lines", number)
        problems += _years_in_period(where, line, period, base_year)
        if _is_year(start) and _is_year(line.get("from")) and line["from"] < start:
            problems.append(((*where, "from"), Message("line_starts_before_society", year=line["from"], start=start)))
        if _is_year(end) and _is_year(line.get("until")) and line["until"] > end:
            problems.append(((*where, "until"), Message("line_ends_after_society", year=line["until"], end=end)))
        if _is_year(start) and _is_year(line.get("until")) and line["until"] < start:
            problems.append(((*where, "until"), Message("line_ends_before_society", year=line["until"], start=start)))
        if _is_year(end) and _is_year(line.get("from")) and line["from"] > end:
            problems.append(((*where, "from"), Message("line_starts_after_society", year=line["from"], end=end)))
    return problems


def _years_without_lines(value: Any, years: range) -> Located:
    """Every year sofin allocates needs a line that runs in it: a table has rows."""
    running: set[int] = set()
    for _, society in _raw_entries(value):
        for _, line in _raw_entries(society.get("lines")):
            start = max(_year_or(society.get("from"), years[0]), _year_or(line.get("from"), years[0]))
            end = min(_year_or(society.get("until"), years[-1]), _year_or(line.get("until"), years[-1]))
            running.update(range(start, end + 1))
    missing = [year for year in years if year not in running] if running else []
    return [((), Message("year_without_lines", year=year)) for year in missing]


def _year_or(value: Any, default: int) -> int:
    return value if _is_year(value) else default


def _years_in_period(
    where: tuple[str | int, ...], entry: dict[str, Any], period: tuple[int, int], base_year: int
) -> Located:
    problems: Located = []
    for field in ("from", "until"):
        year = entry.get(field)
        if not _is_year(year) or not FIRST_YEAR <= year <= LAST_YEAR:
            continue  # not a year at all: pydantic says so
        if not period[0] <= year <= period[1]:
            message = Message(f"{field}_outside_period", year=year, start=period[0], end=period[1])
            problems.append(((*where, field), message))
        elif field == "until" and year < base_year:
            problems.append(((*where, field), Message("until_before_base_year", year=year, base_year=base_year)))
    return problems


def _is_year(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _share_years(index: int, share: Any, period: tuple[int, int], base_year: int) -> Located:
    """A share mapping's years: within the period, in order, the first at or before the base year."""
    if not isinstance(share, dict):
        return []
    years = [year for year in share if _is_year(year)]
    # Whether the base year has a share is asked of a mapping by year only (else it says what it is not).
    no_base_year = Message("no_share_for_base_year", base_year=base_year) if len(years) == len(share) else None
    return _year_problems((index, "share"), years, period, base_year, no_base_year)


def _year_problems(
    where: Where, years: list[int], period: tuple[int, int], base_year: int, no_base_year: Message | None
) -> Located:
    """The years of a mapping by year (a payer's shares, a key, a mix's weights): within the period, in
    order, the first at or before the base year (else `no_base_year`, said at the first year; None: not asked)."""
    start, end = period
    problems: Located = [
        ((*where, year), Message("share_year_outside", year=year, start=start, end=end))
        for year in years
        if not start <= year <= end
    ]
    problems += [
        ((*where, later), Message("share_years_out_of_order", year=later, earlier=earlier))
        for earlier, later in zip(years, years[1:])
        if later <= earlier
    ]
    if no_base_year is not None and years and min(years) > base_year:
        problems.append(((*where, min(years)), no_base_year))
    return problems


def _one_key_sums_to_hundred(shares: dict[int, Any]) -> Located:
    """Plain-number shares, one key for every year, sum to exactly 100; else one problem at the payers."""
    if not shares or not all(map(_is_number, shares.values())):
        return []  # their own problems are reported
    total = sum((Decimal(share) for share in shares.values()), Decimal(0))
    return [] if total == HUNDRED else [((), Message("shares_not_hundred", total=Figure(total)))]


def _yearly_keys_sum_to_hundred(shares: dict[int, Any], years: range) -> Located:
    """Each year's shares in force sum to exactly 100; a wrong year is reported at the entries that start it
    (in the first year, every entry in force: a plain number starts there). A later year in which no
    entry starts has the key of the year before: reported there, it is not repeated."""
    if not shares or not all(map(_is_written_share, shares.values())):
        return []  # their own problems are reported
    problems: Located = []
    for year in years:
        in_force = {index: _share_entry(share, year) for index, share in shares.items()}
        total = sum((Decimal(number) for _, number in in_force.values()), Decimal(0))
        if total == HUNDRED:
            continue
        starting = [(index, start) for index, (start, _) in in_force.items() if start == year or year == years[0]]
        problems += [
            (
                (index, "share") if start is None else (index, "share", start),
                Message("year_shares_not_hundred", year=year, total=Figure(total)),
            )
            for index, start in starting
        ]
    return problems


def _is_written_share(share: Any) -> bool:
    if isinstance(share, dict):
        return bool(share) and all(_is_year(year) and _is_number(number) for year, number in share.items())
    return _is_number(share)


def _share_entry(share: Any, year: int) -> tuple[int | None, Any]:
    """The share in force in `year` as written: (the year its entry starts, None for a plain number; the number)."""
    if not isinstance(share, dict):
        return None, share
    start = max(entry for entry in share if entry <= year)
    return start, share[start]


# Issue 24: validation of the raw `keys` mapping (Strategy._keys_are_whole): every problem, located.


def key_problems(
    keys: dict[Any, Any], payers: Sequence[str] | None, years: tuple[int, tuple[int, int]] | None
) -> tuple[Located, Located]:
    """The problems of a strategy's keys as written: (problems of values, problems of mapping keys).
    `payers` and `years` (the base year, the period) are None when sofin cannot tell them (the file does
    not write them as a list or a period): the rules that need them are left out."""
    rules: Located = []
    key_rules: Located = []
    names = written_key_names(keys)
    known = _Names(names, frozenset(names))
    payer_names = None if payers is None else _Names(tuple(payers), frozenset(payers))
    for name, written in keys.items():
        if name in RESERVED_IDS:
            key_rules.append(((name,), Message("reserved_key_name", id=name)))
            continue
        for where, entry in _entries((name,), written, years, key_rules):
            if is_mix(entry):
                for at, weights in _entries((*where, MIX), entry[MIX], years, key_rules):
                    _check_weights(at, weights, (known, name), rules, key_rules)
            elif isinstance(entry, dict):
                _check_shares(where, entry, payer_names, rules, key_rules)
    key_rules += _mixes_made_well(keys)
    return rules, key_rules


def _entries(
    where: Where, written: Any, years: tuple[int, tuple[int, int]] | None, key_rules: Located
) -> Iterator[tuple[Where, Any]]:
    """The entries of a value that may be written by year, each with where it is; the years' own problems
    (outside the period, out of order, none for the base year) go to `key_rules`."""
    if not _by_year(written):
        yield where, written
        return
    if years is not None:
        base_year, period = years
        no_base_year = Message("no_key_for_base_year", base_year=base_year)
        key_rules += _year_problems(where, list(written), period, base_year, no_base_year)
    yield from _each_entry(where, written)


def _check_shares(
    where: Where,
    shares: dict[Any, Any],
    payers: "_Names | None",
    rules: Located,
    key_rules: Located,
) -> None:
    if payers is not None:
        key_rules += [
            ((*where, payer), unknown_id("unknown_key_payer", payer, payers.names))
            for payer in shares
            if is_id(payer) and payer not in payers.members  # a name that is no id is said to be so, once
        ]
    total = _sum_if_not_hundred(shares)
    if total is not None:
        rules.append((where, Message("key_not_hundred", total=Figure(total))))


class _Names(NamedTuple):
    """Names in the order written (to list them in a message), and as a set (to look names up in)."""

    names: tuple[str, ...]
    members: frozenset[str]


def _check_weights(where: Where, weights: Any, names: tuple[_Names, str], rules: Located, key_rules: Located) -> None:
    """A mix's weights name keys (`names`: every key, and the mix's own name) and sum to 100."""
    if not isinstance(weights, dict):
        return  # pydantic says what it should be
    known, own = names
    unknown = [part for part in weights if is_id(part) and part not in known.members]
    if unknown:
        # A mix is made of the other keys; of itself only in a cycle, said as one.
        others = tuple(name for name in known.names if name != own)
        key_rules += [((*where, part), unknown_id("unknown_mix_part", part, others)) for part in unknown]
    total = _sum_if_not_hundred(weights)
    if total is not None:
        rules.append((where, Message("weights_not_hundred", total=Figure(total))))


def _sum_if_not_hundred(numbers: dict[Any, Any]) -> Decimal | None:
    """The sum of numbers that do not sum to exactly 100; None when they do, or when one is no number (it is
    reported on its own)."""
    values = list(numbers.values())
    if not values or not all(_is_number(value) for value in values):
        return None
    total = sum((Decimal(value) for value in values), Decimal(0))
    return None if total == HUNDRED else total


def _mixes_made_well(keys: dict[Any, Any]) -> Located:
    """No mix is made of itself through its parts (a cycle), and none is deeper than MAX_MIX_DEPTH. Each
    knot of mixes made of each other is said once, naming its shortest cycle through the key written first,
    at the part of that key that leads round it (a mix of itself: that part)."""
    parts = {
        name: _mix_parts((name,), written)
        for name, written in keys.items()
        if isinstance(name, str) and name not in RESERVED_IDS
    }
    graph = {name: sorted({part for _, part in each if part in parts}) for name, each in parts.items()}
    problems: Located = []
    for cycle in mix_cycles(graph):
        where = next(at for at, part in parts[cycle[0]] if part == cycle[1])
        problems.append((where, Message("mix_cycle", cycle=" → ".join(cycle))))
    if problems:
        return problems  # how deep a cycle is, is not asked
    mixes = {name for name, written in keys.items() if any(is_mix(entry) for _, entry in _each_entry((), written))}
    depth_of = depths(graph, mixes)
    named = {part for each in graph.values() for part in each}
    # Said at the keys no other key names: a mix made of one too deep is deeper still, and not said again.
    return [
        ((name,), Message("mix_too_deep", depth=depth, most=MAX_MIX_DEPTH))
        for name, depth in depth_of.items()
        if depth > MAX_MIX_DEPTH and name not in named
    ]


def _mix_parts(where: Where, written: Any) -> list[tuple[Where, str]]:
    """Every key a key's mixes name, in any year, each where it is named (in the order written)."""
    found: list[tuple[Where, str]] = []
    for at, entry in _each_entry(where, written):
        if is_mix(entry):
            for weights_at, weights in _each_entry((*at, MIX), entry[MIX]):
                if isinstance(weights, dict):
                    found += [
                        ((*weights_at, part), part) for part in weights if isinstance(part, str) and part != DEFAULT_KEY
                    ]
    return found


def _each_entry(where: Where, written: Any) -> Iterator[tuple[Where, Any]]:
    """A value that may be written by year: each year's entry where it is, else the value itself."""
    if _by_year(written):
        yield from (((*where, year), entry) for year, entry in written.items())
    else:
        yield where, written

"""The strategy file's schema: what a valid strategy is, checked by pydantic.

Cross-field rules sit in field validators (not model validators) wherever possible, so that a
mistake in one part of the file does not hide the mistakes in another: pydantic reports all
field errors of a model together, while a model validator runs only once every field is valid.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeGuard

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
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from sofin.units import on_grid

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

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
            raise schema_error(f"must be a decimal number such as 1234 or 1234.56, not {value!r}")
        raise schema_error(
            "must be a number, not yes/no" if isinstance(value, bool) else f"must be a number, not {value!r}"
        )
    number = Decimal(value)
    if not number.is_finite():
        raise schema_error("must be a finite number")
    return number


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise schema_error(
            f"{value!r} is not a valid id: use lowercase letters, digits, '-' or '_', starting with a letter"
        )
    return value


def _on_unit_grid(value: Decimal, info: ValidationInfo) -> Decimal:
    unit = (info.context or {}).get("unit")
    if unit in UNITS and not on_grid(value, unit):
        raise schema_error(f"{value} is not a multiple of the rounding unit {unit}")
    return value


# The JSON Schema (`sofin schema`, for editors) says what the validators take; it changes no validation.
_JSON_BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}
YEAR_KEY = "^(19|2[0-9])[0-9]{2}$"  # a Year (1900-2999) as the key of a mapping


def _json_number(core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
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
Year = Annotated[StrictInt, Field(ge=1900, le=2999)]


def schema_error(message: str, kind: str = "sofin") -> PydanticCustomError:
    # No context is given, so the message is taken as it is, braces and all.
    return PydanticCustomError(kind, message)


Located = list[tuple[tuple[str | int, ...], str]]


KEY_PROBLEM = "sofin_key"  # the error type of a problem with a mapping's key rather than its value


def raise_at(errors: Located, value: Any, kind: str = "sofin") -> None:
    """Raise one located error per (loc, message), locs relative to the field being validated."""
    if errors:
        raise ValidationError.from_exception_data("strategy", _details(errors, value, kind))


def _details(errors: Located, value: Any, kind: str = "sofin") -> list[InitErrorDetails]:
    return [InitErrorDetails(type=schema_error(message, kind), loc=loc, input=value) for loc, message in errors]


def validate_list_with_rules(value: Any, handler: Any, rules: Located) -> list[Any]:
    """Validate a list's items and report its own rules too, all in one error.

    The rules look at the raw list, so a mistake inside one item does not hide, say, a duplicate
    id elsewhere in the list (pydantic runs after-validators only on fully valid values).
    """
    try:
        result: list[Any] = handler(value)  # a list field's validator: pydantic gives it back as a list
    except ValidationError as error:
        details = [
            InitErrorDetails(type=schema_error(detail["msg"], detail["type"]), loc=detail["loc"], input=detail["input"])
            for detail in error.errors(include_url=False)
        ]
        details += _details(rules, value)
        raise ValidationError.from_exception_data("strategy", details) from None
    raise_at(rules, value)
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
            errors.append(((index, "id"), f"id {entry_id!r} is already used by entry {first[entry_id]}"))
        first.setdefault(entry_id, index)
    return errors


def _is_number(value: Any) -> TypeGuard[int | Decimal]:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool) and Decimal(value).is_finite()


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Payer(StrictModel):
    """A municipality, a column of the table."""

    id: Id
    name: Text
    share: Annotated[Number, Field(gt=0, le=100, description="Its key share in percent; the shares sum to 100.")]


class Item(StrictModel):
    """A component of a line's amount (e.g. one salary); items are not split among payers."""

    label: Text
    pay_grade: Annotated[StrictInt, Field(ge=1, le=65)] | None = None
    funded_share: Annotated[Number, Field(gt=0, le=1)] | None = None
    amount: Amount


class Line(StrictModel):
    """A cost line of a society: an amount, items that make it up, or both (then they agree)."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["amount"]}, {"required": ["items"]}]})

    id: Id
    label: Text
    kind: Annotated[Literal["staff", "programme"], Field(description="Chooses the indexation rate.")]
    amount: Amount | None = None
    items: Annotated[list[Item], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _amount_matches_items(self) -> Line:
        if self.items is None:
            if self.amount is None:
                raise schema_error("a line needs an amount or items")
            return self
        total = self.total
        if self.amount is not None and self.amount != total:
            raise schema_error(f"amount {self.amount} differs from the sum of its items {total}")
        return self

    @property
    def total(self) -> Decimal:
        """The line's amount: as declared, or the sum of its items."""
        if self.items is None:
            assert self.amount is not None  # guaranteed by validation
            return self.amount
        return sum((item.amount for item in self.items), Decimal(0))


class Society(StrictModel):
    """A society, a row of the table with its cost lines beneath."""

    id: Id
    name: Text
    short: Annotated[Text, Field(description="The label in the table.")]
    in_kind: Annotated[Text | None, Field(description="A footnote: premises or services given in kind.")] = None
    in_kind_by: Annotated[Id | None, Field(description="The payer whose figure carries the footnote mark.")] = None
    lines: Annotated[list[Line], Field(min_length=1)]

    @field_validator("lines", mode="wrap")
    @classmethod
    def _unique_line_ids(cls, value: Any, handler: Any) -> list[Line]:
        return validate_list_with_rules(value, handler, duplicate_ids(value))


Rate = Annotated[Number, Field(gt=-100, le=100)]


class Rates(StrictModel):
    """Percent a year by which a cost kind's amounts change: a default, and exceptions by year."""

    model_config = ConfigDict(json_schema_extra=_year_keys)

    default: Rate
    year_rates: dict[int, Rate] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _gather_year_keys(cls, data: Any) -> Any:
        # The file writes exceptions beside the default ({default: 2, 2027: 2.5}).
        if not isinstance(data, dict) or "year_rates" in data:
            return data
        years = {key: value for key, value in data.items() if isinstance(key, int) and not isinstance(key, bool)}
        others = {key: value for key, value in data.items() if key not in years}
        return {**others, "year_rates": years}

    def for_year(self, year: int) -> Decimal:
        return self.year_rates.get(year, self.default)


class Indexation(StrictModel):
    staff: Rates
    programme: Rates


class Strategy(StrictModel):
    """A strategy file of sofin: who pays which share of which societies' costs, year by year."""

    strategy: Text
    period: Annotated[tuple[Year, Year], Field(description="The first and last year.", json_schema_extra=_items_alike)]
    base_year: Annotated[Year, Field(description="The year whose amounts are declared; inside the period.")]
    currency: Annotated[StrictStr, Field(pattern=r"^[A-Z]{3}$")]
    unit: Annotated[
        Number, Field(description="The rounding unit: 1 (whole units) or 0.01.", json_schema_extra={"enum": [1, 0.01]})
    ]
    payers: Annotated[list[Payer], Field(min_length=1, description="In column order.")]
    indexation: Indexation
    societies: Annotated[list[Society], Field(min_length=1, description="In table order.")]
    # Amounts the municipalities adopted, by year and amount path: they replace the indexed figure.
    adopted: dict[Year, dict[StrictStr, Amount]] = Field(
        default_factory=dict,
        description="Adopted amounts by year and path: they replace the indexed amount and are the next year's base.",
        json_schema_extra=_adopted_keys,
    )

    @field_validator("period")
    @classmethod
    def _period_in_order(cls, period: tuple[int, int]) -> tuple[int, int]:
        if period[0] > period[1]:
            raise schema_error("the period ends before it starts")
        return period

    @field_validator("base_year")
    @classmethod
    def _base_year_in_period(cls, year: int, info: ValidationInfo) -> int:
        period = info.data.get("period")
        if period and not period[0] <= year <= period[1]:
            raise schema_error(f"base year {year} is outside the period {period[0]}-{period[1]}")
        return year

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: Decimal) -> Decimal:
        if unit not in UNITS:
            raise schema_error(f"unit must be 1 (whole euros) or 0.01 (cents), not {unit}")
        return unit

    @field_validator("payers", mode="wrap")
    @classmethod
    def _payers_share_everything(cls, value: Any, handler: Any) -> list[Payer]:
        rules = duplicate_ids(value)
        shares = [entry.get("share") for _, entry in _raw_entries(value)]
        numbers = [Decimal(share) for share in shares if _is_number(share)]
        if shares and len(numbers) == len(shares):
            total = sum(numbers, Decimal(0))
            if total != HUNDRED:
                rules.append(((), f"shares sum to {total}, not exactly 100"))
        return validate_list_with_rules(value, handler, rules)

    @field_validator("societies", mode="wrap")
    @classmethod
    def _societies_are_distinct_and_known(cls, value: Any, handler: Any, info: ValidationInfo) -> list[Society]:
        rules = duplicate_ids(value)
        payers = info.data.get("payers")
        if payers is not None:
            known = {payer.id for payer in payers}
            rules += [
                ((index, "in_kind_by"), f"{entry['in_kind_by']!r} is not a payer id")
                for index, entry in _raw_entries(value)
                if isinstance(entry.get("in_kind_by"), str) and entry["in_kind_by"] not in known
            ]
        return validate_list_with_rules(value, handler, rules)

    @field_validator("adopted")
    @classmethod
    def _adopted_amounts_are_known(
        cls, adopted: dict[int, dict[str, Decimal]], info: ValidationInfo
    ) -> dict[int, dict[str, Decimal]]:
        period, base_year, societies = (info.data.get(name) for name in ("period", "base_year", "societies"))
        if period is None or base_year is None or societies is None:
            return adopted  # their own errors are reported; these rules need them valid
        known = amount_paths(societies)
        errors: Located = []
        for year, amounts in adopted.items():
            if not base_year < year <= period[1]:
                message = (
                    f"year {year} must be after the base year {base_year} and within the period {period[0]}-{period[1]}"
                )
                errors.append(((year,), message))
            errors += [((year, path), message) for path, message in _adopted_path_problems(amounts, known)]
        raise_at(errors, adopted, KEY_PROBLEM)
        return adopted

    @property
    def payer_ids(self) -> tuple[str, ...]:
        return tuple(payer.id for payer in self.payers)


def item_path(society: Society, line: Line, number: int) -> str:
    """The path of a line's item in adopted amounts: society/line/N, N counting from 1."""
    return f"{society.id}/{line.id}/{number}"


def amount_paths(societies: list[Society]) -> dict[str, str | None]:
    """Every path an adopted amount may name: lines, and items (mapped to their line's path)."""
    paths: dict[str, str | None] = {}
    for society in societies:
        for line in society.lines:
            line_path = f"{society.id}/{line.id}"
            paths[line_path] = None
            for number in range(1, len(line.items or ()) + 1):
                paths[item_path(society, line, number)] = line_path
    return paths


def _adopted_path_problems(amounts: dict[str, Decimal], known: dict[str, str | None]) -> list[tuple[str, str]]:
    problems = []
    for path in amounts:
        if path not in known:
            problems.append((path, f"{path!r} names no line or item; write society/line or society/line/N"))
        elif known[path] in amounts:
            problems.append((path, f"{path!r} is an item of {known[path]!r}, which is adopted as a whole that year"))
    return problems

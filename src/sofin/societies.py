"""A strategy's societies and their cost lines as written: the years they run, their amounts (on the
unit's grid), the items that make a line up, and the paths an adopted amount may name (amount_paths).

Annotations are objects, not text (no `from __future__ import annotations`): pydantic would compile and
evaluate each text annotation at every start. Only names defined later are quoted.
"""

from decimal import Decimal
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import AfterValidator, ConfigDict, Field, StrictInt, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from sofin.pay_schedules import Pay, other_within
from sofin.problems import Message
from sofin.units import on_grid
from sofin.validation import (
    UNITS,
    Id,
    Located,
    Number,
    StrictModel,
    Text,
    Year,
    duplicate_ids,
    raise_at,
    raw_entries,
    schema_error,
    validate_list_with_rules,
)


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


Amount = Annotated[Number, Field(ge=0, le=Decimal("1e12")), AfterValidator(_on_unit_grid)]


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
    def other_within_amount(cls, pay: Pay | None, info: ValidationInfo) -> Pay | None:
        return other_within(pay, info.data.get("amount"))

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
            rules = [((index, "pay"), _NOT_STAFF) for index, entry in raw_entries(value) if "pay" in entry]
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
        return other_within(pay, info.data.get("amount"))

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

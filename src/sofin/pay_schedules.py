"""The pay law as a strategy writes it: a line's or an item's `pay` block, the schedules of tranches
it names, and the schedules shipped as data in the package (`data/pay_schedules/`), which pay.py
computes month by month (README: "Staff costs by the pay law").

Annotations are objects, not text (no `from __future__ import annotations`): pydantic would compile and
evaluate each text annotation at every start. Only names defined later are quoted.
"""

import functools
import re
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from sofin.limits import MAX_AMOUNT, MAX_PAY
from sofin.problems import Figure, Message
from sofin.validation import (
    HUNDRED,
    Id,
    Located,
    Number,
    StrictModel,
    Text,
    as_written,
    cents,
    is_number,
    raise_at,
    raw_entries,
    schema_error,
    share_decimals,
    validate_list_with_rules,
)

_SHIPPED = "pay_schedules"  # the folder of sofin's data that holds the shipped schedules, one file each

PayAmount = Annotated[Number, Field(ge=0, le=MAX_PAY), AfterValidator(cents)]
# Before the reform, pay is more than 0: f(Y) of the years before the first tranche is 12 x before, and
# the year factor f(Y) / f(Y-1) divides by it. Its own bounds, so that -1 is not told "at least 0".
PositivePay = Annotated[Number, Field(gt=0, le=MAX_PAY), AfterValidator(cents)]
# The part of a yearly amount that is not pay: bounded as an amount is, in euros and cents.
OtherAmount = Annotated[Number, Field(ge=0, le=MAX_AMOUNT), AfterValidator(cents)]
SHIPPED_SCHEDULE = "reform-2025"  # the pay schedule a `pay` block takes when it names none (shipped in the package)


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


def other_within(pay: Pay | None, amount: Decimal | None) -> Pay | None:
    if pay is not None and amount is not None and pay.other > amount:
        raise_at([(("other",), Message("other_above_amount", other=pay.other, amount=amount))], pay)
    return pay


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _written_date(value: Any) -> Any:
    """A date as YAML writes one (2026-06-01); pydantic would take a number as seconds since 1970."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise schema_error(Message("not_a_date", written=as_written(value)))


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
        entries = raw_entries(value)
        dates = [(index, _date(entry.get("from"))) for index, entry in entries]
        known = [(index, day) for index, day in dates if day is not None]
        rules += [
            ((later, "from"), Message("tranches_out_of_order", day=day, earlier=earlier_day))
            for (_, earlier_day), (later, day) in zip(known, known[1:])
            if day <= earlier_day
        ]
        shares = [entry.get("share") for _, entry in entries]
        if all(share is None or is_number(share) for share in shares):
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


@functools.cache
def shipped_schedule_names() -> tuple[str, ...]:
    """The ids of the schedules shipped in the package: their files' names."""
    folder = resources.files("sofin") / "data" / _SHIPPED
    return tuple(sorted(entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml")))


@functools.cache
def shipped_schedule(name: str) -> PaySchedule:
    """A shipped schedule, validated as a strategy's own would be."""
    from sofin.source import parse

    text = (resources.files("sofin") / "data" / _SHIPPED / f"{name}.yaml").read_text(encoding="utf-8")
    return PaySchedule.model_validate(parse(text, f"{name}.yaml").data)

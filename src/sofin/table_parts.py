"""A published table's parts as sofin's JSON writes them (and a CSV's rows are read to): payers, rows and their
figures, the parts a line's amount comes from, keys, provenance, the scenario and the printed table beside it;
with the bounds of their figures, which are sums of many amounts. published.py's PublishedTable holds them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator

from sofin.domain.amounts import RateBasis, Source
from sofin.domain.scenario import Scenario, ScenarioPay, ScenarioRate
from sofin.limits import MAX_DIGITS, MAX_KEY_DIGITS, MAX_PAY, MAX_TABLE_AMOUNT
from sofin.problems import Figure, Message
from sofin.validation import (
    Id,
    StrictModel,
    TableNumber,
    Text,
    Year,
    cents,
    known_unit,
    rate_decimals,
    schema_error,
    share_decimals,
)


# A total or figure: a sum of many amounts, so past a strategy's own bound, but bounded all the same.
def _within_bounds(value: Decimal) -> Decimal:
    if abs(value) > MAX_TABLE_AMOUNT:
        raise schema_error(Message("beyond_table_bound", value=value, most=Figure(MAX_TABLE_AMOUNT)))
    return value


def _digits_as_written(value: Any, most: int = MAX_DIGITS) -> Any:
    """A number written as text has at most MAX_DIGITS digits, as one written as a number has (source.py):
    "0.000…1" with 5,000 decimals would be rounded at Decimal's 28 digits, or stop a formatter."""
    if isinstance(value, str):
        digits = sum(character.isdigit() for character in value)
        if digits > most:
            raise schema_error(Message("too_many_digits", digits=digits, most=Figure(most)))
    return value


def _key_digits_as_written(value: Any) -> Any:
    """Issue 24: a key's percent of a table of format 2 is sofin's exact computation, a mix's with every decimal
    it takes (12 more than its parts' each time a mix is made of mixes): bounded by MAX_KEY_DIGITS instead."""
    return _digits_as_written(value, MAX_KEY_DIGITS)


def _exact_digits_as_written(value: Any) -> Any:
    """An exact share (and the rounding error, their sum) is a total times a key's percent: a mix's percent's
    digits and a total's (issue 24)."""
    return _digits_as_written(value, MAX_KEY_DIGITS + MAX_DIGITS)


Number = Annotated[TableNumber, BeforeValidator(_digits_as_written)]
TableAmount = Annotated[Number, AfterValidator(_within_bounds)]
TableExact = Annotated[TableNumber, BeforeValidator(_exact_digits_as_written), AfterValidator(_within_bounds)]
TableShare = Annotated[Number, Field(gt=0, le=100), AfterValidator(share_decimals)]
TableUnit = Annotated[Number, Field(gt=0), AfterValidator(known_unit)]  # as in a strategy
TableRate = Annotated[Number, Field(gt=-100, le=100), AfterValidator(rate_decimals)]
Kind = Literal["staff", "programme"]


class TablePayer(StrictModel):
    id: Id
    name: str | None = None
    share: TableShare | None = None  # percent


TablePay = Annotated[TableNumber, Field(gt=0, le=MAX_PAY), AfterValidator(cents)]  # monthly pay, EUR


class TablePartPay(StrictModel):
    """How the pay law computed a part, as sofin's JSON writes it (render/allocate/json.py, README: "Staff costs by
    the pay law"): A = ((previous_amount - previous_other) x year_pay / previous_year_pay + previous_other)
    x (1 + rate/100), half-up to the unit."""

    schedule: Id
    schedule_source: Text
    source: Text | None = None  # where before and target come from
    scenario: bool = False  # before and target are a what-if of the command line (--pay)
    before: TablePay
    target: TablePay
    year_pay: Annotated[TableAmount, Field(gt=0)]  # f(Y)
    previous_year_pay: Annotated[TableAmount, Field(gt=0)]  # f(Y-1)
    factor: Annotated[Number, Field(gt=0)]  # f(Y) / f(Y-1), rounded for people: the two f are exact
    previous_amount: TableAmount  # A(Y-1)
    previous_other: TableAmount  # O(Y-1)
    other: TableAmount  # O(Y)


class TablePart(StrictModel):
    path: str
    label: str = ""
    amount: TableAmount
    source: Source
    rate: Number | None = None
    rate_basis: RateBasis | None = None
    rate_source: str | None = None
    projected: bool | None = None
    pay: TablePartPay | None = None  # computed by the pay law (written since pay blocks)


class TableRow(StrictModel):
    path: tuple[Id, ...]
    label: str = ""
    total: TableAmount
    allocation: dict[str, TableAmount]
    exact: dict[str, TableExact] | None = None  # written by sofin; not trusted, recomputed
    parts: list[TablePart] | None = None  # where a line's amount comes from, as sofin wrote it
    projected: bool | None = None
    key: Id | None = None  # issue 24: a line's key by name (format_version 2, or the CSV's key column)

    @field_validator("allocation", "exact", mode="wrap")
    @classmethod
    def _figures(cls, value: Any, handler: Any) -> dict[str, Decimal] | None:
        plain = _plain_figures(value)
        return handler(value) if plain is None else plain


# Issue 27 item 2: a row's figures as sofin writes them, a national table's hundreds of thousands: decimal texts
# whose digits are within every bound (below MAX_TABLE_AMOUNT before the point, MAX_DIGITS in all), matched a row
# at a time, each followed by a space. The bounds come from limits, so that this never accepts what they refuse.
_WHOLE_DIGITS = len(str(int(MAX_TABLE_AMOUNT))) - 1
_PLAIN_FIGURES = re.compile(rf"(?:-?[0-9]{{1,{_WHOLE_DIGITS}}}(?:\.[0-9]{{1,{MAX_DIGITS - _WHOLE_DIGITS}}})? )+")


def _plain_figures(value: Any) -> dict[str, Decimal] | None:
    """The figures by payer, when every one is a plain decimal text within bounds: what validating each would give,
    a row at a time. None for anything else, which pydantic then validates figure by figure, naming each problem."""
    if type(value) is not dict or not value or set(map(type, value)) != {str}:
        return None
    try:
        figures = " ".join(value.values()) + " "  # TypeError: a figure that is not text
        if _PLAIN_FIGURES.fullmatch(figures) is None:
            return None
        return dict(zip(value, map(Decimal, value.values())))  # InvalidOperation: a text with a space inside
    except (TypeError, InvalidOperation):
        return None


# A key's percent, as sofin computed it: a mix's with all its decimals (MAX_KEY_DIGITS); the mix's weights as written.
TableKeyShare = Annotated[TableNumber, BeforeValidator(_key_digits_as_written), Field(ge=0, le=100)]
TableKeyWeight = Annotated[Number, Field(ge=0, le=100), AfterValidator(share_decimals)]


class TableKey(StrictModel):
    """A key of a table of format_version 2 (issue 24): its percent for every payer, and a mix's parts."""

    name: Id  # `default`: the payers' own shares
    shares: dict[Id, TableKeyShare]
    mix: dict[Id, TableKeyWeight] | None = None  # a mix's weights by key name


class TableProvenance(StrictModel):
    strategy_sha256: Text
    sofin_version: Text


class TableAssumption(StrictModel):
    """A rate not adopted that the table's projected figures rest on, as sofin's JSON writes it."""

    year: Year
    kind: Kind
    rate: TableRate
    basis: Literal[RateBasis.planned, RateBasis.scenario]


class TableScenarioRate(StrictModel):
    kind: Kind
    year: Year
    rate: TableRate


class TableScenarioPay(StrictModel):
    path: Text
    before: TablePay
    target: TablePay


class TableScenarioKey(StrictModel):
    """A --key of the scenario: a named key's percent for a payer (issue 24 item 4)."""

    key: Id
    payer: Id
    percent: TableKeyShare


class TableScenario(StrictModel):
    """The what-ifs a table was computed with, as sofin's JSON writes them."""

    shares: dict[Id, TableShare]
    rates: list[TableScenarioRate]
    pays: list[TableScenarioPay] = []
    keys: list[TableScenarioKey] = []  # issue 24 item 4: only when given

    def as_scenario(self) -> Scenario:
        rates = tuple(ScenarioRate(rate.kind, rate.year, rate.rate) for rate in self.rates)
        pays = tuple(ScenarioPay(pay.path, pay.before, pay.target) for pay in self.pays)
        keys = tuple((each.key, each.payer, Decimal(each.percent)) for each in self.keys)
        return Scenario(tuple(self.shares.items()), rates, pays, keys)


class TablePrintedFigure(StrictModel):
    """A figure in which the strategy's printed table and sofin's differ (issue 23 item 9)."""

    path: tuple[Id, ...]
    payer: Id | None = None  # None: the row's total
    printed: TableAmount | None = None  # None: the printed table has no such row
    sofin: TableAmount | None = None  # None: sofin's table has no such row


class TablePrinted(StrictModel):
    """The strategy's printed table of the year beside sofin's, as sofin's JSON writes it (issue 23 item 9)."""

    source: Text  # the printed table's file as the strategy names it
    reconciles: bool | None  # None, with figures: the file was not there, nothing compared
    figures: list[TablePrintedFigure] | None

"""The strategy file's schema: what a valid strategy is, checked by pydantic. The Strategy holds its
payers, rates and printed tables here; its societies (societies.py), keys (strategy_keys.py) and pay
schedules (pay_schedules.py) beside, its rules across fields in strategy_rules.py, and the toolkit it
shares with the table reader in validation.py.

Cross-field rules sit in field validators (not model validators) wherever possible, so that a
mistake in one part of the file does not hide the mistakes in another: pydantic reports all
field errors of a model together, while a model validator runs only once every field is valid.

Annotations are objects, not text (no `from __future__ import annotations`): pydantic would compile and
evaluate each text annotation at every start. Only names defined later, or imported for typing, are quoted.
"""

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

from pydantic import (
    AfterValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StrictStr,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from sofin.limits import MAX_PERIOD_YEARS
from sofin.pay_schedules import SHIPPED_SCHEDULE, PaySchedule, shipped_schedule_names
from sofin.problems import Message, unknown_id
from sofin.societies import Amount, Society, amount_paths
from sofin.strategy_keys import ONLY_IDS, Key, Mix, by_year, key_problems, known_key_names, unknown_keys, written_names
from sofin.strategy_rules import (
    adopted_path_problems,
    items_of_lines_adopted_whole,
    one_key_sums_to_hundred,
    reserved_ids,
    running_years,
    share_years,
    unknown_schedules,
    yearly_keys_sum_to_hundred,
    years_without_lines,
)
from sofin.validation import (
    KEY_PROBLEM,
    MAPPING,
    NUMBER,
    SLUG,
    TABLE_SUFFIXES,
    YEAR_KEY,
    Id,
    Located,
    Number,
    StrictModel,
    Text,
    Year,
    duplicate_ids,
    known_unit,
    raise_at,
    rate_decimals,
    raw_entries,
    schema_error,
    share_decimals,
    validate_list_with_rules,
)

if TYPE_CHECKING:
    from sofin.domain.scenario import Scenario


_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _currency_code(value: str) -> str:
    # said in words ("three capital letters, e.g. EUR"), not as the pattern: issue 23, item 7
    if not _CURRENCY.fullmatch(value):
        raise schema_error(Message("currency_code", written=value))
    return value


def _items_alike(schema: dict[str, Any]) -> None:
    """A tuple of equal items as `items`: editors read JSON Schema draft 7, which knows no prefixItems."""
    schema["items"] = schema.pop("prefixItems")[0]


def _year_keys(schema: dict[str, Any]) -> None:
    """Rates as the file writes them: a year's rate beside the default ({default: 2, 2027: 2.5})."""
    schema["patternProperties"] = {YEAR_KEY: schema["properties"].pop("year_rates")["additionalProperties"]}


def _adopted_keys(schema: dict[str, Any]) -> None:
    """Adopted amounts are keyed by year, then by amount path: society/line or society/line/N."""
    slug = SLUG.pattern
    schema["propertyNames"] = {"pattern": YEAR_KEY}
    schema["additionalProperties"]["propertyNames"] = {"pattern": f"^{slug}/{slug}(/[1-9][0-9]*)?$"}


def _written_as(value: Any) -> str:
    """Which of two ways a value was written: a mapping, or a plain number."""
    return MAPPING if isinstance(value, dict) else NUMBER


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
        rules = duplicate_ids(value) + reserved_ids(value)
        shares = {index: entry.get("share") for index, entry in raw_entries(value)}
        period, base_year = info.data.get("period"), info.data.get("base_year")
        if not any(isinstance(share, dict) for share in shares.values()):
            rules += one_key_sums_to_hundred(shares)
        elif period is not None and base_year is not None:  # else their own problems are reported
            years = [
                problem for index, share in shares.items() for problem in share_years(index, share, period, base_year)
            ]
            if years:
                return validate_list_with_rules(value, handler, rules, years)
            rules += yearly_keys_sum_to_hundred(shares, range(base_year, period[1] + 1))
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
                for index, entry in raw_entries(value)
                if isinstance(entry.get("in_kind_by"), str) and entry["in_kind_by"] not in known
            ]
        period, base_year = info.data.get("period"), info.data.get("base_year")
        if period is not None and base_year is not None:
            years = [
                problem
                for index, entry in raw_entries(value)
                for problem in running_years(index, entry, period, base_year)
            ]
            rules += years or years_without_lines(value, range(base_year, period[1] + 1))
        schedules = info.data.get("pay_schedules")
        if schedules is not None:  # else their own problems are reported
            rules += unknown_schedules(value, set(schedules))
        known_keys = known_key_names(info)
        if known_keys is not None:
            rules += unknown_keys(value, known_keys)
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
        payer_ids = written_names(info, "payer_ids") if payers is None else [payer.id for payer in payers]
        years = None if period is None or base_year is None else (base_year, period)
        rules, key_rules = key_problems(value, payer_ids, years)
        result: Any = validate_list_with_rules(value, handler, rules, key_rules)  # a mapping's, here
        return result  # type: ignore[no-any-return]

    @field_validator("pay_schedules")
    @classmethod
    def _shipped_schedules_kept(cls, schedules: dict[str, PaySchedule]) -> dict[str, PaySchedule]:
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
            errors += [((year, path), message) for path, message in adopted_path_problems(amounts, known, year)]
        errors += items_of_lines_adopted_whole(adopted, amount_paths(societies, base_year, base_year))
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
            if by_year(written):
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

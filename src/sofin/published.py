"""Read a published allocation table (sofin's JSON or CSV, or a hand transcription) to check or compare.

The reading half of `sofin check`: text -> exact data with marks -> a validated PublishedTable,
every problem located as FILE:LINE:COL like the strategy loader's. A JSON table whose bytes are
exactly those sofin writes is read by orjson (`_as_sofin_wrote_it`, issue 27 item 2); any other JSON
text by Python's json module to exact data (`source.json_data`), which a national table of millions
of figures needs; a JSON text with anything wrong in it is read again through the same YAML composer
as strategy files (JSON is YAML), which knows every value's place.

CSV is the format of `sofin allocate --format csv`: a header `level,path,label,projected,total,<payer ids>`
(with `key` after `projected` for a strategy with keys of its own: each line's key by name), then one line
per row. A transcription may add a line with level `key` whose payer cells hold
the key shares in percent, as the printed tables do under the municipalities' names. The unit is
read from how the amounts are written (all whole: 1; all with two decimals: 0.01). A text cell is
read without the apostrophe sofin put before it to keep a spreadsheet from running it (cells.py).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from sofin.cells import COMMENT, CSV_HEADER, KEY_COLUMN, unescape_formula
from sofin.graphs import mix_cycles
from sofin.keys import as_decimal
from sofin.limits import (
    MAX_CSV_BYTES,
    MAX_CSV_FIELD,
    MAX_DIGITS,
    MAX_KEY_DIGITS,
    MAX_PAY,
    MAX_ROWS,
    MAX_SHARE_DECIMALS,
    MAX_TABLE_AMOUNT,
    MAX_TABLE_BYTES,
)
from sofin.problems import Figure, InputError, Message, Problem, unknown_id
from sofin.results.allocate import (
    FORMAT_VERSION,
    KEYS_FORMAT_VERSION,
    RateBasis,
    RowTree,
    Scenario,
    ScenarioPay,
    ScenarioRate,
    Source,
)
from sofin.source import (
    STDIN,
    Document,
    Marks,
    decode,
    input_name,
    json_data,
    not_printable,
    parse,
    read_bytes,
    read_otherwise_by_yaml,
    too_large,
    unusable_character,
)
from sofin.units import on_grid
from sofin.validation import (
    DEFAULT_KEY,
    MIX,
    RESERVED_IDS,
    TABLE_SUFFIXES,
    Id,
    StrictModel,
    TableNumber,
    Text,
    Year,
    cents,
    duplicate_ids,
    known_unit,
    located_problems,
    raise_at,
    rate_decimals,
    schema_error,
    share_decimals,
    validate_list_with_rules,
)

# The form sofin wrote before the projected column (issue 23), which tables people keep still have:
# a projected row's label ended with the projection mark, and notes for people were lines of level `note`.
CSV_COLUMNS = ("level", "path", "label", "total")
# Issue 24: the header of a strategy with keys of its own, each line row's key by name after `projected`.
KEYED_CSV_HEADER = (*CSV_HEADER[:4], KEY_COLUMN, *CSV_HEADER[4:])
OLD_PROJECTION_MARK = " †"
NOTE_LEVEL = "note"
KEY_LEVEL = "key"
_PROJECTED = {"1": True, "0": False, "": None}  # the projected column's cells
CSV_TABLES = "csv_tables"  # as the message of their size bound names them (source.too_large)


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
    """How the pay law computed a part, as sofin's JSON writes it (render/json.py, README: "Staff costs by
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


class _Places:
    """Where each value of a table's file stands. The located path knows it at once; the json module's (a
    national table's millions of figures) keeps the text, read again through the composer only when asked (a
    table with findings), so that a table that reconciles costs nothing more. Not part of what a table is: the
    same table read either way, or from either form of CSV, is equal (pydantic compares private attributes)."""

    def __init__(self, marks: Marks | None = None, text: str | None = None, name: str = "") -> None:
        self._marks, self._text, self._name = marks, text, name

    def located(self) -> Marks | None:
        if self._marks is None and self._text is not None:
            self._marks = parse(self._text, self._name, bound_every_value=False).marks
            self._text = None
        return self._marks

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Places)

    __hash__ = None  # type: ignore[assignment]


class PublishedTable(StrictModel, RowTree[TableRow]):
    format_version: int | None = None  # sofin's JSON since format 1 (schema/table.schema.json); older has none
    strategy: str | None = None
    year: Year | None = None
    currency: str | None = None
    unit: TableUnit | None = None  # 1 or 0.01, however written
    payers: Annotated[list[TablePayer], Field(min_length=1)]
    rows: Annotated[list[TableRow], Field(min_length=1, max_length=MAX_ROWS)]
    rounding_error: TableExact | None = None
    footnotes: list[str] | None = None
    fair_period: bool | None = None
    provenance: TableProvenance | None = None
    # Whether figures rest on rates not adopted (None: a table from before sofin said so), on which
    # rates, and the command line's what-ifs it was computed with.
    projected: bool | None = None
    assumptions: list[TableAssumption] | None = None
    scenario: TableScenario | None = None
    printed: TablePrinted | None = None  # issue 23 item 9: how the strategy's printed table differs
    keys: list[TableKey] | None = None  # issue 24: every key of a table of format_version 2, `default` first

    # Whether the table writes the unit 1 as 1.000: sofin did for a strategy that wrote it so, and
    # wrote every figure with three zero decimals then (601.000), none of them a thousands point.
    _unit_written_in_thousandths: bool = PrivateAttr(default=False)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_how_the_unit_is_written(cls, data: Any, handler: Any) -> PublishedTable:
        table: PublishedTable = handler(data)
        if table.unit == 1 and isinstance(data, dict):  # then "unit" is a number, or one as text
            written = data["unit"]
            exponent = Decimal(written.strip() if isinstance(written, str) else written).as_tuple().exponent
            table._unit_written_in_thousandths = exponent == -3
        return table

    @property
    def unit_written_in_thousandths(self) -> bool:
        return self._unit_written_in_thousandths

    # Whether the figures are written with a decimal comma (a CSV as a Slovenian spreadsheet saves it):
    # `check` shows a misread figure as the file writes it (issue 23, item 6).
    _decimal_comma: bool = PrivateAttr(default=False)

    @property
    def decimal_comma(self) -> bool:
        return self._decimal_comma

    # Issue 24: where a CSV first names each key (line, column), to locate a key its strategy does not have.
    _key_cells: dict[str, tuple[int, int]] = PrivateAttr(default_factory=dict)

    @property
    def key_cells(self) -> dict[str, tuple[int, int]]:
        return self._key_cells

    # Issue 25 item 1: where each value of the file stands, for check's findings (see _Places).
    _places: _Places = PrivateAttr(default_factory=lambda: _Places())

    def cell_place(self, path: tuple[str, ...], payer: str | None) -> tuple[int, int] | None:
        """The 1-based (line, column) of a row's figure for `payer` (None: the row's total) in the table's file;
        None when the table has no such row or its place is not known (a table not read from a file)."""
        index = self._row_index.get(path)
        marks = self._places.located()
        if index is None or marks is None:
            return None
        where = ("rows", index, "total") if payer is None else ("rows", index, "allocation", payer)
        return marks.values.get(where)

    @cached_property
    def _row_index(self) -> dict[tuple[str, ...], int]:
        index: dict[tuple[str, ...], int] = {}
        for at, row in enumerate(self.rows):
            index.setdefault(row.path, at)
        return index

    @property
    def row_keys(self) -> tuple[str, ...]:
        """Every key the rows name, in the order they first do."""
        return tuple(dict.fromkeys(row.key for row in self.rows if row.key is not None))

    @field_validator("format_version")
    @classmethod
    def _a_format_this_sofin_reads(cls, value: int | None) -> int | None:
        if value is not None and value not in (FORMAT_VERSION, KEYS_FORMAT_VERSION):
            raise schema_error(
                Message("table_format_version", known=(FORMAT_VERSION, KEYS_FORMAT_VERSION), found=value)
            )
        return value

    @field_validator("payers", mode="wrap")
    @classmethod
    def _payers_are_distinct(cls, value: Any, handler: Any) -> list[TablePayer]:
        return validate_list_with_rules(value, handler, duplicate_ids(value))

    @model_validator(mode="after")
    def _rows_form_one_tree(self) -> PublishedTable:
        ids = [payer.id for payer in self.payers]
        errors: list[tuple[tuple[str | int, ...], Message]] = []
        first: dict[tuple[str, ...], int] = {}
        for index, row in enumerate(self.rows):
            if row.path in first:
                errors.append((("rows", index, "path"), Message("row_twice", path="/".join(row.path))))
            first.setdefault(row.path, index)
            if sorted(row.allocation) != sorted(ids):
                errors.append((("rows", index, "allocation"), Message("figure_for_each_payer", ids=tuple(ids))))
        for index, row in enumerate(self.rows):
            if row.path and row.path[:-1] not in first:
                parent = "/".join(row.path[:-1])
                message = Message("parent_row_missing", parent=parent) if parent else Message("total_is_parent_missing")
                errors.append((("rows", index, "path"), message))
        if () not in first:
            errors.append((("rows",), Message("total_row_missing")))
        raise_at(errors, self)
        return self

    @model_validator(mode="after")
    def _keys_are_whole(self) -> PublishedTable:
        """Issue 24: a table of format 2 has its keys, one of format 1 none; each key gives every payer a
        percent (the default key the payers' own shares, a mix its parts' weighted sum, exactly), and each row's
        key is one of them. Whether a key sums to 100 is check's finding (key_sum), as for the payers' shares."""
        raise_at(table_key_problems(self), self)
        return self

    @property
    def payer_names(self) -> dict[str, str]:
        """Each payer's name, or its id when the table names none."""
        return {payer.id: payer.name or payer.id for payer in self.payers}

    @property
    def payer_ids(self) -> tuple[str, ...]:
        return tuple(payer.id for payer in self.payers)

    @property
    def shares(self) -> dict[str, Decimal] | None:
        """The key shares written in the table, when it has them all."""
        if any(payer.share is None for payer in self.payers):
            return None
        return {payer.id: payer.share for payer in self.payers if payer.share is not None}


Located = list[tuple[tuple[str | int, ...], Message]]


def table_key_problems(table: PublishedTable) -> Located:
    """Every problem of a table's keys and its rows' keys, each where it is."""
    if table.format_version == KEYS_FORMAT_VERSION and table.keys is None:
        return [(("format_version",), Message("table_keys_missing", version=KEYS_FORMAT_VERSION))]
    if table.keys is None:  # a CSV names its rows' keys only; sofin's JSON of format 1 names none
        version = table.format_version
        return [
            (("rows", index, "key"), Message("table_keys_version", version=KEYS_FORMAT_VERSION))
            for index, row in enumerate(table.rows)
            if version is not None and row.key is not None
        ] or _keys_on_totals(table)
    if table.format_version != KEYS_FORMAT_VERSION:
        return [(("keys",), Message("table_keys_version", version=KEYS_FORMAT_VERSION))]
    errors: Located = []
    names = [key.name for key in table.keys]
    if DEFAULT_KEY not in names:
        errors.append((("keys",), Message("table_default_key_missing")))
    errors += _reserved_names(table)
    errors += [
        (("keys", index, "name"), Message("table_key_twice", id=name))
        for index, name in enumerate(names)
        if name in names[:index]
    ]
    errors += _mix_cycles(table.keys)
    for index, key in enumerate(table.keys):
        errors += _key_share_problems(table, index, key, names)
    errors += [
        (("rows", index, "key"), unknown_id("unknown_table_key", row.key, names))
        for index, row in enumerate(table.rows)
        if row.key is not None and row.key not in names and names  # no keys at all: said once, above
    ]
    return errors + _keys_on_totals(table)


# Issue 24 (review, finding 4): a table's keys follow the strategy's rules: `mix` names no key and no payer,
# `default` (the payers' own shares) is no mix, and no mix is made of itself through its parts.


def _reserved_names(table: PublishedTable) -> Located:
    assert table.keys is not None
    errors: Located = [
        (("keys", index, "name"), Message("reserved_key_name", id=key.name))
        for index, key in enumerate(table.keys)
        if key.name == MIX
    ]
    errors += [
        (("keys", index, "mix"), Message("table_default_key_mix"))
        for index, key in enumerate(table.keys)
        if key.name == DEFAULT_KEY and key.mix is not None
    ]
    return errors + [
        (("payers", index, "id"), Message("reserved_id", id=payer.id))
        for index, payer in enumerate(table.payers)
        if payer.id in RESERVED_IDS
    ]


def _mix_cycles(keys: list[TableKey]) -> Located:
    """Each knot of mixes made of each other, once, at the part of its first key that leads round it (the
    strategy loader's rule and words: keys.mix_cycles)."""
    index: dict[str, int] = {}
    for at, key in enumerate(keys):
        index.setdefault(key.name, at)  # a name given twice (said so) counts as first given
    mixes = {name: list(mix) for name, at in index.items() if (mix := keys[at].mix) is not None}
    graph = {name: [part for part in parts if part in mixes] for name, parts in mixes.items()}
    return [
        (("keys", index[cycle[0]], "mix", cycle[1]), Message("mix_cycle", cycle=" → ".join(cycle)))
        for cycle in mix_cycles(graph)
    ]


def _keys_on_totals(table: PublishedTable) -> Located:
    """A total (the grand total, a society) is the sum of its lines, whatever their keys: it names none."""
    return [
        (("rows", index, "key"), Message("table_total_key", id=row.key))
        for index, row in enumerate(table.rows)
        if row.key is not None and table.children(row.path)
    ]


def _key_share_problems(table: PublishedTable, index: int, key: TableKey, names: list[str]) -> Located:
    """A key's percents: one for each payer; the default key's the payers' shares; a mix's its parts' weighted sum."""
    where: tuple[str | int, ...] = ("keys", index, "shares")
    payers = table.payer_ids
    if sorted(key.shares) != sorted(payers):
        return [(where, Message("table_key_for_each_payer", ids=tuple(payers)))]
    if key.name == DEFAULT_KEY:
        return [
            ((*where, payer.id), Message("table_default_key_share", share=payer.share))
            for payer in table.payers
            if payer.share is not None and key.shares[payer.id] != payer.share
        ]
    if key.mix is None:
        return [
            (
                (*where, payer),
                Message("share_decimals", value=share, written=-_exponent(share), most=MAX_SHARE_DECIMALS),
            )
            for payer, share in key.shares.items()
            if -_exponent(share) > MAX_SHARE_DECIMALS
        ]
    return _mix_problems(table, index, key, names)


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _mix_problems(table: PublishedTable, index: int, key: TableKey, names: list[str]) -> Located:
    """A mix's parts are keys of the table, and its percent for each payer is their weighted sum, exactly."""
    assert table.keys is not None and key.mix is not None
    unknown: Located = [
        (("keys", index, "mix", part), unknown_id("unknown_table_key", part, names))
        for part in key.mix
        if part not in names
    ]
    if unknown:
        return unknown
    by_name = {each.name: each for each in table.keys}
    if any(sorted(by_name[part].shares) != sorted(table.payer_ids) for part in key.mix):
        return []  # that part's own problem is reported
    errors: Located = []
    for payer in table.payer_ids:  # in fractions: Decimal's context would round a mix of mixes' many decimals
        made = sum(
            (Fraction(weight) * Fraction(by_name[part].shares[payer]) for part, weight in key.mix.items()), Fraction(0)
        )
        if Fraction(key.shares[payer]) != made / 100:
            errors.append((("keys", index, "shares", payer), Message("table_mix_share", share=as_decimal(made / 100))))
    return errors


def read_table(path: Path, whole_units: bool = False) -> PublishedTable:
    """A published table from a .json or .csv file (or "-": standard input, JSON when it starts with
    a brace), or an InputError with every problem located.

    With `whole_units`, a figure or total off the table's unit grid is such a problem too: `diff`
    compares figures, while `check` reads them as they are and reports each as a finding.
    """
    name = input_name(path)
    text, raw, is_json = _table_text(path, name)
    quick = _valid_json_table(text, whole_units, raw) if is_json else None
    if quick is None:
        return located_table(text, name, is_json, whole_units)
    quick._places = _Places(text=text, name=name)
    return quick


def located_table(text: str, name: str, is_json: bool, whole_units: bool = False) -> PublishedTable:
    """The table read with the place of every value known, or an InputError with every problem located."""
    # A table in JSON is bounded by its bytes: its values are many more than a strategy's.
    document = parse(text, name, bound_every_value=False) if is_json else parse_csv(text, name)
    if not isinstance(document.data, dict):
        not_a_table = [] if document.problems else [Problem(name, 1, 1, "", Message("table_not_an_object"))]
        raise InputError([*document.problems, *not_a_table])
    try:
        table = PublishedTable.model_validate(document.data)
    except ValidationError as error:
        raise InputError((*document.problems, *located_problems(document, error))) from None
    if document.problems:
        raise InputError(document.problems)
    table._places = _Places(document.marks)
    table._decimal_comma = not is_json and _delimiter(_LINE_BREAK.split(text, maxsplit=1)[0]) == ";"
    for index, row in reversed(list(enumerate(table.rows))):  # the first row of each key stays
        place = document.marks.values.get(("rows", index, "key"))
        if row.key is not None and place is not None:
            table._key_cells[row.key] = place
    if whole_units:
        try:
            raise_at(_off_the_grid(table), table)
        except ValidationError as error:
            raise InputError(located_problems(document, error)) from None
    return table


def _table_text(path: Path, name: str) -> tuple[str, bytes, bool]:
    """The table's text, its bytes and whether it is JSON, within the bound of its format (known from the name,
    or for standard input once read: JSON when it starts with a brace)."""
    from_stdin = str(path) == STDIN
    if not from_stdin and path.suffix.lower() not in TABLE_SUFFIXES:
        raise InputError([Problem(name, None, None, "", Message("table_file_kind"))])
    csv_file = not from_stdin and path.suffix.lower() == ".csv"
    if csv_file:
        raw = read_bytes(path, MAX_CSV_BYTES, CSV_TABLES)
    else:
        raw = read_bytes(path, MAX_TABLE_BYTES, "tables" if from_stdin else "json_tables")
    text = decode(raw, name)
    is_json = re.match(r"\s*\{", text) is not None if from_stdin else not csv_file
    if not is_json and len(raw) > MAX_CSV_BYTES:
        raise InputError([too_large(name, MAX_CSV_BYTES, CSV_TABLES)])
    return text, raw, is_json


def _valid_json_table(text: str, whole_units: bool, raw: bytes | None = None) -> PublishedTable | None:
    """The table, when the JSON text holds one with nothing wrong in it; else None, for the located path.

    Every rule is the located path's (the same data, the same validation), so a table read either
    way is the same; json_data spares a national table the composer's minutes and gigabytes, and a
    table as sofin wrote it is read faster still (_as_sofin_wrote_it).
    """
    data = _as_sofin_wrote_it(text.encode("utf-8") if raw is None else raw)
    if data is None:
        data = json_data(text)
    if not isinstance(data, dict):
        return None
    try:
        table = PublishedTable.model_validate(data)
    except ValidationError:
        return None
    if whole_units and _off_the_grid(table):
        return None
    return table


_BOM = b"\xef\xbb\xbf"
_ASCII = bytes(range(0x80))
_NOT_CONTROLS = b"\t\n\r" + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))


def _as_sofin_wrote_it(raw: bytes) -> Any | None:
    """The data of a JSON table whose bytes are exactly those sofin writes for that data (render/document.py:
    orjson's two-space indents, and a line end), with no number that is not whole and no character a value may
    not hold: then json_data would build the same data (no escape, no key twice, no exponent or decimal point
    in a number), in a fraction of its time (issue 27 item 2). None for any other text, which json_data reads."""
    body = raw.removeprefix(_BOM)  # as decode's utf-8-sig
    # No escape, no control character (found in the bytes), nor a character beyond ASCII that YAML reads otherwise:
    # no ASCII one is but the controls, so the others' bytes are read alone.
    if b"\\" in body or body.translate(None, _NOT_CONTROLS) or read_otherwise_by_yaml(_beyond_ascii(body)):
        return None
    import orjson  # here: a CSV table, as the printed one under `sofin allocate 2025`'s table, needs none of it

    try:
        data = orjson.loads(body)
        written = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return None
    # Only an object can be a table; any other root goes to json_data, whose located path names the problem.
    return data if type(data) is dict and written == body and not _any_float(data) else None


def _beyond_ascii(body: bytes) -> str:
    return body.translate(None, _ASCII).decode("utf-8")


def _any_float(data: Any) -> bool:
    """Whether a number of the data is a float: written with a point or an exponent, which json_data reads
    exactly (or not at all), orjson not."""
    stack = [data]
    while stack:
        value = stack.pop()
        values = value.values() if type(value) is dict else value
        kinds = set(map(type, values))
        if float in kinds:
            return True
        if dict in kinds or list in kinds:
            stack += [each for each in values if type(each) is dict or type(each) is list]
    return False


def _off_the_grid(table: PublishedTable) -> list[tuple[tuple[str | int, ...], Message]]:
    unit = table.unit if table.unit is not None else Decimal(1)
    errors: list[tuple[tuple[str | int, ...], Message]] = []
    on_the_grid = plainly_on_grid(unit)
    for index, row in enumerate(table.rows):
        if on_the_grid(row):
            continue
        if not on_grid(row.total, unit):
            errors.append((("rows", index, "total"), Message("table_off_grid", figure=row.total, unit=unit)))
        errors += [
            (("rows", index, "allocation", payer), Message("table_off_grid", figure=figure, unit=unit))
            for payer, figure in row.allocation.items()
            if not on_grid(figure, unit)
        ]
    return errors


def plainly_on_grid(unit: Decimal) -> Callable[[TableRow], bool]:
    """Whether a row's total and figures are all plainly on the unit's grid: whole (unit 1) or with at most two
    decimals (0.01), as their texts show (a national table's rows at a time: issue 27 item 2). False says nothing:
    each figure of such a row, or of another unit, is then looked at alone (units.on_grid)."""
    decimals = {"1": "", "0.01": r"(?:\.[0-9]{1,2})?"}.get(str(unit))  # by the unit as written: not 1.000
    if decimals is None:
        return lambda row: False
    plain = re.compile(rf"-?[0-9]+{decimals}")
    spaced = re.compile(rf"(?:-?[0-9]+{decimals} )*")

    def on_the_grid(row: TableRow) -> bool:
        return plain.fullmatch(str(row.total)) is not None and (
            spaced.fullmatch(" ".join(map(str, row.allocation.values())) + " ") is not None
        )

    return on_the_grid


def parse_csv(text: str, name: str) -> Document:
    """sofin's CSV table as the data of its JSON form, with the line and column of every cell.

    Read as sofin writes it (`,`, decimal points), or as a Slovenian spreadsheet saves it: `;`
    between cells, then decimal commas and thousands dots (11.768,00). The header tells which, and
    whether the table has a `projected` column or is of the form sofin wrote before it (a projected
    row's label marked ` †`, notes on lines of level `note`). A BOM and CRLF line ends are accepted
    either way; a line that starts with `#` where a row would start is a comment, as pandas reads it,
    and so is a record whose first cell is `#` (a note a spreadsheet saved again with quotes: "#";"...").
    The table is projected when a row is, not when every row says it is not, unknown otherwise.
    """
    marks = Marks()
    problems: list[Problem] = []
    # Lines as the csv module reads them: CR, LF or CRLF. (str.splitlines also breaks at a form feed
    # or U+2028 inside a label, and every later place would be off; StringIO's default newline
    # leaves a lone CR, as old Macs end lines, inside a field, which the csv module refuses.)
    lines = _LINE_BREAK.split(text)
    delimiter = _delimiter(lines[0])
    number = _spreadsheet_number if delimiter == ";" else str
    source = _UncommentedLines(text)
    reader = csv.reader(source, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error:  # a header cell past the csv module's limit stopped the reading with a traceback
        message = Message("csv_cell_too_long", most=Figure(MAX_CSV_FIELD))
        return Document(name, None, marks, (Problem(name, 1, 1, "line 1", message),))
    if header is None:
        return Document(name, None, marks, (Problem(name, 1, 1, "", Message("empty_file")),))
    columns_given = _header_columns(header)
    if columns_given is None:
        message = Message(
            "csv_header",
            columns=",".join(CSV_HEADER),
            keyed_columns=",".join(KEYED_CSV_HEADER),
            old_columns=",".join(CSV_COLUMNS),
        )
        return Document(name, None, marks, (Problem(name, 1, 1, "", message),))
    fixed = len(columns_given)
    header_places = {field: (1, column) for field, column in enumerate(_field_columns(lines[0], delimiter))}
    problems += _unprintable(header, header_places, 1, name)
    payer_ids = [unescape_formula(cell.strip()) for cell in header[fixed:]]
    payers: list[dict[str, Any]] = [{"id": payer_id} for payer_id in payer_ids]
    for j, column in enumerate(_field_columns(lines[0], delimiter)[fixed:]):
        marks.values[("payers", j)] = marks.values[("payers", j, "id")] = (1, column)
    rows: list[dict[str, Any]] = []
    first_given: dict[str, tuple[int, list[str]]] = {"header": (1, header)}
    marks.values[("rows",)] = (2, 1)
    for record in _records(reader, source, name, problems):
        start = source.record_start
        if not any(cell.strip() for cell in record) or record[0].strip() == COMMENT:
            continue  # a blank line, or a note that a spreadsheet saved again with its cells quoted ("#";"...")
        columns = _field_columns(lines[start - 1], delimiter) if start <= len(lines) else []
        place = {field: (start, column) for field, column in enumerate(columns)}
        problems += _unprintable(record, place, start, name)
        if len(record) != len(header):
            message = Message("csv_cells", cells=len(record), header=len(header))
            problems.append(Problem(name, start, 1, f"line {start}", message))
            continue
        cells = [cell.strip() for cell in record]
        level, path, label = (unescape_formula(text) for text in cells[:3])
        projected = cells[3] if columns_given != CSV_COLUMNS else None
        key = cells[4] if columns_given == KEYED_CSV_HEADER else ""
        total, figures = number(cells[fixed - 1]), [number(figure) for figure in cells[fixed:]]
        if level == NOTE_LEVEL:
            continue  # a scenario's banner or the projection footnote, for people, as sofin wrote them before
        if level == KEY_LEVEL or tuple(cells[:fixed]) == columns_given:
            # A header or key line counts once: the same again is harmless; another is a mistake to show,
            # never a silent replacement of the first (whose key would then go unchecked).
            kind = KEY_LEVEL if level == KEY_LEVEL else "header"
            if kind in first_given:
                again = _given_again(kind, record, start, first_given[kind], name)
                problems.extend([again] if again is not None else [])
                continue
            first_given[kind] = (start, record)
            for j, (payer, share) in enumerate(zip(payers, figures)):
                payer["share"] = share
                marks.values[("payers", j, "share")] = place.get(fixed + j, (start, 1))
            continue
        index = len(rows)
        steps = path.split("/") if path else []
        if level != str(len(steps)):
            problems.append(Problem(name, start, 1, f"rows[{index}].level", Message("csv_level", level=level)))
        row: dict[str, Any] = {
            "path": steps,
            "label": label,
            "total": total,
            "allocation": dict(zip(payer_ids, figures)),
        }
        if key:
            row["key"] = key
            marks.values[("rows", index, "key")] = place.get(4, (start, 1))
        if projected in _PROJECTED:
            row["projected"] = _PROJECTED[projected]
        elif projected is not None:
            at_line, column = place.get(3, (start, 1))
            message = Message("csv_projected", projected=projected)
            problems.append(Problem(name, at_line, column, f"rows[{index}].projected", message))
        rows.append(row)
        marks.values[("rows", index)] = (start, 1)
        marks.values[("rows", index, "path")] = place.get(1, (start, 1))
        if projected is not None:
            marks.values[("rows", index, "projected")] = place.get(3, (start, 1))
        marks.values[("rows", index, "total")] = place.get(fixed - 1, (start, 1))
        for j, payer_id in enumerate(payer_ids):
            marks.values[("rows", index, "allocation", payer_id)] = place.get(fixed + j, (start, 1))
    data: dict[str, Any] = {"payers": payers, "rows": rows}
    if fixed == len(CSV_COLUMNS):
        _projection_from_marks(rows)
    said = _table_projected(rows)
    if said is not None:
        data["projected"] = said
    unit = _unit_as_written([row["total"] for row in rows] + [v for row in rows for v in row["allocation"].values()])
    if unit is not None:
        data["unit"] = unit
    return Document(name, data, marks, tuple(problems))


def _header_columns(header: list[str]) -> tuple[str, ...] | None:
    """The columns before the payer ids, of either form; None when the header is of neither."""
    cells = tuple(cell.strip() for cell in header)
    for columns in (KEYED_CSV_HEADER, CSV_HEADER, CSV_COLUMNS):
        if cells[: len(columns)] == columns and len(cells) > len(columns):
            return columns
    return None


def _projection_from_marks(rows: list[dict[str, Any]]) -> None:
    """A table of the form before the projected column: a projected row's label ends with the mark,
    which comes off it. With no mark anywhere, the table does not say whether it is projected."""
    if not any(row["label"].endswith(OLD_PROJECTION_MARK) for row in rows):
        return
    for row in rows:
        row["projected"] = row["label"].endswith(OLD_PROJECTION_MARK)
        row["label"] = row["label"].removesuffix(OLD_PROJECTION_MARK)


def _table_projected(rows: list[dict[str, Any]]) -> bool | None:
    """The table's projected, as sofin's JSON writes it, from its rows': projected when a row is, not
    when every row says it is not; unknown when a row does not say (no projected column, or an empty cell)."""
    said = [row.get("projected") for row in rows]
    if any(said):
        return True
    return False if said and all(each is False for each in said) else None


class _UncommentedLines:
    """The text's lines for the csv module, without a line that starts with `#` where a row would start
    (pandas' `comment="#"`): sofin writes its notes after the data so. `record_start` is the line the
    record read last started on."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.read = 0  # lines taken from the text, comments included
        self.record_start = 0
        self.at_record_start = False  # the header is never a comment

    def __iter__(self) -> _UncommentedLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.read += 1
        while self.at_record_start and line.startswith(COMMENT):
            line = next(self._lines)
            self.read += 1
        if self.at_record_start:
            self.record_start, self.at_record_start = self.read, False
        return line


def _unprintable(record: list[str], place: dict[int, tuple[int, int]], line: int, name: str) -> list[Problem]:
    """A problem at each cell that holds a character no value may hold: as in a strategy, a label would
    carry it into a workbook or onto a terminal."""
    problems = []
    for field, cell in enumerate(record):
        unprintable = unusable_character(cell)
        if unprintable:
            at_line, column = place.get(field, (line, 1))
            problems.append(Problem(name, at_line, column, f"line {line}", not_printable(unprintable)))
    return problems


def _given_again(
    kind: str, record: list[str], line: int, first_given: tuple[int, list[str]], name: str
) -> Problem | None:
    """A header or key line that differs from the one given first, as a problem at this line."""
    first_line, first = first_given
    if [cell.strip() for cell in record] == [cell.strip() for cell in first]:
        return None
    message = Message(f"csv_{kind}_again", line=first_line)
    return Problem(name, line, 1, f"line {line}", message)


def _records(reader: Any, source: _UncommentedLines, name: str, problems: list[Problem]) -> Iterator[list[str]]:
    """The reader's records after the header; a field over MAX_CSV_FIELD characters ends the reading
    with a located problem (at the line the source read last: the reader's count skips the comments)."""
    try:
        while True:
            source.at_record_start = True
            record = next(reader, None)
            if record is None:
                return
            if any(len(cell) > MAX_CSV_FIELD for cell in record):
                break
            yield record
    except csv.Error as error:  # the csv module's own limit, or what it cannot read
        if "field limit" not in str(error):
            problems.append(Problem(name, source.read, 1, f"line {source.read}", Message("csv_syntax", detail=error)))
            return
    message = Message("csv_cell_too_long", most=Figure(MAX_CSV_FIELD))
    problems.append(Problem(name, source.read, 1, f"line {source.read}", message))


def _unit_as_written(amounts: list[str]) -> str | None:
    """sofin writes whole euros without decimals and cents with two: read the unit back from that.

    Mixed writing says nothing (it may be the very mistake to find); the strategy's unit applies.
    """
    if amounts and all(re.fullmatch(r"-?\d+", amount) for amount in amounts):
        return "1"
    if amounts and all(re.fullmatch(r"-?\d+\.\d\d", amount) for amount in amounts):
        return "0.01"
    return None


def _delimiter(header: str) -> str:
    """`;` when the header is split by it (a spreadsheet's CSV in a decimal-comma locale), else `,`."""
    cells = [cell.strip().strip('"') for cell in header.split(";")]
    return ";" if tuple(cells[:3]) == CSV_COLUMNS[:3] else ","


_LINE_BREAK = re.compile("\r\n|\r|\n")
_SPREADSHEET_NUMBER = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")


def _spreadsheet_number(cell: str) -> str:
    """11.768,00 -> 11768.00; anything else is left for validation to name."""
    if not _SPREADSHEET_NUMBER.fullmatch(cell):
        return cell
    return cell.replace(".", "").replace(",", ".")


def _field_columns(line: str, delimiter: str = ",") -> list[int]:
    """The 1-based column where each CSV field of a line starts (quotes may hide delimiters)."""
    columns = [1]
    quoted = False
    for position, char in enumerate(line, start=1):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            columns.append(position + 1)
    return columns

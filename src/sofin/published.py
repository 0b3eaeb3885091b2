"""Read a published allocation table (sofin's JSON or CSV, or a hand transcription) to check or compare.

The reading half of `sofin check`: text -> exact data with marks -> a validated PublishedTable,
every problem located as FILE:LINE:COL like the strategy loader's. A JSON table whose bytes are
exactly those sofin writes is read by orjson (`_as_sofin_wrote_it`, issue 27 item 2); any other JSON
text by Python's json module to exact data (`source.json_data`), which a national table of millions
of figures needs; a JSON text with anything wrong in it is read again through the same YAML composer
as strategy files (JSON is YAML), which knows every value's place.

CSV tables are read by table_csv.py, the parts of a table are in table_parts.py, its keys checked by
table_keys.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator

from sofin.domain.table import FORMAT_VERSION, KEYS_FORMAT_VERSION
from sofin.domain.tree import RowTree
from sofin.limits import MAX_CSV_BYTES, MAX_ROWS, MAX_TABLE_BYTES
from sofin.problems import InputError, Message, Problem
from sofin.source import (
    STDIN,
    Marks,
    decode,
    input_name,
    json_data,
    parse,
    read_bytes,
    read_otherwise_by_yaml,
    too_large,
)
from sofin.table_csv import CSV_TABLES, LINE_BREAK, csv_delimiter, parse_csv
from sofin.table_keys import table_key_problems
from sofin.table_parts import (
    TableAssumption,
    TableExact,
    TableKey,
    TablePayer,
    TablePrinted,
    TableProvenance,
    TableRow,
    TableScenario,
    TableUnit,
)
from sofin.units import on_grid
from sofin.validation import (
    TABLE_SUFFIXES,
    StrictModel,
    Year,
    duplicate_ids,
    located_problems,
    raise_at,
    schema_error,
    validate_list_with_rules,
)


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
    table._decimal_comma = not is_json and csv_delimiter(LINE_BREAK.split(text, maxsplit=1)[0]) == ";"
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

"""sofin's CSV table read to the data of its JSON form, with the line and column of every cell (parse_csv).

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
from collections.abc import Iterator
from typing import Any

from sofin.cells import COMMENT, CSV_HEADER, KEY_COLUMN, unescape_formula
from sofin.limits import MAX_CSV_FIELD
from sofin.problems import Figure, Message, Problem
from sofin.source import Document, Marks, not_printable, unusable_character

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
    lines = LINE_BREAK.split(text)
    delimiter = csv_delimiter(lines[0])
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


def csv_delimiter(header: str) -> str:
    """`;` when the header is split by it (a spreadsheet's CSV in a decimal-comma locale), else `,`."""
    cells = [cell.strip().strip('"') for cell in header.split(";")]
    return ";" if tuple(cells[:3]) == CSV_COLUMNS[:3] else ","


LINE_BREAK = re.compile("\r\n|\r|\n")
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

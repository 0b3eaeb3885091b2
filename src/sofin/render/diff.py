"""`sofin diff` reports: a terminal table of the changed rows, the same as Markdown for a review, or the whole
comparison as JSON."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import is_
from typing import TYPE_CHECKING, cast

from sofin.render import DiffFormat
from sofin.render.banner import banner_line
from sofin.render.document import json_text
from sofin.render.json_parts import DIFF_FORMAT_VERSION, FACTOR_PLACES, assumption_json, ratio_text, scenario_json
from sofin.render.markdown import markdown_text
from sofin.render.numbers import as_percent, local_amount, local_amounts, local_decimal, plain_amount
from sofin.render.projection import basis_text, marked_figure, projection_footnote
from sofin.render.text import RULE, cell_width, wrapped
from sofin.words import DEFAULT, MACHINE, Language, catalogue, row_label

if TYPE_CHECKING:
    from sofin.results.diff import AmountNote, Diff, RowChange, Side, SidePay


def render_diff(diff: Diff, output_format: DiffFormat, lang: Language = DEFAULT) -> str:
    if output_format is DiffFormat.json:
        return _json(diff)
    if output_format is DiffFormat.markdown:
        return _markdown(diff, lang)
    return _text(diff, lang)


def cause_text(diff: Diff, row: RowChange, lang: Language) -> str:
    """The causes of a row's changes in words: `znesek (indeksacija 2 %)`, `zaokroževanje: ...`."""
    return "; ".join(cause_texts(diff, row, lang))


def cause_texts(diff: Diff, row: RowChange, lang: Language) -> list[str]:
    """Each cause of a row's changes in words; `unreconciled` names the sides that do not add up."""
    words = catalogue(lang).diff
    texts = []
    for cause in row.causes:
        text = words.causes[cause]
        if cause in ("amount", "pay_law"):
            text += f" ({_amount_detail(diff, row, cause == 'pay_law', lang)})"
        if cause == "unreconciled":
            text = _unreconciled(diff, lang)
        detail = _key_detail(diff, row, lang) if cause == "key" else None
        texts.append(text if detail is None else f"{text} ({detail})")
    return texts


def _key_detail(diff: Diff, row: RowChange, lang: Language) -> str | None:
    """Issue 24: which key a line's figures changed by: another key, or its own key's percents; None for a
    total, a table without keys of its own, or a payer in one side only."""
    words = catalogue(lang).keys_explain
    if row.key_before is None or row.key_after is None:
        return None
    if row.key_before != row.key_after:
        return words.key_renamed.format(before=row.key_before, after=row.key_after)
    return words.key_percents.format(key=row.key_after) if row.key_after in diff.changed_keys else None


# Review of issue 24, finding 5: with keys of their own, the head names each key that changed (`default`: the
# payers' shares), and each line whose key is another; it says the keys are unchanged only when no row
# changed by a key.


def _keys_head(diff: Diff, lang: Language) -> list[str]:
    """What changed in the keys of tables that name keys of their own: `default`'s percents (the payers'
    shares), the named keys' percents, the lines split by another key; else that they did not."""
    words = catalogue(lang).keys_explain
    lines = [
        words.default_key_changed.format(
            name=change.name, before=_share(change.before, lang), after=_share(change.after, lang)
        )
        for change in diff.key_changes
    ]
    lines += [
        words.key_percent_changed.format(
            key=change.key, name=change.name, before=_share(change.before, lang), after=_share(change.after, lang)
        )
        for change in diff.key_percent_changes
    ]
    lines += [
        words.line_key_changed.format(line=row_name(diff, row.path, lang), before=row.key_before, after=row.key_after)
        for row in diff.rows
        if row.key_before is not None and row.key_after is not None and row.key_before != row.key_after
    ]
    if lines:
        return lines
    if any("key" in row.causes for row in diff.rows):
        return [words.keys_changed]
    percents_known = diff.before.keys is not None and diff.after.keys is not None
    return [words.keys_same if percents_known else words.line_keys_same]


def _unreconciled(diff: Diff, lang: Language) -> str:
    """Not rounding: the side that does not add up, or both, in the language's dual or plural."""
    words = catalogue(lang).diff
    sides = [side for side in (diff.before, diff.after) if not side.reconciles]
    if len(sides) == 2 and sides[0].name != sides[1].name:
        return words.unreconciled_both.format(before=sides[0].name, after=sides[1].name)
    return words.causes["unreconciled"].format(name=sides[0].name)


def _amount_detail(diff: Diff, row: RowChange, by_law: bool, lang: Language) -> str:
    """How a changed amount came about: the pay law's steps (`by_law`), or the other changes of the line's parts."""
    words = catalogue(lang).diff
    notes = [note for note in row.amount_notes if note.by_pay_law == by_law]
    if notes:
        texts = dict.fromkeys(_pay_text(note, lang) if by_law else _source_text(note, lang) for note in notes)
        if by_law and len(texts) > 1:  # the items' own factors: each named by its path
            return "; ".join(f"{note.path}: {_pay_text(note, lang)}" for note in notes)
        return ", ".join(texts)
    if diff.children(row.path):
        return words.lines_sum
    before, after = (amount_text(total, diff.unit, lang) for total in (row.total_before, row.total_after))
    return f"{before} → {after}"


PEOPLE_FACTOR_PLACES = 6  # the factor's decimals for people: enough to tell a year's tranches apart


def _pay_text(note: AmountNote, lang: Language) -> str:
    """How the pay law moved the amount: its schedule, the factor f(Y) / f(Y-1), then the rate and what it rests on."""
    words = catalogue(lang).diff
    assert note.pay is not None
    factor = ratio_text(note.pay.year_pay, note.pay.previous_year_pay, PEOPLE_FACTOR_PLACES)
    factor = local_decimal(Decimal(factor).normalize(), lang)
    rate = local_decimal(note.rate.normalize(), lang) if note.rate is not None else ""
    text = words.pay_step.format(schedule=note.pay.schedule, factor=factor, rate=rate)
    text = f"{text}, {basis_text(note.basis, note.rate_source, lang)}" if note.basis else text
    return f"{text}, {words.pay_scenario}" if note.pay.scenario else text


def _source_text(note: AmountNote, lang: Language) -> str:
    """How the amount came about; an indexed one with what its rate rests on (and an adopted rate's source)."""
    rate = local_decimal(note.rate.normalize(), lang) if note.rate is not None else ""
    text = catalogue(lang).diff.sources[note.source].format(rate=rate)
    return f"{text}, {basis_text(note.basis, note.rate_source, lang)}" if note.basis else text


def banners(diff: Diff, lang: Language) -> list[str]:
    """A line for each side computed with what-ifs, naming it by its column (before, after) and name."""
    words = catalogue(lang).diff
    return [
        f"{column} ({side.name}): {banner_line(side.scenario, side.payers, lang)}"
        for column, side in ((words.total_before, diff.before), (words.total_after, diff.after))
        if side.scenario is not None
    ]


WIDTH = 80  # a terminal's usual width: diff's text fits it, in files too (issue 23, item 5)
_GAP = "   "


def key_lines(diff: Diff, lang: Language) -> list[str]:
    """What changed in the key or keys, each in a sentence; or that the key did not."""
    words = catalogue(lang).diff
    if diff.named_keys:
        return _keys_head(diff, lang)
    return [
        words.key_changed.format(name=change.name, before=_share(change.before, lang), after=_share(change.after, lang))
        for change in diff.key_changes
    ] or [words.key_same]


def diff_title(diff: Diff, lang: Language) -> str:
    return catalogue(lang).diff.title.format(before=diff.before.name, after=diff.after.name)


def _text(diff: Diff, lang: Language) -> str:
    """The changed rows one under another, each named with its society: its total's line, a line for each
    municipality whose figure changed, then its causes; every line within WIDTH, however many payers."""
    words = catalogue(lang).diff
    head = [
        *wrapped(diff_title(diff, lang), WIDTH),
        *(line for text in [*banners(diff, lang), *key_lines(diff, lang)] for line in wrapped(text, WIDTH)),
    ]
    head += not_reconciled(diff, lang)
    changed = diff.changed_rows
    if not changed:
        return _lines([*head, words.no_change])
    marks = any(row.projected_before or row.projected_after for row in changed)
    footnote = marks_footnote(diff, lang) if marks else None
    unchanged = words.unchanged.format(count=diff.unchanged_count)
    return _lines([*head, "", *_changes(diff, changed, lang), "", unchanged, *wrapped(footnote or "", WIDTH)])


def marks_footnote(diff: Diff, lang: Language) -> str:
    """What the marked figures rest on: the rates, or, for tables that do not say (a CSV), that they are projected."""
    mark = catalogue(lang).projection.mark
    return projection_footnote(diff.assumptions, lang) or catalogue(lang).diff.projected_generic.format(mark=mark)


def _lines(lines: list[str]) -> str:
    return "\n".join(map(str.rstrip, lines)) + "\n"


def not_reconciled(diff: Diff, lang: Language) -> list[str]:
    """For each side that does not add up, in words: that it does not, and where (row, municipality, the sums)."""
    lines = []
    for side_text, places in not_reconciled_texts(diff, lang):
        lines += wrapped(side_text, WIDTH)
        lines += [line for place in places for line in wrapped(place, WIDTH, first="  ", rest="    ")]
    return lines


def not_reconciled_texts(diff: Diff, lang: Language) -> list[tuple[str, list[str]]]:
    """Each side that does not add up: the sentence that says so, and a sentence for each place where it does not."""
    words = catalogue(lang).diff
    names = diff.payer_names
    sides = []
    for side in (diff.before, diff.after):
        if side.reconciles:
            continue
        places = []
        for mismatch in side.mismatches:
            row = row_name(diff, mismatch.path, lang)
            row = row if mismatch.payer is None else f"{row}, {names.get(mismatch.payer, mismatch.payer)}"
            written, summed = (amount_text(value, diff.unit, lang) for value in (mismatch.written, mismatch.summed))
            places.append(f"{row}: {mismatch_text(mismatch.kind, written, summed, lang)}")
        sides.append((words.not_reconciled.format(name=side.name), places))
    return sides


def mismatch_text(kind: str, written: str, summed: str, lang: Language) -> str:
    """Where a table does not add up, in `sofin check`'s sentences: a row's sum expects its total, a
    parent's written figure is found against its rows' sum."""
    sentences = catalogue(lang).check.sentences
    if kind == "row_sum":
        return sentences[kind].format(expected=written, found=summed)
    return sentences[kind].format(expected=summed, found=written)


def row_name(diff: Diff, path: tuple[str, ...], lang: Language) -> str:
    """A row as people name it: a line with its society (three societies may each have "Stroški zaposlenih")."""
    own = row_label(path, diff.row(path).label if diff.has(path) else "", lang) or "/".join(path)
    if len(path) < 2 or not diff.has(path[:1]):
        return own
    return f"{diff.row(path[:1]).label or path[0]} / {own}"


def _changes(diff: Diff, changed: tuple[RowChange, ...], lang: Language) -> list[str]:
    """The header, the rule, then a block a changed row (separated by blank lines)."""
    words = catalogue(lang).diff
    header = [words.row, words.total_before, words.total_after, words.change]
    blocks = [
        (row_name(diff, row.path, lang), total_cells(diff, row, lang), _FigureBlock(figure_columns(diff, row, lang)))
        for row in changed
    ]
    totals = [header, *(total for _, total, _ in blocks)]
    figures = [block for _, _, block in blocks]
    _align_mark_columns(totals, figures, catalogue(lang).projection.mark)
    names = diff.payer_names
    moved = {payer for block in figures for payer in block.payers}
    widths = [_column_width([*(cells[0] for cells in totals), *(names.get(payer, payer) for payer in moved)])]
    for j in (1, 2, 3):
        widths.append(max([_column_width([cells[j] for cells in totals]), *(block.width(j) for block in figures)]))
    figures_width = sum(widths[1:]) + 3 * len(_GAP)
    indent = "    "  # a row's lines under its name
    widths[0] = max(0, min(widths[0], WIDTH - len(indent) - figures_width))  # a longer name: a line of its own

    def line(cells: list[str], start: str = indent) -> list[str]:
        name, *figures = cells
        figures_text = _GAP + _GAP.join(
            " " * (width - cell_width(cell)) + cell for cell, width in zip(figures, widths[1:])
        )
        return _with_figures(_name_lines(start, name, len(indent) + widths[0] - len(start)), figures_text)

    prefixes = _PayerPrefixes(names, indent, widths[0])
    out = [*line(header, "  "), " " + RULE * (len(indent) + widths[0] + figures_width - 1)]
    for index, (row, (name, total, block)) in enumerate(zip(changed, blocks)):
        out += ([""] if index else []) + wrapped(name, WIDTH, first="  ", rest="    ")
        out += line(total)
        if block.narrow:  # 220,000 lines at 233k: no cell measured, a line by a template
            out += map(block.template(widths).__mod__, zip(map(prefixes.__getitem__, block.payers), *block.cells))
        else:
            out += [text for cells in block.lines() for text in line([names.get(cells[0], cells[0]), *cells[1:]])]
        out += _cause_lines(diff, row, lang)
    return out


class _FigureBlock:
    """A changed row's figure lines as `figure_columns` writes them, the before and after columns each with what
    `_align_mark_columns` puts after every cell (a space, when the projection mark is beside them): the row's
    lines are laid out by one template, not a cell at a time."""

    def __init__(self, columns: FigureColumns) -> None:
        self.payers, *cells = columns
        self.cells = cells
        self.suffixes = ["", "", ""]  # what each cell of a column is followed by
        self.narrow = _NARROW.issuperset("".join(chain(*cells)))

    def width(self, column: int) -> int:
        """The column's width in terminal cells (0 with no line)."""
        texts = self.cells[column - 1]
        if not texts:
            return 0
        return (max(map(len, texts)) if self.narrow else _column_width(texts)) + len(self.suffixes[column - 1])

    def template(self, widths: list[int]) -> str:
        """A line's %-template: a payer's start (`_PayerPrefixes`), then each cell right-aligned in its column."""
        spans = (f"%{width - len(suffix)}s{suffix}" for width, suffix in zip(widths[1:], self.suffixes))
        return "%s" + "".join(f"{_GAP}{span}" for span in spans)

    def lines(self) -> list[list[str]]:
        """Each line's cells: the payer, then its figures, each followed as its column says."""
        cells = ([text + suffix for text in texts] for texts, suffix in zip(self.cells, self.suffixes))
        return [list(line) for line in zip(self.payers, *cells)]


def _name_lines(start: str, name: str, room: int) -> list[str]:
    """A line's start: its name padded to `room` cells, to which its figures are joined; a longer name on a line of
    its own, then the padding."""
    name_width = cell_width(name)
    if name_width > room:
        return [start + name, start + " " * room]
    return [start + name + " " * (room - name_width)]


def _with_figures(name_lines: list[str], figures_text: str) -> list[str]:
    """A line's name lines (`_name_lines`) with its figures after the last."""
    *names, last = name_lines
    return [*names, last + figures_text]


class _PayerPrefixes(dict[str, str]):
    """Each payer's figure lines' start, its name padded (`_name_lines`), worked out at its first line: a long
    name's line, its line break and the padding in one text, the name's line without the spaces `_lines` drops."""

    def __init__(self, names: dict[str, str], indent: str, room: int) -> None:
        super().__init__()
        self.names, self.indent, self.room = names, indent, room

    def __missing__(self, payer: str) -> str:
        *names, padding = _name_lines(self.indent, self.names.get(payer, payer), self.room)
        self[payer] = prefix = "".join(f"{text.rstrip()}\n" for text in names) + padding
        return prefix


def _align_mark_columns(lines: list[list[str]], blocks: list[_FigureBlock], mark: str) -> None:
    """Digits under digits: where a column's figures carry the projection mark (the header's and totals' `lines`,
    or a row's figure `blocks`), the others a space in its place."""
    for column in (1, 2):
        texts = [block.cells[column - 1] for block in blocks]
        if any(cells[column].endswith(mark) for cells in lines) or any(_ends_with(each, mark) for each in texts):
            for cells in lines:
                cells[column] += "" if cells[column].endswith(mark) else " "
            for block, each in zip(blocks, texts):
                if _ends_with(each, mark):  # a figure with the mark: each cell as it ends
                    each[:] = [text if text.endswith(mark) else f"{text} " for text in each]
                else:  # none: a space after every cell, which the template writes
                    block.suffixes[column - 1] = " "


def _ends_with(texts: list[str], mark: str) -> bool:
    """Whether a text ends with the mark (a loop in C: a national diff's columns have 220,000 figures)."""
    return any(map(str.endswith, texts, repeat(mark)))


# Issue 25, item 6: the text format's content for a review comment. One table, a line a figure that changed: the
# row's name and causes on its total's line, so that a reviewer reads each row's figures under its name, and a
# table that a Markdown viewer shows whole (no text between the rows' blocks, which would break it in pieces).


# Characters one terminal cell wide each, as cell_width measures them (rich's single-cell ranges hold them): a
# text of only these is as wide as it is long. Figures are written in them, a percent's no-break space included;
# measuring each of a national diff's 660,000 figure cells otherwise took most of its time (issue 27 item 2).
_NARROW = frozenset(map(chr, range(0x20, 0x7F))) | {"\u00a0"}


def _column_width(texts: list[str]) -> int:
    """The widest text's width in terminal cells (each text once: a column of names repeats them)."""
    if _NARROW.issuperset("".join(texts)):
        return max(map(len, texts))
    return max(len(text) if _NARROW.issuperset(text) else cell_width(text) for text in set(texts))


def _markdown(diff: Diff, lang: Language) -> str:
    """The title as a heading, the head's sentences as paragraphs (a side that does not add up as a list of its
    places), the changed rows as one table, then the count of unchanged rows and the footnote."""
    words = catalogue(lang).diff
    out = [f"## {_md(diff_title(diff, lang))}", ""]
    out += [line for text in [*banners(diff, lang), *key_lines(diff, lang)] for line in (_md(text), "")]
    for side_text, places in not_reconciled_texts(diff, lang):
        out += [_md(side_text), "", *(f"- {_md(place)}" for place in places), ""]
    changed = diff.changed_rows
    if not changed:
        return "\n".join([*out, _md(words.no_change)]) + "\n"
    out += _markdown_table(diff, changed, lang)
    out += ["", _md(words.unchanged.format(count=diff.unchanged_count))]
    if any(row.projected_before or row.projected_after for row in changed):
        out += ["", _md(marks_footnote(diff, lang))]
    return "\n".join(out) + "\n"


def _markdown_table(diff: Diff, changed: tuple[RowChange, ...], lang: Language) -> list[str]:
    """A line for each changed row's total (with its name and causes), then one for each municipality whose
    figure changed; figures right-aligned."""
    words = catalogue(lang).diff
    header = [words.row, words.payer, words.total_before, words.total_after, words.change, words.cause]
    lines = ["| " + " | ".join(_md(cell) for cell in header) + " |", "|---|---|---:|---:|---:|---|"]
    for row in changed:
        total, *figures = change_cells(diff, row, lang)
        cells = [[row_name(diff, row.path, lang), *total, cause_text(diff, row, lang)]]
        cells += [["", *figure, ""] for figure in figures]
        lines += ["| " + " | ".join(_md(cell) for cell in line) + " |" for line in cells]
    return lines


def change_cells(diff: Diff, row: RowChange, lang: Language) -> list[list[str]]:
    """The lines a changed row shows in every format of `sofin diff` (and in the report's changes): its total's
    (`total_cells`), then one a municipality whose figure changed (its name, `figure_columns`' cells)."""
    names = diff.payer_names
    payers, *figures = figure_columns(diff, row, lang)
    return [total_cells(diff, row, lang), *([names.get(p, p), *cells] for p, *cells in zip(payers, *figures))]


def total_cells(diff: Diff, row: RowChange, lang: Language) -> list[str]:
    """A changed row's total's line: `skupaj`, before, after, change; a projected total marked."""
    words = catalogue(lang).diff
    unit = diff.unit
    return [
        words.row_total,
        marked_figure(amount_text(row.total_before, unit, lang), row.projected_before, lang),
        marked_figure(amount_text(row.total_after, unit, lang), row.projected_after, lang),
        signed_amount(row.total_change, unit, lang),
    ]


# A changed row's figures, a list a column: the payers whose figure changed (by id), and their before, after and
# change (with its percent after it) as text.
FigureColumns = tuple[list[str], list[str], list[str], list[str]]


def figure_columns(diff: Diff, row: RowChange, lang: Language) -> FigureColumns:
    """The figures of a row that changed, a column at a time (a national diff writes 670,000 of them), each column as
    amount_text and signed_amount write its figures, a change with its percent after it."""
    unit = diff.unit
    moved = [bool(change) for change in row.changes]
    befores, afters = (_amount_texts(list(compress(side, moved)), unit, lang) for side in (row.befores, row.afters))
    values = list(compress(row.changes, moved))
    amounts = local_amounts(values, unit, lang)
    percents = [
        "" if percent is None else _percent_suffix(str(percent), lang) for percent in compress(row.percents, moved)
    ]
    changes = [_signed(amount, value) + percent for amount, value, percent in zip(amounts, values, percents)]
    return list(compress(row.payers, moved)), befores, afters, changes


@lru_cache(maxsize=4096)
def _percent_suffix(digits: str, lang: Language) -> str:
    """A change's percent in parentheses after it, ` (+2,00 %)`, by its digits (-0.00 is not 0.00): once a percent,
    as they are few (to 0.01)."""
    return f" ({_percent_change(Decimal(digits), lang)})"


def _amount_texts(values: list[Decimal | None], unit: Decimal, lang: Language) -> list[str]:
    """amount_text of each value: the missing mark for None."""
    # A row in both sides, each payer in both: the whole column at once. (By identity: `in` asks each Decimal
    # whether it equals None, through the numbers ABCs, 670,000 times in a national diff.)
    if not any(map(is_, values, repeat(None))):
        return local_amounts(cast("list[Decimal]", values), unit, lang)
    texts = iter(local_amounts([value for value in values if value is not None], unit, lang))
    missing = catalogue(lang).missing
    return [missing if value is None else next(texts) for value in values]


def _md(text: str) -> str:
    """Text as Markdown shows it: a `|` escaped (it would end a cell), and `*` (it would start emphasis)."""
    return markdown_text(text).replace("*", "\\*")


def _cause_lines(diff: Diff, row: RowChange, lang: Language) -> list[str]:
    """`Vzrok: ...`, each cause on a line of its own, wrapped within WIDTH."""
    texts = cause_texts(diff, row, lang)
    lines = []
    for index, text in enumerate(texts):
        text += ";" if index < len(texts) - 1 else ""
        first = f"    {catalogue(lang).diff.cause}: " if not index else "      "
        lines += wrapped(text, WIDTH, first=first, rest="      ")
    return lines


def amount_text(value: Decimal | None, unit: Decimal, lang: Language) -> str:
    return catalogue(lang).missing if value is None else local_amount(value, unit, lang)


def signed_amount(value: Decimal, unit: Decimal, lang: Language) -> str:
    return _signed(local_amount(value, unit, lang), value)


def _signed(text: str, value: Decimal) -> str:
    """A change as written, with "+" before a rise (a fall has its minus already)."""
    return f"+{text}" if value > 0 else text


def _percent_change(percent: Decimal, lang: Language) -> str:
    """A change's percent of the figure before it, signed as the change, with two decimals: +1,25 %."""
    return as_percent(_signed(local_decimal(percent, lang, 2), percent), lang)


def _share(share: Decimal | None, lang: Language) -> str:
    return catalogue(lang).missing if share is None else as_percent(local_decimal(share, lang), lang)


def _json(diff: Diff) -> str:
    unit = diff.unit

    def amount(value: Decimal | None) -> str | None:
        return None if value is None else plain_amount(value, unit)

    document = {
        "format_version": DIFF_FORMAT_VERSION,
        "before": _side(diff.before, unit),
        "after": _side(diff.after, unit),
        "unit": f"{unit:f}",
        "key_changes": [
            {
                "payer": change.payer,
                "before": None if change.before is None else f"{change.before:f}",
                "after": None if change.after is None else f"{change.after:f}",
            }
            for change in diff.key_changes
        ],
        **_key_percents_json(diff),
        "rows": [
            {
                "path": list(row.path),
                "label": row.label or row_label(row.path, row.label, MACHINE),  # a table's own, as it wrote it
                "changed": row.changed,
                "total": {
                    "before": amount(row.total_before),
                    "after": amount(row.total_after),
                    "change": plain_amount(row.total_change, unit),
                },
                "figures": {
                    figure.payer: {
                        "before": amount(figure.before),
                        "after": amount(figure.after),
                        "change": plain_amount(figure.change, unit),
                        "percent": None if figure.percent is None else f"{figure.percent:f}",
                    }
                    for figure in row.figures
                },
                "projected": {"before": row.projected_before, "after": row.projected_after},
                "causes": [str(cause) for cause in row.causes],
                **_row_key_json(diff, row),
                "amounts": [
                    {
                        "path": note.path,
                        "before": amount(note.before),
                        "after": amount(note.after),
                        "source": note.source,
                        "rate": None if note.rate is None else f"{note.rate:f}",
                        "rate_basis": None if note.basis is None else str(note.basis),
                        "rate_source": note.rate_source,
                        "projected": note.projected,
                    }
                    | ({} if note.pay is None else {"pay": _pay_json(note.pay)})
                    for note in row.amount_notes
                ],
            }
            for row in diff.rows
        ],
    }
    return json_text(document)


def _key_percents_json(diff: Diff) -> dict[str, object]:
    """Issue 24: the named keys' percents that differ, when either side names keys of its own (else nothing)."""
    if not diff.named_keys:
        return {}
    changes = [
        {"key": change.key, "payer": change.payer, "before": f"{change.before:f}", "after": f"{change.after:f}"}
        for change in diff.key_percent_changes
    ]
    return {"key_percent_changes": changes}


def _row_key_json(diff: Diff, row: RowChange) -> dict[str, object]:
    """Issue 24: a line's key on each side, when either side names keys of its own (a total's: null)."""
    if not diff.named_keys:
        return {}
    return {"key": {"before": row.key_before, "after": row.key_after}}


def _pay_json(pay: SidePay) -> dict[str, object]:
    """How the pay law computed a part's new amount, as allocate's JSON names it (render/json.py, pay_json)."""
    return {
        "schedule": pay.schedule,
        "source": pay.source,
        "scenario": pay.scenario,
        "year_pay": f"{pay.year_pay.quantize(Decimal('0.01')):f}",
        "previous_year_pay": f"{pay.previous_year_pay.quantize(Decimal('0.01')):f}",
        "factor": ratio_text(pay.year_pay, pay.previous_year_pay, FACTOR_PLACES),
    }


def _side(side: Side, unit: Decimal) -> dict[str, object]:
    """A side's name and year, whether its figures are projected, on which rates, and its what-ifs; whether
    it adds up, and where it does not (issue 23, item 5: `reconciles`, `mismatches`)."""
    return {
        "name": side.name,
        "year": side.year,
        "projected": side.projected,
        "assumptions": [assumption_json(assumption) for assumption in side.assumptions],
        "scenario": None if side.scenario is None else scenario_json(side.scenario),
        "reconciles": side.reconciles,
        "mismatches": [
            {
                "kind": mismatch.kind,
                "path": list(mismatch.path),
                "payer": mismatch.payer,
                "written": plain_amount(mismatch.written, unit),
                "summed": plain_amount(mismatch.summed, unit),
            }
            for mismatch in side.mismatches
        ],
    }

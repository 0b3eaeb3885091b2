"""A changed row's figures as text, a column at a time: before, after, the change and its percent."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from itertools import compress, repeat
from operator import is_
from typing import TYPE_CHECKING, cast

from sofin.render.numbers import as_percent, local_amount, local_amounts, local_decimal
from sofin.render.projection import marked_figure
from sofin.words import Language, catalogue

if TYPE_CHECKING:
    from sofin.results.diff import Diff, RowChange


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

"""Text in a CSV cell that a spreadsheet keeps as text: the one convention sofin writes and reads back.

A spreadsheet opening a CSV may run a cell as a formula: LibreOffice ran `=` (a label
`=HYPERLINK("http://…","klik")` became a live link), and OWASP ("CSV injection") names `+`, `-`,
`@`, a tab and a carriage return at the start too. Such a text gets a leading apostrophe, OWASP's
advice; LibreOffice shows it as text, apostrophe included (README, allocate's `csv` format, says
why not a space or a tab).

The rule is exactly invertible, so that `sofin check` reads a label back as it was: the apostrophe
goes before a text whose start, past any apostrophes it already has, would run as a formula. A real
label `'Tis` is written as it is, `'=x` as `''=x`.
"""

from __future__ import annotations

# The CSV table's own columns before one column per payer id, as render/allocate/csv.py writes them and
# published.py reads them back; and what starts a line that is no row (pandas' `comment="#"`).
CSV_HEADER = ("level", "path", "label", "projected", "total")
# Issue 24: a table of a strategy with keys of its own has this column after `projected`, before `total`:
# each line row's key by name, empty for a total.
KEY_COLUMN = "key"
COMMENT = "#"

PREFIX = "'"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """`text` as a CSV cell: with the apostrophe in front when a spreadsheet would run it as a formula."""
    return PREFIX + text if _runs_as_formula(text.lstrip(PREFIX)) else text


def unescape_formula(cell: str) -> str:
    """The text `escape_formula` made `cell` of: its apostrophe taken off, when it put one there."""
    escaped = cell.startswith(PREFIX) and _runs_as_formula(cell[1:].lstrip(PREFIX))
    return cell[1:] if escaped else cell


def _runs_as_formula(text: str) -> bool:
    # Past leading spaces too: LibreOffice's import option "Trim spaces" made ` =1+1` a formula.
    return text.lstrip(" ").startswith(TRIGGERS)

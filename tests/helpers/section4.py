"""allocate's section-4 table as rich lays it out: the reference the plain layout is checked against."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sofin.render.allocate.layout import section4_layout
from sofin.render.section4 import below, layout_grid
from sofin.render.text import rich_table

if TYPE_CHECKING:
    from rich.table import Table

    from sofin.results.allocate import Allocation
    from sofin.words import Language


def allocation_table(allocation: Allocation, lang: Language) -> tuple[Table, tuple[str, ...]]:
    """The rich Table and the lines printed under it (a scenario's banner is printed above it)."""
    layout = section4_layout(allocation, lang)
    return rich_table(layout_grid(layout)), below(layout)

"""`sofin show`: a table read back, to be laid out as `sofin allocate` prints it (issue 25 item 5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what is shown is the table as read
    from sofin.results.table_read import ReadRow, ReadTable

    ShownRow = ReadRow


@dataclass(frozen=True)
class Shown:
    table: ReadTable  # as the file says it: no figure recomputed, none checked

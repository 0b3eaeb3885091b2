"""Problems with user input, as values: where they are and what is wrong; and sofin's hints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

COMMAND_LINE = ""  # the file of a problem with what was typed: reports name it in the user's language


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as sofin can."""

    file: str
    line: int | None  # 1-based; None when the problem is not at a place in the text
    column: int | None  # 1-based
    field: str  # dotted path into the document, "" for the document itself
    message: str

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """In the order of the file: by line and column; problems without a place first."""
        return (self.file, self.line or 0, self.column or 0, self.field, self.message)

    @property
    def place(self) -> str:
        """FILE, or FILE:LINE:COLUMN."""
        return self.file if self.line is None else f"{self.file}:{self.line}:{self.column or 1}"

    def __str__(self) -> str:  # for tracebacks and logs; people read the command line's report
        return f"{self.place or '(command line)'}: {self.field or '(document)'}: {self.message}"


class LargeTableHint(UserWarning):
    """A table from flow.LARGE_TABLE arcs on, solved without OR-Tools: the same result, more slowly.

    Here, not in flow.py, so that the command line can show it as one line without loading a solver.
    """


class InputError(Exception):
    """Raised with every problem found in an input, never just the first; kept in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__("\n".join(str(p) for p in self.problems))


def field_path(loc: tuple[str | int, ...]) -> str:
    """Render a location as people read it: societies[1].lines[0].amount."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text

"""Rich renderables as plain text: no colours or styles, the same bytes wherever they are written."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

# Wide enough that rich never wraps a cell; a table takes only the width it needs.
_CANVAS = 1000


def plain_text(*items: RenderableType) -> str:
    """Each item on its own lines (strings as they are, never wrapped), trailing spaces removed."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=_CANVAS, color_system=None, force_terminal=False, highlight=False)
    for item in items:
        if isinstance(item, str):
            console.print(item, soft_wrap=True, markup=False)
        else:
            console.print(item)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"

"""Issue 23 item 5, as a reviewer met it: on a terminal 60 columns wide, the scenario's banner broke
"16,32 %" over two lines. Slovenian writes a no-break space before % (CLDR, as Babel has it), and the
lines around a narrow table break only at spaces, so a share and its % stay on one line."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from babel.numbers import format_percent
from rich.console import Console

from sofin.pipeline import allocate_year
from sofin.render.allocate.table import print_table
from sofin.render.numbers import local_percent, rate_text
from sofin.scenario import WhatIf
from sofin.words import Language

NBSP = "\u00a0"


@pytest.mark.parametrize("lang", ["sl", "en"])
@pytest.mark.parametrize("share", ["16.32", "50.78", "0.5", "100", "33.3333333333"])
def test_a_share_is_written_as_babel_writes_the_percentage(lang, share):
    """Babel's CLDR percent format of the language, every digit kept (sofin writes two decimals at least)."""
    babel = format_percent(Decimal(share) / 100, locale=lang, decimal_quantization=False)
    ours = local_percent(Decimal(share), Language(lang))
    digits = re.sub(r"[^\d]", "", ours)
    assert re.sub(r"[\d.,]+", "N", ours) == re.sub(r"[\d.,]+", "N", babel)  # the same sign, the same space
    assert digits.rstrip("0") == re.sub(r"[^\d]", "", babel).rstrip("0")


def test_slovenian_keeps_the_number_and_its_sign_together():
    assert local_percent(Decimal("16.32")) == f"16,32{NBSP}%"
    assert rate_text(Decimal("3.5")) == f"3,5{NBSP}%"
    assert rate_text(Decimal("3.5"), Language("en")) == "3.5%"


@pytest.mark.parametrize("width", [40, 50, 60, 70])
def test_a_narrow_terminal_breaks_the_banner_between_words_not_inside_a_share(width):
    what_if = WhatIf(shares=("divaca=16.32", "sezana=50.81"), rates=("staff:2026=3.5",))
    console = Console(width=width, file=io.StringIO(), force_terminal=False, color_system=None)
    print_table(console, allocate_year(None, 2026, what_if=what_if), Language("sl"))
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert lines[0].startswith("SCENARIJ") and len(lines[0]) <= width
    footnote = next(number for number, line in enumerate(lines) if line.startswith("† Projekcija"))
    prose = [*lines[: lines.index("")], *lines[footnote:]]  # the banner, the projection's footnote
    banner = " ".join(lines[: lines.index("")])
    assert f"16,32{NBSP}%" in banner and f"50,81{NBSP}%" in banner and f"3,5{NBSP}%" in banner
    assert len(prose) > 3 and all(len(line) <= width and not line.startswith("%") for line in prose), prose
    assert f"2{NBSP}%" in " ".join(lines[footnote:])  # the footnote's rates, whole too

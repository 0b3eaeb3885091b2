"""sofin's own words, one folder a language: every label its outputs and error reports write.

Names from the strategy file (municipalities, societies, cost lines) are printed as written
there; only these words and the number format change with the language. A language is one
package here (sl/, en/): its `__init__.py` builds `WORDS = Words(...)` (schema.py says what a
language has) from its sections, the largest in modules of their own named for the section
(`errors.py`: the errors' messages). Adding one is copying a language's folder under the new
code, changing the import of its own modules to the new code, and translating: --lang offers
it at once. JSON and CSV, formats for programs, always use Slovenian words (the strategy's own
language), so that their bytes do not depend on --lang; check's JSON is the exception, with a
`message` in the language asked for.
"""

from __future__ import annotations

import enum
import importlib
import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the schema loads with the first language asked for, not at start-up
    from sofin.words.schema import Words


def _codes() -> list[str]:
    # A directory listing, not pkgutil: the command line builds --lang's choices at start-up.
    # A language is a folder with an __init__.py (not __pycache__, not schema.py).
    here = os.path.dirname(__file__)
    codes = [name for name in os.listdir(here) if os.path.isfile(os.path.join(here, name, "__init__.py"))]
    return sorted(codes, key=lambda code: (code != "sl", code))  # the default first


Language = enum.StrEnum("Language", [(code, code) for code in _codes()])  # type: ignore[misc]
DEFAULT = Language("sl")  # the strategy's own language
MACHINE = DEFAULT  # the words of JSON and CSV, the same whatever --lang says


@cache
def catalogue(lang: Language) -> Words:
    """The catalogue of `lang`."""
    words_: Words = importlib.import_module(f"sofin.words.{lang.value}").WORDS
    return words_


def row_label(path: tuple[str, ...], label: str, lang: Language) -> str:
    """A row's label: the strategy's, or for the grand total (the empty path) the language's name for it."""
    return label if path else catalogue(lang).all_municipalities

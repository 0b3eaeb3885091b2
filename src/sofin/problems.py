"""Problems with user input, as values: where they are and what is wrong; and sofin's hints."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

COMMAND_LINE = ""  # the file of a problem with what was typed: reports name it in the user's language
ENVIRONMENT = "environment"  # the file of a problem with an environment variable: likewise


class Message:
    """What is wrong, as a key of the word catalogue (words.schema.ErrorWords.messages) and its parameters.

    The core holds no words: the command line's report writes a message in the language asked for.
    A parameter is a value as the file or the command line wrote it (shown as it is), a sequence (shown
    as a list, comma-separated), or another Message (shown in the same language).
    """

    __slots__ = ("key", "params")
    key: str
    params: tuple[tuple[str, object], ...]

    def __init__(self, key: str, /, **params: object) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", tuple(params.items()))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Message is frozen")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash((self.key, tuple((name, repr(value)) for name, value in self.params)))

    def __repr__(self) -> str:
        given = "".join(f", {name}={value!r}" for name, value in self.params)
        return f"Message({self.key!r}{given})"

    def __str__(self) -> str:  # for tracebacks and logs; reports render it in a language
        given = ", ".join(f"{name}={value}" for name, value in self.params)
        return f"{self.key}({given})" if given else self.key


@dataclass(frozen=True)
class Figure:
    """A number sofin states in a message (a bound, a limit), in the language's number format when
    reported; a number from the input is a plain parameter, shown as it was written."""

    figure: int | Decimal


@dataclass(frozen=True)
class Years:
    """Years in a message, as spans (first, last) in order: 2025–2027, 2029 when reported, the span's dash as
    the language writes it."""

    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as sofin can."""

    file: str
    line: int | None  # 1-based; None when the problem is not at a place in the text
    column: int | None  # 1-based
    field: str  # dotted path into the document, "" for the document itself
    message: Message

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """In the order of the file: by line and column; problems without a place first."""
        return (self.file, self.line or 0, self.column or 0, self.field, str(self.message))

    @property
    def place(self) -> str:
        """FILE, or FILE:LINE:COLUMN."""
        return self.file if self.line is None else f"{self.file}:{self.line}:{self.column or 1}"

    def __str__(self) -> str:  # for tracebacks and logs; people read the command line's report
        return f"{self.place or '(command line)'}: {self.field or '(document)'}: {self.message}"


# A decimal comma, as Slovenian writes numbers: 15,32 or 4.568,50 (a point between thousands).
_DECIMAL_COMMA = re.compile(r"[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")


def decimal_comma(written: object) -> Message | None:
    """The message for a number written with a decimal comma ("15,32"), naming the number it means
    (15.32; 4.568,50 is 4568.50): YAML reads the comma otherwise, as text or as a separator. A whole number
    with three digits after the comma (46,968) names both readings: 46968 (thousands) and 46.968."""
    if not isinstance(written, str) or not _DECIMAL_COMMA.fullmatch(written.strip()):
        return None
    whole, fraction = written.strip().rsplit(",", 1)
    meant = f"{whole.replace('.', '')}.{fraction}"
    if len(fraction) == 3 and "." not in whole:  # 46,968: a thousands separator as likely (issue 23, item 7)
        return Message("decimal_comma_or_thousands", written=written.strip(), thousands=whole + fraction, meant=meant)
    return Message("decimal_comma", written=written.strip(), meant=meant)


# The operating system's reasons a file cannot be read or written that the catalogue words (os_<name>);
# any other is given as the system says it.
OS_REASONS = frozenset(
    {"ENOSPC", "EACCES", "EPERM", "EROFS", "EPIPE", "EIO", "EDQUOT", "EFBIG", "ENOENT", "ENOTDIR", "EISDIR", "EBADF"}
)


def os_reason(error: OSError) -> object:
    """Why the system refused: a Message the catalogue words, or the system's own text."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return Message(f"os_{name}") if name in OS_REASONS else (error.strerror or str(error))


def known_id(typed: str, known: Sequence[str]) -> str | None:
    """The id `typed` names, as ids are written (lowercase): Komen is komen; None when it names none."""
    if typed in known:
        return typed
    folded = typed.casefold()
    return next((each for each in known if each.casefold() == folded), None)


def unknown_id(key: str, typed: str, known: Sequence[str]) -> Message:
    """The message `key` for an id that names nothing, with the ids that do; `key`_near with the closest
    one ("did you mean 'komen'?") when the id typed is a near miss of it."""
    near = near_miss(typed, known)
    if near is not None:
        return Message(f"{key}_near", id=typed, near=near, known=tuple(known))
    return Message(key, id=typed, known=tuple(known))


def near_miss(typed: str, known: Sequence[str]) -> str | None:
    """The one name of `known` that `typed` is a near miss of (komem: komen), whatever the case; None when
    none is near, or two are as near (not for sofin to guess between)."""
    import difflib

    folded = typed.casefold()
    close = difflib.get_close_matches(folded, [each.casefold() for each in known], n=2, cutoff=0.75)
    ratios = [difflib.SequenceMatcher(None, folded, each).ratio() for each in close]
    if close and (len(close) == 1 or ratios[0] > ratios[1]):
        return next(each for each in known if each.casefold() == close[0])
    return None


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

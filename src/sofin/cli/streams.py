"""Standard input, output and error as sofin finds them: closed, or in an encoding that cannot show a character.

`prepare()`, at the start of `main()`, makes every later write either succeed or fail as one line and
exit 2 (cli/app.py), never a traceback:

- A descriptor closed at start (cron, `>&-`, `<&-`): Python leaves `sys.stdout` (`stdin`, `stderr`)
  None, and the next file sofin opened would get its number and be taken for that stream (output.py
  compares a target with descriptors 1 and 2). /dev/null takes the number: opened the other way round
  for standard input and output, so that reading or writing them fails as on a closed descriptor
  (EBADF), while a closed standard error takes the messages silently, having nowhere else to go.
- Text to a file or a pipe is UTF-8, as sofin's `--output` files are, whatever the locale or
  PYTHONIOENCODING says.
- A terminal keeps its encoding (ISO-8859-2 shows č, š and ž). A character it cannot show goes
  through the error handler below: sofin's own symbols in ASCII, any other character as '?'; and
  `say_what_was_not_shown` says so once, on stderr.
- The terminal's size in COLUMNS, LINES or TERMINAL_WIDTH counts only when it is a size: rich and
  typer read any value, and a traceback ('²', which str.isdigit takes), an empty table (0) or
  megabytes of blank help (100000) followed.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from dataclasses import dataclass

from sofin.words import DEFAULT, Language, catalogue

ERRORS = "sofin-shown"  # the codecs error handler's name, as `errors=` takes it

# sofin's own symbols (words/ and render/) and rich's in ASCII: one character for one, so that a
# table's columns stay aligned; only the arrow, which stands in running text, takes two.
_IN_ASCII = {
    "\u2020": "#",  # † a projected figure
    "\u2013": "-",  # – 2025–2029
    "\u2014": "-",  # — no figure
    "\u2212": "-",  # − paid − exact share
    "\u00d7": "x",  # × amount × (1 + rate)
    "\u2192": "->",  # → before → after
    "\u2248": "~",  # ≈ explain's factor of the pay law, when it does not terminate
    "\u2026": ".",  # … the end of a cell that rich cut short
    "\u00ab": '"',  # « Slovenian quotation marks, in society names
    "\u00bb": '"',  # »
    "\u00b7": ".",  # · between the HTML page's parts
    "\ufeff": "",  # the byte-order mark that --dialect sl starts with: nothing to see
}
_BOX_DRAWING = range(0x2500, 0x2580)  # the table's rule, and rich's boxes where it draws Unicode ones
_FILE_NAME_BYTES = range(0xDC80, 0xDD00)  # bytes of a name that were no text, as Python decodes them
_TERMINAL_SIZES = ("COLUMNS", "LINES", "TERMINAL_WIDTH")
_SIZE_DIGITS = 4  # up to 9999 columns or lines: far beyond any screen


@dataclass
class _NotShown:
    """Whether a terminal could not show a character in this run, and the terminal's encoding."""

    happened: bool = False
    terminal_encoding: str = ""  # of the first terminal (stdout, else stderr) that is not UTF-8


_NOT_SHOWN = _NotShown()


def prepare() -> None:
    """Standard streams that sofin can use whatever they are, and the terminal's size only if it is one."""
    codecs.register_error(ERRORS, replacement)
    _occupy_closed_descriptors()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            _encode_for(stream)
    _forget_sizes_that_are_none()


def _occupy_closed_descriptors() -> None:
    # stdin and stdout: /dev/null the other way round, so that using them fails (EBADF); stderr: writable.
    for descriptor, mode, name in ((0, os.O_WRONLY, "stdin"), (1, os.O_RDONLY, "stdout"), (2, os.O_WRONLY, "stderr")):
        if _is_open(descriptor):
            continue
        taken = os.open(os.devnull, mode)
        if taken != descriptor:
            os.dup2(taken, descriptor)
            os.close(taken)
        text_mode = "r" if descriptor == 0 else "w"
        setattr(sys, name, open(descriptor, text_mode, encoding="utf-8", errors=ERRORS, closefd=False))


def _is_open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def _encode_for(stream: io.TextIOWrapper) -> None:
    """A terminal's own encoding, through the handler; UTF-8 to anything else."""
    if not stream.isatty():
        stream.reconfigure(encoding="utf-8", errors=ERRORS)
        return
    stream.reconfigure(errors=ERRORS)
    encoding = codecs.lookup(stream.encoding).name
    if encoding != "utf-8" and not _NOT_SHOWN.terminal_encoding:
        _NOT_SHOWN.terminal_encoding = encoding


def _forget_sizes_that_are_none() -> None:
    # Unset, the variable leaves rich and typer to measure the terminal itself.
    for name in _TERMINAL_SIZES:
        value = os.environ.get(name)
        if value is not None and not _is_a_size(value):
            del os.environ[name]


def _is_a_size(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= _SIZE_DIGITS and int(value) > 0


def replacement(error: UnicodeError) -> tuple[str | bytes, int]:
    """The error handler ERRORS: for the first character an encoding cannot write, what is written
    instead, and where to go on.

    A name's bytes that were not text (a file name in a message) go out as they came in, as `ls`
    writes them; a character from text is shown in ASCII, or as '?'.
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    char = error.object[error.start]
    if ord(char) in _FILE_NAME_BYTES:
        return bytes([ord(char) - 0xDC00]), error.start + 1
    if char != "\ufeff":
        _NOT_SHOWN.happened = True
    return _in_ascii(char), error.start + 1


def _in_ascii(char: str) -> str:
    if char in _IN_ASCII:
        return _IN_ASCII[char]
    import unicodedata

    if ord(char) in _BOX_DRAWING:
        return _box_in_ascii(unicodedata.name(char, ""))
    if unicodedata.category(char) == "Zs":  # a space that is not ' ' (no-break, narrow)
        return " "
    return "?"


def _box_in_ascii(name: str) -> str:
    """A box-drawing character by its Unicode name: a line across '-', a line down '|', anything else '+'."""
    if " AND " not in name and name.endswith("HORIZONTAL"):
        return "-"
    if " AND " not in name and name.endswith("VERTICAL"):
        return "|"
    return "+"


def forget_what_was_not_shown() -> None:
    """A run starts with nothing unshown: the line is about this run's output, even when one process runs
    several commands (a test runner, a program that imports sofin)."""
    _NOT_SHOWN.happened = False


def say_what_was_not_shown(lang: Language = DEFAULT) -> None:
    """Once a run, one line on stderr when a terminal could not show a character, in the command's language."""
    if not _NOT_SHOWN.happened:
        return
    _NOT_SHOWN.happened = False
    encoding = _NOT_SHOWN.terminal_encoding or "?"
    say(catalogue(lang).errors.not_shown.format(encoding=encoding))


def say(line: str) -> None:
    """One line on stderr; nothing when stderr cannot take it (full, a closed pipe): there is nowhere else to say it.

    Written to sys.stderr itself: click's echo writes UTF-8 past a stream whose encoding is ASCII,
    which an ASCII terminal shows as mojibake.
    """
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except OSError:
        pass


def silence_stdout() -> None:
    """/dev/null as standard output, after a write to it failed: Python would flush what is left in its
    buffer again on the way out, and print a traceback when that fails."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # no file descriptor (a test's captured stdout): nothing to silence
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)

"""Writing results: whole files or nothing, and never over the input."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import TypeGuard

from sofin.inputs import FileRead
from sofin.problems import InputError, Message, Problem, os_reason

# Issue 23, item 1: the format an --output file's name says, by its extension (lowercase), for every
# command; a command refuses a name whose format it does not write. Names that none of sofin's formats
# use (.txt, no extension) say nothing, and the command's default holds. .xls, .ods and .pdf name
# formats that sofin does not write: a workbook or a page of text in them would open as nonsense.
FORMAT_BY_EXTENSION = {
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".svg": "svg",  # issue 26 item 5: plan's chart
    ".journal": "ledger",
    ".ledger": "ledger",
    ".hledger": "ledger",
    ".xml": "junit",  # issue 25 item 3: check's test report; the one XML sofin writes
    ".xls": "xls",
    ".ods": "ods",
    ".pdf": "pdf",
}


def format_named_by(target: Path) -> str | None:
    """The format the file name `target` says (.XLSX as .xlsx), or None when it says none. A name that is only
    an extension (.csv: to Python a hidden file without one) says its format too, as whoever typed it meant."""
    extension = target.suffix or target.name
    return FORMAT_BY_EXTENSION.get(extension.lower())


def extensions_of(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The first extension that names each of `formats` (.md for markdown), in FORMAT_BY_EXTENSION's order."""
    firsts: dict[str, str] = {}
    for extension, named in FORMAT_BY_EXTENSION.items():
        firsts.setdefault(named, extension)
    return tuple(extension for named, extension in firsts.items() if named in formats)


# The temporary file is named after the target: a name near the system's 255-byte limit would
# leave no room for its prefix and suffix, so it takes only the start of the target's name.
_TEMPORARY_STEM = 64


def write_atomically(
    target: Path, content: str | bytes, *, protected: tuple[Path, ...] = (), read: tuple[FileRead, ...] = ()
) -> None:
    """Write `content` to a temporary file beside `target`, then rename it into place.

    An error or an interrupt leaves either the old file or the new one, never a part of one. A symlink
    is followed (the file it names is replaced, the link kept); a device, a FIFO or a pipe is written
    through, and so is a file that is this process's standard output or error (`-o /dev/stdout`).
    Neither the files `read` nor those named `protected` are ever written: by device and inode, so
    that no other name of an input (a link, '-', /dev/fd/N) is one to write to.
    """
    name = str(target)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        # os.stat follows every link, /proc's too: /dev/stdout on a pipe names "pipe:[…]", which
        # Path.resolve cannot follow. A loop of links or a name too long is the OS's refusal, said in one line.
        followed: os.stat_result | None = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        followed = None
    except OSError as error:
        raise _cannot_write(name, error) from None
    # A regular file only: a terminal, a pipe or /dev/null read as an input is no file to lose (`-s -`
    # typed on a terminal, the table printed back to it with `-o /dev/stdout`).
    overwritten = _input_named(followed, protected, read) if _a_regular_file(followed) else None
    if overwritten is not None:
        raise InputError([_over_the_input(name, overwritten)])
    if followed is not None and os.path.normpath(name) in _STANDARD_NAMES:
        # `-o /dev/stdout`: this process's own stream, as the shell gave it. Opened anew by its name, a
        # closed standard output (held by /dev/null, cli/streams.py) would take the table without a word.
        _write_to(_STANDARD_NAMES[os.path.normpath(name)], data, name)
        return
    if followed is not None and stat.S_ISDIR(followed.st_mode):
        raise InputError([Problem(name, None, None, "output", Message("a_folder"))])
    if followed is not None and not stat.S_ISREG(followed.st_mode):
        _write_through(target, data, name)  # a device, a FIFO, a pipe: renaming over it would replace it
        return
    if followed is not None and _standard_stream(followed) is not None:
        # `-o /dev/stdout >> log`: the shell's stream, appended to as it was opened, not a file replaced
        _write_to(_standard_stream(followed), data, name)
        return
    if followed is not None and not os.access(target, os.W_OK):  # as `>` would: a read-only file stays
        raise InputError([Problem(name, None, None, "output", Message("cannot_write_permission"))])
    # The link stays; what it points at is written (a link to a file not there yet: it is created).
    target = Path(os.path.realpath(target)) if target.is_symlink() else target
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        message = Message("not_a_folder" if folder.exists() else "no_such_folder", folder=folder)
        raise InputError([Problem(name, None, None, "output", message)])
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name[:_TEMPORARY_STEM]}.", suffix=".tmp")
    except OSError as error:
        raise _cannot_write(name, error) from None
    try:
        os.fchmod(handle, _mode_for(target))  # mkstemp's 0600 would stay with the renamed file
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as error:  # a full disk, a vanished folder: say so; the old file is untouched
        Path(temporary).unlink(missing_ok=True)
        raise _cannot_write(name, error) from None
    except BaseException:  # an interrupt: leave no temporary file behind
        Path(temporary).unlink(missing_ok=True)
        raise


def refuse_stdout_over_input(read: tuple[FileRead, ...]) -> None:
    """Standard output that is a regular file read as an input (`sofin check t.json >> t.json`) is refused:
    the table would end in its own report. A terminal, a pipe or /dev/null is never an input's file."""
    try:
        stdout = os.fstat(1)
    except OSError:  # closed: writing says so
        return
    overwritten = _input_named(stdout, (), read) if _a_regular_file(stdout) else None
    if overwritten is not None:
        raise InputError([_over_the_input("<stdout>", overwritten)])


def _a_regular_file(followed: os.stat_result | None) -> TypeGuard[os.stat_result]:
    return followed is not None and stat.S_ISREG(followed.st_mode)


def _input_named(followed: os.stat_result, protected: tuple[Path, ...], read: tuple[FileRead, ...]) -> str | None:
    """The name of the input that `followed` is, if it is one."""
    for each in read:
        if os.path.samestat(followed, each.stat):
            return each.name
    return next((str(path) for path in protected if _same_file(followed, path)), None)


def _over_the_input(name: str, input_name: str) -> Problem:
    return Problem(name, None, None, "output", Message("over_the_input", input=input_name))


_STANDARD_NAMES = {
    **dict.fromkeys(("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"), 1),
    **dict.fromkeys(("/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"), 2),
}


def _cannot_write(name: str, error: OSError) -> InputError:
    return InputError([Problem(name, None, None, "output", Message("cannot_write", reason=os_reason(error)))])


def _write_through(target: Path, data: bytes, name: str) -> None:
    try:
        with open(target, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise _cannot_write(name, error) from None


def _standard_stream(followed: os.stat_result) -> int | None:
    """The descriptor (1 or 2) of this process's standard output or error, when `followed` is that file."""
    for descriptor in (1, 2):
        try:
            if os.path.samestat(followed, os.fstat(descriptor)):
                return descriptor
        except OSError:  # closed
            continue
    return None


def _write_to(descriptor: int | None, data: bytes, name: str) -> None:
    assert descriptor is not None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    except OSError as error:
        raise _cannot_write(name, error) from None


def _mode_for(target: Path) -> int:
    """An existing file keeps its mode; a new one gets what the umask allows, as `>` would give it."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _same_file(followed: os.stat_result, path: Path) -> bool:
    """Whether the target (its stat, links followed) is `path`: by device and inode, so that a symlink,
    a hard link or another spelling of the path is the same file."""
    try:
        return os.path.samestat(followed, os.stat(path))
    except (OSError, ValueError):  # not there (a year, '-'), or not a path the OS takes
        return False

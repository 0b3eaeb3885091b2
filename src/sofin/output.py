"""Writing results: whole files or nothing, and never over the input."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from sofin.problems import InputError, Problem


def write_atomically(target: Path, content: str | bytes, *, protected: tuple[Path, ...] = ()) -> None:
    """Write `content` to a temporary file beside `target`, then rename it into place.

    An error or an interrupt leaves either the old file or the new one, never a part of one. A symlink
    is followed (the file it names is replaced, the link kept); a device or a FIFO is written through.
    """
    if any(_same_file(target, path) for path in protected):
        raise InputError([Problem(str(target), None, None, "output", "refusing to write over the input file")])
    name = str(target)
    target = target.resolve() if target.is_symlink() else target  # the link stays; what it points at is written
    if target.exists() and not target.is_dir() and not stat.S_ISREG(target.stat().st_mode):
        _write_through(target, content, name)  # a device or a FIFO: renaming over it would replace it
        return
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError([Problem(str(target), None, None, "output", "is a folder, not a file")])
    if not folder.is_dir():
        raise InputError([Problem(str(target), None, None, "output", f"folder {folder} does not exist")])
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise InputError([Problem(str(target), None, None, "output", f"cannot write: {error.strerror}")]) from None
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        os.fchmod(handle, _mode_for(target))  # mkstemp's 0600 would stay with the renamed file
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as error:  # a full disk, a vanished folder: say so; the old file is untouched
        Path(temporary).unlink(missing_ok=True)
        raise InputError([Problem(str(target), None, None, "output", f"cannot write: {error.strerror}")]) from None
    except BaseException:  # an interrupt: leave no temporary file behind
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_through(target: Path, content: str | bytes, name: str) -> None:
    try:
        with open(target, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
    except OSError as error:
        raise InputError([Problem(name, None, None, "output", f"cannot write: {error.strerror}")]) from None


def _mode_for(target: Path) -> int:
    """An existing file keeps its mode; a new one gets what the umask allows, as `>` would give it."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False

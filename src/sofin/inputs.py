"""Every input a run has read, by the file the system opened: an output is compared with these.

`cat` refuses to write a file it reads ("input file is output file") by comparing device and inode,
because names mislead: '-' with `< s.yaml`, /dev/fd/N, a symlink and a hard link all reach one file.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FileRead:
    """An input as it was read: its name for people, and the file the system opened (device, inode)."""

    name: str
    stat: os.stat_result


_files_read: list[FileRead] = []


def remember(name: str, stream: Any) -> None:
    """Note the file behind an open `stream` as an input of this run."""
    try:
        _files_read.append(FileRead(name, os.fstat(stream.fileno())))
    except (OSError, ValueError, io.UnsupportedOperation):  # no descriptor (a test's stdin): nothing to compare
        pass


def files_read() -> tuple[FileRead, ...]:
    """The inputs read since the command started (see forget_files_read)."""
    return tuple(_files_read)


def forget_files_read() -> None:
    """A new command: what an earlier one in the same process (a test's) read is no input of this one."""
    _files_read.clear()

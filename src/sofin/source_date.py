"""The date of the files sofin writes: SOURCE_DATE_EPOCH when it is set, the reproducible-builds convention.

The convention (reproducible-builds.org/specs/source-date-epoch) gives the seconds since
1970-01-01 00:00:00 UTC in ASCII digits, as `date +%s` writes them, and asks a tool to fail on a
value it cannot read rather than date a file by something else. Set but empty is unset, as the
shell's `${SOURCE_DATE_EPOCH:-...}` takes it. A workbook's document properties hold a four-digit year,
so the last date is 9999-12-31 23:59:59 UTC; the first, 1970, is what digits alone can say.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a workbook's renderer reads the date: it loads the problems only to report one
    from sofin.problems import InputError

VARIABLE = "SOURCE_DATE_EPOCH"
_EPOCH = datetime(1970, 1, 1)
LATEST = 253_402_300_799  # 9999-12-31 23:59:59 UTC
_SHOWN = 40  # characters of a malformed value that its message repeats


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a date in UTC (without a time zone), None when unset or empty; else an InputError."""
    value = os.environ.get(VARIABLE, "")
    if not value:
        return None
    from sofin.problems import Message

    if not (value.isascii() and value.isdigit()):  # str.isdigit alone takes '²' and '٣'
        raise _malformed(Message("source_date_digits", value=_shown(value)))
    # Compared by length first: int() of thousands of digits is slow, and refused from 4,300 on.
    digits = value.lstrip("0") or "0"
    if len(digits) > len(str(LATEST)) or int(digits) > LATEST:
        raise _malformed(Message("source_date_late", value=_shown(value), most=LATEST))
    return _EPOCH + timedelta(seconds=int(digits))


def _malformed(message: Any) -> InputError:  # a problems.Message
    from sofin.problems import ENVIRONMENT, InputError, Problem

    return InputError([Problem(ENVIRONMENT, None, None, VARIABLE, message)])


def _shown(value: str) -> Any:  # a problems.Message
    """The value as its message quotes it: the start of a long one, with its length."""
    from sofin.problems import Figure, Message

    # As Python writes a string's characters (a newline as \n), between the language's quotes.
    if len(value) <= _SHOWN:
        return Message("written_text", text=repr(value)[1:-1])
    return Message("cut_short", text=repr(value[:_SHOWN])[1:-1], length=Figure(len(value)))

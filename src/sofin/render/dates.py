"""Dates for people: a CLDR date pattern of day and month, in the language's month names (words/, `Words.cldr`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sofin.words.schema import CldrWords


def format_date(day: date, pattern: str, cldr: CldrWords) -> str:
    """`day` in a CLDR date pattern: d, dd, M, MM, MMM, MMMM (L for stand-alone: the same names in sofin's
    languages), text in quotes and any character that is not a letter as it is; any other field is refused.
    (Babel wrote these; tests/test_local_numbers.py holds every due date to its format_date.)"""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":  # quoted text; '' a quote
            end = pattern.find("'", i + 1)
            end = len(pattern) if end < 0 else end
            out.append(pattern[i + 1 : end] or "'")
            i = end + 1
            continue
        field = char.isascii() and char.isalpha()
        run = len(pattern) - i - len(pattern[i:].lstrip(char)) if field else 1
        if char == "d" and run <= 2:
            out.append(f"{day.day:0{run}d}")
        elif char in "ML" and run <= 2:
            out.append(f"{day.month:0{run}d}")
        elif char in "ML" and run <= 4:
            out.append((cldr.months_short if run == 3 else cldr.months)[day.month - 1])
        elif field:
            raise ValueError(f"sofin writes no date field {char * run!r} (pattern {pattern!r})")
        else:
            out.append(char)
        i += run
    return "".join(out)

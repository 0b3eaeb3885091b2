"""Hostile input (issue 14): no traceback, no silent misreading, no harmed file, and no quadratic corner.

What a user with bad luck or bad intent may give is refused with a located message and exit 2, or
read as written; an output never damages a file it should not touch. The catalogue below states each
case's exit code, where its message points and which files stay byte for byte as they were; then
output that is no regular file, unusual names in workbooks, Markdown and journals, a size corner, and
fuzzing of `check`'s JSON and CSV readers and of `diff`."""

from __future__ import annotations

import csv
import dataclasses
import errno
import functools
import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sofin.cli import app
from sofin.limits import MAX_CSV_BYTES, MAX_TABLE_BYTES
from sofin.load import bundled_strategy_path

from .helpers import MINIMAL, ROOT, STRATEGY_2025, balances
from .helpers import run_in_english as run
from .helpers.strategies import shares

runner = CliRunner()


def replaced(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def assert_refused(result, path, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    messages = result.stderr.splitlines()[:-1]
    assert messages and all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line) for line in messages), messages
    assert any(fragment in line for line in messages), messages


# Numbers YAML 1.1 reads in another base, or with separators: money would be wrong without a word.
NOT_DECIMAL = ["0333", "5:33", "0x14D", "0b101", "1_001", "1:00:01", "00.5", "0333.0", "1_0.5", "+0333", ".5"]
# What YAML 1.1 takes as text is refused as text.
TEXT = ["0o515", "1.5e3", "333 EUR"]


@pytest.mark.parametrize("written", NOT_DECIMAL)
def test_numbers_are_decimal_digits_only(write, written):
    path = write(replaced("amount: 333}", f"amount: {written}}}"))
    assert_refused(run("allocate", "2025", "-s", str(path)), path, "in decimal digits")


@pytest.mark.parametrize("written", TEXT)
def test_numbers_written_as_text_are_refused(write, written):
    path = write(replaced("amount: 333}", f"amount: {written}}}"))
    assert_refused(run("allocate", "2025", "-s", str(path)), path, "must be a number")


@pytest.mark.parametrize("where", ["amount: 333}", "share: 60.5}"])
def test_numbers_of_thousands_of_digits_are_refused_not_converted(write, where):
    """Python refuses to convert an int of over 4,300 digits (a ValueError): sofin stops far earlier."""
    path = write(replaced(where, where.split(":")[0] + ": " + "9" * 5000 + "}"))
    assert_refused(run("allocate", "2025", "-s", str(path)), path, "digits")


def test_a_long_number_in_an_unknown_field_is_refused_too(write):
    path = write(MINIMAL + "note: " + "1" * 5000 + "\n")
    assert_refused(run("allocate", "2025", "-s", str(path)), path, "digits")


def test_a_folder_named_like_a_year_is_no_table(tmp_path, monkeypatch):
    """`diff 2025 2026` compares years even where a folder is named 2025."""
    (tmp_path / "2025").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run("diff", "2025", "2026")
    assert result.exit_code == 0, result.output
    assert "2025 → 2026" in result.stdout


def test_a_file_past_the_size_bound_is_refused_before_it_is_parsed(tmp_path):
    """A 17 MiB strategy (330,000 societies would be 44 MB) is one line and exit 2, not minutes of parsing."""
    path = tmp_path / "huge.yaml"
    path.write_text(MINIMAL + "# " + "x" * (17 * 2**20) + "\n", encoding="utf-8")
    result = run("allocate", "2025", "-s", str(path))
    assert result.exit_code == 2 and "larger than 16 MiB" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


TABLE = ROOT / "data" / "published" / "2025.json"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["rows"][0].update(total="1" + "0" * 30),
        lambda d: d["rows"][0]["allocation"].update(sezana="1" + "0" * 30),
        lambda d: d["rows"][1]["allocation"].update(komen="-" + "9" * 20),
    ],
    ids=["a total of 10^30", "a figure of 10^30", "a figure of -10^20"],
)
@pytest.mark.parametrize("command", ["check", "diff"])
def test_table_figures_past_the_bound_are_located(tmp_path, change, command):
    document = json.loads(TABLE.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "table.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    args = ("check", str(path)) if command == "check" else ("diff", str(path), "2025")
    assert_refused(run(*args), path, "beyond what sofin reads")


@pytest.mark.parametrize("cell", ["a" * 200_000, "a" * 10_001], ids=["past the csv module's limit", "past sofin's"])
def test_an_overlong_csv_cell_is_located(tmp_path, cell):
    path = tmp_path / "table.csv"
    path.write_text(f"level,path,label,total,a\n0,,{cell},1,1\n", encoding="utf-8")
    assert_refused(run("check", str(path)), path, "a cell of over 10,000 characters")


def test_a_key_off_100_past_28_digits_is_refused(write):
    """50.780000000000000000000000000001 would sum to 100 at Decimal's default 28 digits: a share has at
    most 10 decimals, so every sum of shares is exact."""
    path = write(replaced("share: 60.5}", "share: 60.500000000000000000000000000001}"))
    assert_refused(run("allocate", "2025", "-s", str(path)), path, "a share has at most 10")


def test_a_table_whose_key_is_off_by_a_hair_is_refused_not_passed(tmp_path):
    document = json.loads(TABLE.read_text(encoding="utf-8"))
    document["payers"][0]["share"] = "50.780000000000000000000000000001"
    path = tmp_path / "table.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert_refused(run("check", str(path)), path, "a share has at most 10")


# ------------------------------------------------------------------------------------------------
# Issue 14's catalogue: one row a case. Each runs in a folder of its own, with its files written
# there, and states the exit code, where the message points (FILE:LINE:COL or FILE) with the field
# it names, a part of the message, and the files that must be byte for byte as they were (by
# default every file the case wrote). Every case also asserts no traceback and no temporary file left.


@dataclass(frozen=True)
class Case:
    name: str
    command: tuple[str, ...]
    exit_code: int
    where: str | None = None  # FILE:LINE:COL, FILE, or "command line"; None: nothing located (exit 0/1, usage)
    field: str = ""  # the field the message names, as printed: rows[0].total, --output, (document), line 2
    fragment: str = ""  # a part of that message (or, with no `where`, of what the command printed)
    files: Mapping[str, str | bytes] = dataclasses.field(default_factory=dict)
    untouched: tuple[str, ...] | None = None  # default: every file of `files`
    prepare: Callable[[Path], None] | None = None  # links, folders, modes
    after: Callable[[Path, Any], None] | None = None  # what else must hold (a link kept, a mode, the output)
    env: Mapping[str, str] = dataclasses.field(default_factory=dict)
    umask: int | None = None
    stdin: bytes | None = None
    permissions: bool = False  # needs a process that file modes bind (not root with CAP_DAC_OVERRIDE)
    xfail: str | None = None  # the reason, when the fix lies outside the files this catalogue's fixes may touch


TABLE_TEXT = TABLE.read_text(encoding="utf-8")
TABLE_CSV = (ROOT / "data" / "published" / "2025.csv").read_text(encoding="utf-8")
STRATEGY_TEXT = STRATEGY_2025.read_text(encoding="utf-8")
KEYED_CSV = "level,path,label,total,a,b\nkey,,,,60.5,39.5\n0,,Skupaj,1000,605,395\n1,s,S,1000,605,395\n"
BUNDLED = bundled_strategy_path()
S = {"s.yaml": MINIMAL}
T = {"t.json": TABLE_TEXT}
C = {"t.csv": TABLE_CSV}
CSV_HEAD = TABLE_CSV.splitlines()[0]


def strategy(old: str, new: str, *more: str) -> dict[str, str]:
    """s.yaml: MINIMAL with `old` replaced by `new` (and further old, new pairs)."""
    text = replaced(old, new)
    for extra_old, extra_new in zip(more[::2], more[1::2]):
        text = replaced(extra_old, extra_new, text)
    return {"s.yaml": text}


def table(old: str, new: str, name: str = "t.json") -> dict[str, str]:
    """2025.json (or 2025.csv, by the name) with its first `old` replaced: every line stays where it was."""
    text = TABLE_TEXT if name.endswith(".json") else TABLE_CSV
    assert old in text, old
    return {name: text.replace(old, new, 1)}


def allocate(*options: str) -> tuple[str, ...]:
    return ("allocate", "2025", "-s", "s.yaml", *options)


def link(name: str, to: str, hard: bool = False) -> Callable[[Path], None]:
    def prepare(folder: Path) -> None:
        if hard:
            os.link(folder / to, folder / name)
        else:
            (folder / name).symlink_to(to)

    return prepare


def folders(*names: str) -> Callable[[Path], None]:
    def prepare(folder: Path) -> None:
        for name in names:
            (folder / name).mkdir()

    return prepare


def sparse(name: str, start: str, bound: int) -> Callable[[Path], None]:
    """`name` begins with `start` and is one byte past `bound`: a sparse file, no disk or memory spent."""

    def prepare(folder: Path) -> None:
        with (folder / name).open("wb") as file:
            file.write(start.encode("utf-8"))
            file.truncate(bound + 1)

    return prepare


def mode(name: str, bits: int) -> Callable[[Path], None]:
    def prepare(folder: Path) -> None:
        (folder / name).chmod(bits)

    return prepare


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def prepare(folder: Path) -> None:
        for step in steps:
            step(folder)

    return prepare


def written(name: str, start: str, *links: str) -> Callable[[Path, Any], None]:
    """`name` holds the output now, starting with `start`; each of `links` is still a symlink."""

    def after(folder: Path, result: Any) -> None:
        assert (folder / name).read_text(encoding="utf-8").startswith(start)
        assert all((folder / link).is_symlink() for link in links), links

    return after


def mode_is(name: str, bits: int) -> Callable[[Path, Any], None]:
    def after(folder: Path, result: Any) -> None:
        assert stat.S_IMODE((folder / name).stat().st_mode) == bits

    return after


def still_links(*names: str) -> Callable[[Path, Any], None]:
    def after(folder: Path, result: Any) -> None:
        assert all((folder / name).is_symlink() for name in names), names

    return after


def prints(text: str) -> Callable[[Path, Any], None]:
    def after(folder: Path, result: Any) -> None:
        assert text in result.stdout, result.stdout

    return after


def empty(name: str) -> Callable[[Path, Any], None]:
    def after(folder: Path, result: Any) -> None:
        assert not list((folder / name).iterdir()), name

    return after


def still_a_device(folder: Path, result: Any) -> None:
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def same_as_minimal(folder: Path, result: Any) -> None:
    """The same table as MINIMAL as written: nothing was read another way."""
    (folder / "m.yaml").write_text(MINIMAL, encoding="utf-8")
    assert result.stdout == run("allocate", "2025", "-s", str(folder / "m.yaml"), "--lang", "en").stdout


LONG_PERIOD = ("period: [2025, 2029]", "period: [2025, 2074]")
ONE_YEAR = (
    "period: [2025, 2029]",
    "period: [2025, 2025]",
    "programme: {default: 2, 2027: 2.5}",
    "programme: {default: 2}",
)
LAST_YEAR = ("base_year: 2025", "base_year: 2029", "programme: {default: 2, 2027: 2.5}", "programme: {default: 2}")
ADOPTED = MINIMAL + "adopted:\n  2027:\n    s/programme: 350\n"
BIG = "9" * 5000
THOUSAND = "9" * 1000
HAIR = "0" * 28 + "1"  # after a number of one decimal: 30 decimals, 10^-30 more

OUTPUT = [
    Case("output: /dev/null is written through, never replaced", allocate("-f", "csv", "-o", "/dev/null"), 0,
         files=S, after=still_a_device),
    Case("output: /dev/full is a full disk, one line", allocate("-f", "csv", "-o", "/dev/full"), 2,
         "/dev/full", "--output", "cannot write: No space left on device", files=S),
    Case("output: a symlink to a file is written through, the link kept", allocate("-f", "csv", "-o", "out.csv"), 0,
         files={**S, "real.csv": "old\n"}, untouched=("s.yaml",), prepare=link("out.csv", "real.csv"),
         after=written("real.csv", "level,path", "out.csv")),
    Case("output: a dangling symlink: the file it names is made, the link kept", allocate("-f", "csv", "-o", "out.csv"), 0,
         files=S, prepare=link("out.csv", "new.csv"),
         after=written("new.csv", "level,path", "out.csv")),
    Case("output: a loop of symlinks", allocate("-f", "csv", "-o", "a.csv"), 2,
         "a.csv", "--output", "cannot write: Too many levels of symbolic links", files=S,
         prepare=both(link("a.csv", "b.csv"), link("b.csv", "a.csv")), after=still_links("a.csv", "b.csv")),
    Case("output: a symlink to the strategy read", allocate("-f", "csv", "-o", "out.csv"), 2,
         "out.csv", "--output", "refusing to write over the input file", files=S, prepare=link("out.csv", "s.yaml"),
         after=still_links("out.csv")),
    Case("output: a hard link to the strategy read", allocate("-f", "csv", "-o", "out.csv"), 2,
         "out.csv", "--output", "refusing to write over the input file", files=S, prepare=link("out.csv", "s.yaml", hard=True)),
    Case("output: the strategy read, spelled another way", allocate("-o", "sub/../s.yaml"), 2,
         "sub/../s.yaml", "--output", "refusing to write over the input file", files=S, prepare=folders("sub")),
    Case("output: the strategy read, by a link to its folder", allocate("-f", "json", "-o", "here/s.yaml"), 2,
         "here/s.yaml", "--output", "refusing to write over the input file", files=S, prepare=link("here", ".")),
    Case("output: a symlink to the table check reads", ("check", "t.json", "-f", "json", "-o", "out.json"), 2,
         "out.json", "--output", "refusing to write over the input file", files=T, prepare=link("out.json", "t.json")),
    Case("output: a hard link to the table diff reads", ("diff", "t.json", "2025", "-f", "json", "-o", "out.json"), 2,
         "out.json", "--output", "refusing to write over the input file", files=T, prepare=link("out.json", "t.json", hard=True)),
    Case("output: check TABLE -o the strategy it compares with", ("check", "t.json", "-s", "b.yaml", "-o", "b.yaml"), 2,
         "b.yaml", "--output", "refusing to write over the input file", files={**T, "b.yaml": STRATEGY_TEXT}),
    Case("output: check TABLE -o TABLE", ("check", "t.json", "-o", "t.json"), 2,
         "t.json", "--output", "refusing to write over the input file", files=T),
    Case("output: check -o the strategy $SOFIN_STRATEGY names, read for the key", ("check", "k.csv", "-o", "b.yaml"), 2,
         "b.yaml", "--output", "refusing to write over the input file",
         files={"k.csv": TABLE_CSV, "b.yaml": STRATEGY_TEXT}, env={"SOFIN_STRATEGY": "b.yaml"}),
    Case("output: diff A B -o A", ("diff", "a.json", "t.json", "-o", "a.json"), 2,
         "a.json", "--output", "refusing to write over the input file", files={**T, "a.json": TABLE_TEXT}),
    Case("output: diff YEAR B -o B", ("diff", "2025", "t.json", "-f", "json", "-o", "t.json"), 2,
         "t.json", "--output", "refusing to write over the input file", files=T),
    Case("output: diff -o the strategy", ("diff", "2025", "2026", "-s", "s.yaml", "-o", "s.yaml"), 2,
         "s.yaml", "--output", "refusing to write over the input file", files=S),
    Case("output: payments' journal over a link to the strategy", ("payments", "2025", "--payer", "a", "-s", "s.yaml",
         "-f", "ledger", "-o", "j.journal"), 2, "j.journal", "--output", "refusing to write over the input file",
         files=S, prepare=link("j.journal", "s.yaml")),
    Case("output: explain -o the strategy", ("explain", "2025", "s/staff", "-s", "s.yaml", "-o", "s.yaml"), 2,
         "s.yaml", "--output", "refusing to write over the input file", files=S),
    Case("output: plan's workbook over a link to the strategy", ("plan", "-s", "s.yaml", "-f", "xlsx", "-o", "p.xlsx"), 2,
         "p.xlsx", "--output", "refusing to write over the input file", files=S, prepare=link("p.xlsx", "s.yaml")),
    Case("output: the bundled strategy itself", ("allocate", "2025", "-f", "csv", "-o", str(BUNDLED)), 2,
         str(BUNDLED), "--output", "refusing to write over the input file", untouched=(str(BUNDLED),)),
    Case("output: a folder", allocate("-o", "sub"), 2, "sub", "--output", "is a folder, not a file", files=S,
         prepare=folders("sub")),
    Case("output: a symlink to a folder", allocate("-o", "to-sub"), 2, "to-sub", "--output", "is a folder, not a file",
         files=S, prepare=both(folders("sub"), link("to-sub", "sub"))),
    Case("output: an empty name is the current folder", allocate("-o", ""), 2, ".", "--output", "is a folder, not a file",
         files=S),
    Case("output: a folder that does not exist", allocate("-o", "missing/out.csv"), 2,
         "missing/out.csv", "--output", "folder missing does not exist", files=S),
    Case("output: under a file, not a folder", allocate("-o", "note.txt/out.csv"), 2,
         "note.txt/out.csv", "--output", "note.txt is not a folder", files={**S, "note.txt": "a note\n"}),
    Case("output: a name longer than the system allows", allocate("-o", "x" * 300), 2,
         "x" * 300, "--output", "cannot write: File name too long", files=S),
    Case("output: a name of 250 characters is written", allocate("-f", "csv", "-o", "y" * 250), 0,
         files=S, after=written("y" * 250, "level,path")),
    Case("output: a read-only file stays, as with >", allocate("-f", "csv", "-o", "ro.csv"), 2,
         "ro.csv", "--output", "cannot write: Permission denied", files={**S, "ro.csv": "old\n"},
         prepare=mode("ro.csv", 0o444), after=mode_is("ro.csv", 0o444), permissions=True),
    Case("output: a read-only folder", allocate("-f", "csv", "-o", "rd/out.csv"), 2,
         "rd/out.csv", "--output", "cannot write: Permission denied", files=S,
         prepare=both(folders("rd"), mode("rd", 0o555)),
         after=empty("rd"), permissions=True),
    Case("output: an existing file keeps its mode 0600", allocate("-f", "csv", "-o", "out.csv"), 0,
         files={**S, "out.csv": "old\n"}, untouched=("s.yaml",), prepare=mode("out.csv", 0o600),
         after=mode_is("out.csv", 0o600)),
    Case("output: an existing file keeps its mode 0755", allocate("-f", "json", "-o", "out.json"), 0,
         files={**S, "out.json": "old\n"}, untouched=("s.yaml",), prepare=mode("out.json", 0o755),
         after=mode_is("out.json", 0o755)),
    Case("output: a new file under umask 077 is 0600", allocate("-f", "csv", "-o", "new.csv"), 0,
         files=S, umask=0o077, after=mode_is("new.csv", 0o600)),
    Case("output: a new file under umask 002 is 0664", allocate("-f", "xlsx", "-o", "new.xlsx"), 0,
         files=S, umask=0o002, after=mode_is("new.xlsx", 0o664)),
    Case("output: a failed run leaves the earlier output whole", ("allocate", "2025", "-s", "s.yaml", "-o", "out.csv"), 2,
         "s.yaml:22:86", "societies[0].lines[1].amount", "greater than or equal to 0",
         files={**strategy("amount: 333}", "amount: -333}"), "out.csv": "earlier\n"}),
    Case("output: a failed check leaves the earlier report whole", ("check", "t.json", "-o", "out.md"), 2,
         "t.json:33:16", "rows[0].total", "a number of 41 digits",
         files={**table('"total": "194630"', '"total": "1' + "0" * 40 + '"'), "out.md": "earlier\n"}),
]  # fmt: skip

MONEY = [
    Case("money: base year 0x7E9 (2025 in hex)", allocate(), 2, "s.yaml:3:12", "base_year", "in decimal digits",
         files=strategy("base_year: 2025", "base_year: 0x7E9")),
    Case("money: the period's first year 0x7E9", allocate(), 2, "s.yaml:2:10", "period[0]", "in decimal digits",
         files=strategy("period: [2025, 2029]", "period: [0x7E9, 2029]")),
    Case("money: unit 0x1", allocate(), 2, "s.yaml:5:7", "unit", "in decimal digits", files=strategy("unit: 1", "unit: 0x1")),
    Case("money: a rate 0o17 (text to YAML 1.1)", allocate(), 2, "s.yaml:10:20", "indexation.staff.default",
         "must be a number, not '0o17'", files=strategy("staff: {default: 2}", "staff: {default: 0o17}")),
    Case("money: a rate 1_0", allocate(), 2, "s.yaml:10:20", "indexation.staff.default", "in decimal digits",
         files=strategy("staff: {default: 2}", "staff: {default: 1_0}")),
    Case("money: a rate 0b11", allocate(), 2, "s.yaml:10:20", "indexation.staff.default", "in decimal digits",
         files=strategy("staff: {default: 2}", "staff: {default: 0b11}")),
    Case("money: a share 0x3C", allocate(), 2, "s.yaml:7:36", "payers[0].share", "in decimal digits",
         files=strategy("share: 60.5}", "share: 0x3C}", "share: 39.5}", "share: 40}")),
    Case("money: a share 1:00 (base 60)", allocate(), 2, "s.yaml:7:36", "payers[0].share", "in decimal digits",
         files=strategy("share: 60.5}", "share: 1:00}")),
    Case("money: a pay grade 042", allocate(), 2, "s.yaml:21:41", "societies[0].lines[0].items[0].pay_grade",
         "in decimal digits", files=strategy("pay_grade: 34", "pay_grade: 042")),
    Case("money: a funded share .5", allocate(), 2, "s.yaml:21:59", "societies[0].lines[0].items[0].funded_share",
         "in decimal digits", files=strategy("funded_share: 1", "funded_share: .5")),
    Case("money: an item's amount 16:41 (1001 in base 60)", allocate(), 2, "s.yaml:21:70",
         "societies[0].lines[0].items[0].amount", "in decimal digits", files=strategy("amount: 1001}", "amount: 16:41}")),
    Case("money: an amount 1e3 (text to YAML 1.1)", allocate(), 2, "s.yaml:22:86", "societies[0].lines[1].amount",
         "must be a number, not '1e3'", files=strategy("amount: 333}", "amount: 1e3}")),
    Case("money: an amount 3.33e+2", allocate(), 2, "s.yaml:22:86", "societies[0].lines[1].amount", "in decimal digits",
         files=strategy("amount: 333}", "amount: 3.33e+2}")),
    Case("money: an amount +333 is 333", allocate(), 0, files=strategy("amount: 333}", "amount: +333}"),
         after=same_as_minimal),
    Case("money: an adopted amount 0x15E", ("allocate", "2027", "-s", "s.yaml"), 2, "s.yaml:25:18",
         "adopted[2027].s/programme", "in decimal digits", files={"s.yaml": ADOPTED.replace(": 350", ": 0x15E")}),
    Case("money: an adopted amount 0533 (octal 347)", ("allocate", "2027", "-s", "s.yaml"), 2, "s.yaml:25:18",
         "adopted[2027].s/programme", "in decimal digits", files={"s.yaml": ADOPTED.replace(": 350", ": 0533")}),
    Case("money: a rate keyed 0x7EB (2027 in hex)", allocate(), 2, "s.yaml:11:27", "indexation.programme",
         "write 0x7EB in decimal digits", files=strategy("2027: 2.5}", "0x7EB: 2.5}")),
    Case("money: a rate keyed 02027", allocate(), 2, "s.yaml:11:27", "indexation.programme", "write 02027 in decimal",
         files=strategy("2027: 2.5}", "02027: 2.5}")),
    Case("money: a rate keyed by a year after the period", allocate(), 2, "s.yaml:11:27", "indexation.programme[2031]",
         "within the period 2025-2029: its rate would never apply", files=strategy("2027: 2.5}", "2031: 2.5}")),
    Case("money: a rate keyed by a year before the base year", allocate(), 2, "s.yaml:11:27",
         "indexation.programme[2024]", "must be after the base year 2025", files=strategy("2027: 2.5}", "2024: 2.5}")),
    Case("money: a rate keyed by the base year", allocate(), 2, "s.yaml:11:27", "indexation.programme[2025]",
         "must be after the base year 2025", files=strategy("2027: 2.5}", "2025: 2.5}")),
    Case("money: a rate keyed by '2027' as text", allocate(), 2, "s.yaml:11:27", "indexation.programme.2027",
         "unknown field", files=strategy("2027: 2.5}", "'2027': 2.5}")),
    Case("money: shares of 11 decimals", allocate(), 2, "s.yaml:7:36", "payers[0].share",
         "has 11 decimals; a share has at most 10",
         files=strategy("share: 60.5}", "share: 60.50000000001}", "share: 39.5}", "share: 39.49999999999}")),
    Case("money: shares of 10 decimals that sum to 100 are read", allocate("-f", "json"), 0,
         files=strategy("share: 60.5}", "share: 60.5000000001}", "share: 39.5}", "share: 39.4999999999}"),
         after=prints('"share": "60.5000000001"')),
    Case("money: a later year's share off 100 by 10^-30", allocate(), 2, "s.yaml:8:55", "payers[1].share[2027]",
         "has 30 decimals", files=strategy("share: 39.5}", "share: {2025: 39.5, 2027: 39.5" + HAIR + "}}")),
    Case("money: --share off 100 by 10^-30", ("allocate", "2027", "-s", "s.yaml", "--share", "a=60.5" + HAIR), 2,
         "command line", "--share", "has 30 decimals", files=S),
    Case("money: a CSV key row off 100 by 10^-30", ("check", "k.csv", "-s", "s.yaml", "-y", "2025"), 2, "k.csv:2:8",
         "payers[0].share", "has 30 decimals",
         files={**S, "k.csv": KEYED_CSV.replace("60.5,", "60.5" + HAIR + ",")}),
    Case("money: a JSON table's share of 11 decimals", ("check", "t.json"), 2, "t.json:11:16", "payers[0].share",
         "has 11 decimals", files=table('"share": "50.78"', '"share": "50.78000000001"')),
    Case("money: 50 years of 100 % indexation, past the amount bound", ("plan", "-s", "s.yaml"), 2, "s.yaml:21:70",
         "societies[0].lines[0].items[0].amount", "beyond 1,000,000,000,000",
         files=strategy(*LONG_PERIOD, "staff: {default: 2}", "staff: {default: 100}")),
    Case("money: 50 years at a rate of 10 decimals", ("plan", "-s", "s.yaml", "-f", "json", "--fair"), 0,
         files=strategy(*LONG_PERIOD, "staff: {default: 2}", "staff: {default: 2.1234567891}"), after=prints('"2074"')),
    Case("money: 51 years", allocate(), 2, "s.yaml:2:9", "period", "a period of 51 years: sofin plans at most 50",
         files=strategy("period: [2025, 2029]", "period: [2025, 2075]")),
    Case("money: 1.000 typed for a thousand whole euros", allocate(), 2, "s.yaml:22:86", "societies[0].lines[1].amount",
         "1.000 is written with 3 decimals; amounts in units of 1 have 0 (for 1000, write that)",
         files=strategy("amount: 333}", "amount: 1.000}")),
    Case("money: a table's figure of 41 digits", ("check", "t.json"), 2, "t.json:35:19", "rows[0].allocation.sezana",
         "a number of 41 digits", files=table('"sezana": "98833"', '"sezana": "98833.' + "0" * 36 + '"')),
    Case("money: a table's figure with 5,000 decimals", ("check", "t.json"), 2, "t.json:35:19",
         "rows[0].allocation.sezana", "a number of 5002 digits", files=table('"sezana": "98833"', '"sezana": "0.' + "0" * 5000 + '1"')),
    Case("money: a CSV figure with 5,000 decimals", ("diff", "t.csv", "2025"), 2, "t.csv:2:27",
         "rows[0].allocation.sezana", "a number of 5002 digits", files=table(",98833,", ",0." + "0" * 5000 + "1,", "t.csv")),
    Case("money: a table's unit of 10^-37", ("check", "t.json", "-f", "markdown"), 2, "t.json:6:11", "unit",
         "unit must be 1 (whole euros) or 0.01 (cents)", files=table('"unit": "1"', '"unit": "0.' + "0" * 36 + '1"')),
    Case("money: a table's unit of 3", ("check", "t.json"), 2, "t.json:6:11", "unit", "unit must be 1",
         files=table('"unit": "1"', '"unit": "3"')),
    Case("money: a JSON number 1.9463e5 (text to YAML 1.1)", ("check", "t.json"), 2, "t.json:33:16", "rows[0].total",
         "must be a decimal number", files=table('"total": "194630"', '"total": 1.9463e5')),
    Case("money: a JSON number 1.9463e+5", ("check", "t.json"), 2, "t.json:33:16", "rows[0].total", "in decimal digits",
         files=table('"total": "194630"', '"total": 1.9463e+5')),
    Case("money: a JSON number 0x2F846", ("diff", "t.json", "2025"), 2, "t.json:33:16", "rows[0].total",
         "in decimal digits", files=table('"total": "194630"', '"total": 0x2F846')),
]  # fmt: skip

INPUT = [
    Case("input: a base year of 5,000 digits", allocate(), 2, "s.yaml:3:12", "base_year", "a number of 5000 digits",
         files=strategy("base_year: 2025", "base_year: " + BIG)),
    Case("input: a unit of 5,000 digits", allocate(), 2, "s.yaml:5:7", "unit", "a number of 5000 digits",
         files=strategy("unit: 1", "unit: " + BIG)),
    Case("input: a pay grade of 5,000 digits", allocate(), 2, "s.yaml:21:41", "societies[0].lines[0].items[0].pay_grade",
         "a number of 5000 digits", files=strategy("pay_grade: 34", "pay_grade: " + BIG)),
    Case("input: a rate's year of 1,000 digits", allocate(), 2, "s.yaml:11:27", "indexation.programme",
         "a number of 1000 digits", files=strategy("2027: 2.5}", THOUSAND + ": 2.5}")),
    Case("input: a share's year of 1,000 digits", allocate(), 2, "s.yaml:8:49", "payers[1].share",
         "a number of 1000 digits", files=strategy("share: 39.5}", "share: {2025: 39.5, " + THOUSAND + ": 39.5}}")),
    Case("input: an adopted year of 1,000 digits", allocate(), 2, "s.yaml:24:3", "adopted",
         "a number of 1000 digits", files={"s.yaml": ADOPTED.replace("2027:", THOUSAND + ":")}),
    Case("input: a table's year of 5,000 digits", ("check", "t.json"), 2, "t.json:4:11", "year",
         "a number of 5000 digits", files=table('"year": 2025', '"year": ' + BIG)),
    Case("input: a table's total of 5,000 digits as a JSON number", ("diff", "2025", "t.json"), 2, "t.json:33:16",
         "rows[0].total", "a number of 5000 digits", files=table('"total": "194630"', '"total": ' + BIG)),
    Case("input: a table's share of 5,000 digits as a JSON number", ("check", "t.json"), 2, "t.json:11:16",
         "payers[0].share", "a number of 5000 digits", files=table('"share": "50.78"', '"share": ' + BIG)),
    Case("input: a format version of 5,000 digits", ("check", "t.json"), 2, "t.json:2:21", "format_version",
         "a number of 5000 digits", files=table('"format_version": 1', '"format_version": ' + BIG)),
    Case("input: a CSV figure of 5,000 digits", ("check", "t.csv"), 2, "t.csv:2:27", "rows[0].allocation.sezana",
         "a number of 5000 digits", files=table(",98833,", "," + BIG + ",", "t.csv")),
    Case("input: a CSV key share of 5,000 digits", ("check", "k.csv"), 2, "k.csv:2:8", "payers[0].share",
         "a number of 5000 digits", files={"k.csv": KEYED_CSV.replace("60.5,", BIG + ",")}),
    Case("input: --rate of 5,000 digits", ("allocate", "2026", "-s", "s.yaml", "--rate", "2026=" + BIG), 2,
         "command line", "--rate", "at most 100 percent", files=S),
    Case("input: --share of 5,000 digits", ("allocate", "2026", "-s", "s.yaml", "--share", "a=" + BIG), 2,
         "command line", "--share", "more than 0 and at most 100", files=S),
    Case("input: a year of 5,000 digits", ("allocate", BIG, "-s", "s.yaml"), 2, fragment="the number is too long", files=S),
    Case("input: check --year of 5,000 digits", ("check", "t.json", "--year", BIG), 2, fragment="the number is too long", files=T),
    Case("input: --due-day of 5,000 digits", ("payments", "2025", "--payer", "a", "-s", "s.yaml", "-f", "ledger",
         "--due-day", BIG), 2, fragment="the number is too long", files=S),
    Case("input: a table's shares of 22 decimals", ("diff", "t.json", "2025"), 2, "t.json:11:16", "payers[0].share",
         "has 22 decimals", files=table('"share": "50.78"', '"share": "50.7800000000000000000001"')),
    Case("input: --share of 22 decimals", ("allocate", "2027", "-s", "s.yaml", "--share", "a=60.5" + "0" * 20 + "1"), 2,
         "command line", "--share", "has 22 decimals", files=S),
    Case("input: check with unit 0", ("check", "t.json"), 2, "t.json:6:11", "unit", "greater than 0",
         files=table('"unit": "1"', '"unit": "0"')),
    Case("input: check with unit -1", ("check", "t.json", "-f", "json"), 2, "t.json:6:11", "unit", "greater than 0",
         files=table('"unit": "1"', '"unit": "-1"')),
    Case("input: check with a unit of 10^30", ("check", "t.json", "-f", "xlsx", "-o", "r.xlsx"), 2, "t.json:6:11", "unit",
         "unit must be 1", files=table('"unit": "1"', '"unit": "1' + "0" * 30 + '"')),
    Case("input: a total of exactly 10^15 is read", ("check", "t.json", "-f", "markdown"), 1,
         files=table('"total": "194630"', '"total": "1' + "0" * 15 + '"')),
    Case("input: diff with a figure of 10^15", ("diff", "2025", "t.json"), 0,
         files=table('"sezana": "98833"', '"sezana": "1' + "0" * 15 + '"')),
    Case("input: diff with a figure of -10^15 before", ("diff", "t.json", "2025", "-f", "json"), 0,
         files=table('"sezana": "98833"', '"sezana": "-1' + "0" * 15 + '"')),
    Case("input: a CSV header cell past the csv module's limit", ("check", "t.csv"), 2, "t.csv:1:1", "line 1",
         "a cell of over 10,000 characters", files={"t.csv": CSV_HEAD + "," + "p" * 200_000 + "\n"}),
    Case("input: a CSV key cell past the csv module's limit", ("check", "k.csv"), 2, "k.csv:2:1", "line 2",
         "a cell of over 10,000 characters", files={"k.csv": KEYED_CSV.replace("60.5,", "6" * 200_000 + ",")}),
    Case("input: check --format markdown when the key does not sum to 100", ("check", "t.json", "-f", "markdown"), 1,
         fragment="the key does not sum to 100%", files=table('"share": "50.78"', '"share": "50.79"')),
    Case("input: check --format json when the key does not sum to 100", ("check", "t.json", "-f", "json"), 1,
         fragment='"kind": "key_sum"', files=table('"share": "50.78"', '"share": "50.79"')),
    Case("input: check --format xlsx when the key does not sum to 100", ("check", "t.json", "-f", "xlsx", "-o", "r.xlsx"), 1,
         files=table('"share": "50.78"', '"share": "50.79"'), untouched=("t.json",)),
    Case("input: a period of 1,100 years", allocate(), 2, "s.yaml:2:9", "period", "a period of 1100 years",
         files=strategy("period: [2025, 2029]", "period: [1900, 2999]")),
    Case("input: a period of one year: plan", ("plan", "-s", "s.yaml", "--fair"), 0, files=strategy(*ONE_YEAR)),
    Case("input: a period of one year: diff", ("diff", "2025", "2025", "-s", "s.yaml"), 0, files=strategy(*ONE_YEAR)),
    Case("input: a period of one year: payments", ("payments", "2025", "--payer", "b", "-s", "s.yaml", "-f", "xlsx",
         "-o", "p.xlsx"), 0, files=strategy(*ONE_YEAR), untouched=("s.yaml",)),
    Case("input: a period of one year: explain", ("explain", "2025", "s/staff", "-s", "s.yaml", "--fair"), 0,
         files=strategy(*ONE_YEAR)),
    Case("input: a period of one year: --rate for a year after it", ("allocate", "2025", "-s", "s.yaml", "--rate", "2026=3"),
         2, "command line", "--rate", "none: the period ends with the base year", files=strategy(*ONE_YEAR)),
    Case("input: base year = last year: that year", ("allocate", "2029", "-s", "s.yaml", "-f", "html"), 0,
         files=strategy(*LAST_YEAR)),
    Case("input: base year = last year: plan", ("plan", "-s", "s.yaml", "-f", "markdown"), 0, files=strategy(*LAST_YEAR)),
    Case("input: base year = last year: an earlier year", ("allocate", "2025", "-s", "s.yaml"), 2, "s.yaml", "YEAR",
         "2025 is before the base year 2029", files=strategy(*LAST_YEAR)),
    Case("input: an empty name", allocate(), 2, "s.yaml:7:19", "payers[0].name", "characters must be at least 1",
         files=strategy("name: Občina A", 'name: ""')),
    Case("input: an empty strategy name", allocate(), 2, "s.yaml:1:11", "strategy", "characters must be at least 1",
         files=strategy("strategy: Test strategy", "strategy: ''")),
    Case("input: an empty id", allocate(), 2, "s.yaml:7:10", "payers[0].id", "'' is not a valid id",
         files=strategy("{id: a,", "{id: '',")),
    Case("input: an empty total in JSON", ("check", "t.json"), 2, "t.json:33:16", "rows[0].total",
         "must be a decimal number such as 1234 or 1234.56, not ''", files=table('"total": "194630"', '"total": ""')),
    Case("input: an empty cell in CSV", ("check", "t.csv"), 2, "t.csv:2:27", "rows[0].allocation.sezana",
         "not ''", files=table(",98833,", ",,", "t.csv")),
    Case("input: an empty JSON file", ("check", "t.json"), 2, "t.json:1:1", "(document)", "the file is empty",
         files={"t.json": ""}),
    Case("input: an empty CSV file", ("diff", "t.csv", "2025"), 2, "t.csv:1:1", "(document)", "the file is empty",
         files={"t.csv": ""}),
    Case("input: a CSV of blank lines", ("check", "t.csv"), 2, "t.csv:1:1", "(document)", "the header must be",
         files={"t.csv": "\n\n\n"}),
    Case("input: an empty --share", ("allocate", "2027", "-s", "s.yaml", "--share", ""), 2, "command line", "--share",
         "write ID=PERCENT", files=S),
    Case("input: a NUL byte in a strategy", allocate(), 2, "s.yaml:7:25", "(document)", "U+0000",
         files=strategy("Občina A", "Občina\x00 A")),
    Case("input: a NUL written as an escape", allocate(), 2, "s.yaml:7:19", "payers[0].name", "U+0000 is a control code",
         files=strategy("name: Občina A", 'name: "A\\0"')),
    Case("input: a NUL byte in a JSON table", ("check", "t.json"), 2, "t.json:10:22", "(document)", "U+0000",
         files=table("Občina Sežana", "Občina\x00 Sežana")),
    Case("input: a NUL byte in a CSV label", ("check", "t.csv"), 2, "t.csv:2:4", "line 2", "U+0000 is a control code",
         files=table("Skupaj občine", "Skupaj\x00 občine", "t.csv")),
    Case("input: an escape sequence for the terminal in a name", ("plan", "-s", "s.yaml"), 2, "s.yaml:14:11",
         "societies[0].name", "U+001B is a control code", files=strategy("name: Društvo S", 'name: "\\e[2J\\e]0;x\\a"')),
    Case("input: a lone surrogate in a name", allocate("-f", "csv"), 2, "s.yaml:7:19", "payers[0].name", "U+D800",
         files=strategy("name: Občina A", 'name: "A\\uD800"')),
    Case("input: a control character escaped in a JSON label", ("check", "t.json", "-f", "xlsx", "-o", "r.xlsx"), 2,
         "t.json:32:16", "rows[0].label", "U+0001", files=table('"Skupaj občine"', '"Skupaj\\u0001 občine"')),
    Case("input: an escape sequence in a CSV label", ("check", "t.csv"), 2, "t.csv:3:10", "line 3", "U+001B",
         files=table(",Društvo »PO-MOČ«,", ",\x1b[31mDruštvo,", "t.csv")),
    Case("input: a strategy with a BOM", allocate(), 0, files={"s.yaml": "\ufeff" + MINIMAL}, after=same_as_minimal),
    Case("input: a strategy with two BOMs", allocate(), 0, files={"s.yaml": "\ufeff\ufeff" + MINIMAL}, after=same_as_minimal),
    Case("input: a CSV with a BOM", ("check", "t.csv"), 0, files={"t.csv": "\ufeff" + TABLE_CSV}),
    Case("input: a JSON table with a BOM", ("diff", "t.json", "2025", "--exit-code"), 0, files={"t.json": "\ufeff" + TABLE_TEXT}),
    Case("input: a UTF-16 strategy", allocate(), 2, "s.yaml:1:1", "(document)", "not UTF-8 text (byte 0xff)",
         files={"s.yaml": MINIMAL.encode("utf-16")}),
    Case("input: a UTF-16 CSV", ("check", "t.csv"), 2, "t.csv:1:1", "(document)", "not UTF-8 text (byte 0xff)",
         files={"t.csv": TABLE_CSV.encode("utf-16")}),
    Case("input: a strategy with CRLF", allocate(), 0, files={"s.yaml": MINIMAL.replace("\n", "\r\n")}, after=same_as_minimal),
    Case("input: a strategy with CR alone", allocate(), 0, files={"s.yaml": MINIMAL.replace("\n", "\r")}, after=same_as_minimal),
    Case("input: a CSV with CRLF", ("check", "t.csv"), 0, files={"t.csv": TABLE_CSV.replace("\n", "\r\n")}),
    Case("input: a CSV with CR alone", ("check", "t.csv"), 0, files={"t.csv": TABLE_CSV.replace("\n", "\r")}),
    Case("input: a CSV with CR alone, a mistake located", ("check", "t.csv"), 2, "t.csv:3:40", "rows[1].allocation.divaca",
         "not 'x'", files={"t.csv": TABLE_CSV.replace(",1924,", ",x,", 1).replace("\n", "\r")}),
    Case("input: a U+2028 in a CSV label leaves later places right", ("check", "t.csv"), 2, "t.csv:3:40",
         "rows[1].allocation.divaca", "not 'x'",
         files={"t.csv": TABLE_CSV.replace("Skupaj občine", "Skupaj\u2028občine").replace(",1924,", ",x,", 1)}),
    Case("input: a Latin-1 byte in a UTF-8 strategy", allocate(), 2, "s.yaml:7:21", "(document)",
         "not UTF-8 text (byte 0xe8)", files={"s.yaml": MINIMAL.encode("utf-8").replace(b"Ob\xc4\x8dina A", b"Ob\xe8ina A")}),
    Case("input: a Latin-1 byte in a UTF-8 CSV", ("check", "t.csv"), 2, "t.csv:2:13", "(document)",
         "not UTF-8 text (byte 0xe8)", files={"t.csv": TABLE_CSV.encode("utf-8").replace("obč".encode(), b"ob\xe8", 1)}),
    Case("input: a Latin-1 byte in a UTF-8 JSON table", ("diff", "2025", "t.json"), 2, "t.json:10:18", "(document)",
         "not UTF-8 text (byte 0xe8)", files={"t.json": TABLE_TEXT.encode("utf-8").replace("Občina Sežana".encode(), b"Ob\xe8ina", 1)}),
    Case("input: a CSV with a payer's column twice", ("check", "t.csv"), 2, "t.csv:1:69", "payers[4].id",
         "id 'sezana' is already used by entry 0",
         files={"t.csv": "\n".join(line + "," + line.split(",")[5] for line in TABLE_CSV.splitlines()) + "\n"}),
    Case("input: a CSV line with a cell missing", ("check", "t.csv"), 2, "t.csv:3:1", "line 3", "has 8 cells; the header has 9",
         files=table(",1803\n", "\n", "t.csv")),
    Case("input: a CSV line with a cell too many", ("check", "t.csv"), 2, "t.csv:3:1", "line 3", "has 10 cells; the header has 9",
         files=table(",1803\n", ",1803,0\n", "t.csv")),
    Case("input: nested arrays for a number", ("check", "t.json"), 2, "t.json:33:16", "rows[0].total", "must be a decimal number",
         files=table('"total": "194630"', '"total": [[194630]]')),
    Case("input: an object for a number", ("diff", "t.json", "2025"), 2, "t.json:35:19", "rows[0].allocation.sezana",
         "must be a decimal number", files=table('"sezana": "98833"', '"sezana": {"value": [98833]}')),
    Case("input: null for a number", ("check", "t.json"), 2, "t.json:33:16", "rows[0].total", "must be a decimal number",
         files=table('"total": "194630"', '"total": null')),
    Case("input: true for a number", ("check", "t.json"), 2, "t.json:33:16", "rows[0].total", "must be a decimal number",
         files=table('"total": "194630"', '"total": true')),
    Case("input: a JSON key given twice", ("check", "t.json"), 2, "t.json:33:26", "rows[0].total",
         "duplicate key 'total'", files=table('"total": "194630"', '"total": "194630", "total": "1"')),
    Case("input: rows as an object", ("check", "t.json"), 2, "t.json:29:11", "rows", "must be a list",
         files={"t.json": TABLE_TEXT.replace('"rows": [', '"rows": {"x": [', 1).replace('\n  ],\n  "rounding_error"', '\n  ]},\n  "rounding_error"', 1)}),
    Case("input: a path as text, not a list", ("check", "t.json"), 2, "t.json:31:15", "rows[0].path", "must be a list",
         files=table('"path": []', '"path": "po-moc/staff"')),
    Case("input: a JSON list, not a table", ("check", "t.json"), 2, "t.json:1:1", "(document)",
         "a table must be a JSON object", files={"t.json": "[1, 2]\n"}),
    Case("input: a table of format 3", ("diff", "t.json", "2025"), 2, "t.json:2:21", "format_version",
         "this sofin reads tables of format 1, 2; this one is format 3", files=table('"format_version": 1', '"format_version": 3')),
    Case("input: a currency with a line break", allocate("-f", "ledger"), 2, "s.yaml:4:11", "currency",
         "the currency must be a code of three capital letters", files=strategy("currency: EUR", 'currency: "EUR\\n"')),
    Case("input: diff of a year outside every period", ("diff", "999", "2026", "-s", "s.yaml"), 2, "s.yaml", "YEAR",
         "999 is outside the strategy's period 2025-2029", files=S),
]  # fmt: skip

# Every line of a table counts once (issue 21): a header or key line given again with other contents is
# located, never a silent replacement of the first; the same line again, or a note again, changes nothing.
KEY_AGAIN = KEYED_CSV + "key,,,,50,50\n"
LINES_TWICE = [
    Case("input: a key line again with another key", ("check", "k.csv"), 2, "k.csv:5:1", "line 5",
         "a key line again, different from the one on line 2", files={"k.csv": KEY_AGAIN}),
    Case("input: a key line again with another key, in diff", ("diff", "k.csv", "k.csv"), 2, "k.csv:5:1", "line 5",
         "a key line again", files={"k.csv": KEY_AGAIN}),
    Case("input: a key line again before the rows", ("check", "k.csv", "-f", "json"), 2, "k.csv:3:1", "line 3",
         "a key line again, different from the one on line 2",
         files={"k.csv": KEYED_CSV.replace("key,,,,60.5,39.5\n", "key,,,,60.5,39.5\nkey,,,,39.5,60.5\n")}),
    Case("input: a key line again in a spreadsheet's CSV", ("check", "k.csv"), 2, "k.csv:5:1", "line 5",
         "a key line again", files={"k.csv": KEY_AGAIN.replace(",", ";").replace("60.5", "60,5").replace("39.5", "39,5")}),
    Case("input: the same key line twice counts once", ("check", "k.csv"), 0,
         files={"k.csv": KEYED_CSV + "key,,,,60.5,39.5\n"}, after=prints("Key shares: from the table")),
    Case("input: a header line again with other payers", ("check", "k.csv"), 2, "k.csv:3:1", "line 3",
         "a header line again, different from the one on line 1",
         files={"k.csv": KEYED_CSV.replace("key,,,,60.5,39.5\n", "key,,,,60.5,39.5\nlevel,path,label,total,b,a\n")}),
    Case("input: the same header line again counts once", ("check", "k.csv"), 0,
         files={"k.csv": KEYED_CSV + "level,path,label,total,a,b\n"}),
    Case("input: a row line given twice", ("check", "k.csv"), 2, "k.csv:5:3", "rows[2].path", "row 's' is given twice",
         files={"k.csv": KEYED_CSV + "1,s,S,1000,605,395\n"}),
    Case("input: a note line twice is skipped twice", ("check", "k.csv"), 0,
         files={"k.csv": KEYED_CSV + "note,,Opomba,,,\nnote,,Opomba,,,\n"}),
    Case("input: a JSON header member given twice", ("check", "t.json"), 2, "t.json:4:17", "year",
         "duplicate key 'year' (first given on line 4)", files=table('"year": 2025', '"year": 2025, "year": 2026')),
    Case("input: a JSON payer given twice", ("check", "t.json"), 2, "t.json:14:13", "payers[1].id", "id 'sezana' is already used by entry 0",
         files=table('"id": "divaca"', '"id": "sezana"')),
]  # fmt: skip

SIZE = [
    Case("size: a JSON table past the size bound", ("check", "t.json"), 2, "t.json", "(document)",
         "larger than 256 MiB: sofin reads JSON tables up to that size", prepare=sparse("t.json", TABLE_TEXT, MAX_TABLE_BYTES)),
    Case("size: a CSV table past the size bound", ("diff", "2025", "t.csv"), 2, "t.csv", "(document)",
         "larger than 64 MiB: sofin reads CSV tables up to that size", prepare=sparse("t.csv", TABLE_CSV, MAX_CSV_BYTES)),
    Case("size: a strategy on stdin past the size bound", ("allocate", "2025", "-s", "-"), 2, "-", "(document)",
         "larger than 16 MiB", stdin=MINIMAL.encode() + b"#" * (17 * 2**20)),
    Case("size: an alias bomb in a JSON table", ("check", "t.json"), 2, "t.json:1:34", "a5[0][6][8][8][8][8]",
         "more than 200,000 values",
         files={"t.json": "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
             f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))}),
    Case("size: a JSON table nested 100,000 deep", ("check", "t.json"), 2, "t.json:1:1", "(document)",
         "nested more than 50 deep", files={"t.json": '{"rows": ' + "[" * 100_000 + "]" * 100_000 + "}"}),
    Case("size: a strategy nested 60 deep by indentation", allocate(), 2, "s.yaml:52:51", "a" + "[0]" * 49,
         "nested more than 50 deep", files={"s.yaml": "a:\n" + "".join(" " * i + "- \n" for i in range(60))}),
    Case("size: diff 2025 2026 beside a file named 2025 compares years", ("diff", "2025", "2026"), 0,
         files={"2025": "not a table\n"}, after=prints("2025 → 2026")),
    Case("size: diff 2025 2026 beside folders 2025 and 2026", ("diff", "2025", "2026", "-f", "json"), 0,
         prepare=folders("2025", "2026"), after=prints('"year": 2026')),
]  # fmt: skip

CATALOGUE = OUTPUT + MONEY + INPUT + LINES_TWICE + SIZE

# A case is one located line, but for these, where the input holds more than one mistake or one
# mistake has consequences sofin reports too: how many lines each is.
PROBLEMS = {
    "money: an amount 3.33e+2": 2,  # the amount refused, so its line has none
    "money: shares of 11 decimals": 2,  # both payers' shares
    "input: an adopted year of 1,000 digits": 2,  # the same year in the rates and in `adopted`
    "input: a CSV key cell past the csv module's limit": 2,  # the reading stops there: no rows
    "input: a U+2028 in a CSV label leaves later places right": 2,  # the separator, and the 'x' to locate
    "input: a CSV line with a cell missing": 3,  # the line left out: its children have no parent
    "input: a CSV line with a cell too many": 3,
}
MANY_PROBLEMS = {"size: an alias bomb in a JSON table", "size: a strategy nested 60 deep by indentation"}  # no table


@functools.cache
def file_modes_bind() -> bool:
    """Whether this process is refused a file its mode makes read-only (not root with CAP_DAC_OVERRIDE)."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_text("", encoding="utf-8")
        probe.chmod(0o444)
        try:
            probe.open("a").close()
        except PermissionError:
            return True
        return False


def state(path: Path) -> tuple[Any, ...] | None:
    """What a file is: a link and where it points, or its bytes; None when there is nothing."""
    if path.is_symlink():
        return ("link", os.readlink(path))
    if path.is_file():
        return ("file", path.read_bytes())
    return None


def folder_state(folder: Path) -> dict[str, str]:
    """What every file of `folder` is, by its path there: a link and where it points, or its bytes' digest
    (a size case's table is a sparse file of 256 MiB)."""

    def what(path: Path) -> str:
        if path.is_symlink():
            return f"link to {os.readlink(path)}"
        if not path.is_file():  # a FIFO or a device: never opened here, where nobody would answer
            return "special"
        return data_digest(path)

    return {str(path.relative_to(folder)): what(path) for path in sorted(folder.rglob("*")) if not path.is_dir()}


def data_digest(path: Path) -> str:
    """The sha256 of a file's size and of every block of 1 MiB that is not all zeros, with its place: what the
    file's bytes are, however they lie on the disk. Only the blocks where the file has data are read, so a
    sparse file's holes are passed over: the size cases' tables of 256 MiB are a few bytes of data."""
    digest = hashlib.sha256()
    descriptor = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(descriptor).st_size
        digest.update(f"{size}\n".encode())
        blocks = {
            block for start, end in data_runs(descriptor, size) for block in range(start >> 20, ((end - 1) >> 20) + 1)
        }
        for block in sorted(blocks):
            data = os.pread(descriptor, 2**20, block << 20)
            if data.count(0) < len(data):  # a block of zeros is the same bytes as a hole
                digest.update(f"{block}\n".encode())
                digest.update(data)
    finally:
        os.close(descriptor)
    return digest.hexdigest()


def data_runs(descriptor: int, size: int) -> list[tuple[int, int]]:
    """Where a file's data lies, as (start, end): the whole file where the system cannot tell its holes."""
    if not hasattr(os, "SEEK_DATA"):
        return [(0, size)] if size else []
    runs, offset = [], 0
    while offset < size:
        try:
            start = os.lseek(descriptor, offset, os.SEEK_DATA)
        except OSError as error:
            if error.errno == errno.ENXIO:  # nothing but a hole from here to the end
                break
            raise
        offset = os.lseek(descriptor, start, os.SEEK_HOLE)
        runs.append((start, offset))
    return runs


def marks(case: Case) -> list[Any]:
    if case.permissions and not file_modes_bind():
        return [
            pytest.mark.skip(reason="this process writes read-only files and folders (root): the case cannot apply")
        ]
    if case.xfail:
        return [pytest.mark.xfail(strict=True, reason=case.xfail)]
    return []


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=marks(c)) for c in CATALOGUE])
def test_hostile_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name, content in case.files.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if case.prepare is not None:
        case.prepare(tmp_path)
    watched = {name: tmp_path / name for name in (case.untouched if case.untouched is not None else case.files)}
    before = {name: state(path) for name, path in watched.items()}
    for variable, value in case.env.items():
        monkeypatch.setenv(variable, value)
    umask = os.umask(case.umask) if case.umask is not None else None
    try:
        result = runner.invoke(app, [*case.command, "--lang", "en"], input=case.stdin)
        after_once = folder_state(tmp_path)
        rerun = runner.invoke(app, [*case.command, "--lang", "en"], input=case.stdin)
        after_twice = folder_state(tmp_path)
    finally:
        if umask is not None:
            os.umask(umask)
        for path in tmp_path.rglob("*"):  # let pytest clean up what a case made read-only
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
    # The same bytes on a rerun: what it prints, its exit code and every file of the folder.
    assert (rerun.exit_code, rerun.stdout, rerun.stderr) == (result.exit_code, result.stdout, result.stderr)
    assert after_twice == after_once
    damaged = [name for name, path in watched.items() if state(path) != before[name]]
    for name in damaged:  # a file of the repository (the bundled strategy) is put back before failing
        kind, content = before[name] or (None, None)
        if kind == "file" and not watched[name].is_relative_to(tmp_path):
            watched[name].write_bytes(content)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == case.exit_code, output
    assert not damaged, f"changed: {damaged}"
    assert not [path.name for path in tmp_path.rglob(".*.tmp")], "a temporary file was left behind"
    if case.where is not None:
        lines = result.stderr.splitlines()
        assert lines[-1].startswith("sofin: "), lines
        assert all(": " in line and not line.startswith(" ") for line in lines[:-1]), lines
        expected = f"{case.where}: {case.field}: "
        assert any(line.startswith(expected) and case.fragment in line for line in lines[:-1]), (expected, lines)
        assert len(lines) - 1 == PROBLEMS.get(case.name, 1) or case.name in MANY_PROBLEMS, lines  # one located line
    elif case.fragment:
        assert case.fragment in output, output
    if case.after is not None:
        case.after(tmp_path, result)


def test_the_catalogue_has_at_least_100_cases_in_every_class():
    assert len(CATALOGUE) >= 100
    assert len({case.name for case in CATALOGUE}) == len(CATALOGUE)
    for prefix in ("output: ", "money: ", "input: ", "size: "):
        assert sum(case.name.startswith(prefix) for case in CATALOGUE) >= 8, prefix


# ------------------------------------------------------------------------------------------------
# Output that is no regular file: these need a reader at the other end, or a shell's stream.


def sofin_process(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "sofin", *args, "--lang", "en"], timeout=60, **kwargs)


def test_output_dev_stdout_on_a_pipe_is_the_pipe(tmp_path):
    """`-o /dev/stdout` in a pipeline: /dev/stdout names "pipe:[…]", which no folder holds (it was exit 2)."""
    done = sofin_process("allocate", "2025", "-f", "csv", "-o", "/dev/stdout", capture_output=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stdout == run("allocate", "2025", "-f", "csv").stdout.encode()
    assert list(tmp_path.iterdir()) == []


def test_output_dev_stdout_appended_to_a_log_keeps_the_log(tmp_path):
    """`sofin … -o /dev/stdout >> log`: the table is appended as the shell asked; the log was replaced."""
    log = tmp_path / "log.txt"
    log.write_bytes(b"earlier line\n")
    with log.open("ab") as stream:
        done = sofin_process(
            "allocate", "2025", "-f", "csv", "-o", "/dev/stdout", stdout=stream, stderr=subprocess.PIPE
        )
    assert done.returncode == 0, done.stderr
    assert log.read_bytes() == b"earlier line\n" + run("allocate", "2025", "-f", "csv").stdout.encode()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["log.txt"]


def test_output_dev_stderr_is_stderr(tmp_path):
    done = sofin_process("check", str(TABLE), "-f", "json", "-o", "/dev/stderr", capture_output=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == b""
    assert json.loads(done.stderr)["reconciles"] is True


def test_output_a_fifo_gets_checks_report_and_stays_a_fifo(tmp_path):
    import threading

    fifo = tmp_path / "report"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("check", str(TABLE), "-f", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["reconciles"] is True


# ------------------------------------------------------------------------------------------------
# Workbooks, Markdown and journals from unusual names: every name stays text where it lands.

HOSTILE_NAMES = [
    "Občina /[A]:*?\\",  # what no sheet title may hold
    '=HYPERLINK("http://x","y")',  # formula injection, four ways
    "+1+1",
    "-2-2",
    "@SUM(A1)",
    "'Quoted'",  # a title may not start or end with an apostrophe
    "A" * 31 + "1",  # two names alike in their first 31 characters
    "A" * 31 + "2",
    "Overview 2025",  # the name of sofin's own first sheet (--lang en)
    "😀" * 40,  # 31 characters are 62 in UTF-16, as Excel counts
    "a" * 30 + "'b",  # cut at 31, an apostrophe would end the title
    "History",
]
SOCIETY_NAME, LINE_LABEL = "=1+1", "@cmd|calc"
FORMULA = re.compile(r"=SUM\([A-Z]+\d+([:,][A-Z]+\d+)*\)|='(?:[^']|'')+'![A-Z]+\d+")


def hostile_strategy(names: list[str] = HOSTILE_NAMES, society: str = SOCIETY_NAME, label: str = LINE_LABEL) -> str:
    shares = [8] * (len(names) - 1) + [100 - 8 * (len(names) - 1)]
    payers = "\n".join(
        f"  - {{id: p{i}, name: {json.dumps(name, ensure_ascii=False)}, share: {share}}}"
        for i, (name, share) in enumerate(zip(names, shares))
    )
    text = replaced("  - {id: a, name: Občina A, share: 60.5}\n  - {id: b, name: Občina B, share: 39.5}", payers)
    text = replaced("name: Društvo S", f"name: {json.dumps(society, ensure_ascii=False)}", text)
    text = replaced("short: S", f"short: {json.dumps(society, ensure_ascii=False)}", text)
    return replaced("label: Stroški zaposlenih", f"label: {json.dumps(label, ensure_ascii=False)}", text)


def assert_names_stay_text(data: bytes, texts: list[str]) -> None:
    from .helpers.workbooks import load

    book = load(data)
    titles = book.sheetnames
    assert len({title.lower() for title in titles}) == len(titles), titles
    for title in titles:
        assert 0 < len(title.encode("utf-16-le")) // 2 <= 31, title
        assert not re.search(r"[\[\]:*?/\\]", title) and title[0] != "'" and title[-1] != "'", title
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    strings = [str(cell.value).lower() for cell in cells if cell.data_type == "s"]
    formulas = [str(cell.value) for cell in cells if cell.data_type == "f"]
    assert all(FORMULA.fullmatch(formula) for formula in formulas), [f for f in formulas if not FORMULA.fullmatch(f)]
    for text in texts:
        assert any(text.lower() in cell for cell in strings), text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-names")
    strategy_path = folder / "s.yaml"
    strategy_path.write_text(hostile_strategy(), encoding="utf-8")
    table_path = folder / "t.json"
    assert run("allocate", "2025", "-s", str(strategy_path), "-f", "json", "-o", str(table_path)).exit_code == 0
    return {"strategy": strategy_path, "table": table_path, "folder": folder}


# (command, exit code, the names that must be text in its workbook: plan and payments show societies, not lines)
WORKBOOK_COMMANDS = {
    "allocate": (["allocate", "2025"], 0, [*HOSTILE_NAMES, SOCIETY_NAME, LINE_LABEL]),
    "plan": (["plan"], 0, [*HOSTILE_NAMES, SOCIETY_NAME]),
    "payments, a formula for a name": (["payments", "2025", "--payer", "p1"], 0, [HOSTILE_NAMES[1], SOCIETY_NAME]),
    "payments, 40 emoji for a name": (["payments", "2025", "--payer", "p9"], 0, [HOSTILE_NAMES[9], SOCIETY_NAME]),
    "payments, an apostrophe at the cut": (
        ["payments", "2025", "--payer", "p10"],
        0,
        [HOSTILE_NAMES[10], SOCIETY_NAME],
    ),
    "check": (
        ["check", "TABLE", "--share", "p0=11.5", "--share", "p11=8.5"],
        1,
        [*HOSTILE_NAMES, SOCIETY_NAME, LINE_LABEL],
    ),
}


@pytest.mark.parametrize("command", WORKBOOK_COMMANDS)
def test_workbook_names_are_text_and_titles_valid(hostile, command):
    """Sheet titles cut to 31 UTF-16 units, made unique, with no apostrophe at either end (XlsxWriter
    raised a traceback for the emoji and the apostrophe); every name a string cell, never a formula."""
    args, exit_code, texts = WORKBOOK_COMMANDS[command]
    args = [str(hostile["table"]) if arg == "TABLE" else arg for arg in args]
    target = hostile["folder"] / f"{command}.xlsx"
    result = run(*args, "-s", str(hostile["strategy"]), "-f", "xlsx", "-o", str(target), "--lang", "en")
    assert "Traceback" not in result.output and result.exit_code == exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert_names_stay_text(target.read_bytes(), texts)


def test_check_workbook_of_a_csv_with_formulas_for_labels(tmp_path):
    labels = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]
    csv_text = "level,path,label,total,a,b\nkey,,,,60.5,39.5\n" + "".join(
        f'{level},{path},"{label}",1000,605,395\n'
        for level, path, label in zip((0, 1, 2, 2), ("", "s", "s/x", "s/y"), labels)
    )
    table_path = tmp_path / "t.csv"
    table_path.write_text(csv_text, encoding="utf-8")
    result = run("check", str(table_path), "-f", "xlsx", "-o", str(tmp_path / "r.xlsx"), "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert_names_stay_text((tmp_path / "r.xlsx").read_bytes(), labels)


def cells(line: str) -> int:
    """The cells of a Markdown table row: its pipes that no backslash escapes, less one."""
    return len(re.findall(r"(?<!\\)\|", line)) - 1


MARKDOWN_COMMANDS = {
    "allocate": ["allocate", "2025"],
    "plan": ["plan"],
    "payments": ["payments", "2025", "--payer", "p0"],
    "check": ["check", "TABLE"],
}


@pytest.mark.parametrize("command", MARKDOWN_COMMANDS)
def test_markdown_tables_keep_their_columns_whatever_the_names(tmp_path, command):
    """A `|` in a municipality's, a society's or a line's name ended its cell: every figure after it
    stood under the next column. `<` opened HTML."""
    path = tmp_path / "s.yaml"
    path.write_text(
        hostile_strategy(["A|B <script>x</script>", "C|D"], society="S|T <b>", label="L|M"), encoding="utf-8"
    )
    table_path = tmp_path / "t.json"
    assert run("allocate", "2025", "-s", str(path), "-f", "json", "-o", str(table_path)).exit_code == 0
    args = [str(table_path) if arg == "TABLE" else arg for arg in MARKDOWN_COMMANDS[command]]
    args = [*args, "-s", str(path)] if command != "check" else args
    result = run(*args, "-f", "markdown", "--lang", "en")
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    tables = [block.splitlines() for block in result.stdout.split("\n\n") if block.startswith("|")]
    assert tables and all(len({cells(line) for line in rows}) == 1 for rows in tables), tables
    assert not re.search(r"(?<!\\)<(?!br>)", result.stdout), result.stdout


@pytest.mark.parametrize("command", ["allocate", "payments"])
def test_a_line_break_in_a_label_writes_no_posting_of_its_own(tmp_path, command):
    """A label with "\\n    municipalities:a  1000 EUR" wrote two postings of its own into the journal,
    balanced, and hledger's balances were no longer sofin's figures."""
    injected = "Staff\n    municipalities:p0  1000 EUR\n    municipalities:p1  -1000 EUR"
    path = tmp_path / "s.yaml"
    path.write_text(hostile_strategy(["A", "B"], society="S\n    payables:s:staff  5 EUR", label=injected), "utf-8")
    args = (
        ["allocate", "2025"] if command == "allocate" else ["payments", "2025", "--payer", "p0", "--schedule", "annual"]
    )
    result = run(*args, "-s", str(path), "-f", "ledger", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    declared = {line.split()[1] for line in lines if line.startswith("account ")}
    postings = [line.split()[0] for line in lines if line.startswith(" ") and not line.strip().startswith(";")]
    assert postings and set(postings) <= declared, (set(postings) - declared, result.stdout)
    if command == "allocate":
        figures = json.loads(run("allocate", "2025", "-s", str(path), "-f", "json").stdout)["rows"][0]["allocation"]
        found = balances(result.stdout, tmp_path, 2)
        assert {account: found[account] for account in ("municipalities:p0", "municipalities:p1")} == {
            f"municipalities:{payer}": -Decimal(figure) for payer, figure in figures.items()
        }
    else:
        contracts = json.loads(run(*args, "-s", str(path), "-f", "json").stdout)["contracts"]
        annual = sum(Decimal(contract["annual"]) for contract in contracts)
        assert balances(result.stdout, tmp_path, 1) == {"expenses": annual, "payables": -annual}


# ------------------------------------------------------------------------------------------------
# No quadratic corner: a table far below every bound is checked in time linear in its lines.


def equal_lines(lines: int) -> str:
    """A CSV table that reconciles: `lines` lines of 1 euro, the key 50/50 (every figure a tie)."""
    half = lines // 2
    head = f"level,path,label,total,a,b\nkey,,,,50,50\n0,,All,{lines},{half},{lines - half}\n"
    return (
        head
        + f"1,s,S,{lines},{half},{lines - half}\n"
        + "".join(f"2,s/l{i},Line,1,{i % 2},{1 - i % 2}\n" for i in range(lines))
    )


def checking_time(path: Path, text: str, repeat: int = 1) -> float:
    from sofin.pipeline import check_table

    path.write_text(text, encoding="utf-8")
    times = []
    for _ in range(repeat):
        start = time.process_time()
        assert check_table(path, None, None).reconciles
        times.append(time.process_time() - start)
    return min(times)


def test_a_table_of_equal_lines_is_checked_in_linear_time(tmp_path):
    checking_time(tmp_path / "warm.csv", equal_lines(10))  # imports and caches out of the way
    # The least of three runs each: on a machine busy with other work one run of either can be slowed.
    small = checking_time(tmp_path / "small.csv", equal_lines(500), repeat=3)
    large = checking_time(tmp_path / "large.csv", equal_lines(2000), repeat=3)
    assert large / small < 8, f"4 times the lines took {large / small:.1f} times as long ({small:.2f} s, {large:.2f} s)"


# ------------------------------------------------------------------------------------------------
# Fuzzing `check`'s JSON and CSV readers and `diff`: random and mutated tables give located problems
# or a result that every format renders, never any other exception.

PIECES = ['"', ",", ":", "{", "}", "[", "]", "-", "0", "9" * 45, "1e5", "1.5e+5", ".", "\n", "\r", ";", "null", "true",
          "&a", "*a", "\\u0000", "\x00", "\u2028", "\ufeff", "é", "0x1F", "11.768,00", "'", " "]  # fmt: skip
CHECK_FORMATS = ("table", "json", "markdown", "xlsx", "github")


@st.composite
def mutated(draw, text: str):
    """`text` with a few pieces inserted, deleted or replaced."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 4))
        text = text[:at] + draw(st.sampled_from(["", *PIECES])) + text[at + cut :]
    return text


ODD_NUMBER = st.one_of(
    st.integers(-(10**16), 10**16).map(str),
    st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False).map(str),
    st.sampled_from(["", "1e3", "0x10", "1" * 41, "-0", "0.000001", "1.000", "11.768", "100", "0.01", " 7 "]),
    st.integers(-(10**6), 10**6),
    st.sampled_from([None, True, [1, [2]], {"x": 1}]),
)
PLAIN = st.integers(0, 10**6).map(str)
WILD = st.one_of(*[PLAIN] * 4, ODD_NUMBER)  # mostly plain, at times anything
PAYER_IDS = st.sampled_from(["a", "b", "c", "d", "e", "sezana"])
ROW_PATHS = st.lists(st.sampled_from([("s",), ("s", "l"), ("s", "m"), ("t",), ("t", "l"), ("u", "l")]), unique=True)


@st.composite
def tables(draw):
    """A table's data: a key that sums to 100 or not, rows by path, figures and totals that add up or
    not; in a wild table, anything in any place now and then (a payer twice, an id no id may be, ...)."""
    wild = draw(st.booleans())
    figure = WILD if wild else PLAIN
    payers = draw(st.lists(PAYER_IDS, min_size=1, max_size=4, unique=True))
    if wild and draw(st.integers(0, 4)) == 0:
        payers.append(draw(st.sampled_from([payers[0], "Bad", ""])))
    if len(payers) >= 2 and draw(st.booleans()):
        key = [str(share) for share in draw(shares(min_payers=len(payers), max_payers=len(payers)))]
    else:
        key = [draw(st.one_of(st.sampled_from(["100", "50", "33.3333333333"]), ODD_NUMBER)) for _ in payers]
    rows = []
    for path in [(), *draw(ROW_PATHS)]:
        figures = {payer: draw(figure) for payer in payers}
        plain = all(isinstance(value, str) and value.isdigit() for value in figures.values())
        total = str(sum(map(int, figures.values()))) if plain and draw(st.booleans()) else draw(figure)
        rows.append({"path": list(path), "label": "x", "total": total, "allocation": figures})
    document: dict[str, Any] = {"payers": [{"id": p, "share": k} for p, k in zip(payers, key)], "rows": rows}
    units = st.sampled_from(["1", "0.01", "3", "0"] if wild else ["1", "0.01"])
    for member, values in (("unit", units), ("year", st.integers(1990, 2030))):
        if draw(st.booleans()):
            document[member] = draw(values)
    return document


def as_csv(document: dict[str, Any]) -> str:
    """The same table as sofin's CSV (values that are no text written as Python writes them)."""
    payers = [payer["id"] for payer in document["payers"]]
    lines = [
        ["level", "path", "label", "total", *payers],
        ["key", "", "", "", *(p["share"] for p in document["payers"])],
    ]
    for row in document["rows"]:
        figures = [row["allocation"].get(payer) for payer in payers]
        lines.append([str(len(row["path"])), "/".join(row["path"]), row["label"], row["total"], *figures])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[str(cell) for cell in line] for line in lines])
    return buffer.getvalue()


def assert_checked_or_located(path: Path) -> None:
    """check and diff on `path`: each a result every format renders, or problems located in the file."""
    from sofin.pipeline import check_table, diff_tables
    from sofin.problems import InputError
    from sofin.render import CheckFormat, DiffFormat
    from sofin.render.check import render_check
    from sofin.render.diff import render_diff

    for command in ("check", "diff"):
        try:
            if command == "check":
                report = check_table(path, None, None)
                for output_format in CHECK_FORMATS:
                    render_check(report, CheckFormat(output_format))
            else:
                compared = diff_tables(str(path), "2025", None)
                for diff_format in DiffFormat:
                    render_diff(compared, diff_format)
        except InputError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.file == str(path) and (problem.line is not None or problem.field), problem


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated(TABLE_TEXT))
def test_fuzz_mutated_json_tables(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        assert_checked_or_located(path)


@FUZZ
@given(mutated(TABLE_CSV))
def test_fuzz_mutated_csv_tables(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        assert_checked_or_located(path)


@FUZZ
@given(tables(), st.sampled_from(["t.json", "t.csv"]))
def test_fuzz_random_tables(document, name):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(json.dumps(document) if name.endswith(".json") else as_csv(document), encoding="utf-8")
        assert_checked_or_located(path)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["t.json", "t.csv"]))
def test_fuzz_random_bytes_as_tables(data, name):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        assert_checked_or_located(path)


@pytest.mark.skipif(sys.platform != "linux" or shutil.which("setpriv") is None, reason="needs util-linux's setpriv")
@pytest.mark.parametrize("target", ["ro.csv", "rd/out.csv"], ids=["a read-only file", "a read-only folder"])
def test_read_only_targets_as_a_user_without_privileges(target):
    """The catalogue's two read-only cases, for a run as root (CI's), which may write anything: here
    sofin runs as `nobody` (setpriv), for whom a file's mode binds, so the cases run everywhere."""
    if file_modes_bind():
        pytest.skip("this process is bound by file modes: the catalogue's own cases run these")
    folder = Path(tempfile.mkdtemp(prefix="sofin-ro-"))  # pytest's own folders are closed to other users
    try:
        folder.chmod(0o777)
        (folder / "s.yaml").write_text(MINIMAL, encoding="utf-8")
        (folder / "ro.csv").write_text("old\n", encoding="utf-8")
        (folder / "ro.csv").chmod(0o444)
        (folder / "rd").mkdir(mode=0o555)
        (folder / "rd").chmod(0o555)
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "sofin"]
        args = ["allocate", "2025", "-s", "s.yaml", "-f", "csv", "-o", target, "--lang", "en"]
        result = subprocess.run(
            [*command, *args],
            cwd=folder,
            capture_output=True,
            text=True,
            env={"HOME": str(folder), "PATH": os.environ.get("PATH", "")},
        )
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert f"{target}: --output: cannot write: Permission denied" in result.stderr
        assert (folder / "ro.csv").read_text(encoding="utf-8") == "old\n"
        assert stat.S_IMODE((folder / "ro.csv").stat().st_mode) == 0o444
        assert list((folder / "rd").iterdir()) == []
    finally:
        shutil.rmtree(folder)

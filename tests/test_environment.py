"""The environment never crashes sofin: SOURCE_DATE_EPOCH and sofin's own variables. Encodings and
descriptors belong to the process, so every case runs sofin as a process of its own."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .helpers import ROOT

PUBLISHED = ROOT / "data" / "published" / "2025.csv"
TIMEOUT = 120
# What the environment of the test run could set that these cases decide for themselves.
DECIDED = ("SOFIN_STRATEGY", "SOFIN_SOLVER", "SOURCE_DATE_EPOCH", "PYTHONIOENCODING", "COLUMNS", "LINES",
           "TERMINAL_WIDTH", "FORCE_COLOR", "NO_COLOR", "PYTHONUTF8")  # fmt: skip


def environment(**changes: str | None) -> dict[str, str]:
    """The test run's environment without what the cases decide, with `changes` (None: unset)."""
    env = {name: value for name, value in os.environ.items() if name not in DECIDED}
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def sofin(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess[bytes]:
    """`sofin ARGS` as a process of its own, its output and errors captured unless `kwargs` say otherwise."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    command = [sys.executable, "-m", "sofin", *args]
    return subprocess.run(command, env=env or environment(), timeout=TIMEOUT, **kwargs)


# Closes the descriptors named in argv[1], then becomes sofin: as `sofin ... >&-` in a shell, or under cron.
CLOSING = (
    "import os, sys\n"
    "for descriptor in sys.argv[1].split(','):\n"
    "    os.close(int(descriptor))\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'sofin', *sys.argv[2:]])\n"
)


def sofin_with_closed(descriptors: str, *args: str, **kwargs) -> subprocess.CompletedProcess[bytes]:
    """sofin started with the descriptors `descriptors` ('1', '0,2') closed."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    command = [sys.executable, "-c", CLOSING, descriptors, *args]
    return subprocess.run(command, env=kwargs.pop("env", environment()), timeout=TIMEOUT, **kwargs)


def one_problem(line: str) -> bytes:
    """What stderr holds for one problem, in English: its line and the count."""
    return f"{line}\nsofin: 1 problem; nothing was written.\n".encode()


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


# ------------------------------------------------------------------------------------------------
# SOURCE_DATE_EPOCH: ASCII digits, a date a workbook can hold; anything else refused before anything is written.

WORKBOOK_COMMANDS = {
    "allocate": ["allocate", "2025"],
    "plan": ["plan"],
    "payments": ["payments", "2025", "--payer", "komen"],
    "check": ["check", str(PUBLISHED)],
}
NOT_DIGITS = "must be the seconds since 1970-01-01 00:00:00 UTC in digits 0-9, not "
TOO_LATE = " is after 9999-12-31 23:59:59 UTC, the last date a workbook can hold (at most 253402300799 seconds)"
MALFORMED_DATES = {
    "superscript two": ("²", NOT_DIGITS + "'²'"),
    "Arabic-Indic digits": ("١٧٦٧", NOT_DIGITS + "'١٧٦٧'"),
    "a space before": (" 1767225600", NOT_DIGITS + "' 1767225600'"),
    "a newline after": ("1767225600\n", NOT_DIGITS + "'1767225600\\n'"),
    "negative": ("-1", NOT_DIGITS + "'-1'"),
    "a fraction": ("1767225600.5", NOT_DIGITS + "'1767225600.5'"),
    "a date": ("2026-01-01", NOT_DIGITS + "'2026-01-01'"),
    "year 10000": ("253402300800", "'253402300800'" + TOO_LATE),
    "year 3170843": ("99999999999999", "'99999999999999'" + TOO_LATE),
    "5,000 digits": ("9" * 5000, f"'{'9' * 40}'... (5,000 characters)" + TOO_LATE),
}


def created(workbook: bytes) -> str:
    """The workbook's dcterms:created, as its core properties write it."""
    core = zipfile.ZipFile(io.BytesIO(workbook)).read("docProps/core.xml").decode()
    return core.split('<dcterms:created xsi:type="dcterms:W3CDTF">')[1].split("<")[0]


class TestSourceDateEpoch:
    @pytest.mark.parametrize("command", WORKBOOK_COMMANDS)
    @pytest.mark.parametrize("case", ["superscript two", "a space before", "year 3170843", "5,000 digits"])
    def test_malformed_is_one_line_exit_2_and_no_file_changed(self, command, case, tmp_path):
        value, message = MALFORMED_DATES[case]
        target = tmp_path / "book.xlsx"
        target.write_bytes(b"the workbook of last week")
        args = [*WORKBOOK_COMMANDS[command], "-f", "xlsx", "-o", str(target), "--lang", "en"]
        done = sofin(*args, env=environment(SOURCE_DATE_EPOCH=value), cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr == one_problem(f"environment: SOURCE_DATE_EPOCH: {message}")
        assert files(tmp_path) == {"book.xlsx": b"the workbook of last week"}

    @pytest.mark.parametrize("case", MALFORMED_DATES)
    def test_every_malformed_value_says_what_is_wrong(self, case, tmp_path):
        value, message = MALFORMED_DATES[case]
        done = sofin("allocate", "2025", "-f", "xlsx", "--lang", "en", env=environment(SOURCE_DATE_EPOCH=value))
        assert (done.returncode, done.stdout) == (2, b"")  # a pipe: the workbook would have gone to it
        assert done.stderr == one_problem(f"environment: SOURCE_DATE_EPOCH: {message}")

    def test_formats_that_carry_no_date_do_not_read_it(self):
        """A workbook is what the date is for: a text table is printed whatever the variable holds."""
        plain = sofin("allocate", "2025", "-f", "csv")
        dated = sofin("allocate", "2025", "-f", "csv", env=environment(SOURCE_DATE_EPOCH="²"))
        assert dated.returncode == 0 and dated.stdout == plain.stdout and dated.stderr == b""

    @pytest.mark.parametrize(
        ("value", "date"),
        [
            ("0", "1970-01-01T00:00:00Z"),  # the first date digits can say
            ("253402300799", "9999-12-31T23:59:59Z"),  # the last a workbook can hold
            ("0001767225600", "2026-01-01T00:00:00Z"),  # leading zeros are digits
            ("", "2025-01-01T00:00:00Z"),  # empty is unset: 1 January of the table's year
        ],
    )
    def test_the_bounds_date_the_workbook_the_same_every_run(self, value, date, tmp_path):
        books = []
        for run in ("first", "second"):
            target = tmp_path / f"{run}.xlsx"
            done = sofin("allocate", "2025", "-f", "xlsx", "-o", str(target), env=environment(SOURCE_DATE_EPOCH=value))
            assert (done.returncode, done.stderr) == (0, b"")
            books.append(target.read_bytes())
        assert books[0] == books[1] and created(books[0]) == date

    def test_empty_is_the_same_workbook_as_unset(self):
        unset = sofin("allocate", "2025", "-f", "xlsx")
        empty = sofin("allocate", "2025", "-f", "xlsx", env=environment(SOURCE_DATE_EPOCH=""))
        assert unset.returncode == empty.returncode == 0 and unset.stdout == empty.stdout


# ------------------------------------------------------------------------------------------------
# sofin's own variables: a malformed value is one located line and exit 2.


class TestSofinsVariables:
    @pytest.mark.parametrize(
        ("value", "line"),
        [
            (" ", " : (document): no such file (named by $SOFIN_STRATEGY)"),
            ("²", "²: (document): no such file (named by $SOFIN_STRATEGY)"),
            ("/", "/: (document): is a folder, not a file (named by $SOFIN_STRATEGY)"),
            ("/nonexistent/s.yaml", "/nonexistent/s.yaml: (document): no such file (named by $SOFIN_STRATEGY)"),
            ("s" * 5000, f"{'s' * 5000}: (document): cannot read: File name too long (named by $SOFIN_STRATEGY)"),
        ],
    )
    def test_strategy(self, value, line, tmp_path):
        target = tmp_path / "out.csv"
        done = sofin("allocate", "2025", "-o", str(target), "--lang", "en", env=environment(SOFIN_STRATEGY=value))
        assert done.returncode == 2
        assert done.stderr == one_problem(line) and files(tmp_path) == {}

    def test_an_empty_strategy_variable_is_unset(self):
        done = sofin("allocate", "2025", "-f", "csv", env=environment(SOFIN_STRATEGY=""))
        assert (done.returncode, done.stderr) == (0, b"")
        assert done.stdout == sofin("allocate", "2025", "-f", "csv").stdout

    @pytest.mark.parametrize("value", [" ", "PYTHON", "python ", "²", "highs"])
    def test_solver(self, value, tmp_path):
        target = tmp_path / "out.xlsx"
        args = ("allocate", "2025", "-f", "xlsx", "-o", str(target), "--lang", "en")
        done = sofin(*args, env=environment(SOFIN_SOLVER=value))
        assert done.returncode == 2 and files(tmp_path) == {}
        message = f"environment: SOFIN_SOLVER: must be one of python, ortools (or unset: sofin chooses), not {value!r}"
        assert done.stderr == one_problem(message)

    def test_an_empty_solver_variable_is_unset(self):
        done = sofin("allocate", "2025", "-f", "csv", env=environment(SOFIN_SOLVER=""))
        assert (done.returncode, done.stderr) == (0, b"")
        assert done.stdout == sofin("allocate", "2025", "-f", "csv").stdout

"""The environment never crashes sofin: SOURCE_DATE_EPOCH, the encodings of its streams, closed or full
streams, and every variable it or its libraries read. Encodings and descriptors belong to the process,
so every case runs sofin as a process of its own; the terminal cases on a pseudo-terminal."""

from __future__ import annotations

import codecs
import functools
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sofin.cli import streams

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


@functools.cache
def as_usual(*args: str, **changes: str) -> subprocess.CompletedProcess[bytes]:
    """`sofin ARGS` in the test run's environment with `changes`: the reference that many cases compare their
    output with, run once per test process (the same arguments and environment give the same bytes)."""
    return sofin(*args, env=environment(**changes))


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
        plain = as_usual("allocate", "2025", "-f", "csv")
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
        unset = as_usual("allocate", "2025", "-f", "xlsx")
        empty = sofin("allocate", "2025", "-f", "xlsx", env=environment(SOURCE_DATE_EPOCH=""))
        assert unset.returncode == empty.returncode == 0 and unset.stdout == empty.stdout


# ------------------------------------------------------------------------------------------------
# To a file or a pipe: UTF-8, whatever the locale or PYTHONIOENCODING names.

PRINTED = {
    "allocate": ["allocate", "2025"],
    "check": ["check", str(PUBLISHED)],
    "diff": ["diff", "2025", "2026"],
}
NOT_UTF8 = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "iso-8859-2": {"PYTHONIOENCODING": "iso-8859-2"},
    "utf-16": {"PYTHONIOENCODING": "utf-16"},
    "C locale, not coerced": {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
}


class TestToAFileOrAPipe:
    @pytest.mark.parametrize("command", PRINTED)
    @pytest.mark.parametrize("setting", NOT_UTF8)
    def test_utf8_bytes_the_same_as_under_utf8(self, command, setting, tmp_path):
        reference = as_usual(*PRINTED[command], PYTHONIOENCODING="utf-8")
        assert reference.returncode == 0 and "č".encode() in reference.stdout
        target = tmp_path / "out.txt"
        with target.open("wb") as stream:
            done = sofin(*PRINTED[command], env=environment(**NOT_UTF8[setting]), stdout=stream)
        assert (done.returncode, done.stderr) == (0, b"")
        assert target.read_bytes() == reference.stdout

    @pytest.mark.parametrize("setting", NOT_UTF8)
    def test_errors_are_utf8_too(self, setting, tmp_path):
        """The count is Slovenian by default (težava); the file name is the user's."""
        done = sofin("allocate", "2025", "-s", "občina.yaml", env=environment(**NOT_UTF8[setting]), cwd=tmp_path)
        assert done.returncode == 2
        assert (
            done.stderr
            == "občina.yaml: (dokument): datoteka ne obstaja\nsofin: 1 težava; nič ni bilo zapisano.\n".encode()
        )

    def test_a_file_names_bytes_that_are_no_text_come_out_as_they_went_in(self, tmp_path):
        """A name that is not UTF-8 is the user's bytes: printed back as they are, as `ls` prints them."""
        name = os.fsdecode(b"tabela-\xe8.csv")  # č in ISO-8859-2, no UTF-8
        (tmp_path / name).write_bytes(PUBLISHED.read_bytes())
        done = sofin("check", name, "--lang", "en", cwd=tmp_path)
        assert (done.returncode, done.stderr) == (0, b"")
        assert done.stdout.startswith(b"tabela-\xe8.csv: the table reconciles")


# ------------------------------------------------------------------------------------------------
# On a terminal: its own encoding; what it cannot show, sofin's symbols in ASCII and '?' for the rest, said once.

# sofin's symbols as a terminal that cannot show them shows them; any other character it cannot show is '?'.
IN_ASCII = {"─": "-", "†": "#", "–": "-", "—": "-", "−": "-", "×": "x", "→": "->", "≈": "~", "«": '"', "»": '"'}
IN_ASCII["\u00a0"] = " "  # the no-break space before % in Slovenian (issue 23 item 5): a space, as any other
NOTICE = {
    "en": "sofin: this terminal's encoding, {}, cannot show every character; sofin's symbols are written in ASCII, other characters as ?.\n",
    "sl": "sofin: terminal v kodiranju {} ne more prikazati vseh znakov; sofinovi simboli so izpisani z znaki ASCII, drugi znaki kot ?.\n",
}


def shown_in(text: str, encoding: str) -> str:
    """`text` as a terminal in `encoding` should show it."""

    def shown(char: str) -> str:
        try:
            char.encode(encoding)
        except UnicodeEncodeError:
            return IN_ASCII.get(char, "?")
        return char

    return "".join(map(shown, text))


def on_a_terminal(*args: str, encoding: str, errors_too: bool = False, **changes: str) -> tuple[int, bytes, bytes]:
    """sofin's exit code, what its terminal shows (its stdout, and its stderr with `errors_too`) and its stderr
    otherwise, run on a pseudo-terminal with PYTHONIOENCODING=`encoding`."""
    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "sofin", *args], stdin=subprocess.DEVNULL, stdout=follower,
            stderr=follower if errors_too else subprocess.PIPE, env=environment(PYTHONIOENCODING=encoding, **changes),
        )  # fmt: skip
    finally:
        os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: every end of the terminal's other side is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    errors = b"" if errors_too else process.stderr.read()  # type: ignore[union-attr]
    if process.stderr:
        process.stderr.close()
    code = process.wait(timeout=TIMEOUT)
    return code, shown.replace(b"\r\n", b"\n"), errors  # a terminal ends its lines in CR LF


TEXT_COMMANDS = {
    "explain": ["explain", "2027", "vezi/staff", "--payer", "komen", "--lang", "en"],  # † × → č š
    "diff": ["diff", "2025", "2026"],  # ─ † « » č š ž
    "plan": ["plan", "--lang", "en"],  # – − ─ †
}


class TestOnATerminal:
    @pytest.mark.parametrize("command", TEXT_COMMANDS)
    @pytest.mark.parametrize("encoding", ["ascii", "iso-8859-2"])
    def test_shows_what_it_can_and_says_so_once(self, command, encoding):
        text = as_usual(*TEXT_COMMANDS[command]).stdout.decode()
        assert any(char in text for char in IN_ASCII) and "č" in text
        code, shown, errors = on_a_terminal(*TEXT_COMMANDS[command], encoding=encoding)
        assert code == 0
        assert shown.decode(encoding) == shown_in(text, encoding)
        lang = "sl" if command == "diff" else "en"
        assert errors.decode() == NOTICE[lang].format(encoding.replace("iso-", "iso"))

    def test_latin2_shows_the_slovenian_letters_as_they_are(self):
        code, shown, _ = on_a_terminal(*TEXT_COMMANDS["diff"], encoding="iso-8859-2")
        assert code == 0 and "Sežana".encode("iso-8859-2") in shown and "Društvo".encode("iso-8859-2") in shown

    @pytest.mark.parametrize("command", TEXT_COMMANDS)
    def test_a_utf8_terminal_shows_everything_and_says_nothing(self, command):
        text = as_usual(*TEXT_COMMANDS[command]).stdout
        assert on_a_terminal(*TEXT_COMMANDS[command], encoding="utf-8") == (0, text, b"")

    @pytest.mark.parametrize("encoding", ["ascii", "iso-8859-2"])
    def test_the_bold_table_draws_ascii_boxes(self, encoding):
        """rich draws the table on a terminal as wide as it, in ASCII boxes where the encoding is not UTF-8
        (a narrower one gets the narrow layout: tests/test_plain.py)."""
        code, shown, errors = on_a_terminal("allocate", "2027", "--lang", "en", encoding=encoding, COLUMNS="200")
        assert code == 0 and errors.decode() == NOTICE["en"].format(encoding.replace("iso-", "iso"))
        lines = shown.decode(encoding).splitlines()
        assert lines[1].startswith("+----") and lines[1].endswith("----+")  # the box's top
        assert "─" not in shown.decode(encoding) and "#" in shown.decode(encoding)  # † a projected figure
        if encoding == "ascii":
            assert max(shown) < 0x80 and b"OB?INA" in shown
        else:
            assert "OBČINA".encode(encoding) in shown

    def test_the_bold_table_on_utf8_draws_its_rule_and_says_nothing(self):
        code, shown, errors = on_a_terminal("allocate", "2027", "--lang", "en", encoding="utf-8")
        assert code == 0 and errors == b"" and "─".encode() in shown and "†".encode() in shown

    def test_help_on_an_ascii_terminal_is_ascii(self):
        """typer's help, drawn by rich: ASCII boxes, and the strategy's years 2025–2029 with a hyphen."""
        code, shown, errors = on_a_terminal("allocate", "--help", encoding="ascii")
        plain = re.sub(rb"\x1b\[[0-9;]*m", b"", shown)  # without bold and colours
        assert code == 0 and max(shown) < 0x80 and b"+- Options -" in plain and b"2025-2029" in plain
        assert errors.decode() == NOTICE["sl"].format("ascii")

    def test_what_stands_in_for_each_character(self):
        codecs.register_error(streams.ERRORS, streams.replacement)
        text = "╭─┬─╮ │ ├─┼─┤ ═║╚ † 2025–2029 — 1 − 2 × 3 → 4 »PO-MOČ« · …\u00a0\u202fé\ufeff"
        assert (
            text.encode("ascii", errors=streams.ERRORS)
            == b'+-+-+ | +-+-+ -|+ # 2025-2029 - 1 - 2 x 3 -> 4 "PO-MO?" . .  ?'
        )
        name_bytes = os.fsdecode(b"tabela-\xe8.csv")
        assert name_bytes.encode("ascii", errors=streams.ERRORS) == b"tabela-\xe8.csv"
        assert name_bytes.encode("utf-8", errors=streams.ERRORS) == b"tabela-\xe8.csv"

    def test_errors_on_a_terminal_are_shown_the_same_way(self):
        code, shown, _ = on_a_terminal("allocate", "2025", "-s", "občina.yaml", encoding="ascii", errors_too=True)
        assert code == 2
        assert shown.decode("ascii") == (
            "ob?ina.yaml: (dokument): datoteka ne obstaja\nsofin: 1 te?ava; ni? ni bilo zapisano.\n"
            + NOTICE["sl"].format("ascii")
        )


# ------------------------------------------------------------------------------------------------
# Streams closed, or full: exit 2 and one line where something had to be written there, else sofin works.


def cannot_write(args: list[str], english: str, slovenian: str) -> bytes:
    """The line of a stdout that cannot be written: in English under --lang en, else in Slovenian (help and
    the version, which take no --lang, report in the default language)."""
    if "--lang" in args:
        return f"<stdout>: --output: cannot write: {english}\n".encode()
    return f"<stdout>: --output: zapisovanje ni mogoče: {slovenian}\n".encode()


class TestClosedStreams:
    def test_a_closed_stdout_is_one_line_and_exit_2(self, tmp_path):
        done = sofin_with_closed("1", "allocate", "2025", "--lang", "en", cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr == one_problem("<stdout>: --output: cannot write: Bad file descriptor")
        assert files(tmp_path) == {}

    @pytest.mark.parametrize("output_format", ["csv", "xlsx"])
    def test_a_closed_stdout_leaves_output_to_a_file_as_it_is(self, output_format, tmp_path):
        """Under cron: the file written is the file named, even where a file opened first would take descriptor 1."""
        target = tmp_path / f"out.{output_format}"
        target.write_bytes(b"last week's")
        done = sofin_with_closed("1", "allocate", "2025", "-f", output_format, "-o", str(target), cwd=tmp_path)
        assert (done.returncode, done.stderr) == (0, b"")
        assert target.read_bytes() == as_usual("allocate", "2025", "-f", output_format).stdout
        assert files(tmp_path) == {target.name: target.read_bytes()}

    @pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
    def test_a_closed_stdout_named_by_output_is_one_line_too(self, name, tmp_path):
        """`-o /dev/stdout` opened anew by its name would reach the /dev/null that holds the closed descriptor."""
        done = sofin_with_closed("1", "allocate", "2025", "-f", "csv", "-o", name, "--lang", "en", cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr == one_problem(f"{name}: --output: cannot write: Bad file descriptor")

    @pytest.mark.parametrize("args", [["--version"], ["--help"], ["plan", "--lang", "en"]])
    def test_what_typer_writes_itself_is_one_line_too(self, args):
        done = sofin_with_closed("1", *args)
        assert done.returncode == 2 and b"Traceback" not in done.stderr
        line = cannot_write(args, "Bad file descriptor", "neveljaven opisnik datoteke")
        assert done.stderr.startswith(line)
        assert len(done.stderr.splitlines()) == 2

    @pytest.mark.parametrize("args", [["allocate", "2025", "-s", "-"], ["check", "-"]])
    def test_a_closed_stdin_cannot_be_read_one_line(self, args):
        done = sofin_with_closed("0", *args, "--lang", "en")
        assert (done.returncode, done.stdout) == (2, b"")
        assert done.stderr == one_problem("-: (document): cannot read: Bad file descriptor")

    def test_a_closed_stdin_unread_is_no_matter(self):
        done = sofin_with_closed("0", "allocate", "2025", "-f", "csv")
        assert (done.returncode, done.stderr) == (0, b"")
        assert done.stdout == as_usual("allocate", "2025", "-f", "csv").stdout

    def test_a_closed_stderr_leaves_the_output_and_the_exit_code(self):
        done = sofin_with_closed("2", "allocate", "2025", "-f", "csv")
        assert done.returncode == 0 and done.stdout == as_usual("allocate", "2025", "-f", "csv").stdout

    def test_a_closed_stderr_keeps_the_exit_code_of_an_error(self, tmp_path):
        done = sofin_with_closed("2", "allocate", "2031", "-f", "csv", "-o", str(tmp_path / "out.csv"), cwd=tmp_path)
        assert (done.returncode, done.stdout) == (2, b"") and files(tmp_path) == {}

    def test_all_three_closed_and_a_file_named(self, tmp_path):
        target = tmp_path / "out.csv"
        done = sofin_with_closed("0,1,2", "allocate", "2025", "-f", "csv", "-o", str(target), cwd=tmp_path)
        assert done.returncode == 0 and target.read_bytes() == as_usual("allocate", "2025", "-f", "csv").stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
class TestFullStreams:
    @pytest.mark.parametrize(
        "args", [["allocate", "2025", "--lang", "en"], ["plan", "-f", "xlsx"], ["--version"], ["allocate", "--help"]]
    )
    def test_a_full_stdout_is_one_line_and_exit_2(self, args):
        with open("/dev/full", "wb") as full:
            done = sofin(*args, stdout=full)
        assert done.returncode == 2 and b"Traceback" not in done.stderr
        assert done.stderr.startswith(cannot_write(args, "No space left on device", "na napravi ni več prostora"))
        assert len(done.stderr.splitlines()) == 2

    @pytest.mark.parametrize(
        "args", [["allocate", "2025"], ["--version"], ["--help"], ["allocate", "--help"], ["check", str(PUBLISHED)]]
    )
    def test_a_pipe_nobody_reads_is_one_line_and_exit_2(self, args):
        """Typer and rich end a broken pipe of help or the version silently with exit 1, check's word for a
        table that does not reconcile: sofin says what happened instead, as it does for its own output."""
        read, write = os.pipe()
        os.close(read)  # nobody will read
        try:
            done = sofin(*args, stdout=write)
        finally:
            os.close(write)
        stderr = done.stderr
        assert done.returncode == 2
        reason = "zapisovanje ni mogoče: cev je prekinjena (nihče več ne bere)"
        assert stderr == f"<stdout>: --output: {reason}\nsofin: 1 težava; nič ni bilo zapisano.\n".encode()

    def test_a_table_that_does_not_reconcile_to_a_pipe_read_whole_is_still_exit_1(self):
        done = sofin("check", str(ROOT / "data" / "published" / "strategija_2025_section4.csv"), env=environment())
        assert done.returncode == 1 and done.stderr == b"" and done.stdout

    def test_a_full_stderr_keeps_the_exit_code(self, tmp_path):
        with open("/dev/full", "wb") as full:
            done = sofin("allocate", "2031", "-o", str(tmp_path / "out.txt"), stderr=full, cwd=tmp_path)
        assert (done.returncode, done.stdout) == (2, b"") and files(tmp_path) == {}


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
        assert done.stdout == as_usual("allocate", "2025", "-f", "csv").stdout

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
        assert done.stdout == as_usual("allocate", "2025", "-f", "csv").stdout


# ------------------------------------------------------------------------------------------------
# Other programs' variables: whatever they hold, sofin works.

SIZES = ["²", "0", " 80", "100000", "9" * 5000]


@functools.cache
def on_a_terminal_of_its_own_size(*args: str) -> tuple[int, bytes, bytes]:
    return on_a_terminal(*args, encoding="utf-8")


class TestOtherVariables:
    @pytest.mark.parametrize("name", ["COLUMNS", "LINES", "TERMINAL_WIDTH"])
    @pytest.mark.parametrize("value", SIZES)
    def test_a_terminal_size_that_is_none_is_measured_instead(self, name, value):
        """rich and typer read the terminal's size from these: '²' was a traceback, 0 an empty table, 100000
        megabytes of blank help. What is no size is left to the terminal, as when the variable is unset."""
        for args in (("allocate", "2025", "--lang", "en"), ("--help",)):
            measured = on_a_terminal_of_its_own_size(*args)
            assert measured[0] == 0 and len(measured[1].splitlines()) > 10
            assert on_a_terminal(*args, encoding="utf-8", **{name: value}) == measured, args

    @pytest.mark.parametrize(
        "changes",
        [
            {"LANG": ""},
            {"LANG": "xx_YY.bogus"},
            {"LC_ALL": "sl_SI.ISO-8859-2"},
            {"LANGUAGE": ":::"},
            {"LC_NUMERIC": "de_DE.UTF-8"},
            {"TERM": ""},
            {"TERM": "x" * 100_000},
            {"NO_COLOR": "1"},
            {"FORCE_COLOR": "1"},
            {"TYPER_USE_RICH": "maybe"},
            {"PYTHONIOENCODING": ":"},
            {"PYTHONIOENCODING": "utf-8:no-such-handler"},
        ],
        ids=lambda changes: ",".join(f"{name}={value[:12]}" for name, value in changes.items()),
    )
    def test_the_same_table(self, changes):
        reference = as_usual("allocate", "2027")
        done = sofin("allocate", "2027", env=environment(**changes))
        assert (done.returncode, done.stderr) == (0, b"") and done.stdout == reference.stdout


class TestOneRunInOneProcess:
    def test_a_run_does_not_say_what_an_earlier_one_could_not_show(self):
        """In one process (a test runner, a program importing sofin) a run's stderr is its own: a character
        an earlier write could not show is not reported after the next command's problems."""
        from .helpers import run

        error = UnicodeEncodeError("ascii", "č", 0, 1, "ordinal not in range(128)")
        streams.replacement(error)  # as an earlier run writing "č" to an ASCII terminal
        result = run("allocate", "1999")
        assert result.exit_code == 2
        assert "ASCII" not in result.stderr, result.stderr

"""No input is ever an output, by any name (issue 21): sofin compares the output's device and inode with
those of every input it read, as `cat` does ("input file is output file"), and touches nothing.

Standard input and standard output are process-level, so these cases run sofin as a process; the
names a test process can give in-process (/dev/fd/N, links) run through typer's runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import MINIMAL, ROOT, english_message, run

TABLE = ROOT / "data" / "published" / "2025.json"

# Every command that reads a strategy, with `-s -`: (arguments, the strategy's name in the folder).
FROM_STDIN = {
    "allocate": ("allocate", "2025", "-s", "-", "-f", "csv"),
    "plan": ("plan", "-s", "-", "-f", "csv"),
    "payments": ("payments", "2025", "--payer", "a", "-s", "-"),
    "explain": ("explain", "2025", "s/staff", "-s", "-"),
    "diff": ("diff", "2025", "2026", "-s", "-"),
    "check": ("check", "t.json", "-s", "-"),
}


def sofin(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sofin", *args, "--lang", "en"], cwd=cwd, capture_output=True, timeout=60, **kwargs
    )


def folder_state(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def assert_refused(done: subprocess.CompletedProcess[bytes], output: str, read: str) -> None:
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 2, lines
    assert "Traceback" not in done.stderr.decode()
    assert lines[:-1] == [f"{output}: --output: refusing to write over the input file {read} (the same file)"], lines
    assert done.stdout == b""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "s.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "t.json").write_bytes(TABLE.read_bytes())
    return tmp_path


@pytest.mark.parametrize("command", sorted(FROM_STDIN))
def test_a_strategy_read_from_stdin_is_not_the_output(folder, command):
    """`sofin … -s - -o s.yaml < s.yaml` wrote the output over the strategy it had just read (exit 0)."""
    before = folder_state(folder)
    runs = []
    for _ in range(2):  # and the same bytes on a rerun
        with (folder / "s.yaml").open("rb") as stdin:
            runs.append(sofin(*FROM_STDIN[command], "-o", "s.yaml", cwd=folder, stdin=stdin))
        assert_refused(runs[-1], "s.yaml", "-")
        assert folder_state(folder) == before
    assert runs[0].stderr == runs[1].stderr


@pytest.mark.parametrize(
    "args", [("check", "-", "-f", "json"), ("diff", "-", "2025", "-f", "json")], ids=["check", "diff"]
)
def test_a_table_read_from_stdin_is_not_the_output(folder, args):
    before = folder_state(folder)
    with (folder / "t.json").open("rb") as stdin:
        done = sofin(*args, "-o", "t.json", cwd=folder, stdin=stdin)
    assert_refused(done, "t.json", "-")
    assert folder_state(folder) == before


def test_a_table_read_from_stdin_may_still_go_elsewhere(folder):
    """The comparison is by file, not by '-': another file, or /dev/null (no regular file), is written."""
    for target in ("report.json", "/dev/null"):
        with (folder / "t.json").open("rb") as stdin:
            done = sofin("check", "-", "-f", "json", "-o", target, cwd=folder, stdin=stdin)
        assert done.returncode == 0, done.stderr
    assert (folder / "t.json").read_bytes() == TABLE.read_bytes()
    assert b'"reconciles": true' in (folder / "report.json").read_bytes()


@pytest.mark.parametrize(
    "args, read",
    [(("check", "t.json"), "t.json"), (("allocate", "2025", "-s", "s.yaml", "-f", "csv"), "s.yaml")],
    ids=["check's table", "allocate's strategy"],
)
def test_stdout_appended_to_an_input_is_refused(folder, args, read):
    """`sofin check t.json >> t.json` would end the table in its own report."""
    before = folder_state(folder)
    with (folder / read).open("ab") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "sofin", *args, "--lang", "en"], cwd=folder, stdout=stdout, stderr=subprocess.PIPE
        )
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 2, lines
    assert lines[:-1] == [f"<stdout>: --output: refusing to write over the input file {read} (the same file)"]
    assert folder_state(folder) == before


def test_stdout_to_another_file_is_written(folder, monkeypatch):
    with (folder / "out.txt").open("wb") as stdout:
        done = subprocess.run([sys.executable, "-m", "sofin", "check", "t.json"], cwd=folder, stdout=stdout)
    assert done.returncode == 0
    monkeypatch.chdir(folder)
    assert (folder / "out.txt").read_bytes() == run("check", "t.json").stdout.encode()


@pytest.mark.parametrize("name", ["fd", "fd-both"])
def test_an_input_named_by_dev_fd_is_not_the_output(folder, name, monkeypatch):
    """/dev/fd/N is one more name of an open file: read through it, written through another name, or both."""
    monkeypatch.chdir(folder)
    before = folder_state(folder)
    descriptor = os.open(folder / "s.yaml", os.O_RDONLY)
    try:
        output = f"/dev/fd/{descriptor}" if name == "fd-both" else "s.yaml"
        result = run("allocate", "2025", "-s", f"/dev/fd/{descriptor}", "-f", "csv", "-o", output, "--lang", "en")
    finally:
        os.close(descriptor)
    assert result.exit_code == 2, result.output
    message = f"{output}: --output: refusing to write over the input file /dev/fd/{descriptor} (the same file)"
    assert result.stderr.splitlines()[:-1] == [message]
    assert folder_state(folder) == before


def test_one_command_forgets_what_an_earlier_one_read(folder, monkeypatch):
    """The inputs are this command's: a file an earlier command (in the same process) read may be written."""
    monkeypatch.chdir(folder)
    assert run("allocate", "2025", "-s", "s.yaml").exit_code == 0
    (folder / "copy.yaml").write_text(MINIMAL, encoding="utf-8")
    assert run("allocate", "2025", "-s", "copy.yaml", "-f", "csv", "-o", "s.yaml").exit_code == 0
    assert (folder / "s.yaml").read_text(encoding="utf-8").startswith("level,path")


def test_an_input_that_is_no_regular_file_may_be_written_to():
    """A terminal, a pipe or /dev/null read as `-` is no file to lose: `-s -` typed on a terminal, the table
    printed back to the same terminal with `-o /dev/stdout`, is allowed (here: /dev/null, both ways)."""
    from sofin.inputs import FileRead
    from sofin.output import write_atomically

    write_atomically(Path("/dev/null"), b"table\n", read=(FileRead("<stdin>", os.stat("/dev/null")),))


def test_a_regular_input_is_refused_whatever_it_was_read_as(tmp_path):
    from sofin.inputs import FileRead
    from sofin.output import write_atomically
    from sofin.problems import InputError

    table = tmp_path / "t.json"
    table.write_bytes(b"{}")
    with pytest.raises(InputError) as refused:
        write_atomically(table, b"report\n", read=(FileRead("<stdin>", os.stat(table)),))
    assert english_message(refused.value.problems[0]) == "refusing to write over the input file <stdin> (the same file)"
    assert table.read_bytes() == b"{}"

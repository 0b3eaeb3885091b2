"""Issue 23: what a new user meets first. The name given to --output says the format (item 1); --help
reads as sentences at any width, and a year outside the period names the strategy as people know it
(item 7)."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import subprocess
import sys

import openpyxl
import pytest
import yaml

from sofin.cli import app

from .helpers import ROOT, STRATEGY_2025, run

PUBLISHED = str(ROOT / "data" / "published" / "2025.json")  # a table sofin wrote: it reconciles, check exits 0

# Each command that writes files, as a user runs it, with the formats whose file names it knows.
COMMANDS = {
    "allocate": (("allocate", "2025"), ("xlsx", "csv", "json", "markdown", "html", "ledger")),
    "plan": (("plan",), ("xlsx", "csv", "json", "markdown", "html", "svg")),  # issue 26: html, svg
    "payments": (("payments", "2025", "--payer", "komen"), ("xlsx", "csv", "json", "markdown", "html", "ledger")),
    "diff": (("diff", "2025", "2026"), ("json", "markdown")),  # issue 25 item 6: markdown
    "check": (("check", PUBLISHED), ("xlsx", "json", "markdown")),
    "explain": (("explain", "2027", "vezi/staff"), ("json",)),
    "schema": (("schema",), ("json",)),
    "report": (("report", "2026"), ("html",)),  # issue 26 item 4
}
EXTENSION = {
    "xlsx": "xlsx", "csv": "csv", "json": "json", "markdown": "md", "html": "html", "ledger": "journal", "svg": "svg",
}  # fmt: skip
CASES = [(name, fmt) for name, (_, formats) in COMMANDS.items() for fmt in formats]


def read_as(fmt: str, path) -> object:
    """The file read by the program people open it with, which fails on any other format."""
    if fmt == "xlsx":
        return openpyxl.load_workbook(path).sheetnames
    text = path.read_text(encoding="utf-8-sig")
    if fmt == "json":
        return json.loads(text)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows if row and not row[0].startswith("#"))
        return rows
    if fmt == "markdown":
        assert re.search(r"^\|( ?:?-+:? ?\|)+$", text, re.M), "no Markdown table"
    if fmt == "html":
        assert text.lower().startswith("<!doctype html")
    if fmt == "svg":  # issue 26 item 5: a standalone SVG file
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    if fmt == "ledger":
        assert re.search(r"^\d{4}-\d\d-\d\d ", text, re.M), "no journal transaction"
    return text


class TestTheFileNameSaysTheFormat:
    @pytest.mark.parametrize(("name", "fmt"), CASES)
    def test_without_format_the_extension_chooses_it(self, tmp_path, name, fmt):
        """`-o x.<ext>` writes what `--format <fmt>` writes, and the program for that extension reads it."""
        args, _ = COMMANDS[name]
        target = tmp_path / f"out.{EXTENSION[fmt]}"
        result = run(*args, "-o", str(target))
        assert result.exit_code == 0, result.output
        read_as(fmt, target)
        if fmt != "xlsx" and name != "schema":  # a workbook carries the time it was written
            formatted = () if name == "report" else ("--format", fmt)  # report writes html alone, without --format
            assert target.read_text(encoding="utf-8") == run(*args, *formatted).stdout

    @pytest.mark.parametrize("name", ["allocate", "plan", "payments", "check"])
    def test_extensions_in_capitals(self, tmp_path, name):
        args, _ = COMMANDS[name]
        target = tmp_path / "TABELA.XLSX"
        assert run(*args, "-o", str(target)).exit_code == 0
        assert openpyxl.load_workbook(target).sheetnames

    @pytest.mark.parametrize("extension", ["journal", "ledger", "hledger", "Journal"])
    def test_every_journal_name_is_a_ledger(self, tmp_path, extension):
        target = tmp_path / f"komen.{extension}"
        assert run("payments", "2025", "--payer", "komen", "--due-day", "5", "-o", str(target)).exit_code == 0
        assert (
            target.read_text(encoding="utf-8")
            == run("payments", "2025", "--payer", "komen", "--due-day", "5", "--format", "ledger").stdout
        )

    def test_a_format_that_agrees_with_the_name_is_welcome(self, tmp_path):
        target = tmp_path / "t.csv"
        assert run("allocate", "2025", "--format", "csv", "-o", str(target)).exit_code == 0
        read_as("csv", target)

    @pytest.mark.parametrize("name", ["allocate", "plan", "payments"])
    def test_the_dialect_follows_a_csv_name(self, tmp_path, name):
        """`--dialect` applies to CSV: a name ending .csv is CSV, so it applies without --format."""
        target = tmp_path / "t.csv"
        result = run(*COMMANDS[name][0], "--dialect", "sl", "-o", str(target))
        assert result.exit_code == 0, result.output
        assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM that --dialect sl writes
        assert ";" in target.read_text(encoding="utf-8-sig").splitlines()[0]


class TestRefused:
    @pytest.mark.parametrize(("args", "typed", "name", "named"), [
        (("allocate", "2025"), "csv", "tabela.xlsx", "xlsx"),
        (("allocate", "2025"), "table", "tabela.md", "markdown"),
        (("plan",), "json", "nacrt.csv", "csv"),
        (("payments", "2025", "--payer", "komen"), "csv", "komen.journal", "ledger"),
        (("diff", "2025", "2026"), "table", "razlike.json", "json"),
        (("check", PUBLISHED), "json", "pregled.md", "markdown"),
        (("explain", "2027", "vezi/staff"), "table", "izpeljava.JSON", "json"),
    ])  # fmt: skip
    def test_a_format_that_contradicts_the_name(self, tmp_path, args, typed, name, named):
        """Exit 2, a located command-line problem in the user's language, and no file."""
        target = tmp_path / name
        result = run(*args, "--format", typed, "-o", str(target))
        assert result.exit_code == 2
        assert result.stderr.startswith(f"ukazna vrstica: --format: {typed} se ne ujema z imenom datoteke {target}")
        assert "pomeni obliko " + named in result.stderr
        english = run(*args, "-f", typed, "-o", str(target), "--lang", "en")
        assert english.exit_code == 2
        assert english.stderr.startswith(f"command line: --format: {typed} contradicts the file name {target}")
        assert f"which says {named}" in english.stderr
        assert english.stderr.endswith("sofin: 1 problem; nothing was written.\n")
        assert not target.exists()

    @pytest.mark.parametrize(("args", "name", "named"), [
        (("check", PUBLISHED), "r.csv", "csv"),
        (("diff", "2025", "2026"), "d.csv", "csv"),
        (("explain", "2027", "vezi/staff"), "e.md", "markdown"),
        (("diff", "2025", "2026"), "d.html", "html"),
        (("allocate", "2025"), "t.svg", "svg"),
        (("payments", "2025", "--payer", "komen"), "k.pdf", "pdf"),  # issue 26 item 3: k.html is a page
        (("schema",), "s.csv", "csv"),
        (("allocate", "2025"), "t.xls", "xls"),
        (("allocate", "2025"), "t.ODS", "ods"),
        (("plan",), "p.pdf", "pdf"),
    ])  # fmt: skip
    def test_a_name_whose_format_the_command_does_not_write(self, tmp_path, args, name, named):
        target = tmp_path / name
        result = run(*args, "-o", str(target), "--lang", "en") if args[0] != "schema" else run(*args, "-o", str(target))
        assert result.exit_code == 2
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"{'command line' if args[0] != 'schema' else 'ukazna vrstica'}: --output: {target}")
        assert re.search(rf" {named}\b", first) and f"sofin {args[0]} " in first
        assert not target.exists()

    def test_refused_before_anything_is_computed(self, tmp_path):
        """The name is the first thing checked: a strategy that is not there is not even read."""
        result = run("allocate", "2025", "-s", str(tmp_path / "none.yaml"), "-f", "csv", "-o", str(tmp_path / "t.json"))
        assert result.exit_code == 2
        assert "none.yaml" not in result.stderr and "--format" in result.stderr


class TestOtherNamesKeepTheDefault:
    @pytest.mark.parametrize(("args", "name"), [
        (("allocate", "2025"), "tabela.txt"),
        (("allocate", "2025"), "tabela"),
        (("plan",), "nacrt.2025"),
        (("diff", "2025", "2026"), "razlike.log"),
        (("check", PUBLISHED), "pregled.txt"),
        (("explain", "2027", "vezi/staff"), ".txt"),
    ])  # fmt: skip
    def test_an_unknown_extension_writes_the_table(self, tmp_path, args, name):
        target = tmp_path / name
        result = run(*args, "-o", str(target))
        assert result.exit_code == 0, result.output
        assert target.read_text(encoding="utf-8") == run(*args).stdout
        with pytest.raises(json.JSONDecodeError):
            json.loads(target.read_text(encoding="utf-8"))

    def test_an_unknown_extension_takes_any_format(self, tmp_path):
        target = tmp_path / "tabela.txt"
        assert run("allocate", "2025", "-f", "json", "-o", str(target)).exit_code == 0
        assert json.loads(target.read_text(encoding="utf-8"))["year"] == 2025

    @pytest.mark.parametrize(("args", "name", "fmt"), [
        (("allocate", "2025"), ".csv", "csv"),
        (("explain", "2027", "vezi/staff"), ".json", "json"),
        (("plan",), ".MD", "markdown"),
    ])  # fmt: skip
    def test_a_name_that_is_only_an_extension_says_the_format(self, tmp_path, args, name, fmt):
        """-o .csv: to Python a hidden file without an extension, but whoever typed it meant CSV (review of
        issue 23, finding 10)."""
        target = tmp_path / name
        result = run(*args, "-o", str(target))
        assert result.exit_code == 0, result.output
        read_as(fmt, target)
        assert target.read_text(encoding="utf-8") == run(*args, "-f", fmt).stdout

    def test_standard_output_keeps_the_default(self):
        assert run("allocate", "2025", "-o", "-").stdout == run("allocate", "2025", "-f", "table").stdout


def help_of(*command: str, columns: int) -> list[str]:
    """`sofin … --help` as a terminal of `columns` shows it (typer's test runner fixes the width at 80)."""
    return list(_help_lines(command, columns))


@functools.cache  # several tests read the same help at the same width: one process for each
def _help_lines(command: tuple[str, ...], columns: int) -> tuple[str, ...]:
    environment = {**os.environ, "COLUMNS": str(columns)}
    environment.pop("TERMINAL_WIDTH", None)
    result = subprocess.run(
        [sys.executable, "-m", "sofin", *command, "--help"], capture_output=True, text=True, env=environment
    )
    assert result.returncode == 0, result.stderr
    return tuple(result.stdout.splitlines())


COMMAND_NAMES = [command.callback.__name__ for command in app.registered_commands]
EVERY_HELP = [(), *((name,) for name in COMMAND_NAMES)]
PANEL_EDGE = "│"


def hard_breaks(lines: list[str], columns: int) -> list[str]:
    """Places where a description goes on to the next line although its next word had room on this one.

    Rich wraps a paragraph greedily, so a line ends early only at a line break in the text itself. Outside
    the panels a paragraph starts at column 1; in a panel the descriptions start where its continuation
    lines do, and rich's own notes beneath them ([default: …], [env var: …], [required]) are laid out
    apart, not the text's words.
    """
    found = []
    for block in _blocks(lines):
        inner = block[0].startswith(PANEL_EDGE)
        rows = [row[1:-1] if inner else row for row in block]
        start = _description_column(rows) if inner else 1
        if start is not None:
            found += _early_ends(rows, start=start, room=len(rows[0]) - start - 1 if inner else columns - 2)
    return found


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of consecutive lines of one kind: a panel's rows, or plain text lines (not the usage line)."""
    blocks: list[list[str]] = []
    kind = None
    for line in lines:
        panel = line.startswith(PANEL_EDGE) and line.endswith(PANEL_EDGE)
        plain = not panel and line.strip() != "" and not line.startswith(("╭", "╰", " Usage:"))
        this = "panel" if panel else "plain" if plain else None
        if this is not None and this == kind:
            blocks[-1].append(line)
        elif this is not None:
            blocks.append([line])
        kind = this
    return blocks


def _description_column(rows: list[str]) -> int | None:
    """Where the descriptions of a panel start: the indent of its continuation rows (the deepest: a long
    metavar wraps in its own column, to the left)."""
    indents = [len(row) - len(row.lstrip()) for row in rows if row.strip() and not row.lstrip().startswith(("-", "*"))]
    return max(indents) if indents else None


def _early_ends(rows: list[str], *, start: int, room: int) -> list[str]:
    found = []
    for this, following in zip(rows, rows[1:]):
        text, next_text = this[start:].rstrip(), following[start:].strip()
        continues = following[:start].strip() == "" and next_text != "" and not next_text.startswith("[")
        if text and continues and len(text) + 1 + len(next_text.split()[0]) <= room - 2:
            found.append(f"{text!r} / {next_text!r}")
    return found


class TestHelp:
    @pytest.mark.parametrize("columns", [80, 200])
    @pytest.mark.parametrize("command", EVERY_HELP, ids=lambda c: " ".join(c) or "sofin")
    def test_no_line_ends_before_the_width(self, command, columns):
        """Every description is wrapped by the terminal's width alone (COLUMNS), never by the source's line breaks."""
        lines = help_of(*command, columns=columns)
        assert max(len(line) for line in lines) <= columns
        assert hard_breaks(lines, columns) == []

    @pytest.mark.parametrize("command", EVERY_HELP, ids=lambda c: " ".join(c) or "sofin")
    def test_each_paragraph_is_one_line_on_a_wide_terminal(self, command):
        """On a terminal wide enough for them, each paragraph of the help and each option's help is one line."""
        text = "\n".join(help_of(*command, columns=1000))
        click_command = typer_command(*command)
        wanted = [paragraph for paragraph in paragraphs(click_command.help)]
        if not command:
            wanted = [paragraphs(sub.help)[0] for sub in click_command.commands.values()]
        shown = click_command.get_params(typer_context(click_command))  # as the command shows them (cli/app.py)
        wanted += [" ".join(param.help.split()) for param in shown if getattr(param, "help", None)]
        for paragraph in wanted:
            assert re.search(re.escape(paragraph), text), paragraph

    @pytest.mark.parametrize("name", list(COMMANDS))
    def test_output_names_only_the_extensions_of_the_commands_formats(self, name):
        """check, diff, explain and schema refuse most of the six extensions: their --output help lists only
        their own (COMMANDS, written out above), none for schema, which has no --format."""
        args, formats = COMMANDS[name]
        text = " ".join(" ".join(help_of(args[0], columns=1000)).split())
        output = text[text.index("--output") : text.index("│", text.index("--output") + 60)]
        named = set(re.findall(r"\.(xlsx|csv|json|md|html|journal|svg)\b", output))
        assert named == ({EXTENSION[fmt] for fmt in formats} if name != "schema" else set()), output

    @pytest.mark.parametrize("command", EVERY_HELP, ids=lambda c: " ".join(c) or "sofin")
    def test_nothing_is_cut_at_80_columns(self, command):
        """No help cut with "…" (an example longer than its column), no choice list split mid-word."""
        lines = help_of(*command, columns=80)
        assert not [line for line in lines if "…" in line]
        options = lines[next((at for at, line in enumerate(lines) if "─ Options ─" in line), len(lines)) :]
        assert not [line for line in options if re.search(r"<[a-z|]+$|^[│ ]*[a-z|]+>", line.strip("│ "))]

    def test_the_commands_list_names_each_command_in_one_sentence_at_200(self):
        """`sofin --help` at 200 columns: diff's description runs on after "with its cause" (today a break)."""
        text = "\n".join(help_of(columns=200))
        assert re.search(r"with its cause \(indexation", text)
        assert re.search(r"as you type\. A strategy file's first line", text)


def typer_command(*command: str):
    import typer.main

    group = typer.main.get_command(app)
    return group.commands[command[0]] if command else group  # type: ignore[attr-defined]


def typer_context(command):
    from typer._click.core import Context

    return Context(command)


def paragraphs(help_text: str | None) -> list[str]:
    import inspect

    return [" ".join(paragraph.split()) for paragraph in inspect.cleandoc(help_text or "").split("\n\n")]


class TestAYearOutsideThePeriod:
    def test_names_the_shipped_strategy_by_its_title(self):
        """Not the path of the file inside the installed package, which nobody opens."""
        title = yaml.safe_load(STRATEGY_2025.read_text(encoding="utf-8"))["strategy"]
        for args in (("allocate", "2031"), ("explain", "2030", "vezi"), ("diff", "2025", "2031")):
            result = run(*args)
            assert result.exit_code == 2
            assert result.stderr.startswith(f"{title}: YEAR: ")
            assert "strategija_2025.yaml" not in result.stderr and "site-packages" not in result.stderr

    def test_names_a_strategy_file_by_the_path_given(self, tmp_path, monkeypatch):
        monkeypatch.chdir(ROOT)
        result = run("allocate", "2031", "-s", "data/strategija_2025.yaml")
        assert result.exit_code == 2
        assert result.stderr.startswith("data/strategija_2025.yaml: YEAR: ")

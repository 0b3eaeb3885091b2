"""Slovenian by default, English on request: labels and the number format change, the figures do not."""

from __future__ import annotations

from typer.testing import CliRunner

from sofin.cli import app

from .helpers import assert_golden

runner = CliRunner()


def test_english_table_is_the_golden_file():
    result = runner.invoke(app, ["allocate", "2025", "--lang", "en"])
    assert result.exit_code == 0
    assert_golden("allocate_2025_en.txt", result.stdout)
    assert "194,630" in result.stdout and "TOTAL" in result.stdout and "50.78%" in result.stdout


def test_slovenian_is_the_default():
    result = runner.invoke(app, ["allocate", "2025", "--format", "markdown"])
    assert "194.630" in result.stdout and "SKUPAJ OBČINE" in result.stdout and "50,78 %" in result.stdout


def test_machine_formats_do_not_change_with_the_language():
    """JSON and CSV are for programs: plain decimals in every language."""
    for output_format in ("json", "csv"):
        sl = runner.invoke(app, ["allocate", "2025", "-f", output_format]).stdout
        en = runner.invoke(app, ["allocate", "2025", "-f", output_format, "--lang", "en"]).stdout
        assert sl == en


def test_shell_completion_is_offered():
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.stdout


def test_english_plan_diff_and_explain_name_the_grand_total_in_english():
    """The grand total row was named in Slovenian in every language; people's formats now use the words of theirs."""
    commands = [
        ["plan", "--lang", "en"],
        ["plan", "--lang", "en", "-f", "markdown"],
        ["diff", "2025", "2026", "--lang", "en"],
        ["explain", "2026", "/", "--lang", "en"],
    ]
    for command in commands:
        result = runner.invoke(app, command)
        assert result.exit_code == 0, (command, result.output)
        assert "Skupaj občine" not in result.stdout and "All municipalities" in result.stdout, command
    for command in (["plan"], ["diff", "2025", "2026"], ["explain", "2026", "/"]):
        assert "Skupaj občine" in runner.invoke(app, command).stdout, command

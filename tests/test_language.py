"""Slovenian by default, English on request: labels and the number format change, the figures do not."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel import Locale
from typer.testing import CliRunner

import sofin.words as words_package
from sofin.cli import app
from sofin.words import Language, catalogue

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


# The catalogue: one module a language in sofin/words, the same words in each.


def entries(value: object, key: str = "") -> dict[str, object]:
    """Every word of a catalogue by its dotted key: fields of the sections, keys of their dicts, tuple positions."""
    if hasattr(value, "_asdict"):  # a section of the catalogue (a NamedTuple)
        fields = value._asdict()
        return {k: v for name, item in fields.items() for k, v in entries(item, f"{key}.{name}").items()}
    if isinstance(value, dict):
        return {k: v for name, item in value.items() for k, v in entries(item, f"{key}[{name}]").items()}
    if isinstance(value, tuple):
        return {k: v for index, item in enumerate(value) for k, v in entries(item, f"{key}[{index}]").items()}
    return {key: value}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def plural_keys(key: str) -> bool:
    return key.startswith((".check.discrepancy[", ".errors.problem["))


SLOVENIAN, ENGLISH = (entries(catalogue(Language(code))) for code in ("sl", "en"))


def test_every_language_has_the_same_words():
    """Apart from plural forms, which each language has as many of as it needs."""
    for code in Language:
        words = entries(catalogue(code))
        assert {k for k in words if not plural_keys(k)} == {k for k in SLOVENIAN if not plural_keys(k)}, code


def test_every_word_takes_the_same_values_in_every_language():
    for key, slovenian in SLOVENIAN.items():
        if not plural_keys(key):
            assert placeholders(str(ENGLISH[key])) == placeholders(str(slovenian)), key


def test_plural_forms_are_those_of_the_language():
    """A count is written with Babel's plural rule of the language: each of its forms must be there."""
    for code in Language:
        words = catalogue(code)
        forms = Locale.parse(words.locale).plural_form.tags | {"other"}
        assert set(words.check.discrepancy) == forms and set(words.errors.problem) == forms, code


def test_a_language_is_a_module_of_sofin_words_and_lang_offers_each():
    folder = Path(words_package.__file__).parent
    modules = sorted(path.stem for path in folder.glob("*.py") if path.name not in ("__init__.py", "schema.py"))
    assert sorted(Language) == modules
    help_text = runner.invoke(app, ["allocate", "--help"], terminal_width=200).stdout
    assert all(code in help_text for code in modules)


@pytest.mark.parametrize("command", [("plan",), ("diff", "2025", "2026"), ("explain", "2025", "/")])
def test_english_outputs_name_the_grand_total_in_english(command):
    """The grand total's name is a word of the catalogue, not the core's: no Slovenian in English outputs."""
    text = runner.invoke(app, [*command, "--lang", "en"]).stdout
    assert "All municipalities" in text and "Skupaj" not in text

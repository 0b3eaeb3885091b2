"""Slovenian by default, English on request: labels and the number format change, the figures do not."""

from __future__ import annotations

import os
import shutil
import string
import subprocess
import sys
from pathlib import Path

from babel import Locale
from typer.testing import CliRunner

import sofin
from sofin.cli import app
from sofin.domain.amounts import Source
from sofin.results.check import FindingKind
from sofin.results.diff import Cause
from sofin.results.payments import Schedule
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
    assert "194.630" in result.stdout and "SKUPAJ OBČINE" in result.stdout and "50,78\u00a0%" in result.stdout


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
    return key.startswith((".check.discrepancy[", ".errors.problem[", ".printed.figure[", ".check.sum["))


SLOVENIAN = entries(catalogue(Language("sl")))


def test_every_language_has_the_same_words():
    """Apart from plural forms, which each language has as many of as it needs."""
    for code in Language:
        words = entries(catalogue(code))
        assert {k for k in words if not plural_keys(k)} == {k for k in SLOVENIAN if not plural_keys(k)}, code


def test_every_word_takes_the_same_values_in_every_language():
    for code in Language:
        words = entries(catalogue(code))
        for key, slovenian in SLOVENIAN.items():
            if not plural_keys(key):
                assert placeholders(str(words[key])) == placeholders(str(slovenian)), (code, key)


def test_plural_forms_are_those_of_the_language():
    """A count is written with Babel's plural rule of the language: each of its forms must be there."""
    for code in Language:
        words = catalogue(code)
        forms = Locale.parse(words.locale).plural_form.tags | {"other"}
        assert set(words.check.discrepancy) == forms and set(words.errors.problem) == forms, code
        assert set(words.printed.figure) == forms and set(words.check.sum) == forms, code  # issue 23 item 9


def test_every_value_a_word_is_looked_up_by_has_one_in_every_language():
    """A word chosen by a value of the core (a finding's kind, a cause, a schedule ...) exists for each value."""
    for code in Language:
        words = catalogue(code)
        lookups = [
            (words.check.meanings, set(FindingKind)),
            (words.check.sentences, set(FindingKind)),
            (words.check.corrected_prevented_by, {FindingKind.key_sum, FindingKind.off_grid}),
            (words.diff.causes, set(Cause)),
            (words.diff.sources, set(Source)),
            (words.payments.schedules, set(Schedule)),
            (words.explain.directions, {"up", "down", "exact"}),
            (words.explain.because, {"row", "column", "both", "table"}),
        ]
        for table, values in lookups:
            assert set(table) == values, code


def test_a_new_language_is_one_folder(tmp_path):
    """A copy of sofin with one more language folder in sofin/words: --lang offers it, and every output speaks it."""
    copy = tmp_path / "sofin"
    shutil.copytree(Path(sofin.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(copy / "words" / "en", copy / "words" / "de")
    english = (copy / "words" / "en" / "__init__.py").read_text(encoding="utf-8").replace("words.en.", "words.de.")
    german = english.replace('locale="en"', 'locale="de"').replace("ALL MUNICIPALITIES", "ALLE GEMEINDEN")
    # The language's own CLDR data (issue 27: no Babel at run time): German groups with "." and writes ",".
    german_numbers = german.replace('group=",",\n        decimal=".",', 'group=".",\n        decimal=",",')
    assert german_numbers != german
    (copy / "words" / "de" / "__init__.py").write_text(german_numbers, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    run = [sys.executable, "-m", "sofin", "allocate", "2025", "-f", "markdown", "--lang", "de"]
    done = subprocess.run(run, capture_output=True, text=True, env=environment, check=False)
    assert done.returncode == 0, done.stderr
    assert "ALLE GEMEINDEN" in done.stdout and "194.630" in done.stdout and "50,78%" in done.stdout
    usage = subprocess.run([*run[:4], "--help"], capture_output=True, text=True, env=environment, check=True)
    assert "<sl|de|en>" in usage.stdout  # the default first

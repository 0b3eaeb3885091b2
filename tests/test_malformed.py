"""Bad input never costs data: a catalogue of malformed strategy files, and fuzzing of the loader.

Every case exits 2 through the command line, with each message located as FILE:LINE:COL (a path
that is no file has no line to name: FILE: message), and never a traceback.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sofin.cli import app
from sofin.load import load_strategy_text
from sofin.problems import InputError

from .helpers import MINIMAL, STRATEGY_2025

runner = CliRunner()
REAL = STRATEGY_2025.read_text(encoding="utf-8")


def replaced(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# (name, file content, a fragment of the expected message)
CATALOGUE = [
    ("syntax: unclosed bracket", "payers: [1, 2\nunit: 1\n", "YAML syntax"),
    ("tab indentation", replaced("  - {id: a", "\t- {id: a"), "tabs"),
    ("empty file", "", "the file is empty"),
    ("only a comment", "# nothing here\n", "the file is empty"),
    ("non-UTF-8 bytes", MINIMAL.replace("Občina A", "Ob\udce8ina A").encode("utf-8", "surrogateescape"), "not UTF-8"),
    ("control character", replaced("Društvo S", "Društvo \x07S"), "U+0007"),
    ("two documents", MINIMAL + "---\nother: 1\n", "single document"),
    ("a list, not a mapping", "- 1\n- 2\n", "must be a mapping"),
    ("duplicate top-level key", MINIMAL + "unit: 1\n", "duplicate key 'unit'"),
    ("society declared twice by key", replaced("    short: S\n", "    short: S\n    short: T\n"), "duplicate key 'short'"),
    ("alias bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
     + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9)), "more than 200,000 values"),
    ("recursive alias", "a: &x [*x]\n", "refers to a value that contains it"),
    ("nesting too deep", "a: " + "[" * 3000 + "]" * 3000 + "\n", "nested more than 50 deep"),
    # libyaml composes by recursion in C: such a file must never reach it (a crash, not a message).
    ("nesting far too deep", "a: " + "[" * 200_000 + "]" * 200_000 + "\n", "nested more than 50 deep"),
    ("block nesting too deep", "a:\n" + "".join(" " * i + "- \n" for i in range(60)), "nested more than 50 deep"),
    ("merge key", "base: &b {x: 1}\nother:\n  <<: *b\n", "merge keys"),
    ("python object tag", replaced("amount: 333}", "amount: !!python/object:os.system x}"), "unsupported YAML tag"),
    ("huge amount", replaced("amount: 333}", "amount: 10000000000000000}"), "less than or equal to"),
    ("negative amount", replaced("amount: 333}", "amount: -333}"), "greater than or equal to 0"),
    ("non-numeric amount", replaced("amount: 333}", "amount: lots}"), "must be a number, not 'lots'"),
    ("NaN", replaced("amount: 333}", "amount: .nan}"), "not a usable number"),
    ("infinity", replaced("amount: 333}", "amount: .inf}"), "not a usable number"),
    ("yes where a number belongs", replaced("share: 60.5}", "share: yes}"), "not yes/no"),
    ("number as a string", replaced("share: 60.5}", "share: '60.5'}"), "must be a number"),
    ("shares not summing to 100", replaced("share: 39.5}", "share: 39.4}"), "not exactly 100"),
    ("zero share", replaced("share: 60.5}", "share: 0}"), "greater than 0"),
    ("payer id used twice", replaced("{id: b,", "{id: a,"), "already used"),
    ("society id used twice", MINIMAL + "  - id: s\n    name: X\n    short: X\n    lines:\n      - {id: x, label: X, kind: staff, amount: 1}\n", "already used"),
    ("line id used twice", replaced("- {id: programme", "- {id: staff"), "already used"),
    ("id not slug-like", replaced("{id: a,", "{id: Občina A,"), "not a valid id"),
    ("unknown top-level field", MINIMAL + "colour: red\n", "unknown field"),
    ("unknown line field", replaced("amount: 333}", "amount: 333, vat: 22}"), "unknown field"),
    ("unknown cost kind", replaced("kind: programme", "kind: travel"), "'staff' or 'programme'"),
    ("unit not 1 or 0.01", replaced("unit: 1", "unit: 0.05"), "unit must be 1"),
    ("amount off the unit grid", replaced("amount: 333}", "amount: 333.5}"), "multiple of the rounding unit"),
    ("items not summing to the line", replaced("amount: 1001}", "amount: 1001}\n        amount: 1000"), "differs from the sum"),
    ("line with no amount", replaced(", amount: 333}", "}"), "needs an amount or items"),
    ("base year outside the period", replaced("base_year: 2025", "base_year: 2024"), "outside the period"),
    ("period reversed", replaced("[2025, 2029]", "[2029, 2025]"), "ends before it starts"),
    ("period not a list", replaced("[2025, 2029]", "2025-2029"), "period"),
    ("in-kind footnote by an unknown payer", replaced("    short: S\n", "    short: S\n    in_kind: x\n    in_kind_by: c\n"), "not a payer id"),
    ("no societies", MINIMAL.split("societies:")[0] + "societies: []\n", "at least 1 item"),
    ("missing field", replaced("currency: EUR\n", ""), "required field is missing"),
    ("adopted amount for an unknown line", MINIMAL + "adopted:\n  2026:\n    s/travel: 5\n", "names no line or item"),
    ("adopted amount for a payer, not a line", MINIMAL + "adopted:\n  2026:\n    a/staff: 5\n", "names no line or item"),
    ("adopted amount for a missing item", MINIMAL + "adopted:\n  2026:\n    s/staff/3: 5\n", "names no line or item"),
    ("adopted amount outside the period", MINIMAL + "adopted:\n  2031:\n    s/staff: 5\n", "within the period"),
    ("adopted year not a year", MINIMAL + "adopted:\n  next:\n    s/staff: 5\n", "adopted"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "fragment"), CATALOGUE, ids=[case[0] for case in CATALOGUE])
def test_catalogue_case_exits_2_with_a_located_message(write, name, content, fragment):
    """Exit 2, every message FILE:LINE:COL, the expected complaint among them, no traceback."""
    path = write(content)
    result = runner.invoke(app, ["allocate", "2025", "--strategy", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    messages = result.stderr.splitlines()[:-1]
    assert messages and all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line) for line in messages), messages
    assert any(fragment in line for line in messages), messages
    assert result.stderr.splitlines()[-1].startswith("sofin: ")


def test_catalogue_has_at_least_thirty_cases():
    assert len(CATALOGUE) >= 30


@pytest.mark.parametrize("kind", ["missing", "folder", "inside a file"])
def test_paths_that_are_not_readable_files(tmp_path, kind):
    """A path that is no file: its name and what is wrong, exit 2."""
    path = {"missing": tmp_path / "none.yaml", "folder": tmp_path, "inside a file": tmp_path / "f" / "x.yaml"}[kind]
    if kind == "inside a file":
        (tmp_path / "f").write_text("not a folder")
    result = runner.invoke(app, ["allocate", "2025", "--strategy", str(path)])
    assert result.exit_code == 2 and result.stderr.startswith(f"{path}: ")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def assert_loads_or_is_located(text: str) -> None:
    """The loader either returns a strategy or raises InputError whose every problem has a line."""
    try:
        load_strategy_text(text, "fuzz.yaml")
    except InputError as error:
        assert error.problems
        assert all(problem.line is not None and problem.line >= 1 for problem in error.problems), error


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes(data):
    """Arbitrary bytes: located problems or a strategy, never any other exception."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # decoding is read_text's job, covered by the catalogue
    assert_loads_or_is_located(text)


@st.composite
def mutations(draw):
    """The real strategy with a few characters deleted, inserted or replaced."""
    text = REAL
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        piece = draw(
            st.sampled_from(["", ":", "-", " ", "\n", "[", "{", "}", "'", "&a", "*a", "0", ".5", "yes", "~", "#"])
        )
        cut = draw(st.integers(0, 3))
        text = text[:at] + piece + text[at + cut :]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_mutations_of_the_real_strategy(text):
    """Typos in the real file: located problems or a valid strategy, never a crash."""
    assert_loads_or_is_located(text)

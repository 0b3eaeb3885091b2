"""Bad input never costs data: a catalogue of malformed strategy files, and fuzzing of the loader.

Every case exits 2 through the command line, with each message located as FILE:LINE:COL (a path
that is no file has no line to name: FILE: message), and never a traceback. The what-ifs of the
command line (--share, --rate) have a catalogue of their own: their messages name the option.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sofin.cli import app
from sofin.problems import InputError

from .helpers import MINIMAL, ROOT, STRATEGY_2025, strategy_from_text

runner = CliRunner()
REAL = STRATEGY_2025.read_text(encoding="utf-8")


def replaced(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


STAFF_RATE = "staff: {default: 2}"  # line 10 of MINIMAL
SHARE_A = "share: 60.5}"  # line 7
SHARE_B = "share: 39.5}"  # line 8
SOCIETY = "    short: S\n"  # line 15: `from`/`until` of the society go beneath it
STAFF_LINE = "      - id: staff\n"  # line 17, the society's first line, written as a block
PROGRAMME = "- {id: programme,"  # line 22, the society's second line

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
    ("huge amount", replaced("amount: 333}", "amount: 10000000000000000}"), "less than or equal to 1,000,000,000,000"),
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
    ("unknown cost kind", replaced("kind: programme", "kind: travel"), "must be one of: staff, programme"),
    ("unit not 1 or 0.01", replaced("unit: 1", "unit: 0.05"), "unit must be 1"),
    ("amount off the unit grid", replaced("amount: 333}", "amount: 333.5}"), "multiple of the rounding unit"),
    ("items not summing to the line", replaced("amount: 1001}", "amount: 1001}\n        amount: 1000"), "differs from the sum"),
    ("line with no amount", replaced(", amount: 333}", "}"), "needs an amount or items"),
    ("base year outside the period", replaced("base_year: 2025", "base_year: 2024"), "outside the period"),
    ("period reversed", replaced("[2025, 2029]", "[2029, 2025]"), "ends before it starts"),
    ("period not a list", replaced("[2025, 2029]", "2025-2029"), "period"),
    ("in-kind footnote by an unknown payer", replaced("    short: S\n", "    short: S\n    in_kind: x\n    in_kind_by: c\n"), "not a payer id"),
    ("no societies", MINIMAL.split("societies:")[0] + "societies: []\n", "entries must be at least 1"),
    ("missing field", replaced("currency: EUR\n", ""), "required field is missing"),
    ("adopted amount for an unknown line", MINIMAL + "adopted:\n  2026:\n    s/travel: 5\n", "names no line or item"),
    ("adopted amount for a payer, not a line", MINIMAL + "adopted:\n  2026:\n    a/staff: 5\n", "names no line or item"),
    ("adopted amount for a missing item", MINIMAL + "adopted:\n  2026:\n    s/staff/3: 5\n", "names no line or item"),
    ("adopted amount outside the period", MINIMAL + "adopted:\n  2031:\n    s/staff: 5\n", "within the period"),
    ("adopted year not a year", MINIMAL + "adopted:\n  next:\n    s/staff: 5\n", "adopted"),
    ("an item adopted after its line was adopted whole", MINIMAL + "adopted:\n  2026:\n    s/staff: 1100\n  2027:\n    s/staff/1: 5\n", "adopted as a whole in 2026"),
    # Rates adopted with their source, or planned (a plain number).
    ("adopted rate without its source", replaced(STAFF_RATE, "staff: {default: 2, 2026: {rate: 3.1}}"), "required field is missing"),
    ("adopted rate without the rate", replaced(STAFF_RATE, "staff: {default: 2, 2026: {source: TEI 2026}}"), "required field is missing"),
    ("adopted rate with an unknown field", replaced(STAFF_RATE, "staff: {default: 2, 2026: {rate: 3.1, source: TEI, note: x}}"), "unknown field"),
    ("adopted default rate without its source", replaced(STAFF_RATE, "staff: {default: {rate: 2}}"), "required field is missing"),
    ("adopted rate with an empty source", replaced(STAFF_RATE, "staff: {default: 2, 2026: {rate: 3.1, source: ''}}"), "characters must be at least 1"),
    ("adopted rate written as text", replaced(STAFF_RATE, "staff: {default: 2, 2026: {rate: '3.1', source: TEI}}"), "must be a number"),
    ("rate for a year outside the period", replaced(STAFF_RATE, "staff: {default: 2, 2031: 3}"), "its rate would never apply"),
    ("rate for the base year", replaced(STAFF_RATE, "staff: {default: 2, 2025: {rate: 2, source: TEI 2025}}"), "after the base year 2025"),
    # A key that changes from a year on.
    ("share mapping with a year outside the period", replaced(SHARE_A, "share: {2025: 60.5, 2031: 61}}"), "year 2031 is outside the period 2025-2029"),
    ("share mapping out of order", replaced(SHARE_A, "share: {2027: 60.5, 2025: 60.5}}"), "year 2025 comes after 2027"),
    ("share mapping starting after the base year", replaced(SHARE_A, "share: {2026: 60.5}}"), "no share for 2025"),
    ("empty share mapping", replaced(SHARE_A, "share: {}}"), "entries must be at least 1"),
    ("share mapping not summing to 100 in one year", replaced(SHARE_A, "share: {2025: 60.5, 2027: 61}}"), "in 2027 the shares sum to 100.5, not exactly 100"),
    ("share mapping not summing to 100 in two years", replaced(SHARE_B, "share: {2025: 39.5, 2026: 39, 2028: 40}}"), "in 2028 the shares sum to 100.5, not exactly 100"),
    ("share mapping with a key that is no year", replaced(SHARE_A, "share: {2025: 60.5, next: 61}}"), "must be a whole number"),
    ("share mapping with a year given twice", replaced(SHARE_A, "share: {2025: 60.5, 2025: 61}}"), "duplicate key '2025'"),
    ("share mapping with a share of 0", replaced(SHARE_A, "share: {2025: 60.5, 2027: 0}}"), "greater than 0"),
    # Societies and lines that start or end within the period.
    ("society from after until", replaced(SOCIETY, SOCIETY + "    from: 2028\n    until: 2027\n"), "until 2027 is before from 2028"),
    ("line from after until", replaced(PROGRAMME, "- {id: programme, from: 2028, until: 2027,"), "until 2027 is before from 2028"),
    ("society from after the period", replaced(SOCIETY, SOCIETY + "    from: 2031\n"), "from 2031 is outside the period 2025-2029"),
    ("society until after the period", replaced(SOCIETY, SOCIETY + "    until: 2030\n"), "until 2030 is outside the period 2025-2029"),
    ("line from before the period", replaced(PROGRAMME, "- {id: programme, from: 2024,"), "from 2024 is outside the period 2025-2029"),
    ("line until before the base year", replaced(PROGRAMME, "- {id: programme, until: 2025,", replaced("base_year: 2025", "base_year: 2026")), "before the base year 2026"),
    ("from not a year", replaced(SOCIETY, SOCIETY + "    from: next\n"), "must be a whole number"),
    ("line starting before its society", replaced(PROGRAMME, "- {id: programme, from: 2026,", replaced(SOCIETY, SOCIETY + "    from: 2027\n")), "before its society (from 2027)"),
    ("line ending after its society", replaced(PROGRAMME, "- {id: programme, until: 2028,", replaced(SOCIETY, SOCIETY + "    until: 2027\n")), "after its society (until 2027)"),
    ("line ending before its society starts", replaced(PROGRAMME, "- {id: programme, until: 2026,", replaced(SOCIETY, SOCIETY + "    from: 2027\n")), "it would never run"),
    ("line starting after its society ends", replaced(PROGRAMME, "- {id: programme, from: 2028,", replaced(SOCIETY, SOCIETY + "    until: 2027\n")), "it would never run"),
    ("no line in a year", replaced(SOCIETY, SOCIETY + "    until: 2028\n"), "no line runs in 2029"),
    ("adopted amount after a line's until", replaced(PROGRAMME, "- {id: programme, until: 2026,") + "adopted:\n  2027:\n    s/programme: 400\n", "does not run in 2027"),
    ("adopted amount before a line's from", replaced(PROGRAMME, "- {id: programme, from: 2028,") + "adopted:\n  2027:\n    s/programme: 400\n", "does not run in 2027"),
    ("adopted amount of an item before its line's from", replaced(STAFF_LINE, STAFF_LINE + "        from: 2028\n") + "adopted:\n  2027:\n    s/staff/1: 1100\n", "does not run in 2027"),
    ("adopted amount in a line's first year", replaced(PROGRAMME, "- {id: programme, from: 2027,") + "adopted:\n  2027:\n    s/programme: 400\n", "starts in 2027"),
]  # fmt: skip

# Where each case about the fields of issue 13 is reported: LINE:COL: field (see MINIMAL's lines).
WHERE = {
    "adopted rate without its source": "10:29: indexation.staff[2026].source",
    "adopted rate without the rate": "10:29: indexation.staff[2026].rate",
    "adopted rate with an unknown field": "10:54: indexation.staff[2026].note",
    "adopted default rate without its source": "10:20: indexation.staff.default.source",
    "adopted rate with an empty source": "10:49: indexation.staff[2026].source",
    "adopted rate written as text": "10:36: indexation.staff[2026].rate",
    "rate for a year outside the period": "10:23: indexation.staff[2031]",
    "rate for the base year": "10:23: indexation.staff[2025]",
    "share mapping with a year outside the period": "7:49: payers[0].share[2031]",
    "share mapping out of order": "7:49: payers[0].share[2025]",
    "share mapping starting after the base year": "7:37: payers[0].share[2026]",
    "empty share mapping": "7:36: payers[0].share",
    "share mapping not summing to 100 in one year": "7:55: payers[0].share[2027]",
    "share mapping not summing to 100 in two years": "8:65: payers[1].share[2028]",
    "share mapping with a key that is no year": "7:55: payers[0].share.next",
    "share mapping with a year given twice": "7:49: payers[0].share[2025]",
    "share mapping with a share of 0": "7:55: payers[0].share[2027]",
    "society from after until": "17:12: societies[0].until",
    "line from after until": "22:44: societies[0].lines[1].until",
    "society from after the period": "16:11: societies[0].from",
    "society until after the period": "16:12: societies[0].until",
    "line from before the period": "22:31: societies[0].lines[1].from",
    "line until before the base year": "22:32: societies[0].lines[1].until",
    "from not a year": "16:11: societies[0].from",
    "line starting before its society": "23:31: societies[0].lines[1].from",
    "line ending after its society": "23:32: societies[0].lines[1].until",
    "line ending before its society starts": "23:32: societies[0].lines[1].until",
    "line starting after its society ends": "23:31: societies[0].lines[1].from",
    "no line in a year": "13:3: societies",
    "adopted amount after a line's until": "25:5: adopted[2027].s/programme",
    "adopted amount before a line's from": "25:5: adopted[2027].s/programme",
    "adopted amount of an item before its line's from": "26:5: adopted[2027].s/staff/1",
    "adopted amount in a line's first year": "25:5: adopted[2027].s/programme",
}


@pytest.mark.parametrize(("name", "content", "fragment"), CATALOGUE, ids=[case[0] for case in CATALOGUE])
def test_catalogue_case_exits_2_with_a_located_message(write, name, content, fragment):
    """Exit 2, every message FILE:LINE:COL, the expected complaint among them, no traceback."""
    path = write(content)
    result = runner.invoke(app, ["allocate", "2025", "--strategy", str(path), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    messages = result.stderr.splitlines()[:-1]
    assert messages and all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line) for line in messages), messages
    assert any(fragment in line for line in messages), messages
    assert "Decimal(" not in result.stderr  # a bound as people write it, not as Python shows it
    assert result.stderr.splitlines()[-1].startswith("sofin: ")


@pytest.mark.parametrize(("name", "where"), WHERE.items(), ids=list(WHERE))
def test_new_fields_are_located_at_the_field_itself(write, name, where):
    """Rates, share mappings, from/until: the message points at the entry that is wrong, not its parent."""
    content, fragment = next((content, fragment) for case, content, fragment in CATALOGUE if case == name)
    path = write(content)
    result = runner.invoke(app, ["allocate", "2025", "--strategy", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert any(line.startswith(f"{path}:{where}: ") and fragment in line for line in result.stderr.splitlines()), (
        result.stderr
    )


def test_a_wrong_key_is_reported_in_the_years_it_starts_and_nowhere_else(write):
    """2026 and 2028 each start a key that does not sum to 100: one message each, at the entry that
    starts it; 2027 and 2029 keep the key of the year before, and the plain share of `a` starts no year."""
    path = write(replaced(SHARE_B, "share: {2025: 39.5, 2026: 39, 2028: 40}}"))
    result = runner.invoke(app, ["allocate", "2025", "--strategy", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:8:55: payers[1].share[2026]: in 2026 the shares sum to 99.5, not exactly 100",
        f"{path}:8:65: payers[1].share[2028]: in 2028 the shares sum to 100.5, not exactly 100",
        "sofin: 2 problems; nothing was written.",
    ]


def test_a_key_wrong_in_the_base_year_names_every_entry_in_force(write):
    """In the first year every entry in force makes the sum, a plain share too; without any mapping
    the one message of a single key stays as it was."""
    path = write(replaced(SHARE_A, "share: {2025: 60, 2027: 60.5}}"))
    result = runner.invoke(app, ["allocate", "2025", "--strategy", str(path), "--lang", "en"])
    assert result.stderr.splitlines()[:-1] == [
        f"{path}:7:43: payers[0].share[2025]: in 2025 the shares sum to 99.5, not exactly 100",
        f"{path}:8:36: payers[1].share: in 2025 the shares sum to 99.5, not exactly 100",
    ]
    path = write(replaced(SHARE_A, "share: 60}"))
    result = runner.invoke(app, ["allocate", "2025", "--strategy", str(path), "--lang", "en"])
    assert result.stderr.splitlines()[:-1] == [f"{path}:7:3: payers: shares sum to 99.5, not exactly 100"]


def test_catalogue_has_at_least_thirty_cases():
    assert len(CATALOGUE) >= 30


# What-ifs of the command line (--share ID=PCT, --rate [KIND:]YEAR=PCT) on the shipped strategy:
# (name, options, the option named, a fragment of the expected message)
COMMAND_LINE_CATALOGUE = [
    ("--share for an unknown payer", ["--share", "trst=16.32"], "--share", "'trst' is not a payer"),
    ("--share making the key sum to 101", ["--share", "komen=16,32"], "--share", "sum to 101.00, not exactly 100"),
    ("--share off by a hundredth", ["--share", "komen=15.33"], "--share", "sum to 100.01, not exactly 100"),
    ("--share not ID=PCT", ["--share", "komen:16.32"], "--share", "write ID=PERCENT"),
    ("--share without a percent", ["--share", "komen="], "--share", "write ID=PERCENT"),
    ("--share with a word for a percent", ["--share", "komen=half"], "--share", "write ID=PERCENT"),
    ("--share of 0", ["--share", "komen=0"], "--share", "more than 0 and at most 100"),
    ("--share twice for a payer", ["--share", "komen=15.32", "--share", "komen=15.32"], "--share", "more than once"),
    ("--rate for a year after the period", ["--rate", "2031=3"], "--rate", "2031 is not a year whose amounts are indexed"),
    ("--rate for a year before the period", ["--rate", "2024=3"], "--rate", "2024 is not a year whose amounts are indexed"),
    ("--rate for the base year", ["--rate", "2025=3"], "--rate", "2025 is not a year whose amounts are indexed"),
    ("--rate with an unknown kind", ["--rate", "travel:2027=3"], "--rate", "'travel' is not a cost kind"),
    ("--rate with a misspelt kind", ["--rate", "staf:2027=3"], "--rate", "'staf' is not a cost kind; did you mean 'staff'?"),
    ("--rate not YEAR=PCT", ["--rate", "2027:3.5"], "--rate", "write [KIND:]YEAR=PERCENT"),
    ("--rate without a year", ["--rate", "staff=3.5"], "--rate", "write [KIND:]YEAR=PERCENT"),
    ("--rate of -100 percent", ["--rate", "2027=-100"], "--rate", "more than -100 and at most 100"),
    ("--rate twice for a kind and year", ["--rate", "staff:2027=3", "--rate", "2027=4"], "--rate", "more than once"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "options", "option", "fragment"), COMMAND_LINE_CATALOGUE, ids=[case[0] for case in COMMAND_LINE_CATALOGUE]
)
def test_command_line_case_exits_2_naming_the_option(name, options, option, fragment):
    """Exit 2, nothing on stdout, every message `command line: --option: ...`, no traceback."""
    result = runner.invoke(app, ["allocate", "2027", "--lang", "en", *options])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and result.stdout == ""
    messages = result.stderr.splitlines()[:-1]
    assert messages and all(line.startswith("command line: --") for line in messages), messages
    assert any(line.startswith(f"command line: {option}: ") and fragment in line for line in messages), messages
    assert result.stderr.splitlines()[-1].startswith("sofin: ")


# Every command that reads a strategy takes the what-ifs, and refuses a wrong one the same way.
COMMANDS = {
    "allocate": ["allocate", "2027"],
    "allocate --fair": ["allocate", "2027", "--fair"],
    "plan": ["plan"],
    "payments": ["payments", "2027", "--payer", "komen"],
    "explain": ["explain", "2027", "vezi/staff"],
    "diff of two years": ["diff", "2026", "2027"],
    "diff of two tables": ["diff", "data/published/2025.json", "data/published/2025.json"],
    "check": ["check", "data/published/2025.json", "--year", "2025"],
    "report": ["report", "2027"],  # issue 26 item 4
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=list(COMMANDS))
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--share", "komen=16.32"], "command line: --share: with komen=16.32, the shares of 2025-2029 sum to 101.00, not exactly 100"),
        (["--rate", "2025=3"], "command line: --rate: '2025=3': 2025 is not a year whose amounts are indexed (years after the base year: 2026-2029)"),
    ],
    ids=["share", "rate"],
)  # fmt: skip
def test_every_command_refuses_a_wrong_what_if(monkeypatch, command, options, message):
    """A table from a file (diff, check) does not spare a wrong what-if: it is reported all the same."""
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, [*command, "--lang", "en", *options])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [message, "sofin: 1 problem; nothing was written."]


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
        strategy_from_text(text, "fuzz.yaml")
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

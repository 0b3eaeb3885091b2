"""No invisible control in what sofin prints (issue 21): bidirectional controls and the other characters
that change how text around them is shown are refused, located and named, in every text field of a
strategy and of a table read back ("Trojan Source", CVE-2021-42574)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from sofin.source import BIDI_CONTROLS, HIDDEN, NOT_PRINTABLE, not_printable

from .helpers import MINIMAL, ROOT, run

TABLE_JSON = (ROOT / "data" / "published" / "2025.json").read_text(encoding="utf-8")
TABLE_CSV = (ROOT / "data" / "published" / "2025.csv").read_text(encoding="utf-8")
RLO = "\u202e"
RLO_NAMED = "U+202E RIGHT-TO-LEFT OVERRIDE is a bidirectional control"

# The list of bidirectional controls, each of which must be refused.
BIDI = [
    chr(c) for c in (0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C)
]


def every_character():
    return map(chr, range(0x110000))


def test_every_format_character_of_unicode_is_refused():
    """HIDDEN is written out by hand; Python's Unicode database is the oracle for category Cf."""
    missing = [f"U+{ord(c):04X}" for c in every_character() if unicodedata.category(c) == "Cf" and not HIDDEN.match(c)]
    assert missing == []


def test_every_default_ignorable_code_point_is_refused():
    """What a renderer draws as nothing, by Unicode's property, which the regex module knows."""
    import regex

    ignorable = regex.compile(r"\p{Default_Ignorable_Code_Point}")
    missing = [f"U+{ord(c):04X}" for c in every_character() if ignorable.match(c) and not HIDDEN.match(c)]
    assert missing == []


def test_nothing_else_is_refused_as_hidden():
    """HIDDEN is exactly Cf, the default-ignorables and the two separators: no letter, mark or space slips in."""
    import regex

    ignorable = regex.compile(r"\p{Default_Ignorable_Code_Point}")
    extra = [
        f"U+{ord(c):04X}"
        for c in every_character()
        if HIDDEN.match(c)
        and not ignorable.match(c)
        and unicodedata.category(c) != "Cf"
        and c not in "\u2028\u2029"
        and not 0x13439 <= ord(c) <= 0x1343F  # Egyptian format controls of Unicode 15, after Python's database
    ]
    assert extra == []


def test_not_printable_is_the_complement_of_yamls_printable_characters():
    """NOT_PRINTABLE is written as the complement (a negated class is slow to compile): YAML's own
    definition, a negated class, is the oracle over every code point."""
    yaml_printable = re.compile("[\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    differ = [
        f"U+{ord(c):04X}" for c in every_character() if bool(NOT_PRINTABLE.match(c)) == bool(yaml_printable.match(c))
    ]
    assert differ == []


def test_letters_marks_and_the_text_of_slovenian_tables_stay_allowed():
    text = "Občina Hrpelje-Kozina »PO-MOČ« – 50,78 % † Žiga Šuštar ßøå 日本 ❤"
    assert not HIDDEN.search(text) and not NOT_PRINTABLE.search(text)


def english(message) -> str:  # type: ignore[no-untyped-def]
    from sofin.render.problems import phrase
    from sofin.words import Language

    return phrase(message, Language("en"))


@pytest.mark.parametrize("character", BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_every_bidirectional_control_is_named_as_one(character):
    assert re.fullmatch(f"[{BIDI_CONTROLS}]", character)
    assert english(not_printable(character)).startswith(
        f"U+{ord(character):04X} {unicodedata.name(character)} is a bidirectional"
    )


def test_an_invisible_character_is_named():
    assert english(not_printable("\u200b")).startswith("U+200B ZERO WIDTH SPACE is an invisible character")
    assert english(not_printable("\xad")).startswith("U+00AD SOFT HYPHEN is an invisible character")


def assert_the_same_on_a_rerun(result, *args: str) -> None:
    again = run(*args)
    assert (again.exit_code, again.stdout, again.stderr) == (result.exit_code, result.stdout, result.stderr)


def with_in_kind_and_adopted_rate(text: str) -> str:
    text = text.replace("    short: S\n", "    short: S\n    in_kind: Prostor v Sežani.\n    in_kind_by: a\n")
    return text.replace("staff: {default: 2}", 'staff: {default: 2, 2027: {rate: 3, source: "Sklep 2026"}}')


# (field as the message names it, the text it is found as in the strategy, what it becomes)
STRATEGY_FIELDS = [
    ("strategy", "strategy: Test strategy", f'strategy: "Test {RLO}strategy"'),
    ("payers[0].name", "name: Občina A", f'name: "Občina {RLO}A"'),
    ("societies[0].name", "name: Društvo S", f'name: "Društvo {RLO}S"'),
    ("societies[0].short", "short: S\n", f'short: "S{RLO}"\n'),
    ("societies[0].in_kind", "in_kind: Prostor v Sežani.", f'in_kind: "Prostor {RLO}v Sežani."'),
    ("societies[0].lines[0].label", "label: Stroški zaposlenih", f'label: "Stroški {RLO}zaposlenih"'),
    ("societies[0].lines[0].items[0].label", "label: Delavka", f'label: "Dela{RLO}vka"'),
    ("indexation.staff[2027].source", 'source: "Sklep 2026"', f'source: "Sklep {RLO}2026"'),
]


@pytest.mark.parametrize("field, old, new", STRATEGY_FIELDS, ids=[f[0] for f in STRATEGY_FIELDS])
def test_every_text_field_of_a_strategy_refuses_a_bidi_control(write, field, old, new):
    text = with_in_kind_and_adopted_rate(MINIMAL)
    assert run("allocate", "2025", "-s", str(write(text))).exit_code == 0
    assert old in text, old
    path = write(text.replace(old, new, 1))
    result = run("allocate", "2025", "-s", str(path), "--lang", "en")
    assert result.exit_code == 2, result.output
    assert_the_same_on_a_rerun(result, "allocate", "2025", "-s", str(path), "--lang", "en")
    line_number = text[: text.index(old)].count("\n") + 1
    messages = result.stderr.splitlines()[:-1]
    assert len(messages) == 1, messages
    assert re.match(
        rf"{re.escape(str(path))}:{line_number}:\d+: {re.escape(field)}: {re.escape(RLO_NAMED)}", messages[0]
    ), messages


@pytest.mark.parametrize(
    "character", BIDI + ["\u200b", "\u2060", "\ufeff", "\xad", "\U000e0041"], ids=lambda c: f"U+{ord(c):04X}"
)
def test_each_hidden_character_is_refused_in_a_label(write, character):
    escaped = f"\\U{ord(character):08X}"  # written as a YAML escape: the file itself stays plain
    path = write(MINIMAL.replace("label: Delavka", f'label: "Dela{escaped}vka"'))
    result = run("allocate", "2025", "-s", str(path), "--lang", "en", "-f", "csv")
    assert result.exit_code == 2 and result.stdout == ""
    assert f"societies[0].lines[0].items[0].label: U+{ord(character):04X} " in result.stderr


def test_a_hidden_character_in_a_key_is_refused(write):
    path = write(MINIMAL.replace("staff: {default: 2}", 'staff: {default: 2, "2027\\u200b": 3}'))
    result = run("allocate", "2025", "-s", str(path), "--lang", "en")
    assert result.exit_code == 2
    assert "U+200B ZERO WIDTH SPACE" in result.stderr


# (the table's file name, the text in it, what it becomes, the field the message names)
TABLE_FIELDS = [
    ("t.json", '"Skupaj občine"', f'"Skupaj {RLO}občine"', "rows[0].label"),
    ("t.json", '"Skupaj občine"', '"Skupaj \\u202eobčine"', "rows[0].label"),  # written as a JSON escape
    ("t.json", '"Občina Sežana"', f'"Občina {RLO}Sežana"', "payers[0].name"),
    ("t.json", '"strategy": "Strategija', f'"strategy": "{RLO}Strategija', "strategy"),
    ("t.csv", "Skupaj občine", f"Skupaj {RLO}občine", "line 2"),
    ("t.csv", ",sezana,", f",sez{RLO}ana,", "line 1"),
]


@pytest.mark.parametrize("command", ["check", "diff"])
@pytest.mark.parametrize(
    "name, old, new, field", TABLE_FIELDS, ids=[f"{f[0]} {f[3]} {i}" for i, f in enumerate(TABLE_FIELDS)]
)
def test_every_text_field_of_a_table_read_back_refuses_a_bidi_control(tmp_path, command, name, old, new, field):
    text = TABLE_JSON if name.endswith(".json") else TABLE_CSV
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    args = ("check", str(path)) if command == "check" else ("diff", "2025", str(path))
    result = run(*args, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert_the_same_on_a_rerun(result, *args, "--lang", "en")
    assert path.read_text(encoding="utf-8") == text.replace(old, new, 1)  # the table as it was
    line_number = text[: text.index(old)].count("\n") + 1
    messages = result.stderr.splitlines()[:-1]
    expected = rf"{re.escape(str(path))}:{line_number}:\d+: {re.escape(field)}: {re.escape(RLO_NAMED)}"
    assert any(re.match(expected, message) for message in messages), messages


@pytest.mark.parametrize(
    "name", [f"n{RLO}X.json", "n\nX.json", "n\tX.json", "n\x1b[2JX.json"], ids=["RLO", "LF", "TAB", "ESC"]
)
def test_a_file_name_is_shown_escaped_in_an_error(tmp_path, monkeypatch, name):
    """A name typed on the command line is printed back in the error: as escapes, on its one line."""
    monkeypatch.chdir(tmp_path)
    result = run("check", name, "--lang", "en")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].endswith(": (document): no such file"), lines
    assert not HIDDEN.search(result.stderr) and not NOT_PRINTABLE.search(result.stderr)
    assert "\t" not in result.stderr
    assert lines[0].startswith(
        name.replace(RLO, "\\u202e").replace("\n", "\\x0a").replace("\t", "\\x09").replace("\x1b", "\\x1b")
    )

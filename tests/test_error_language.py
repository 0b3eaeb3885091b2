"""Errors for people, in one language (issue 23, item 7): every message of every problem follows --lang,
Slovenian by default, through the word catalogue; a decimal comma is named with the number it means; ids
typed on the command line are matched as ids are written, and a near miss is named."""

from __future__ import annotations

import ast
import functools
import re
import string
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pytest
from typer.testing import CliRunner

import sofin
from sofin.cli import app
from sofin.composer import _YAML_CONTEXTS as YAML_CONTEXTS
from sofin.composer import _YAML_PROBLEMS as YAML_PROBLEMS
from sofin.problems import OS_REASONS, Message
from sofin.render.problems import phrase
from sofin.words import Language, catalogue

from .helpers import MINIMAL, ROOT, STRATEGY_2025
from .test_malformed import CATALOGUE, COMMAND_LINE_CATALOGUE

runner = CliRunner()
SOURCE = Path(sofin.__file__).parent
EN, SL = Language("en"), Language("sl")

# Keys built from parts where the problem is raised (a kind of value, of file, of field, ...): each one
# it can be, with its parameters.
BUILT_KEYS = {
    "share_decimals": {"value", "written", "most"},
    "rate_decimals": {"value", "written", "most"},
    "pay_decimals": {"value", "written", "most"},
    "from_outside_period": {"year", "start", "end"},
    "until_outside_period": {"year", "start", "end"},
    "not_a_folder": {"folder"},
    "no_such_folder": {"folder"},
    "csv_header_again": {"line"},
    "csv_key_again": {"line"},
    "bidi_character": {"character"},
    "invisible_character": {"character"},
    "too_large_strategies": {"mebibytes"},
    "too_large_tables": {"mebibytes"},
    "too_large_json_tables": {"mebibytes"},
    "too_large_csv_tables": {"mebibytes"},
    "yaml_syntax": {"detail"},
    "yaml_syntax_tab": {"detail"},
    **{f"yaml_context_{where}": set() for where in set(YAML_CONTEXTS.values())},
    **{f"yaml_problem_{what}": set(re.compile(pattern).groupindex) for pattern, what in YAML_PROBLEMS},
    **{
        key: {"id", "known"}
        for key in ("unknown_payer", "unknown_kind", "not_a_staff_amount", "unknown_row", "unknown_in_kind_by")
    },
    "unknown_in_kind_by_near": {"id", "near", "known"},
    **{f"{key}_near": {"id", "near", "known"} for key in ("unknown_payer", "unknown_kind", "not_a_staff_amount")},
    "unknown_row_near": {"id", "near", "known"},
    # issue 24: keys.py and model.py name them through problems.unknown_id
    **{key: {"id", "known"} for key in ("unknown_key", "unknown_key_payer", "unknown_mix_part", "unknown_table_key")},
    **{
        f"{key}_near": {"id", "near", "known"}
        for key in ("unknown_key", "unknown_key_payer", "unknown_mix_part", "unknown_table_key")
    },
    # issue 24 review: pipeline.py names it through problems.unknown_id
    "key_not_in_given_strategy": {"id", "known"},
    "key_not_in_given_strategy_near": {"id", "near", "known"},
    "invalid": {"code"},
    "year_span": {"start", "end"},  # problems.Years, worded by render/problems.py
    "usage_missing_option": set(),
    "usage_missing_argument": set(),
    **{key: {"id", "known"} for key in ("not_a_choice", "usage_unknown_command")},
    **{f"{key}_near": {"id", "near", "known"} for key in ("not_a_choice", "usage_unknown_command")},
    **{f"os_{name}": set() for name in OS_REASONS},
}


@functools.cache  # two tests read it: the source is parsed once, and nobody can change what they share
def messages_in_the_source() -> Mapping[str, frozenset[frozenset[str]]]:
    """Every Message("key", name=...) the source writes out: its key and the names of its parameters."""
    found: dict[str, set[frozenset[str]]] = {}
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Message":
                key = node.args[0] if node.args else None
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    names = frozenset(keyword.arg for keyword in node.keywords if keyword.arg)
                    found.setdefault(key.value, set()).add(names)
    return MappingProxyType({key: frozenset(uses) for key, uses in found.items()})


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_source_writes_messages_and_the_catalogue_has_each_of_them():
    written = messages_in_the_source()
    assert len(written) > 100  # the scan sees the messages
    for lang in Language:
        texts = catalogue(lang).errors.messages
        for key, uses in written.items():
            assert key in texts, (lang, key)
            for names in uses:
                assert placeholders(texts[key]) == names, (lang, key, names)
        for key, names in BUILT_KEYS.items():
            assert placeholders(texts[key]) == names, (lang, key)


def test_every_message_of_the_catalogue_is_used():
    """No word stays behind when its message goes: each key is written in the source, built there, or one of
    pydantic's error types."""
    known = set(messages_in_the_source()) | set(BUILT_KEYS)
    for key in catalogue(SL).errors.messages:
        assert key in known or key.startswith("pydantic_"), key


def test_a_message_of_pydantic_without_a_word_is_the_general_sentence():
    message = Message("pydantic_url_parsing", error="x")
    assert phrase(message, SL) == "vrednost tu ni veljavna (url_parsing)"
    assert phrase(message, EN) == "the value is not valid here (url_parsing)"


def test_parameters_are_worded_in_the_language():
    """A message within a message, a list, and a number sofin states (a bound) in the language's format."""
    from decimal import Decimal

    from sofin.problems import Figure

    message = Message("typed", text="x", message=Message("unknown_payer", id="x", known=("a", "b")))
    assert phrase(message, SL) == "„x“: „x“ ni plačnik; plačniki: a, b"
    assert phrase(message, EN) == "'x': 'x' is not a payer; payers: a, b"
    bound = Message("pydantic_less_than_equal", le=Figure(Decimal("1E+12")))
    assert phrase(bound, SL) == "mora biti manjše ali enako 1.000.000.000.000"
    assert phrase(bound, EN) == "must be less than or equal to 1,000,000,000,000"


# What a Slovenian report must not hold: pydantic's English, Python's reprs of lists and numbers, and
# sofin's own English sentences.
LEAKS = re.compile(
    r"Input should|Field required|Extra inputs|Keys should|valid integer|Decimal\(|\['|', '|"
    r"\b(the|is|must|not|should|write|and|or|but|while|found|expected|parsing|scanning)\b"
)


@pytest.mark.parametrize(("name", "content", "fragment"), CATALOGUE, ids=[case[0] for case in CATALOGUE])
def test_a_broken_strategy_is_reported_in_slovenian_by_default(write, name, content, fragment):
    path = write(content)
    result = runner.invoke(app, ["allocate", "2025", "--strategy", str(path)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("sofin: ") and "nič ni bilo zapisano" in lines[-1]
    for line in lines[:-1]:
        message = line.removeprefix(f"{path}:").split(": ", 2)[-1]
        assert not LEAKS.search(message), line
        assert "(dokument)" in line or "(document)" not in line


@pytest.mark.parametrize("case", COMMAND_LINE_CATALOGUE, ids=[case[0] for case in COMMAND_LINE_CATALOGUE])
def test_a_wrong_what_if_is_reported_in_slovenian_by_default(case):
    _, options, option, _ = case
    result = runner.invoke(app, ["allocate", "2027", *options])
    assert result.exit_code == 2, result.output
    for line in result.stderr.splitlines()[:-1]:
        assert line.startswith(f"ukazna vrstica: {option}: "), line
        assert not LEAKS.search(line.split(": ", 2)[-1].replace("[VRSTA:]LETO", "")), line


# The shipped strategy with one number written with a decimal comma: (old, new, where, written, meant).
DECIMAL_COMMAS = [
    ("share: 15.32}", "share: 15,32}", "payers[3].share", "15,32", "15.32"),
    ("amount: 4568}", "amount: 4.568,5}", "societies[1].lines[1].amount", "4.568,5", "4568.5"),
    ("staff: {default: 2}", "staff: {default: 2,5}", "indexation.staff.default", "2,5", "2.5"),
    ("staff: {default: 2}", "staff:\n    default: 2,5", "indexation.staff.default", "2,5", "2.5"),
]


@pytest.mark.parametrize(("old", "new", "field", "written", "meant"), DECIMAL_COMMAS)
def test_a_decimal_comma_is_named_with_the_number_it_means(write, old, new, field, written, meant):
    """YAML reads 15,32 in {…} as 15 and a key 32, and in a block as text: either way the message names the
    comma and the number meant, at the number, once."""
    text = STRATEGY_2025.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    at = changed.index(new) + new.index(written)  # where the number starts
    where = f"{changed.count(chr(10), 0, at) + 1}:{at - changed.rfind(chr(10), 0, at)}: {field}"
    path = write(changed)
    english = runner.invoke(app, ["allocate", "2025", "--strategy", str(path), "--lang", "en"]).stderr.splitlines()
    assert english == [
        f"{path}:{where}: {written} is written with a decimal comma, which YAML does not read as one: write {meant}",
        "sofin: 1 problem; nothing was written.",
    ]
    slovenian = runner.invoke(app, ["allocate", "2025", "--strategy", str(path)]).stderr.splitlines()
    assert slovenian[0] == (
        f"{path}:{where}: {written} je zapisano z decimalno vejico, ki je YAML ne razume: napišite {meant}"
    )


def test_numbers_separated_by_a_comma_and_a_space_are_not_a_decimal_comma(write):
    """[2025, 2029] and {a: 1, 2: x} are YAML's own: only digits right after a number's comma are its decimals."""
    path = write(MINIMAL.replace("share: 60.5}", "share: 60.5, 5: x}", 1))
    result = runner.invoke(app, ["allocate", "2025", "--strategy", str(path), "--lang", "en"])
    assert result.stderr.splitlines()[0] == f"{path}:7:45: payers[0][5]: a key here must be a name, not a number"


def test_a_payer_is_matched_whatever_its_case(monkeypatch):
    monkeypatch.chdir(ROOT)
    lower = runner.invoke(app, ["payments", "2025", "--payer", "komen"])
    for typed in ("Komen", "KOMEN", " komen"):
        result = runner.invoke(app, ["payments", "2025", "--payer", typed])
        assert result.exit_code == 0, result.stderr
        assert result.stdout == lower.stdout
    explained = runner.invoke(app, ["explain", "2027", "VEZI/Staff", "--payer", "Komen"])
    assert explained.stdout == runner.invoke(app, ["explain", "2027", "vezi/staff", "--payer", "komen"]).stdout
    shared = runner.invoke(app, ["allocate", "2025", "--share", "Komen=15.32", "--share", "sezana=50.78"])
    assert shared.exit_code == 0, shared.stderr


@pytest.mark.parametrize(
    ("command", "english", "slovenian"),
    [
        (["payments", "2025", "--payer", "komem"],
         "command line: --payer: 'komem' is not a payer; did you mean 'komen'? Payers: sezana, divaca, hrpelje-kozina, komen",
         "ukazna vrstica: --payer: „komem“ ni plačnik; ste mislili „komen“? Plačniki: sezana, divaca, hrpelje-kozina, komen"),
        (["payments", "2025", "--payer", "trst"],
         "command line: --payer: 'trst' is not a payer; payers: sezana, divaca, hrpelje-kozina, komen",
         "ukazna vrstica: --payer: „trst“ ni plačnik; plačniki: sezana, divaca, hrpelje-kozina, komen"),
        (["explain", "2025", "vezi/staff", "--payer", "Sezanna"],
         "command line: --payer: 'Sezanna' is not a payer; did you mean 'sezana'? Payers: sezana, divaca, hrpelje-kozina, komen",
         "ukazna vrstica: --payer: „Sezanna“ ni plačnik; ste mislili „sezana“? Plačniki: sezana, divaca, hrpelje-kozina, komen"),
        (["allocate", "2025", "--share", "komem=15.32"],
         "command line: --share: 'komem' is not a payer; did you mean 'komen'? Payers: sezana, divaca, hrpelje-kozina, komen",
         "ukazna vrstica: --share: „komem“ ni plačnik; ste mislili „komen“? Plačniki: sezana, divaca, hrpelje-kozina, komen"),
    ],
)  # fmt: skip
def test_a_near_miss_is_named_and_the_ids_listed_plainly(monkeypatch, command, english, slovenian):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, [*command, "--lang", "en"])
    assert result.exit_code == 2 and result.stderr.splitlines()[0] == english
    result = runner.invoke(app, command)
    assert result.exit_code == 2 and result.stderr.splitlines()[0] == slovenian


def test_a_near_miss_of_a_row_or_a_staff_amount_is_named(monkeypatch):
    monkeypatch.chdir(ROOT)
    row = runner.invoke(app, ["explain", "2025", "vezi/staf", "--lang", "en"]).stderr.splitlines()[0]
    assert row.startswith("command line: PATH: 'vezi/staf' is not a row; did you mean 'vezi/staff'? Rows: /, po-moc,")
    pay = runner.invoke(app, ["allocate", "2027", "--pay", "vezi/staf/1=2000:2500", "--lang", "en"]).stderr
    assert "did you mean 'vezi/staff/1'?" in pay
    capitals = runner.invoke(app, ["allocate", "2027", "--pay", "VEZI/staff/1=2123.45:2588.10"])
    assert capitals.exit_code == 0, capitals.stderr


# README's example of a report: the shipped strategy with five mistakes.
README_MISTAKES = [
    ("share: 15.32}", "share: 15,32}"),
    ("id: hrpelje-kozina", "id: Hrpelje"),
    ("        kind: staff\n        amount: 5047", "        kind: staf\n        amount: 5047"),
    ("amount: 6721}", "amount: 6721.5}"),
    ("programme: {default: 2}", "programme: {default: 2, rate: 3}"),
]


def readme_sessions() -> list[tuple[list[str], list[str]]]:
    """The Errors section's examples: each command (`$ sofin …`) and the lines it writes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### Errors\n", 1)[1].split("\n### ", 1)[0]
    sessions: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ sofin "):
                sessions.append((line.removeprefix("$ sofin ").split(), []))
            else:
                sessions[-1][1].append(line)
    return sessions


def test_the_readme_examples_of_errors_are_what_sofin_writes(tmp_path, monkeypatch):
    text = STRATEGY_2025.read_text(encoding="utf-8")
    for old, new in README_MISTAKES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / "my.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    sessions = readme_sessions()
    assert len(sessions) == 4
    for command, lines in sessions:
        result = runner.invoke(app, command)
        assert result.exit_code == 2, command
        assert result.stderr.splitlines() == lines, command


def test_a_message_of_pydantic_without_the_context_its_word_names_is_the_general_sentence():
    assert phrase(Message("pydantic_too_short", field_type="List"), EN) == "the value is not valid here (too_short)"


def test_no_near_miss_is_named_where_two_are_as_near():
    """vezi/staff is as near to vezi/staff/1 as to vezi/staff/2: sofin does not guess."""
    from sofin.problems import unknown_id

    assert unknown_id("unknown_row", "vezi/staff", ["vezi/staff/1", "vezi/staff/2"]).key == "unknown_row"
    assert unknown_id("unknown_payer", "komem", ["sezana", "komen"]) == Message(
        "unknown_payer_near", id="komem", near="komen", known=("sezana", "komen")
    )


@pytest.mark.parametrize(
    ("text", "english", "slovenian"),
    [
        ("a: [1\nb: 2\n", "YAML syntax: while parsing a flow sequence expected ',' or ']', but got ':'",
         "napaka v skladnji YAML: pri branju seznama v [ ]: pričakovano ',' ali ']', najdeno ':'"),
        ("a: 1\n b: 2\n", "YAML syntax: mapping values are not allowed here",
         "napaka v skladnji YAML: vrednosti preslikave (ključ: vrednost) tu niso dovoljene"),
        ("a: *x\n", "YAML syntax: found undefined alias 'x'", "napaka v skladnji YAML: sklic 'x' ni definiran"),
        ("a: '1\n", "YAML syntax: while scanning a quoted scalar found unexpected end of stream",
         "napaka v skladnji YAML: pri branju besedila v narekovajih: besedilo se nepričakovano konča"),
    ],
)  # fmt: skip
def test_the_parsers_words_are_worded_in_the_language(write, text, english, slovenian):
    path = write(text)
    line = runner.invoke(app, ["allocate", "2025", "-s", str(path), "--lang", "en"]).stderr.splitlines()[0]
    assert line.endswith(f": (document): {english}"), line
    line = runner.invoke(app, ["allocate", "2025", "-s", str(path)]).stderr.splitlines()[0]
    assert line.endswith(f": (dokument): {slovenian}"), line


def test_words_of_the_parser_sofin_has_no_words_for_are_shown_as_it_writes_them():
    from sofin.composer import _parser_detail

    message = _parser_detail("while constructing pairs", "found something new")
    assert phrase(message, SL) == "while constructing pairs found something new (besedilo razčlenjevalnika YAML)"
    assert phrase(message, EN) == "while constructing pairs found something new"


def test_a_csv_tables_line_is_named_in_the_language(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("level,path,label,total,a\n0,,Skupaj,10\n", encoding="utf-8")
    slovenian = runner.invoke(app, ["check", str(table)]).stderr.splitlines()
    assert slovenian[0] == f"{table}:2:1: vrstica 2: ima celic: 4; glava jih ima 5"
    english = runner.invoke(app, ["check", str(table), "--lang", "en"]).stderr.splitlines()
    assert english[0] == f"{table}:2:1: line 2: has 4 cells; the header has 5"


# Review of issue 23 item 7, findings 3, 5 and 6.


def test_a_year_outside_the_period_names_the_argument_as_typed(monkeypatch):
    """YEAR, as the usage line writes it, in either language: not the core's field name `year`."""
    monkeypatch.chdir(ROOT)
    for lang, outside in ((SL, "2031 je zunaj obdobja strategije 2025–2029"), (EN, "2031 is outside")):
        result = runner.invoke(app, ["allocate", "2031", "-s", "data/strategija_2025.yaml", "--lang", lang])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"data/strategija_2025.yaml: YEAR: {outside}"), result.stderr


def test_a_tables_own_year_field_keeps_its_name(tmp_path):
    """`year` in a JSON table is the table's field, not the command line's YEAR."""
    table = tmp_path / "t.json"
    allocated = runner.invoke(app, ["allocate", "2025", "-f", "json"]).stdout
    table.write_text(allocated.replace('"year": 2025', '"year": "x"', 1), encoding="utf-8")
    result = runner.invoke(app, ["check", str(table), "--lang", "en"])
    assert result.exit_code == 2
    assert ": year: " in result.stderr and "YEAR" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("written", "thousands", "decimal"), [("46,968", "46968", "46.968"), ("1,500", "1500", "1.500")]
)
def test_a_comma_before_three_digits_names_both_readings(write, written, thousands, decimal):
    """46,968 is as likely forty-six thousand (a thousands separator) as 46.968: both are named, in both
    languages; and each reading, written so, is read (the thousands one) or refused for its decimals."""
    text = STRATEGY_2025.read_text(encoding="utf-8").replace("amount: 4568}", f"amount: {written}}}", 1)
    path = write(text)
    english = runner.invoke(app, ["allocate", "2025", "-s", str(path), "--lang", "en"]).stderr.splitlines()[0]
    assert english.endswith(
        f"amount: {written} is written with a comma, which YAML does not read in a number: if it separates "
        f"thousands, write {thousands}; if it is a decimal comma, write {decimal}"
    ), english
    slovenian = runner.invoke(app, ["allocate", "2025", "-s", str(path)]).stderr.splitlines()[0]
    assert slovenian.endswith(
        f"amount: {written} je zapisano z vejico, ki je YAML v številu ne razume: če vejica ločuje tisočice, "
        f"napišite {thousands}; če je decimalna vejica, napišite {decimal}"
    ), slovenian
    as_thousands = write(text.replace(f"amount: {written}}}", f"amount: {thousands}}}"), "thousands.yaml")
    assert runner.invoke(app, ["allocate", "2025", "-s", str(as_thousands)]).exit_code == 0


def test_a_sum_of_shares_and_year_spans_are_written_in_the_language(monkeypatch):
    """Numbers sofin computes (a key's total, the years it holds in) in the language's format: 101,00 and
    2025–2029 in Slovenian, 101.00 and 2025-2029 in English; no preposition that must agree with an id."""
    monkeypatch.chdir(ROOT)
    slovenian = runner.invoke(app, ["allocate", "2027", "--share", "komen=16.32"]).stderr.splitlines()[0]
    assert slovenian == (
        "ukazna vrstica: --share: s temi deleži (komen=16.32) je vsota deležev 101,00, ne natanko 100 (leta 2025–2029)"
    )
    english = runner.invoke(app, ["allocate", "2027", "--share", "komen=16.32", "--lang", "en"]).stderr
    assert "the shares of 2025-2029 sum to 101.00, not exactly 100" in english


def test_year_spans_and_totals_are_parameters_the_renderer_formats():
    from decimal import Decimal

    from sofin.problems import Figure
    from sofin.years import year_spans

    message = Message("year_shares_not_hundred", year=2027, total=Figure(Decimal("1100.50")))
    assert phrase(message, SL) == "v letu 2027 dajo deleži skupaj 1.100,50, ne natanko 100"
    assert phrase(message, EN) == "in 2027 the shares sum to 1,100.50, not exactly 100"
    tranches = Message("tranche_shares_above_hundred", total=Figure(Decimal("100.5")))
    assert phrase(tranches, SL).startswith("deleži dajo skupaj 100,5\u00a0%, več kot")
    spans = Message("row_not_running", path="a/b", year=2025, years=year_spans([2026, 2027, 2028, 2030]))
    assert phrase(spans, SL).endswith("teče v letih 2026–2028, 2030 (from/until)")
    assert phrase(spans, EN).endswith("it runs in 2026-2028, 2030 (its from/until)")


def test_a_currency_is_described_in_words_not_by_a_pattern(write):
    path = write(STRATEGY_2025.read_text(encoding="utf-8").replace("currency: EUR", "currency: eur", 1))
    slovenian = runner.invoke(app, ["allocate", "2025", "-s", str(path)]).stderr.splitlines()[0]
    assert slovenian.endswith("currency: valuta mora biti koda iz treh velikih črk, npr. EUR, ne „eur“")
    english = runner.invoke(app, ["allocate", "2025", "-s", str(path), "--lang", "en"]).stderr.splitlines()[0]
    assert english.endswith("currency: the currency must be a code of three capital letters, e.g. EUR, not 'eur'")
    assert "^" not in slovenian + english


# Review of issue 23 item 7, finding 4: typer's usage errors, in --lang (read by hand: typer may not have
# read it yet), as any problem with the command line: "ukazna vrstica: OPTION: message", the count, exit 2.
USAGE_ERRORS = [
    (["allocate", "abc"], "YEAR: „abc“: mora biti celo število", "YEAR: 'abc': must be a whole number"),
    (
        ["allocate", "2025", "-f", "xls"],
        "--format: „xls“ ni ena od vrednosti; ste mislili „xlsx“? Vrednosti: table, csv, json, markdown, ledger, "
        "html, xlsx",
        "--format: 'xls' is not one of the values; did you mean 'xlsx'? Values: table, csv, json, markdown, ledger, "
        "html, xlsx",
    ),
    (["payments", "2025"], "--payer: manjka: ta možnost je obvezna", "--payer: missing: this option is required"),
    (["allocate"], "YEAR: manjka: ta argument je obvezen", "YEAR: missing: this argument is required"),
    (["diff", "2025"], "B: manjka: ta argument je obvezen", "B: missing: this argument is required"),
    (
        ["schema", "nope"],
        "NAME: „nope“ ni ena od vrednosti: strategy, table, table-v2, plan, payments, diff, check, explain",
        None,  # schema has no --lang
    ),
    (
        ["allocate", "2025", "--nope"],
        "--nope: sofin allocate nima te možnosti (vse izpiše sofin allocate --help)",
        "--nope: sofin allocate has no such option (see sofin allocate --help)",
    ),
    (
        ["allocate", "2025", "--payer", "komen"],
        "--payer: sofin allocate nima te možnosti; ste mislili --pay?",
        "--payer: sofin allocate has no such option; did you mean --pay?",
    ),
    (["payments", "2025", "--payer"], "--payer: ta možnost potrebuje vrednost", "--payer: this option needs a value"),
    (["allocate", "2025", "--fair=1"], "--fair: ta možnost ne sprejme vrednosti", "--fair: this option takes no value"),
    (
        ["allocate", "2025", "2026"],
        "sofin allocate: odvečni argumenti: 2026",
        "sofin allocate: unexpected extra arguments: 2026",
    ),
    (
        ["allocat", "2025"],
        "sofin: „allocat“ ni ukaz; ste mislili „allocate“? Ukazi: allocate, check, diff, explain, payments, plan, "
        "report, schema, show",
        "sofin: 'allocat' is not a command; did you mean 'allocate'? Commands: allocate, check, diff, explain, "
        "payments, plan, report, schema, show",
    ),
    (["allocate", "2025", "--lang", "xx"], "--lang: „xx“ ni ena od vrednosti: sl, en", None),
]


@pytest.mark.parametrize(("args", "slovenian", "english"), USAGE_ERRORS)
def test_a_usage_error_is_reported_in_the_language(args, slovenian, english):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"ukazna vrstica: {slovenian}", "sofin: 1 težava; nič ni bilo zapisano."]
    assert result.stdout == ""
    if english is not None:
        for lang in (["--lang", "en"], ["--lang=en"], ["-l", "en"]):
            result = runner.invoke(app, [args[0], *lang, *args[1:]])
            assert result.exit_code == 2, result.output
            assert result.stderr.splitlines() == [f"command line: {english}", "sofin: 1 problem; nothing was written."]


def test_a_usage_error_as_the_installed_command_reports_it():
    """Through `python -m sofin`, as people run it: no box, no Python repr, no typer English; --help still works."""
    import subprocess
    import sys

    def sofin(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [Path(sys.executable).with_name("sofin"), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )

    wrong = sofin("allocate", "2025", "-f", "xls")
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("ukazna vrstica: --format: „xls“ ni ena od vrednosti; ste mislili „xlsx“?")
    assert "Usage" not in wrong.stderr and "'" not in wrong.stderr and "╭" not in wrong.stderr
    english = sofin("payments", "2025", "--lang", "en")
    assert (english.returncode, english.stderr) == (
        2,
        "command line: --payer: missing: this option is required\nsofin: 1 problem; nothing was written.\n",
    )
    helped = sofin("allocate", "--help")
    assert helped.returncode == 0 and "Usage: sofin allocate" in helped.stdout
    assert sofin("--version").stdout.startswith("sofin ")


def test_a_near_miss_in_the_strategy_file_is_named(write):
    """`in_kind_by: sezna` and `kind: programm` get "did you mean", as --payer komem does (review of issue 23,
    finding 10); a value near none is listed with the choices only."""
    text = STRATEGY_2025.read_text(encoding="utf-8")
    near = text.replace("in_kind_by: sezana", "in_kind_by: sezna", 1).replace(
        "kind: programme, amount: 4568}", "kind: programm, amount: 4568}", 1
    )
    far = text.replace("in_kind_by: sezana", "in_kind_by: koper", 1).replace(
        "kind: programme, amount: 4568}", "kind: material, amount: 4568}", 1
    )
    payers = "sezana, divaca, hrpelje-kozina, komen"
    slovenian = runner.invoke(app, ["allocate", "2025", "-s", str(write(near))]).stderr
    assert f"in_kind_by: „sezna“ ni id plačnika; ste mislili „sezana“? Plačniki: {payers}\n" in slovenian
    assert "kind: „programm“ ni ena od vrednosti; ste mislili „programme“? Vrednosti: staff, programme\n" in slovenian
    english = runner.invoke(app, ["allocate", "2025", "-s", str(write(far, "far.yaml")), "--lang", "en"]).stderr
    assert f"in_kind_by: 'koper' is not a payer id; payers: {payers}\n" in english
    assert "kind: must be one of: staff, programme\n" in english
    assert "did you mean" not in english

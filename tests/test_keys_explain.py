"""Issue 24, item 4: diff, explain and the scenarios understand a strategy's several keys.

- diff names the cause "key" when a line's key changes, or its key's percents do (between two
  strategies, a year and its --key scenario, or tables read back that carry their keys);
- explain shows a line's key by name, the payer's percent under it (exactly), how a mix's percent is
  made of its parts' (a mix of mixes too), a payer outside the key (0, exactly), and a total as the sum
  of its lines, each split by its own key;
- --key NAME:PAYER=PCT changes a named key's percent in every year: the same table as a strategy file
  written with that percent, apart from the scenario note; its mistakes are reported for people.

The example is examples/skupna_uprava.yaml (the issue's joint administration, and a council split by
`enako` and `default`): payers' shares 50.78 / 16.35 / 17.55 / 15.32; obseg-dela 60 / 0 / 0 / 40;
mesano half default, half obseg-dela.
"""

from __future__ import annotations

import difflib
import json
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sofin.diff import compare, side_of, side_of_table
from sofin.pipeline import allocate_year
from sofin.published import read_table
from sofin.results.diff import Cause
from sofin.words import Language, catalogue

from .helpers import ROOT, assert_golden, run

UPRAVA = ROOT / "examples" / "skupna_uprava.yaml"
TEXT = UPRAVA.read_text(encoding="utf-8")
PAYERS = ("sezana", "divaca", "hrpelje-kozina", "komen")
# The file's numbers, written out again: the payers' shares (the key default) and obseg-dela's percents.
DEFAULT = dict(zip(PAYERS, map(Decimal, ("50.78", "16.35", "17.55", "15.32"))))
OBSEG = dict(zip(PAYERS, map(Decimal, ("60", "0", "0", "40"))))
ENAKO = dict.fromkeys(PAYERS, Decimal(25))
MESANO = {payer: (DEFAULT[payer] + OBSEG[payer]) / 2 for payer in PAYERS}  # half default, half obseg-dela
WORDS = {lang: catalogue(Language(lang)).keys_explain for lang in ("sl", "en")}


def schema(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((resources.files("sofin") / "schemas" / f"{name}.schema.json").read_text())
    return document


def written(tmp_path: Path, text: str, name: str = "strategy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def failed(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return str(result.stderr)


# diff


def test_uprava_is_the_keyed_example():
    """The numbers these tests write out again are the example's."""
    assert "obseg-dela: {sezana: 60, komen: 40}" in TEXT and "mesano: {mix: {default: 50, obseg-dela: 50}}" in TEXT
    assert "share: 50.78}" in TEXT and "share: 15.32}" in TEXT


def test_a_lines_key_changing_between_strategies_is_the_cause_key(tmp_path):
    """Sejnine goes from enako to obseg-dela: its figures change by the key, its total does not."""
    changed = written(tmp_path, TEXT.replace("amount: 12345, key: enako", "amount: 12345, key: obseg-dela"))
    diff = compare(side_of(allocate_year(UPRAVA, 2025), "A"), side_of(allocate_year(changed, 2025), "B"))
    row = diff.row(("svet", "sejnine"))
    assert row.total_change == 0 and row.causes == (Cause.key,)
    assert (row.key_before, row.key_after) == ("enako", "obseg-dela")
    # The payers whose percent changes (each one, 25 → 60, 0 or 40) are those whose figures change.
    assert {figure.payer for figure in row.figures if figure.change} == set(PAYERS)
    assert diff.row(("svet",)).causes == (Cause.key,)
    assert diff.row(()).causes == (Cause.key,)
    untouched = diff.row(("skupna-uprava", "inspektor"))
    assert not untouched.changed and untouched.key_before == untouched.key_after == "obseg-dela"
    assert diff.key_changes == () and diff.key_percent_changes == ()


def test_a_keys_percents_changing_is_the_cause_key_of_its_lines_and_no_other(tmp_path):
    changed = written(tmp_path, TEXT.replace("{sezana: 60, komen: 40}", "{sezana: 70, komen: 30}"))
    diff = compare(side_of(allocate_year(UPRAVA, 2025), "A"), side_of(allocate_year(changed, 2025), "B"))
    inspektor = diff.row(("skupna-uprava", "inspektor"))
    assert inspektor.causes == (Cause.key,) and inspektor.key_before == inspektor.key_after == "obseg-dela"
    # 48.000 x 10 % more and less: exact shares, whole
    assert {f.payer: f.change for f in inspektor.figures if f.change} == {"sezana": 4800, "komen": -4800}
    redar = diff.row(("skupna-uprava", "redar"))  # mesano is half obseg-dela: its percents move by 5
    assert redar.causes == (Cause.key,)
    for row in (diff.row(("svet", "sejnine")), diff.row(("svet", "gradivo"))):
        assert not row.changed
    changes = {(change.key, change.payer): (change.before, change.after) for change in diff.key_percent_changes}
    assert changes[("obseg-dela", "sezana")] == (60, 70) and changes[("obseg-dela", "komen")] == (40, 30)
    assert changes[("mesano", "sezana")] == (MESANO["sezana"], MESANO["sezana"] + 5)
    assert {key for key, _ in changes} == {"obseg-dela", "mesano"}  # enako and default are as they were


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_diff_text_names_the_key_and_its_percents(lang):
    out = ok(
        "diff", "2025", "2025", "-s", str(UPRAVA), "--key", "obseg-dela:sezana=70", "--key", "obseg-dela:komen=30",
        "--lang", lang,
    )  # fmt: skip
    causes = catalogue(Language(lang)).diff.causes
    detail = WORDS[lang].key_percents.format(key="obseg-dela")
    assert f"{causes['key']} ({detail})" in out
    assert f"{causes['key']} ({WORDS[lang].key_percents.format(key='mesano')})" in out
    head = {"sl": "Ključ obseg-dela: Občina Sežana 60 % → 70 %", "en": "Key obseg-dela: Občina Sežana 60% → 70%"}
    assert head[lang].replace(" %", "\u00a0%") in out
    assert causes["rounding"] not in out
    assert_golden(f"keys_diff_key_what_if_{lang}.txt", out)


def test_diff_json_says_each_lines_key_and_the_changed_percents():
    out = ok("diff", "2025", "2025", "-s", str(UPRAVA), "-f", "json", "--key", "obseg-dela:sezana=70",
             "--key", "obseg-dela:komen=30")  # fmt: skip
    document = json.loads(out)
    jsonschema.validate(document, schema("diff"))
    rows = {tuple(row["path"]): row for row in document["rows"]}
    assert rows[("skupna-uprava", "inspektor")]["causes"] == ["key"]
    assert rows[("skupna-uprava", "inspektor")]["key"] == {"before": "obseg-dela", "after": "obseg-dela"}
    assert rows[("svet", "sejnine")]["key"] == {"before": "enako", "after": "enako"}
    assert rows[()]["key"] == {"before": None, "after": None}
    assert {"key": "obseg-dela", "payer": "komen", "before": "40", "after": "30"} in document["key_percent_changes"]
    assert document["after"]["scenario"]["keys"] == [
        {"key": "obseg-dela", "payer": "sezana", "percent": "70"},
        {"key": "obseg-dela", "payer": "komen", "percent": "30"},
    ]
    assert document["before"]["scenario"] is None


def test_a_diff_without_keys_has_no_key_members():
    document = json.loads(ok("diff", "2025", "2026", "-f", "json"))
    assert "key_percent_changes" not in document and all("key" not in row for row in document["rows"])


def _without_keys(table):
    """The table as one without key information reads: no keys, no line's key (a format 1 table)."""
    rows = [row.model_copy(update={"key": None}) for row in table.rows]
    return table.model_copy(update={"keys": None, "rows": rows})


def test_tables_read_back_with_their_keys_name_the_cause_key(tmp_path):
    changed = written(tmp_path, TEXT.replace("amount: 39000, key: mesano", "amount: 39000, key: enako"))
    before, after = tmp_path / "a.json", tmp_path / "b.json"
    ok("allocate", "2025", "-s", str(UPRAVA), "-f", "json", "-o", str(before))
    ok("allocate", "2025", "-s", str(changed), "-f", "json", "-o", str(after))
    keyed = compare(side_of_table(read_table(before), "a.json"), side_of_table(read_table(after), "b.json"))
    redar = keyed.row(("skupna-uprava", "redar"))
    assert redar.causes == (Cause.key,) and (redar.key_before, redar.key_after) == ("mesano", "enako")
    assert Cause.key not in keyed.row(("svet", "sejnine")).causes  # its key is as it was (rounding may move it)
    # The same tables without their keys (format_version 1): nothing says a key changed.
    plain = compare(
        side_of_table(_without_keys(read_table(before)), "a.json"),
        side_of_table(_without_keys(read_table(after)), "b.json"),
    )
    assert Cause.key not in plain.row(("skupna-uprava", "redar")).causes
    assert plain.row(("skupna-uprava", "redar")).key_before is None


def test_a_table_read_back_with_line_keys_but_no_percents_names_a_changed_key(tmp_path):
    """A keyed CSV names each line's key but not the percents: another key is the cause, the same is not."""
    changed = written(tmp_path, TEXT.replace("amount: 39000, key: mesano", "amount: 39000, key: enako"))
    before, after = tmp_path / "a.json", tmp_path / "b.json"
    ok("allocate", "2025", "-s", str(UPRAVA), "-f", "json", "-o", str(before))
    ok("allocate", "2025", "-s", str(changed), "-f", "json", "-o", str(after))
    sides = [read_table(path).model_copy(update={"keys": None}) for path in (before, after)]
    diff = compare(side_of_table(sides[0], "a.csv"), side_of_table(sides[1], "b.csv"))
    assert diff.row(("skupna-uprava", "redar")).causes == (Cause.key,)
    assert diff.key_percent_changes == ()


def test_a_table_with_a_key_scenario_reads_back(tmp_path):
    table = tmp_path / "t.json"
    ok("allocate", "2025", "-s", str(UPRAVA), "-f", "json", "-o", str(table), "--key", "obseg-dela:sezana=70",
       "--key", "obseg-dela:komen=30")  # fmt: skip
    jsonschema.validate(json.loads(table.read_text()), schema("table-v2"))
    scenario = read_table(table).scenario
    assert scenario is not None
    assert scenario.as_scenario().keys == (("obseg-dela", "sezana", 70), ("obseg-dela", "komen", 30))
    out = ok("diff", str(table), str(table), "-s", str(UPRAVA))
    assert WORDS["sl"].scenario_key.format(key="obseg-dela", payer="Občina Sežana", percent="70,00\u00a0%") in out


# explain


def explain_json(*args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ok("explain", *args, "-s", str(UPRAVA), "-f", "json"))
    jsonschema.validate(document, schema("explain"))
    return document


def assert_exact_by_key(document: dict[str, Any], percents: dict[str, Decimal]) -> None:
    """Every figure's percent is the key's for its payer, and its exact share the line's total times it."""
    total = Decimal(document["row"]["total"])
    for figure in document["figures"]:
        percent = percents[figure["payer"]]
        assert Decimal(figure["share"]) == percent
        assert Decimal(figure["exact"]) == total * percent / 100
        if not percent:  # outside the key: 0, exactly, nothing rounded
            assert (figure["exact"], figure["rounded"], figure["direction"]) == ("0", "0", "exact")


def test_explain_json_of_a_subset_line_gives_its_key_and_zero_outside_it():
    document = explain_json("2025", "skupna-uprava/inspektor")
    assert document["key"] == "obseg-dela"
    assert document["keys"] == [{"name": "obseg-dela", "shares": {payer: f"{OBSEG[payer]}" for payer in PAYERS}}]
    assert_exact_by_key(document, OBSEG)


def test_explain_json_of_a_mix_gives_its_parts():
    document = explain_json("2025", "skupna-uprava/redar")
    assert document["key"] == "mesano"
    key, default, obseg = document["keys"]  # the line's key, then its parts, each once, flat
    assert key["name"] == "mesano" and key["mix"] == {"default": "50", "obseg-dela": "50"}
    assert (default["name"], obseg["name"]) == ("default", "obseg-dela") and "mix" not in default
    assert {p: Decimal(s) for p, s in default["shares"].items()} == DEFAULT
    assert {p: Decimal(s) for p, s in obseg["shares"].items()} == OBSEG
    assert {p: Decimal(s) for p, s in key["shares"].items()} == MESANO
    assert_exact_by_key(document, MESANO)


def test_explain_json_of_a_total_is_the_sum_of_its_lines():
    document = explain_json("2025", "skupna-uprava")
    assert document["key"] is None and document["keys"] == []
    lines = [explain_json("2025", f"skupna-uprava/{line}") for line in ("inspektor", "redar")]
    for index, figure in enumerate(document["figures"]):
        assert figure["share"] is None
        assert Decimal(figure["exact"]) == sum(Decimal(line["figures"][index]["exact"]) for line in lines)


def test_explain_json_without_keys_is_as_before():
    document = json.loads(ok("explain", "2025", "/", "-f", "json"))
    assert "key" not in document and "keys" not in document and all(figure["share"] for figure in document["figures"])


MIX_LINE = {
    "sl": "mesano: 50 % × 50,78 % (default) + 50 % × 60 % (obseg-dela) = 55,39 %",
    "en": "mesano: 50% × 50.78% (default) + 50% × 60% (obseg-dela) = 55.39%",
}


def people(text: str) -> str:
    """As the issue writes percents: with a plain space (sofin's Slovenian has a no-break one)."""
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_explain_text_of_a_mix_shows_how_its_percent_is_made(lang):
    out = people(ok("explain", "2025", "skupna-uprava/redar", "-s", str(UPRAVA), "--lang", lang))
    assert MESANO["sezana"] == Decimal("55.39")  # the example, by hand: 50 % x 50,78 + 50 % x 60
    assert MIX_LINE[lang] in out
    share = {"sl": "Občina Sežana (55,39 %)", "en": "Občina Sežana (55.39%)"}
    assert share[lang] in out
    assert (
        people(WORDS[lang].line_mix.format(key="mesano", parts="default 50 %, obseg-dela 50 %")).replace(
            "50 %", "50 %" if lang == "sl" else "50%"
        )
        in out
    )
    assert_golden(f"keys_explain_mix_{lang}.txt", out)


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_explain_text_of_a_payer_outside_the_key(lang):
    out = ok("explain", "2025", "skupna-uprava/inspektor", "-s", str(UPRAVA), "--lang", lang, "--payer", "divaca")
    assert WORDS[lang].line_key.format(key="obseg-dela") in out
    assert WORDS[lang].outside.format(key="obseg-dela") in out
    assert catalogue(Language(lang)).explain.exact.split("{")[0] not in out  # no product, no rounding: 0 exactly
    assert_golden(f"keys_explain_outside_{lang}.txt", out)


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_explain_text_of_a_total_says_it_is_the_sum_of_its_lines(lang):
    out = people(ok("explain", "2025", "skupna-uprava", "-s", str(UPRAVA), "--lang", lang, "--payer", "sezana"))
    assert people(WORDS[lang].by_lines) in out
    # 48.000 x 60 % + 39.000 x 55,39 %
    expected = {"sl": "28.800 + 21.602,1 = 50.402,1", "en": "28,800 + 21,602.1 = 50,402.1"}
    assert Decimal(48000) * OBSEG["sezana"] / 100 + Decimal(39000) * MESANO["sezana"] / 100 == Decimal("50402.1")
    assert expected[lang] in out


MIX_OF_MIXES = TEXT.replace(
    "keys:\n",
    "keys:\n  dvojno: {mix: {mesano: 50, enako: 50}}\n",
).replace("amount: 1001}", "amount: 1001, key: dvojno}")


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_explain_of_a_mix_of_mixes_shows_each_mix(tmp_path, lang):
    strategy = written(tmp_path, MIX_OF_MIXES)
    out = people(ok("explain", "2025", "svet/gradivo", "-s", str(strategy), "--lang", lang, "--payer", "sezana"))
    dvojno = (MESANO["sezana"] + ENAKO["sezana"]) / 2
    assert dvojno == Decimal("40.195")
    outer = {
        "sl": "dvojno: 50 % × 55,39 % (mesano) + 50 % × 25 % (enako) = 40,195 %",
        "en": "dvojno: 50% × 55.39% (mesano) + 50% × 25% (enako) = 40.195%",
    }
    assert outer[lang] in out and MIX_LINE[lang] in out
    assert out.index(outer[lang]) < out.index(MIX_LINE[lang])  # the line's own mix first, then its parts'
    document = json.loads(ok("explain", "2025", "svet/gradivo", "-s", str(strategy), "-f", "json"))
    jsonschema.validate(document, schema("explain"))
    assert [key["name"] for key in document["keys"]] == ["dvojno", "mesano", "default", "obseg-dela", "enako"]
    assert document["keys"][0]["mix"] == {"mesano": "50", "enako": "50"}
    assert document["keys"][1]["mix"] == {"default": "50", "obseg-dela": "50"}
    assert_exact_by_key(document, {p: (MESANO[p] + ENAKO[p]) / 2 for p in PAYERS})


# --key


def same_but_the_scenario_note(what_if: str, as_written: str) -> None:
    """The two outputs differ only by the what-if's note: its line (a CSV's comment row) and a blank line."""
    changed = [
        line for line in difflib.ndiff(what_if.splitlines(), as_written.splitlines()) if line[:2] in ("- ", "+ ")
    ]
    assert changed, "the what-if says it is one"
    assert all(line.startswith("- ") for line in changed)  # only what the what-if adds
    assert [line for line in changed if line.strip("- ")] == [
        line
        for line in changed
        if "SCENARIJ, ne sprejeta strategija: ključ obseg-dela:" in line
        or "SCENARIJ, ne sprejeta strategija: ključ enako:" in line
    ]


def strip_scenario_json(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    document.pop("provenance", None)  # the files differ, so do their hashes
    document.pop("scenario")
    return document


KEY_70 = ("--key", "obseg-dela:sezana=70", "--key", "obseg-dela:komen=30")


@pytest.mark.parametrize("form", [["allocate", "2026"], ["allocate", "2027", "-f", "csv"], ["plan"]])
def test_key_what_if_gives_the_table_of_the_file_with_that_percent(tmp_path, form):
    edited = written(tmp_path, TEXT.replace("{sezana: 60, komen: 40}", "{sezana: 70, komen: 30}"))
    what_if = ok(*form, "-s", str(UPRAVA), *KEY_70)
    as_written = ok(*form, "-s", str(edited))
    assert what_if != ok(*form, "-s", str(UPRAVA))
    same_but_the_scenario_note(what_if, as_written)


def test_key_what_if_in_json_is_the_file_with_that_percent_and_says_it(tmp_path):
    edited = written(tmp_path, TEXT.replace("{sezana: 60, komen: 40}", "{sezana: 70, komen: 30}"))
    what_if = ok("allocate", "2025", "-f", "json", "-s", str(UPRAVA), *KEY_70)
    assert strip_scenario_json(what_if) == strip_scenario_json(ok("allocate", "2025", "-f", "json", "-s", str(edited)))
    assert json.loads(what_if)["scenario"]["keys"][1] == {"key": "obseg-dela", "payer": "komen", "percent": "30"}


BY_YEAR = TEXT.replace(
    "enako: {sezana: 25, divaca: 25, hrpelje-kozina: 25, komen: 25}",
    "enako: {2025: {sezana: 25, divaca: 25, hrpelje-kozina: 25, komen: 25}, "
    "2027: {sezana: 40, divaca: 20, hrpelje-kozina: 20, komen: 20}}",
)


def test_key_what_if_holds_in_every_year_of_a_key_by_year(tmp_path):
    strategy = written(tmp_path, BY_YEAR)
    # komen=0 takes komen out of enako: in 2025 25 + 25 + 25 + 0 + 25 (sezana) is 100 with sezana 50.
    what_if = ("--key", "enako:sezana=50", "--key", "enako:komen=0")
    assert "2027" in failed("allocate", "2025", "-s", str(strategy), *what_if)  # 2027: 50 + 20 + 20 + 0 = 90
    edited = written(tmp_path, TEXT.replace("sezana: 25, divaca: 25, hrpelje-kozina: 25, komen: 25",
                                            "sezana: 50, divaca: 25, hrpelje-kozina: 25, komen: 0"), "e.yaml")  # fmt: skip
    out = ok("allocate", "2026", "-s", str(UPRAVA), *what_if)
    same_but_the_scenario_note(out, ok("allocate", "2026", "-s", str(edited)))


def test_key_what_if_replaces_the_percent_of_every_year(tmp_path):
    """Each year's entry of a key by year takes the percent: with all four given, 2025's and 2027's alike."""
    strategy = written(tmp_path, BY_YEAR)
    given = {"sezana": 40, "divaca": 30, "hrpelje-kozina": 20, "komen": 10}
    args = [arg for payer, percent in given.items() for arg in ("--key", f"enako:{payer}={percent}")]
    edited = written(
        tmp_path,
        TEXT.replace("sezana: 25, divaca: 25, hrpelje-kozina: 25, komen: 25",
                     "sezana: 40, divaca: 30, hrpelje-kozina: 20, komen: 10"),
        "e.yaml",
    )  # fmt: skip
    for year in ("2025", "2027"):
        same_but_the_scenario_note(
            ok("allocate", year, "-s", str(strategy), *args), ok("allocate", year, "-s", str(edited))
        )


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_key_what_if_is_named_in_the_scenario_note(lang):
    out = ok("allocate", "2025", "-s", str(UPRAVA), *KEY_70, "--lang", lang)
    percent = {"sl": "70,00\u00a0%", "en": "70.00%"}[lang]
    assert WORDS[lang].scenario_key.format(key="obseg-dela", payer="Občina Sežana", percent=percent) in out


@pytest.mark.parametrize("command", ["allocate", "plan", "payments", "diff", "explain", "check"])
def test_every_command_with_share_has_key(command):
    assert "--key" in ok(command, "--help")


def test_key_what_if_on_explain_and_payments():
    out = ok("explain", "2025", "skupna-uprava/inspektor", "-s", str(UPRAVA), *KEY_70, "--payer", "sezana")
    assert "Občina Sežana (70,00\u00a0%)" in out and "33.600" in out  # 48.000 x 70 %
    ok("payments", "2025", "-s", str(UPRAVA), *KEY_70, "--payer", "komen")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["obseg-del:sezana=60"], "ste mislili „obseg-dela“"),
        (["obseg-dela:sezna=60"], "ste mislili „sezana“"),
        (["mesano:sezana=60"], "mešanica"),
        (["default:sezana=60"], "--share"),
        (["obseg-dela:sezana"], "KLJUČ:PLAČNIK=ODSTOTEK"),
        (["obseg-dela:sezana=101"], "največ 100"),
        (["obseg-dela:sezana=70"], "obseg-dela 110, ne natanko 100 (leta 2025–2027)"),
        (["obseg-dela:sezana=70", "obseg-dela:sezana=60"], "večkrat"),
    ],
)
def test_key_what_if_mistakes_are_named_with_the_option(typed, said):
    args = [arg for each in typed for arg in ("--key", each)]
    stderr = failed("allocate", "2025", "-s", str(UPRAVA), *args)
    assert "--key" in stderr and said in stderr


def test_key_what_if_mistakes_are_reported_together_in_english():
    args = ("--key", "obseg-del:sezana=60", "--key", "mesano:komen=1", "--lang", "en")
    stderr = failed("allocate", "2025", "-s", str(UPRAVA), *args)
    assert "did you mean 'obseg-dela'?" in stderr and "is a mix of keys" in stderr and "2 problems" in stderr


def test_key_what_if_on_a_strategy_without_keys_points_to_share():
    assert "--share" in failed("allocate", "2025", "--key", "enako:komen=25")


def test_share_changes_the_default_key_and_the_mixes_made_of_it_only():
    """--share is the key default as before: its lines and mesano's (half default) change by the key;
    obseg-dela's and enako's lines keep their percents, so not by the key."""
    out = ok(
        "diff", "2025", "2025", "-s", str(UPRAVA), "-f", "json", "--share", "sezana=51.78", "--share", "komen=14.32"
    )
    document = json.loads(out)
    rows = {tuple(row["path"]): row for row in document["rows"]}
    assert rows[("svet", "gradivo")]["causes"] == ["key"]
    assert rows[("skupna-uprava", "redar")]["causes"] == ["key"]
    for path in (("skupna-uprava", "inspektor"), ("svet", "sejnine")):
        assert "key" not in rows[path]["causes"]
    assert {(c["key"], c["payer"]) for c in document["key_percent_changes"]} == {
        ("mesano", "sezana"),
        ("mesano", "komen"),
    }
    text = ok("diff", "2025", "2025", "-s", str(UPRAVA), "--share", "sezana=51.78", "--share", "komen=14.32")
    assert "spremenjen ključ (odstotki ključa default)" in text and "(odstotki ključa mesano)" in text


# Review of issue 24, finding 1: --key on a key by year whose entry before the base year is a mix.

PRE_MIX = TEXT.replace("period: [2025, 2027]", "period: [2024, 2027]").replace(
    "obseg-dela: {sezana: 60, komen: 40}", "obseg-dela: {2024: {mix: {default: 100}}, 2025: {sezana: 60, komen: 40}}"
)


def test_key_what_if_leaves_a_mix_entry_before_the_base_year_as_written(tmp_path):
    """An entry before the base year is never in force: the what-if takes the percents of the years sofin
    allocates, as the same file written with them does (it was a traceback: a Mix spread as a mapping)."""
    assert "period: [2024, 2027]" in PRE_MIX and "2024: {mix: {default: 100}}" in PRE_MIX
    strategy = written(tmp_path, PRE_MIX)
    edited = written(tmp_path, PRE_MIX.replace("2025: {sezana: 60, komen: 40}", "2025: {sezana: 50, divaca: 10, komen: 40}"), "e.yaml")  # fmt: skip
    what_if = ("--key", "obseg-dela:sezana=50", "--key", "obseg-dela:divaca=10")
    for year in ("2025", "2027"):
        out = ok("allocate", year, "-s", str(strategy), *what_if)
        same_but_the_scenario_note(out, ok("allocate", year, "-s", str(edited)))


@pytest.mark.parametrize(
    ("lang", "said"), [("sl", "mešanica ključev (leta 2026–2027)"), ("en", "a mix of keys in 2026-2027")]
)
def test_key_what_if_on_a_key_that_becomes_a_mix_names_the_years(tmp_path, lang, said):
    """A key of percents in 2025 and a mix from 2026 is refused (the what-if holds in every year), with the years."""
    strategy = written(
        tmp_path,
        TEXT.replace("obseg-dela: {sezana: 60, komen: 40}", "obseg-dela: {2025: {sezana: 60, komen: 40}, 2026: {mix: {enako: 100}}}"),
    )  # fmt: skip
    stderr = failed("allocate", "2025", "-s", str(strategy), "--key", "obseg-dela:sezana=60", "--lang", lang)
    assert said in stderr


# Review of issue 24, finding 2: explain describes each key once, flat, however the mixes share their parts.


def wide_mixes(width: int, depth: int) -> str:
    """Keys `depth` mixes deep, each level `width` mixes of every key of the level below, all at equal
    weights: a tree of width**depth paths, but only width * (depth + 1) keys."""
    weight = Decimal(100) / width
    lines = [f"  l0m{m}: {{a: {100 * m // (width - 1)}, b: {100 - 100 * m // (width - 1)}}}" for m in range(width)]
    for level in range(1, depth + 1):
        parts = ", ".join(f"l{level - 1}m{m}: {weight}" for m in range(width))
        lines += [f"  l{level}m{m}: {{mix: {{{parts}}}}}" for m in range(width)]
    return (
        "strategy: Siroko\nperiod: [2025, 2025]\nbase_year: 2025\ncurrency: EUR\nunit: 1\npayers:\n"
        "  - {id: a, name: Občina A, share: 50}\n  - {id: b, name: Občina B, share: 50}\nkeys:\n"
        + "\n".join(lines)
        + "\nindexation:\n  staff: {default: 2}\n  programme: {default: 2}\nsocieties:\n"
        f"  - id: s\n    name: Društvo S\n    short: S\n    lines:\n"
        f"      - {{id: l, label: L, kind: staff, amount: 1001, key: l{depth}m0}}\n"
    )


def test_explain_of_wide_shared_mixes_lists_each_key_once(tmp_path):
    """Four mixes per level, each of the four below, ten deep: 4**10 paths to the line's key's 41 keys (itself,
    the 9 levels below it, the 4 of percents). JSON lists the 41 once each, every mix's percents its parts' weighted sum exactly; text shows each mix on one line per payer."""
    strategy = written(tmp_path, wide_mixes(4, 10))
    document = json.loads(ok("explain", "2025", "s/l", "-s", str(strategy), "-f", "json"))
    jsonschema.validate(document, schema("explain"))
    keys = {key["name"]: key for key in document["keys"]}
    assert (
        len(document["keys"]) == len(keys) == 1 + 9 * 4 + 4
        and document["keys"][0]["name"] == document["key"] == "l10m0"
    )
    for key in keys.values():
        for payer in ("a", "b"):
            made = sum(
                Decimal(w) * Decimal(keys[part]["shares"][payer]) / 100 for part, w in key.get("mix", {}).items()
            )
            assert "mix" not in key or made == Decimal(key["shares"][payer])
    out = ok("explain", "2025", "s/l", "-s", str(strategy))
    assert len(out) < 20_000
    for name in keys:
        assert out.count(f"    {name}: ") == (2 if "mix" in keys[name] else 0)  # one line for each payer


# Review of issue 24, finding 9: a --key scenario is only ever in a keyed table (format 2), plan and payments.


def test_only_the_keyed_documents_schemas_describe_key_what_ifs():
    keyed = json.loads(ok("allocate", "2025", "-s", str(UPRAVA), "-f", "json", *KEY_70))
    jsonschema.validate(keyed, schema("table-v2"))
    for command in (["plan"], ["payments", "2025", "--payer", "komen"]):
        document = json.loads(ok(*command, "-s", str(UPRAVA), "-f", "json", *KEY_70))
        assert document["scenario"]["keys"]
        jsonschema.validate(document, schema(command[0]))
    # The format 1 table (a strategy without keys, where --key is refused) never carries one.
    table = json.loads(ok("allocate", "2025", "-f", "json"))
    assert table["format_version"] == 1
    scenario = keyed["scenario"]
    assert scenario["keys"]
    table["scenario"] = {member: value for member, value in scenario.items() if member != "keys"}
    jsonschema.validate(table, schema("table"))
    table["scenario"] = scenario
    with pytest.raises(jsonschema.ValidationError, match="keys"):
        jsonschema.validate(table, schema("table"))


# Review of issue 24, finding 5: diff's head says which key changed, never "unchanged" above a key cause;
# explain counts only the figures of a group that can move, and says the ones fixed at 0.


def test_diff_head_names_a_lines_other_key_and_never_says_unchanged(tmp_path):
    """A table read back (CSV: line keys, no percents) whose line Gradivo is split by enako, not default."""
    edited = written(tmp_path, TEXT.replace("amount: 1001}", "amount: 1001, key: enako}"))
    before, after = tmp_path / "a.json", tmp_path / "b.csv"
    ok("allocate", "2025", "-s", str(UPRAVA), "-f", "json", "-o", str(before))
    ok("allocate", "2025", "-s", str(edited), "-f", "csv", "-o", str(after))
    for lang in ("sl", "en"):
        out = ok("diff", str(before), str(after), "--lang", lang)
        line = {"sl": "Svet / Gradivo", "en": "Svet / Gradivo"}[lang]
        assert WORDS[lang].line_key_changed.format(line=line, before="default", after="enako") in out
        assert catalogue(Language(lang)).diff.causes["key"] in out
        unchanged = (catalogue(Language(lang)).diff.key_same, WORDS[lang].keys_same, WORDS[lang].line_keys_same)
        assert not any(words in out for words in unchanged)


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_diff_head_names_the_default_key_as_the_payers_shares(lang):
    out = ok("diff", "2025", "2025", "-s", str(UPRAVA), "--share", "sezana=51.78", "--share", "komen=14.32", "--lang", lang)  # fmt: skip
    said = {
        "sl": "Ključ default (deleži občin): Občina Sežana 50,78 % → 51,78 %",
        "en": "Key default (the payers' shares): Občina Sežana 50.78% → 51.78%",
    }
    assert people(said[lang]) in people(out)
    bare = catalogue(Language(lang)).diff.key_changed.split("{")[0]  # "Ključ: " / "Key: "
    assert not any(line.startswith(bare) for line in out.splitlines())


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_diff_head_of_keyed_tables_that_did_not_change_says_the_keys_are_unchanged(lang):
    out = ok("diff", "2025", "2025", "-s", str(UPRAVA), "--lang", lang)
    assert WORDS[lang].keys_same in out and catalogue(Language(lang)).diff.key_same not in out


def test_diff_head_without_keys_is_as_before():
    assert catalogue(Language("sl")).diff.key_same in ok("diff", "2025", "2025")


def test_explain_counts_only_figures_that_can_move_and_says_those_fixed_at_zero():
    """Inspektor is split by obseg-dela (divaca and hrpelje-kozina outside it), Redar by mesano (all four in
    it): Divača's column under Skupna uprava has one figure that can move (Redar's), one fixed at 0."""
    lines = {"inspektor": OBSEG, "redar": MESANO}
    for line, percents in lines.items():
        document = explain_json("2025", f"skupna-uprava/{line}")
        outside = sum(1 for payer in PAYERS if not percents[payer])
        for figure in document["figures"]:
            payer = figure["payer"]
            if not percents[payer]:
                continue  # its own figure is exactly 0: no rounding to explain
            row, column = figure["constraints"]["row"], figure["constraints"]["column"]
            fixed = sum(1 for each in lines.values() if not each[payer])
            assert (column["size"], column.get("fixed", 0)) == (len(lines) - fixed, fixed)
            assert (row["size"], row.get("fixed", 0)) == (len(PAYERS) - outside, outside)
    out = ok("explain", "2025", "skupna-uprava/redar", "-s", str(UPRAVA), "--payer", "divaca", "--lang", "en")
    assert "so 0 of 1 go up" in out and WORDS["en"].fixed_zero.format(fixed=1) in out

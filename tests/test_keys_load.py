"""Loading a strategy with several keys (issue 24, item 1): every mistake in the keys, the society and line
keys and the payers they name is reported with FILE:LINE:COL, its field and what is wrong, in Slovenian by
default and in English with --lang en; all of one file's problems at once, exit 2, no traceback. The
by-year forms load, with the right percents in each year; the JSON Schema for editors describes keys."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml

from sofin.keys import key_percents, line_key
from sofin.load import load_strategy_file

from .helpers import ROOT, UPRAVA, run

# The issue's joint administration (a subset key, equal shares, a mix), with a second society: the example.
KEYED = UPRAVA.read_text(encoding="utf-8")
KEYS = "default, enako, obseg-dela, mesano"
PAYERS = "sezana, divaca, hrpelje-kozina, komen"


def changed(*replacements: tuple[str, str]) -> str:
    """KEYED with each text replaced (replaced)."""
    return replaced(KEYED, *replacements)


def replaced(text: str, *replacements: tuple[str, str]) -> str:
    """`text` with each text replaced; each must be there exactly once, so that a case cannot miss."""
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def place(text: str, line_has: str, token: str) -> str:
    """LINE:COL of `token` on the one line of `text` that holds `line_has`, counted here from the text."""
    numbers = [number for number, line in enumerate(text.splitlines(), 1) if line_has in line]
    assert len(numbers) == 1, line_has
    line = text.splitlines()[numbers[0] - 1]
    assert line.count(token) >= 1, token
    return f"{numbers[0]}:{line.index(token) + 1}"


def reported(write, text: str, *lang: str) -> tuple[Path, list[str]]:
    """The file and its problems as the command line writes them; it refuses the file (exit 2) and
    writes no traceback."""
    path = write(text)
    result = run("allocate", "2025", "--strategy", str(path), *lang)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("sofin: "), lines
    return path, lines[:-1]


def check(write, text: str, expected: list[tuple[str, str, str, str, str]]) -> None:
    """Each (line_has, token, field, English, Slovenian) is one problem of the file, in that order, and
    there are no others: at the token's place, in both languages."""
    for lang, index in ((("--lang", "en"), 3), ((), 4)):
        path, lines = reported(write, text, *lang)
        assert lines == [f"{path}:{place(text, case[0], case[1])}: {case[2]}: {case[index]}" for case in expected], lang


class TestUnknownNames:
    def test_an_unknown_key_of_a_society_and_of_a_line_names_the_near_miss(self, write):
        text = changed(("    key: obseg-dela ", "    key: obseg-del "), ("key: mesano}", "key: mesan}"))
        check(
            write,
            text,
            [
                (
                    "key: obseg-del",
                    "obseg-del",
                    "societies[0].key",
                    f"'obseg-del' is not a key; did you mean 'obseg-dela'? Keys: {KEYS}",
                    f"„obseg-del“ ni ključ; ste mislili „obseg-dela“? Ključi: {KEYS}",
                ),
                (
                    "key: mesan}",
                    "mesan}",
                    "societies[0].lines[1].key",
                    f"'mesan' is not a key; did you mean 'mesano'? Keys: {KEYS}",
                    f"„mesan“ ni ključ; ste mislili „mesano“? Ključi: {KEYS}",
                ),
            ],
        )

    def test_a_key_no_name_is_near_lists_the_keys(self, write):
        text = changed(("key: enako}", "key: po-prebivalcih}"))
        check(
            write,
            text,
            [
                (
                    "po-prebivalcih",
                    "po-prebivalcih",
                    "societies[1].lines[0].key",
                    f"'po-prebivalcih' is not a key; keys: {KEYS}",
                    f"„po-prebivalcih“ ni ključ; ključi: {KEYS}",
                )
            ],
        )

    def test_a_society_key_in_a_strategy_without_keys_is_unknown(self, write):
        """Without `keys`, `default` is the only key there is."""
        text = changed(
            (KEYED[KEYED.index("keys:") : KEYED.index("indexation:")], ""),
            ("key: mesano}", "}"),
            ("key: enako}", "}"),
            ("    key: obseg-dela ", "    key: enako "),
        )
        check(
            write,
            text,
            [
                (
                    "key: enako",
                    "enako",
                    "societies[0].key",
                    "'enako' is not a key; keys: default",
                    "„enako“ ni ključ; ključi: default",
                )
            ],
        )

    def test_an_unknown_payer_in_a_key_names_the_near_miss(self, write):
        text = changed(("obseg-dela: {sezana: 60, komen: 40}", "obseg-dela: {sezana: 60, komenn: 40}"))
        check(
            write,
            text,
            [
                (
                    "komenn",
                    "komenn",
                    "keys.obseg-dela.komenn",
                    f"'komenn' is not a payer id; did you mean 'komen'? Payers: {PAYERS}",
                    f"„komenn“ ni id plačnika; ste mislili „komen“? Plačniki: {PAYERS}",
                )
            ],
        )

    def test_a_mix_naming_an_unknown_key_names_the_near_miss_and_not_itself(self, write):
        """A mix is made of the other keys: itself is not offered."""
        text = changed(("{mix: {default: 50, obseg-dela: 50}}", "{mix: {default: 50, obseg-dele: 50}}"))
        check(
            write,
            text,
            [
                (
                    "obseg-dele: 50",
                    "obseg-dele:",
                    "keys.mesano.mix.obseg-dele",
                    "'obseg-dele' is not a key; did you mean 'obseg-dela'? A mix is made of: default, enako, obseg-dela",
                    "„obseg-dele“ ni ključ; ste mislili „obseg-dela“? Mešanica je lahko iz: default, enako, obseg-dela",
                )
            ],
        )

    def test_names_that_are_no_ids_are_said_once_where_they_are_written(self, write):
        """A key's name, a payer's in a key, a part's in a mix: at the name, not at its value; and not
        named unknown too (a society naming the key as written is not told it names no key)."""
        text = changed(
            ("  enako: {sezana: 25", "  Enako: {Sezana: 25"),
            ("{mix: {default: 50", "{mix: {Default: 50"),
            ("key: enako}", "key: Enako}"),
        )
        not_an_id = "is not a valid id: use lowercase letters, digits, '-' or '_', starting with a letter"
        ni_id = "ni veljaven id: uporabite male črke, števke, „-“ ali „_“, na začetku pa črko"
        check(
            write,
            text,
            [
                (
                    "Enako: {",
                    "Enako",
                    "keys.Enako",
                    f"'Enako' {not_an_id}",
                    f"„Enako“ {ni_id}",
                ),
                (
                    "Enako: {",
                    "Sezana",
                    "keys.Enako.Sezana",
                    f"'Sezana' {not_an_id}",
                    f"„Sezana“ {ni_id}",
                ),
                (
                    "Default",
                    "Default",
                    "keys.mesano.mix.Default",
                    f"'Default' {not_an_id}",
                    f"„Default“ {ni_id}",
                ),
                (
                    "key: Enako}",
                    "Enako}",
                    "societies[1].lines[0].key",
                    f"'Enako' {not_an_id}",
                    f"„Enako“ {ni_id}",
                ),
            ],
        )


class TestSums:
    def test_percents_that_do_not_sum_to_100(self, write):
        text = changed(("komen: 25}", "komen: 24.5}"))
        check(
            write,
            text,
            [
                (
                    "enako:",
                    "{",
                    "keys.enako",
                    "the key's percents sum to 99.5, not exactly 100",
                    "odstotki ključa dajo skupaj 99,5, ne natanko 100",
                )
            ],
        )

    def test_percents_of_a_year_that_do_not_sum_to_100_are_located_at_the_year(self, write):
        text = changed(
            (
                "enako: {sezana: 25, divaca: 25, hrpelje-kozina: 25, komen: 25}",
                "enako:\n    2025: {sezana: 25, divaca: 25, hrpelje-kozina: 25, komen: 25}\n"
                "    2027: {sezana: 40, divaca: 20, hrpelje-kozina: 20, komen: 30}",
            )
        )
        check(
            write,
            text,
            [
                (
                    "2027:",
                    "{",
                    "keys.enako[2027]",
                    "the key's percents sum to 110, not exactly 100",
                    "odstotki ključa dajo skupaj 110, ne natanko 100",
                )
            ],
        )

    def test_mix_weights_that_do_not_sum_to_100(self, write):
        text = changed(("obseg-dela: 50}}", "obseg-dela: 40}}"))
        check(
            write,
            text,
            [
                (
                    "mesano:",
                    "{default",
                    "keys.mesano.mix",
                    "the mix's weights sum to 90, not exactly 100",
                    "uteži mešanice dajo skupaj 90, ne natanko 100",
                )
            ],
        )

    def test_mix_weights_of_a_year_that_do_not_sum_to_100_are_located_at_the_year(self, write):
        text = changed(
            (
                "mesano: {mix: {default: 50, obseg-dela: 50}}",
                "mesano:\n    mix:\n      2025: {default: 50, obseg-dela: 50}\n      2026: {default: 50, enako: 60}",
            )
        )
        check(
            write,
            text,
            [
                (
                    "2026:",
                    "{",
                    "keys.mesano.mix[2026]",
                    "the mix's weights sum to 110, not exactly 100",
                    "uteži mešanice dajo skupaj 110, ne natanko 100",
                )
            ],
        )


class TestMixWrittenWrong:
    def test_a_mix_written_as_a_list_or_as_nothing_is_said_to_be_a_mix(self, write):
        """Issue 24 review: `mix: [..]` and `mix: null` are mixes written wrong, said so once each; not a
        payer named `mix` that has no number."""
        text = changed(
            ("keys:\n", "keys:\n  prazno: {mix: null}\n"),
            ("{mix: {default: 50, obseg-dela: 50}}", "{mix: [default, obseg-dela]}"),
        )
        en = "a mix must be a mapping of weights by key, e.g. {default: 50, obseg-dela: 50}"
        sl = "mešanica mora biti preslikava uteži po ključih, npr. {default: 50, obseg-dela: 50}"
        check(
            write,
            text,
            [
                ("prazno: {mix", "null", "keys.prazno.mix", en, sl),
                ("mesano: {mix", "[default", "keys.mesano.mix", en, sl),
            ],
        )

    def test_mix_as_a_number_is_a_payer_named_mix(self, write):
        """`mix: 25` reads as percents by payer (a payer cannot be named `mix`): it is not said to be a mix."""
        text = changed(("obseg-dela: {sezana: 60, komen: 40}", "obseg-dela: {sezana: 60, mix: 40}"))
        path, lines = reported(write, text, "--lang", "en")
        assert lines == [
            f"{path}:{place(text, 'obseg-dela: {', 'mix: 40')}: keys.obseg-dela.mix: 'mix' is not a payer id; payers: {PAYERS}"
        ]


class TestCycles:
    """A cycle is reported once, at the part that leads round it in the key written first."""

    def test_a_mix_of_two_mixes_of_each_other(self, write):
        text = changed(("  mesano: {mix: {default: 50, obseg-dela: 50}}", "  a: {mix: {b: 100}}\n  b: {mix: {a: 100}}"))
        text = replaced(text, ("key: mesano}", "key: a}"))
        check(
            write,
            text,
            [
                (
                    "a: {mix",
                    "b: 100",
                    "keys.a.mix.b",
                    "a mix cannot be made of itself: a → b → a",
                    "mešanica ne more biti iz same sebe: a → b → a",
                )
            ],
        )

    def test_a_cycle_of_three(self, write):
        text = changed(
            (
                "  mesano: {mix: {default: 50, obseg-dela: 50}}",
                "  mesano: {mix: {default: 50, drugi: 50}}\n"
                "  drugi: {mix: {enako: 50, tretji: 50}}\n"
                "  tretji: {mix: {mesano: 100}}",
            )
        )
        check(
            write,
            text,
            [
                (
                    "mesano: {mix",
                    "drugi",
                    "keys.mesano.mix.drugi",
                    "a mix cannot be made of itself: mesano → drugi → tretji → mesano",
                    "mešanica ne more biti iz same sebe: mesano → drugi → tretji → mesano",
                )
            ],
        )

    def test_a_mix_of_itself_is_located_at_its_name_in_the_mix(self, write):
        text = changed(("{mix: {default: 50, obseg-dela: 50}}", "{mix: {default: 50, mesano: 50}}"))
        check(
            write,
            text,
            [
                (
                    "mesano: {mix",
                    "mesano: 50",
                    "keys.mesano.mix.mesano",
                    "a mix cannot be made of itself: mesano → mesano",
                    "mešanica ne more biti iz same sebe: mesano → mesano",
                )
            ],
        )

    def test_a_mix_of_itself_in_weights_by_year_is_located_at_that_year(self, write):
        text = changed(
            (
                "mesano: {mix: {default: 50, obseg-dela: 50}}",
                "mesano:\n    mix:\n      2025: {default: 50, obseg-dela: 50}\n      2027: {default: 50, mesano: 50}",
            )
        )
        check(
            write,
            text,
            [
                (
                    "2027:",
                    "mesano",
                    "keys.mesano.mix[2027].mesano",
                    "a mix cannot be made of itself: mesano → mesano",
                    "mešanica ne more biti iz same sebe: mesano → mesano",
                )
            ],
        )


class TestDepth:
    """Mixes within mixes, up to limits.MAX_MIX_DEPTH: a mix's exact percent has up to 12 decimals more than
    its parts', so depth bounds them; and a long chain is no traceback."""

    @staticmethod
    def chain(length: int, last: str = "default") -> str:
        """KEYED with mixes m0 of m1 of ... of m{length - 1}, the last of `last`; redar's key is m0."""
        chain = "".join(f"  m{i}: {{mix: {{m{i + 1}: 100}}}}\n" for i in range(length - 1))
        chain += f"  m{length - 1}: {{mix: {{{last}: 40, enako: 60}}}}\n"
        return changed(("keys:\n", "keys:\n" + chain), ("key: mesano}", "key: m0}"))

    def test_ten_deep_loads_with_every_decimal(self, write):
        weights = "{mix: {default: 33.3333333333, enako: 33.3333333334, obseg-dela: 33.3333333333}}"
        text = replaced(self.chain(9, "mesano"), ("{mix: {default: 50, obseg-dela: 50}}", weights))
        strategy = load_strategy_file(write(text)).strategy
        percents = key_percents(strategy, 2025)
        # m8 is 40 % mesano and 60 % enako; each m above it is the one below: 10 mixes deep.
        mesano = [
            Fraction("33.3333333333") * Fraction(d) / 100
            + Fraction("33.3333333334") * 25 / 100
            + Fraction("33.3333333333") * Fraction(o) / 100
            for d, o in zip(("50.78", "16.35", "17.55", "15.32"), (60, 0, 0, 40))
        ]
        assert percents["m0"] == tuple(Fraction(40, 100) * m + Fraction(60, 100) * 25 for m in mesano)
        assert sum(percents["m0"]) == 100
        assert run("allocate", "2025", "--strategy", str(write(text))).exit_code == 0

    def test_eleven_deep_is_refused_at_the_key_no_other_names(self, write):
        text = replaced(
            self.chain(9, "mesano"),
            ("{mix: {default: 50, obseg-dela: 50}}", "{mix: {default: 50, dno: 50}}"),
            ("keys:\n", "keys:\n  dno: {mix: {enako: 100}}\n"),
        )
        check(
            write,
            text,
            [
                (
                    "m0: {mix",
                    "m0",
                    "keys.m0",
                    "a mix of mixes 11 deep; sofin takes at most 10 (a mix of keys that are no mixes is 1 deep)",
                    "mešanica mešanic, globoka 11; sofin jih sprejme največ 10 "
                    "(mešanica ključev, ki niso mešanice, je globoka 1)",
                )
            ],
        )

    def test_a_long_chain_and_a_long_cycle_are_said_in_one_line(self, write):
        """Beyond Python's recursion limit (1,000), and not in time that grows with its square."""
        _, lines = reported(write, self.chain(1500), "--lang", "en")
        assert len(lines) == 1 and lines[0].endswith(
            "keys.m0: a mix of mixes 1500 deep; sofin takes at most 10 (a mix of keys that are no mixes is 1 deep)"
        )
        _, lines = reported(write, self.chain(1500, "m0"), "--lang", "en")
        cycle = " → ".join(f"m{i}" for i in (*range(1500), 0))
        assert len(lines) == 1 and lines[0].endswith(f"keys.m0.mix.m1: a mix cannot be made of itself: {cycle}")


class TestPlaces:
    def test_a_key_on_an_item_is_refused(self, write):
        text = changed(
            (
                "      - {id: inspektor, label: Inšpektor, kind: staff, amount: 48000}\n",
                "      - id: inspektor\n        label: Inšpektor\n        kind: staff\n        items:\n"
                "          - {label: Inšpektor, amount: 48000, key: enako}\n",
            )
        )
        check(
            write,
            text,
            [
                (
                    "amount: 48000, key: enako}",
                    "enako}",
                    "societies[0].lines[0].items[0].key",
                    "an item has no key of its own: it is part of its line's amount, which its line's key splits "
                    "(write the key on the line or its society)",
                    "postavka nima svojega ključa: je del zneska svoje vrstice, ki ga deli ključ vrstice "
                    "(ključ navedite pri vrstici ali njenem društvu)",
                )
            ],
        )

    @pytest.mark.parametrize("name", ["default", "mix"])
    def test_a_reserved_key_name(self, write, name):
        text = changed(("  enako: {", f"  {name}: {{sezana: 100}}\n  enako: {{"))
        check(
            write,
            text,
            [
                (
                    f"  {name}: {{sezana",
                    name,
                    f"keys.{name}",
                    f"'{name}' is reserved: 'default' names the payers' own key and 'mix' a mix of keys; "
                    "choose another name",
                    f"„{name}“ je rezervirano ime: „default“ pomeni ključ plačnikov, „mix“ mešanico ključev; "
                    "izberite drugo ime",
                )
            ],
        )

    @pytest.mark.parametrize("name", ["default", "mix"])
    def test_a_reserved_payer_id(self, write, name):
        text = changed(
            ("{id: komen, name", f"{{id: {name}, name"),
            ("komen: 25}", f"{name}: 25}}"),
            ("komen: 40}", f"{name}: 40}}"),
        )
        check(
            write,
            text,
            [
                (
                    f"id: {name}",
                    name,
                    "payers[3].id",
                    f"'{name}' is reserved: 'default' names the payers' own key and 'mix' a mix of keys; "
                    "choose another id",
                    f"„{name}“ je rezervirano ime: „default“ pomeni ključ plačnikov, „mix“ mešanico ključev; "
                    "izberite drug id",
                )
            ],
        )


class TestYears:
    def test_years_outside_the_period_out_of_order_and_none_for_the_base_year(self, write):
        text = changed(
            (
                "enako: {sezana: 25, divaca: 25, hrpelje-kozina: 25, komen: 25}",
                "enako: {2024: {sezana: 100}, 2030: {komen: 100}}\n"
                "  zaporedje: {2025: {sezana: 100}, 2027: {komen: 100}, 2026: {divaca: 100}}\n"
                "  pozno: {2026: {sezana: 100}}",
            ),
            ("{mix: {default: 50, obseg-dela: 50}}", "{mix: {2027: {default: 50, obseg-dela: 50}}}"),
        )
        check(
            write,
            text,
            [
                (
                    "enako:",
                    "2024",
                    "keys.enako[2024]",
                    "year 2024 is outside the period 2025-2027",
                    "leto 2024 je zunaj obdobja 2025–2027",
                ),
                (
                    "enako:",
                    "2030",
                    "keys.enako[2030]",
                    "year 2030 is outside the period 2025-2027",
                    "leto 2030 je zunaj obdobja 2025–2027",
                ),
                (
                    "zaporedje:",
                    "2026",
                    "keys.zaporedje[2026]",
                    "year 2026 comes after 2027: write the years in order",
                    "leto 2026 sledi letu 2027: leta navedite po vrsti",
                ),
                (
                    "pozno:",
                    "2026",
                    "keys.pozno[2026]",
                    "no entry for 2025: the first year written must be 2025 or earlier",
                    "ni vnosa za leto 2025: prvo navedeno leto mora biti 2025 ali prej",
                ),
                (
                    "mesano:",
                    "2027",
                    "keys.mesano.mix[2027]",
                    "no entry for 2025: the first year written must be 2025 or earlier",
                    "ni vnosa za leto 2025: prvo navedeno leto mora biti 2025 ali prej",
                ),
            ],
        )


class TestPercents:
    def test_a_negative_percent_and_one_above_100(self, write):
        # they sum to 100: only the bounds are wrong
        text = changed(("obseg-dela: {sezana: 60, komen: 40}", "obseg-dela: {sezana: -10, komen: 110}"))
        check(
            write,
            text,
            [
                (
                    "obseg-dela: {",
                    "-10",
                    "keys.obseg-dela.sezana",
                    "must be greater than or equal to 0",
                    "mora biti večje ali enako 0",
                ),
                (
                    "obseg-dela: {",
                    "110",
                    "keys.obseg-dela.komen",
                    "must be less than or equal to 100",
                    "mora biti manjše ali enako 100",
                ),
            ],
        )

    def test_more_than_ten_decimals_in_a_written_percent(self, write):
        text = changed(
            ("obseg-dela: {sezana: 60, komen: 40}", "obseg-dela: {sezana: 60.00000000001, komen: 39.99999999999}")
        )
        check(
            write,
            text,
            [
                (
                    "obseg-dela: {",
                    "60.0",
                    "keys.obseg-dela.sezana",
                    "60.00000000001 has 11 decimals; a share has at most 10",
                    "60.00000000001 ima decimalnih mest: 11; delež jih ima največ 10",
                ),
                (
                    "obseg-dela: {",
                    "39.9",
                    "keys.obseg-dela.komen",
                    "39.99999999999 has 11 decimals; a share has at most 10",
                    "39.99999999999 ima decimalnih mest: 11; delež jih ima največ 10",
                ),
            ],
        )

    def test_ten_decimals_and_a_zero_percent_load(self, write):
        text = changed(
            (
                "obseg-dela: {sezana: 60, komen: 40}",
                "obseg-dela: {sezana: 60.0000000001, komen: 39.9999999999, divaca: 0}",
            )
        )
        strategy = load_strategy_file(write(text)).strategy
        assert key_percents(strategy, 2025)["obseg-dela"] == (
            Fraction("60.0000000001"),
            Fraction(0),
            Fraction(0),
            Fraction("39.9999999999"),
        )


class TestAllAtOnce:
    def test_every_problem_of_a_file_is_reported_in_one_run(self, write):
        """The keys' own problems do not hide an unknown key of a society or a line (pydantic leaves a field
        with problems out of what the later fields' rules see): all are said in one run, in file order."""
        text = changed(
            ("komen: 25}", "komen: 24}"),
            ("obseg-dela: {sezana: 60, komen: 40}", "obseg-dela: {sezana: 60, komenn: 40}"),
            ("{mix: {default: 50, obseg-dela: 50}}", "{mix: {default: 50, mesano: 50}}"),
            ("    key: obseg-dela ", "    key: obseg-del "),
            ("key: enako}", "key: enakoo}"),
            ("amount: 48000}", "amount: 48000, key: mesanoo}"),
        )
        path, lines = reported(write, text, "--lang", "en")
        fields = [line.removeprefix(f"{path}:").split(": ")[1] for line in lines]
        assert fields == [
            "keys.enako",
            "keys.obseg-dela.komenn",
            "keys.mesano.mix.mesano",
            "societies[0].key",
            "societies[0].lines[0].key",
            "societies[1].lines[0].key",
        ]
        assert "did you mean 'obseg-dela'?" in lines[3] and "did you mean 'mesano'?" in lines[4]
        assert "did you mean 'enako'?" in lines[5]

    def test_a_payers_problem_does_not_hide_an_unknown_payer_in_a_key(self, write):
        text = changed(
            ("{id: divaca, name: Občina Divača", "{id: Divaca, name: Občina Divača"),
            ("divaca: 25,", "Divaca: 25,"),
            ("obseg-dela: {sezana: 60, komen: 40}", "obseg-dela: {sezana: 60, komem: 40}"),
        )
        path, lines = reported(write, text, "--lang", "en")
        assert [line.removeprefix(f"{path}:").split(": ")[1] for line in lines] == [
            "payers[1].id",
            "keys.enako.Divaca",  # the key's name is refused; the payer it names is as written
            "keys.obseg-dela.komem",
        ]
        assert lines[2].endswith(
            "'komem' is not a payer id; did you mean 'komen'? Payers: sezana, Divaca, hrpelje-kozina, komen"
        )

    def test_payers_sofin_cannot_read_leave_the_keys_payers_unjudged(self, write):
        """With no payer id written, no payer of a key is named unknown: the payers' own problems are said."""
        text = changed(
            (KEYED[KEYED.index("payers:") : KEYED.index("keys:")], "payers: [sezana, divaca, hrpelje-kozina, komen]\n")
        )
        path, lines = reported(write, text, "--lang", "en")
        assert [line.removeprefix(f"{path}:").split(": ")[1] for line in lines] == [f"payers[{i}]" for i in range(4)]

    def test_a_key_with_a_wrong_payer_still_lets_its_name_be_used(self, write):
        """A key with a problem is still a key a society may name: only the key's own problem is said."""
        text = changed(("obseg-dela: {sezana: 60, komen: 40}", "obseg-dela: {sezana: 60, komen: 30}"))
        path, lines = reported(write, text, "--lang", "en")
        assert [line.removeprefix(f"{path}:").split(": ")[1] for line in lines] == ["keys.obseg-dela"]


class TestByYear:
    """The issue's by-year forms load, and each year has its own percents."""

    TEXT = changed(
        (
            "enako: {sezana: 25, divaca: 25, hrpelje-kozina: 25, komen: 25}",
            "enako:\n    2025: {sezana: 25, divaca: 25, hrpelje-kozina: 25, komen: 25}\n"
            "    2027: {sezana: 40, divaca: 20, hrpelje-kozina: 20, komen: 20}",
        ),
        (
            "mesano: {mix: {default: 50, obseg-dela: 50}}",
            "mesano: {mix: {2025: {default: 50, obseg-dela: 50}, 2026: {enako: 100}}}\n"
            "  dvojno: {mix: {mesano: 50, enako: 50}}\n"
            "  prehod: {2025: {sezana: 100}, 2027: {mix: {default: 100}}}",
        ),
    )

    def test_percents_in_each_year(self, write):
        strategy = load_strategy_file(write(self.TEXT)).strategy
        assert tuple(key_percents(strategy, 2025)) == ("default", "enako", "obseg-dela", "mesano", "dvojno", "prehod")
        # by hand: half the payers' shares (50.78, 16.35, 17.55, 15.32) and half obseg-dela (60, 0, 0, 40)
        mesano_2025 = ("55.39", "8.175", "8.775", "27.66")
        assert key_percents(strategy, 2025)["mesano"] == tuple(map(Fraction, mesano_2025))
        assert key_percents(strategy, 2025)["dvojno"] == tuple(
            Fraction(m) / 2 + Fraction(25, 2) for m in mesano_2025
        )  # 27.695, 16.5875, 16.8875, 26.33
        assert key_percents(strategy, 2025)["enako"] == (25, 25, 25, 25)
        # 2026: enako is still 2025's; mesano is enako alone
        assert key_percents(strategy, 2026)["mesano"] == (25, 25, 25, 25)
        assert key_percents(strategy, 2026)["dvojno"] == (25, 25, 25, 25)
        # 2027: enako's second entry, and every mix made of it with it
        assert key_percents(strategy, 2027)["enako"] == (40, 20, 20, 20)
        assert key_percents(strategy, 2027)["mesano"] == (40, 20, 20, 20)
        assert key_percents(strategy, 2027)["obseg-dela"] == (60, 0, 0, 40)
        assert key_percents(strategy, 2027)["default"] == tuple(map(Fraction, ("50.78", "16.35", "17.55", "15.32")))
        # a key that is percents first and a mix from 2027
        assert key_percents(strategy, 2026)["prehod"] == (100, 0, 0, 0)
        assert key_percents(strategy, 2027)["prehod"] == key_percents(strategy, 2027)["default"]
        for year in (2025, 2026, 2027):
            assert all(sum(percents) == 100 for percents in key_percents(strategy, year).values())

    def test_each_line_has_its_key(self, write):
        strategy = load_strategy_file(write(self.TEXT)).strategy
        keys = {(s.id, line.id): line_key(s, line) for s in strategy.societies for line in s.lines}
        assert keys == {
            ("skupna-uprava", "inspektor"): "obseg-dela",  # its society's
            ("skupna-uprava", "redar"): "mesano",  # its own wins
            ("svet", "sejnine"): "enako",
            ("svet", "gradivo"): "default",  # none named
        }

    def test_it_allocates(self, write):
        result = run("allocate", "2027", "--strategy", str(write(self.TEXT)), "--lang", "en")
        assert result.exit_code == 0, result.output


class TestEditorSchema:
    """`sofin schema` (schema/strategy.schema.json) describes keys, and a society's and a line's key."""

    @pytest.fixture(scope="class")
    @classmethod
    def validator(cls):
        result = run("schema")
        assert result.exit_code == 0
        schema = json.loads(result.stdout)
        assert schema == json.loads((ROOT / "schema" / "strategy.schema.json").read_text(encoding="utf-8"))
        return jsonschema.Draft7Validator(schema)

    @staticmethod
    def as_json(text: str):
        """The strategy as an editor's YAML plugin hands it to the schema: mapping keys as text."""
        return json.loads(json.dumps(yaml.safe_load(text)))

    def test_it_takes_the_keyed_example_and_the_by_year_forms(self, validator):
        assert list(validator.iter_errors(self.as_json(KEYED))) == []  # the example
        assert list(validator.iter_errors(self.as_json(TestByYear.TEXT))) == []

    def test_it_refuses_a_key_on_an_item(self, validator):
        data = self.as_json(KEYED)
        data["societies"][0]["lines"][0] = {
            "id": "inspektor",
            "label": "Inšpektor",
            "kind": "staff",
            "items": [{"label": "Inšpektor", "amount": 48000, "key": "enako"}],
        }
        assert list(validator.iter_errors(data))
        del data["societies"][0]["lines"][0]["items"][0]["key"]
        assert list(validator.iter_errors(data)) == []

    @pytest.mark.parametrize(
        ("where", "value"),
        [
            ("keys", {"Enako": {"sezana": 100}}),  # not an id
            ("keys", {"enako": {"sezana": 101}}),
            ("keys", {"enako": {"sezana": "25"}}),
            ("keys", {"enako": {}}),
            ("keys", {"enako": {"mix": {"default": 100}, "sezana": 1}}),
            ("keys", {"enako": {"2025": {"sezana": 100}, "sezana": 1}}),
            ("society", 5),
            ("society", "Enako"),
        ],
    )
    def test_it_refuses_what_sofin_refuses(self, validator, where, value):
        data = self.as_json(KEYED)
        if where == "keys":
            data["keys"] = value
        else:
            data["societies"][0]["key"] = value
        assert list(validator.iter_errors(data))

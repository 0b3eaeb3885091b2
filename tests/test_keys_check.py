"""Issue 24, items 3 and 4: the JSON of a strategy with keys (format 2, its own schema), reading it and a keyed
CSV back, and `check` holding every line to its own key.

The keyed example is examples/skupna_uprava.yaml (the issue's joint administration and a second society). Its
keys' percents are worked out here by hand from the file: obseg-dela pays Sežana 60 and Komen 40, the others
nothing; mesano is half the payers' shares and half obseg-dela.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from sofin.cells import KEY_COLUMN
from sofin.limits import MAX_DIGITS, MAX_SHARE_DECIMALS

from .helpers import ROOT, run
from .helpers.keyed import DEEP_MIXES
from .test_json_schemas import assert_valid, errors

UPRAVA = ROOT / "examples" / "skupna_uprava.yaml"
PAYERS = ("sezana", "divaca", "hrpelje-kozina", "komen")
DEFAULT = {
    "sezana": Decimal("50.78"),
    "divaca": Decimal("16.35"),
    "hrpelje-kozina": Decimal("17.55"),
    "komen": Decimal("15.32"),
}
OBSEG = {"sezana": Decimal(60), "divaca": Decimal(0), "hrpelje-kozina": Decimal(0), "komen": Decimal(40)}
ENAKO = dict.fromkeys(PAYERS, Decimal(25))
MESANO = {payer: (DEFAULT[payer] + OBSEG[payer]) / 2 for payer in PAYERS}  # 55.39, 8.175, 8.775, 27.66
LINE_KEYS = {
    ("skupna-uprava", "inspektor"): "obseg-dela",  # the society's key
    ("skupna-uprava", "redar"): "mesano",  # its own key wins
    ("svet", "sejnine"): "enako",
    ("svet", "gradivo"): "default",  # no key of its own, none of its society's
}
INSPEKTOR = 2  # the row of skupna-uprava/inspektor (48,000, by obseg-dela) in the table


def table_json(year: int = 2025, strategy: Path = UPRAVA) -> dict[str, Any]:
    result = run("allocate", str(year), "-s", str(strategy), "-f", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def written(document: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def findings(*args: str) -> list[dict[str, Any]]:
    result = run("check", *args, "-f", "json", "--lang", "en")
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert_valid("check", report)  # outside_key and a finding's key included
    found: list[dict[str, Any]] = report["findings"]
    return found


def refused(*args: str) -> list[str]:
    """The problems of a check refused with exit 2, one a line, in English."""
    result = run("check", *args, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return result.stderr.splitlines()[:-1]  # the last line counts them


class TestFormat2:
    def test_a_strategy_with_keys_writes_every_keys_exact_percents_and_each_lines_key(self):
        document = table_json()
        assert document["format_version"] == 2
        keys = {key["name"]: key for key in document["keys"]}
        assert list(keys) == ["default", "enako", "obseg-dela", "mesano"]
        for name, percents in (("default", DEFAULT), ("enako", ENAKO), ("obseg-dela", OBSEG), ("mesano", MESANO)):
            assert list(keys[name]["shares"]) == list(PAYERS)  # every payer, in column order
            assert {payer: Decimal(text) for payer, text in keys[name]["shares"].items()} == percents, name
        assert keys["obseg-dela"]["shares"]["divaca"] == "0"
        assert keys["mesano"]["mix"] == {"default": "50", "obseg-dela": "50"}
        assert "mix" not in keys["enako"]
        assert {tuple(row["path"]): row.get("key") for row in document["rows"] if len(row["path"]) == 2} == LINE_KEYS
        assert all("key" not in row for row in document["rows"] if len(row["path"]) < 2)  # totals have none
        assert [payer["share"] for payer in document["payers"]] == [f"{DEFAULT[p]}" for p in PAYERS]

    def test_a_strategy_without_keys_stays_format_1(self):
        result = run("allocate", "2025", "-f", "json")
        document = json.loads(result.stdout)
        assert document["format_version"] == 1 and "keys" not in document
        assert all("key" not in row for row in document["rows"])

    @pytest.mark.parametrize("year", [2025, 2027])
    def test_its_schema_takes_it_and_format_1s_does_not(self, year):
        document = table_json(year)
        assert_valid("table-v2", document)
        assert errors("table", document)  # format 1's schema knows neither format 2 nor keys

    @pytest.mark.parametrize(
        "mistake",
        [
            lambda d: d["keys"][1]["shares"].update(komen=25),  # a percent as a JSON number
            lambda d: d.pop("keys"),
            lambda d: d.update(format_version=1),
            lambda d: d["keys"][0].update(weight="1"),  # a member no key has
            lambda d: d["rows"][INSPEKTOR].update(key="Obseg dela"),  # no id
            lambda d: d["keys"][3]["mix"].update(default="fifty"),
        ],
    )
    def test_its_schema_refuses_what_sofin_never_writes(self, mistake):
        document = table_json()
        changed = copy.deepcopy(document)
        mistake(changed)
        assert changed != document and errors("table-v2", changed)

    def test_the_repository_copy_is_what_sofin_schema_prints(self):
        result = run("schema", "table-v2")
        assert result.exit_code == 0
        assert result.stdout == (ROOT / "schema" / "table-v2.schema.json").read_text(encoding="utf-8")
        assert json.loads(result.stdout)["properties"]["format_version"]["const"] == 2


class TestReadBack:
    def test_a_table_sofin_wrote_checks_clean_alone_and_against_sofin(self, tmp_path):
        path = written(table_json(), tmp_path / "t.json")
        assert findings(str(path)) == []
        assert findings(str(path), "-s", str(UPRAVA), "--year", "2025") == []
        assert findings(str(path), "-s", str(UPRAVA), "--year", "2026")  # and a year it is not

    def test_a_mix_of_mixes_is_read_with_every_decimal_sofin_computed(self, write, tmp_path):
        strategy = write(DEEP_MIXES)
        document = table_json(2025, strategy)
        m3 = next(key for key in document["keys"] if key["name"] == "m3")["shares"]
        digits = max(sum(character.isdigit() for character in text) for text in m3.values())
        decimals = max(-Decimal(text).as_tuple().exponent for text in m3.values())  # type: ignore[operator]
        assert decimals > MAX_SHARE_DECIMALS and digits > MAX_DIGITS  # past both bounds of what people write
        assert sum(Fraction(text) for text in m3.values()) == 100
        path = written(document, tmp_path / "t.json")
        assert findings(str(path), "-s", str(strategy), "--year", "2025") == []

    def test_a_table_of_format_1_still_reads(self):
        assert findings(str(ROOT / "data" / "published" / "2025.json")) == []

    def test_a_table_that_lists_no_keys_says_so_once(self, tmp_path):
        """Issue 24 review: `keys: []` is said once, at `keys`; no row's key is listed against an empty list
        of keys (in Slovenian by default, in English too)."""
        document = table_json()
        document["keys"] = []
        path = written(document, tmp_path / "t.json")
        assert sum("key" in row for row in document["rows"]) == 4  # rows that name keys the table lacks
        for lang, said in (
            (("--lang", "en"), "keys: the keys lack default, the payers' own shares"),
            ((), "keys: med ključi manjka default, deleži plačnikov"),
        ):
            result = run("check", str(path), *lang)
            assert result.exit_code == 2 and result.stdout == "", result.output
            problems = result.stderr.splitlines()[:-1]
            assert [line.split(": ", 1)[1] for line in problems] == [said]

    @pytest.mark.parametrize(
        ("mistake", "field", "said"),
        [
            (lambda d: d["rows"][3].update(key="mesan"), "rows[3].key", "did you mean 'mesano'?"),
            (lambda d: d["keys"][2]["shares"].pop("divaca"), "keys[2].shares", "one percent for each payer"),
            (lambda d: d["keys"][3]["shares"].update(sezana="55.38"), "keys[3].shares.sezana", "weighted sum"),
            (lambda d: d["keys"][3]["mix"].update(enako="1"), "keys[3].shares.sezana", "weighted sum"),
            (lambda d: d["keys"][3]["mix"].update(mesan="1"), "keys[3].mix.mesan", "is not a key of the table"),
            (lambda d: d["keys"][0]["shares"].update(komen="15.33"), "keys[0].shares.komen", "payers' own shares"),
            (lambda d: d["keys"].append(d["keys"][1]), "keys[4].name", "given twice"),
            (lambda d: d["keys"].pop(0), "keys", "lack default"),
            (lambda d: d.pop("keys"), "format_version", "gives its keys"),
            (lambda d: d.update(format_version=1), "keys", "only a table of format 2"),
            (lambda d: (d.update(format_version=1), d.pop("keys")), "rows[2].key", "only a table of format 2"),
            (lambda d: d["keys"][1]["shares"].update(komen="25.00000000001"), "keys[1].shares.komen", "at most 10"),
        ],
    )
    def test_what_is_wrong_with_its_keys_is_located(self, tmp_path, mistake, field, said):
        assert_refused_at(tmp_path, mistake, field, said)


def assert_refused_at(tmp_path: Path, mistake: Any, field: str, said: str) -> None:
    """sofin's table with `mistake` made in it is refused, at `field`, saying `said`."""
    document = table_json()
    mistake(document)
    problems = refused(str(written(document, tmp_path / "t.json")))
    located = [problem for problem in problems if f": {field}: " in problem]
    assert located, problems
    assert located[0].startswith(f"{tmp_path / 't.json'}:") and said in located[0], located[0]


def of_kind(found: list[dict[str, Any]], kind: str) -> list[tuple[str, str | None, str, str, str | None]]:
    return [
        (None if f["path"] is None else "/".join(f["path"]), f["payer"], f["expected"], f["found"], f.get("key"))
        for f in found
        if f["kind"] == kind
    ]


class TestEachLineByItsOwnKey:
    def test_a_figure_outside_its_key_is_found_and_named(self, tmp_path):
        document = table_json()
        figures = document["rows"][INSPEKTOR]["allocation"]
        figures.update(divaca="1", sezana=str(int(figures["sezana"]) - 1))  # the row still adds up
        found = findings(str(written(document, tmp_path / "t.json")))
        assert of_kind(found, "outside_key") == [("skupna-uprava/inspektor", "divaca", "0", "1", "obseg-dela")]
        assert ("skupna-uprava/inspektor", "sezana", "28800", "28799", "obseg-dela") in of_kind(found, "off_key")
        assert not of_kind(found, "row_sum")
        message = next(f["message"] for f in found if f["kind"] == "outside_key")
        assert "outside the row's key" in message and "obseg-dela" in message

    def test_figures_right_by_the_default_key_are_wrong_by_the_lines_own(self, tmp_path):
        """The inspector's 48,000 split by the payers' shares adds up, and every figure is off its own key."""
        document = table_json()
        by_default = {"sezana": "24374", "divaca": "7848", "hrpelje-kozina": "8424", "komen": "7354"}
        assert sum(map(int, by_default.values())) == 48000
        for payer, figure in by_default.items():  # each the floor or ceiling of 48,000 x its share
            assert abs(Fraction(figure) - 48000 * Fraction(DEFAULT[payer]) / 100) < 1
        document["rows"][INSPEKTOR]["allocation"] = by_default
        found = findings(str(written(document, tmp_path / "t.json")))
        inspektor = [f for f in found if f["path"] == ["skupna-uprava", "inspektor"]]
        assert {(f["kind"], f["payer"]) for f in inspektor} == {
            ("off_key", "sezana"),  # 28,800 exactly
            ("off_key", "komen"),  # 19,200 exactly
            ("outside_key", "divaca"),
            ("outside_key", "hrpelje-kozina"),
        }

    def test_a_total_is_held_to_its_lines_exact_shares(self, tmp_path):
        """Skupna uprava's exact share for Divača is 0 (inšpektor) + 39,000 x 8.175% (redar) = 3,188.25: not the
        society's 87,000 x 16.35%, which the payers' shares alone would give."""
        document = table_json()
        society = document["rows"][1]
        assert society["path"] == ["skupna-uprava"] and society["allocation"]["divaca"] in ("3188", "3189")
        society["allocation"].update(divaca="3190", sezana=str(int(society["allocation"]["sezana"]) - 1))
        found = findings(str(written(document, tmp_path / "t.json")))
        assert ("skupna-uprava", "divaca", "3188.25", "3190", None) in of_kind(found, "off_key")

    def test_a_key_that_does_not_sum_to_100_is_named(self, tmp_path):
        document = table_json()
        document["keys"][1]["shares"]["komen"] = "26"
        path = written(document, tmp_path / "t.json")
        assert of_kind(findings(str(path)), "key_sum") == [(None, None, "100", "101", "enako")]
        markdown = run("check", str(path), "-f", "markdown", "--lang", "en").stdout
        assert "the key does not sum to 100%" in markdown  # no corrected figures: nothing is guessed

    def test_the_corrected_table_splits_each_line_by_its_key(self, tmp_path):
        from sofin.pipeline import check_table

        document = table_json()
        figures = document["rows"][INSPEKTOR]["allocation"]
        figures.update(divaca="100", komen=str(int(figures["komen"]) - 100))
        report = check_table(written(document, tmp_path / "t.json"), None, None)
        assert report.findings and report.corrected.prevented_by is None
        keys = {"default": DEFAULT, "enako": ENAKO, "obseg-dela": OBSEG, "mesano": MESANO}
        rows = report.corrected.rows
        for path, key in LINE_KEYS.items():
            total = rows[path].total
            for payer, figure in zip(PAYERS, rows[path].figures):
                exact = Fraction(total) * Fraction(keys[key][payer]) / 100
                assert figure in (int(exact), -(-exact // 1)), (path, payer)  # its floor or ceiling: 0 outside
        for path, row in rows.items():  # every total the sum of the rows beneath it, payer by payer
            kids = [kid for kid in rows if len(kid) == len(path) + 1 and kid[: len(path)] == path]
            if kids:
                assert list(row.figures) == [sum(rows[kid].figures[i] for kid in kids) for i in range(len(PAYERS))]
        assert rows[("skupna-uprava", "inspektor")].figures == (28800, 0, 0, 19200)


def keyed_csv(plain: str, document: dict[str, Any], delimiter: str = ",") -> str:
    """sofin's CSV of the table with the key column the shared contract fixes (`key` after `projected`: a line's
    key by name, empty for a total), made here from the plain CSV and the JSON's row keys."""
    keys = {"/".join(row["path"]): row.get("key", "") for row in document["rows"]}
    bom = "\ufeff" if plain.startswith("\ufeff") else ""
    records = list(csv.reader(io.StringIO(plain.removeprefix(bom), newline=""), delimiter=delimiter))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if bom else "\n")
    for index, record in enumerate(records):
        if record and record[0].startswith("#"):
            writer.writerow(record)
        else:
            writer.writerow([*record[:4], KEY_COLUMN if index == 0 else keys[record[1]], *record[4:]])
    return bom + out.getvalue()


def csv_table(tmp_path: Path, dialect: str = "plain") -> tuple[Path, dict[str, Any]]:
    result = run("allocate", "2025", "-s", str(UPRAVA), "-f", "csv", "--dialect", dialect)
    assert result.exit_code == 0, result.output
    document = table_json()
    text = result.stdout
    if KEY_COLUMN not in text.splitlines()[0].replace(";", ",").split(","):
        text = keyed_csv(text, document, ";" if dialect == "sl" else ",")
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path, document


class TestKeyedCsv:
    @pytest.mark.parametrize("dialect", ["plain", "sl"])
    def test_checks_clean_with_the_strategys_keys(self, tmp_path, dialect):
        path, _ = csv_table(tmp_path, dialect)
        assert findings(str(path), "-s", str(UPRAVA), "--year", "2025") == []

    def test_a_figure_outside_its_key_is_found(self, tmp_path):
        path, _ = csv_table(tmp_path)
        text = path.read_text(encoding="utf-8")
        line = next(line for line in text.splitlines() if line.startswith("2,skupna-uprava/inspektor,"))
        assert line.endswith(",obseg-dela,48000,28800,0,0,19200")
        path.write_text(text.replace(line, line.replace(",28800,0,", ",28799,1,")), encoding="utf-8")
        found = findings(str(path), "-s", str(UPRAVA), "--year", "2025")
        assert of_kind(found, "outside_key") == [("skupna-uprava/inspektor", "divaca", "0", "1", "obseg-dela")]

    def test_without_the_strategy_it_is_refused_where_a_key_is_first_named(self, tmp_path):
        path, _ = csv_table(tmp_path)
        lines = path.read_text(encoding="utf-8").splitlines()
        number, line = next((n, line) for n, line in enumerate(lines, start=1) if ",obseg-dela," in line)
        column = line.index("obseg-dela") + 1
        problems = refused(str(path))
        field = f"rows[{INSPEKTOR}].key"
        assert any(problem.startswith(f"{path}:{number}:{column}: {field}: key 'obseg-dela'") for problem in problems)
        assert all("-s" in problem for problem in problems)
        assert {problem.split("'")[1] for problem in problems} == {"obseg-dela", "mesano", "enako"}

    def test_the_year_given_chooses_the_keys(self, write, tmp_path):
        """A key that changes from 2026 on: the 2025 table is checked by 2025's percents, not 2026's."""
        example = UPRAVA.read_text(encoding="utf-8")
        text = example.replace(
            "  obseg-dela: {sezana: 60, komen: 40}",
            "  obseg-dela: {2025: {sezana: 60, komen: 40}, 2026: {sezana: 70, komen: 30}}",
        )
        assert text != example
        strategy = write(text, "uprava.yaml")
        path, _ = csv_table(tmp_path)
        assert findings(str(path), "-s", str(strategy), "--year", "2025") == []
        found = findings(str(path), "-s", str(strategy), "--year", "2026")
        assert ("skupna-uprava/inspektor", "sezana", "33600", "28800", "obseg-dela") in of_kind(found, "off_key")


# Issue 24, review of the change (findings 4, 5 and 6): what check refused too little, or said wrong.

BY_YEAR_KEY = "  obseg-dela: {2025: {sezana: 60, komen: 40}, 2026: {sezana: 70, komen: 30}}"


def by_year_strategy(write: Any) -> Path:
    """The example with obseg-dela changing from 2026 on (70/30 instead of 60/40)."""
    text = UPRAVA.read_text(encoding="utf-8")
    assert "  obseg-dela: {sezana: 60, komen: 40}" in text
    return write(text.replace("  obseg-dela: {sezana: 60, komen: 40}", BY_YEAR_KEY), "uprava.yaml")


def where_first(path: Path, cell: str) -> tuple[int, int]:
    """The line and column (1-based) of the first cell `cell` of the CSV `path`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number, line = next((n, line) for n, line in enumerate(lines, start=1) if f",{cell}," in line)
    return number, line.index(f",{cell},") + 2


def mix_of_a_mix(document: dict[str, Any]) -> None:
    """mesano made half of `m2`, a new mix that is mesano itself: percents right, parts a cycle."""
    mesano = document["keys"][3]
    document["keys"].append({"name": "m2", "shares": dict(mesano["shares"]), "mix": {"mesano": "100"}})
    mesano["mix"] = {"m2": "50", "default": "25", "obseg-dela": "25"}
    mesano["shares"] = {payer: f"{(DEFAULT[payer] + OBSEG[payer]) / 2:f}" for payer in PAYERS}  # as before


def payer_named(document: dict[str, Any], payer: str, name: str) -> dict[str, Any]:
    renamed: dict[str, Any] = json.loads(json.dumps(document).replace(f'"{payer}"', f'"{name}"'))
    return renamed


class TestTheTablesKeysFollowTheStrategysRules:
    """Finding 4: a table of format 2 whose keys the strategy loader would refuse is refused too, located."""

    @pytest.mark.parametrize(
        ("mistake", "field", "said"),
        [
            # A mix of itself is trivially its own weighted sum: only the cycle shows it.
            (lambda d: d["keys"][3].update(mix={"mesano": "100"}), "keys[3].mix.mesano", "mesano → mesano"),
            (mix_of_a_mix, "keys[3].mix.m2", "made of itself: mesano → m2 → mesano"),
            (lambda d: d["keys"][1].update(name="mix"), "keys[1].name", "'mix' is reserved"),
            (lambda d: d["keys"][0].update(mix={"obseg-dela": "100"}), "keys[0].mix", "not a mix"),
            (lambda d: d["rows"][0].update(key="enako"), "rows[0].key", "a total"),
            (lambda d: d["rows"][1].update(key="obseg-dela"), "rows[1].key", "sum of its rows"),
        ],
    )
    def test_it_is_refused_where_it_is(self, tmp_path, mistake, field, said):
        assert_refused_at(tmp_path, mistake, field, said)

    def test_a_payer_may_not_be_named_as_a_key_is(self, tmp_path):
        document = payer_named(table_json(), "divaca", "default")
        problems = refused(str(written(document, tmp_path / "t.json")))
        assert any(": payers[1].id: 'default' is reserved" in problem for problem in problems), problems

    def test_the_same_table_as_sofin_wrote_it_still_reads(self, tmp_path):
        """The rules refuse the mistakes only: sofin's own table, a mix of a mix included, checks clean."""
        document = table_json()
        assert findings(str(written(document, tmp_path / "t.json"))) == []


class TestKeyedCsvMistakes:
    """Finding 5: a keyed CSV's mistakes said where they are, in words that fit what was given."""

    def test_a_key_the_strategy_given_lacks_says_so_with_the_near_one(self, tmp_path):
        path, _ = csv_table(tmp_path)
        number, column = where_first(path, "mesano")
        path.write_text(path.read_text(encoding="utf-8").replace(",mesano,", ",mesan,"), encoding="utf-8")
        problems = refused(str(path), "-s", str(UPRAVA), "--year", "2025")
        assert problems == [
            f"{path}:{number}:{column}: rows[3].key: 'mesan' is not a key of the strategy given; did you mean "
            "'mesano'? Keys: default, enako, obseg-dela, mesano"
        ]

    @pytest.mark.parametrize(("row", "level"), [(0, "0,,"), (1, "1,skupna-uprava,")])
    def test_a_key_on_a_total_is_refused(self, tmp_path, row, level):
        path, _ = csv_table(tmp_path)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        number = next(n for n, line in enumerate(lines, start=1) if line.startswith(level))
        cells = lines[number - 1].split(",")
        assert cells[4] == ""  # a total names no key
        lines[number - 1] = ",".join([*cells[:4], "enako", *cells[5:]])
        path.write_text("".join(lines), encoding="utf-8")
        column = len(",".join(cells[:4])) + 2
        problems = refused(str(path), "-s", str(UPRAVA), "--year", "2025")
        assert len(problems) == 1
        assert problems[0].startswith(f"{path}:{number}:{column}: rows[{row}].key: a total"), problems

    def test_a_wrong_header_names_the_keyed_one_too(self, tmp_path):
        path, _ = csv_table(tmp_path)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(",key,", ",KEY,", 1), encoding="utf-8")
        (problem,) = refused(str(path), "-s", str(UPRAVA), "--year", "2025")
        assert "level,path,label,projected,key,total" in problem, problem

    @pytest.mark.parametrize(
        ("lang", "keyed", "plain"),
        [
            ("en", "Keys' percents: from the table", "Key shares: from the table"),
            ("sl", "Odstotki ključev: iz tabele", "Deleži po ključu: iz tabele"),
        ],
    )
    def test_the_report_speaks_of_keys_for_a_table_with_keys(self, tmp_path, lang, keyed, plain):
        path = written(table_json(), tmp_path / "t.json")
        result = run("check", str(path), "--lang", lang)
        assert result.exit_code == 0, result.output
        assert keyed in result.stdout.splitlines() and plain not in result.stdout
        shipped = ROOT / "data" / "published" / "2025.json"
        assert plain in run("check", str(shipped), "--lang", lang).stdout.splitlines()


class TestKeyedCsvWithoutYear:
    """Finding 6: a CSV names no year. With keys that are the same in every year of the period, -s alone
    checks it against them and says it was not compared; with keys that change, it asks for --year."""

    def test_keys_the_same_in_every_year_check_it_without_comparing(self, tmp_path):
        path, _ = csv_table(tmp_path)
        result = run("check", str(path), "-s", str(UPRAVA), "--lang", "en")
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert f"{path}: the table reconciles, no discrepancies." in lines
        assert "The table names no year: the keys' percents of 2025, the same in every year 2025-2027" in lines
        assert "Not compared with sofin's allocation, as the table names no year: give --year" in lines
        report = json.loads(run("check", str(path), "-s", str(UPRAVA), "-f", "json").stdout)
        assert_valid("check", report)
        assert (report["keys_year"], report["compared"], report["findings"]) == (2025, False, [])
        given_year = json.loads(run("check", str(path), "-s", str(UPRAVA), "--year", "2025", "-f", "json").stdout)
        assert "keys_year" not in given_year and "compared" not in given_year

    def test_keys_the_same_in_every_year_still_find_a_figure_outside_its_key(self, tmp_path):
        path, _ = csv_table(tmp_path)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(",obseg-dela,48000,28800,0,", ",obseg-dela,48000,28799,1,"), encoding="utf-8")
        found = findings(str(path), "-s", str(UPRAVA))
        assert of_kind(found, "outside_key") == [("skupna-uprava/inspektor", "divaca", "0", "1", "obseg-dela")]

    def test_a_key_that_changes_asks_for_the_year_where_a_row_names_it(self, write, tmp_path):
        strategy = by_year_strategy(write)
        path, _ = csv_table(tmp_path)
        said = "change by year in the strategy (2026) and a CSV names no year: give the table's year with --year"
        number, column = where_first(path, "obseg-dela")
        mix_number, mix_column = where_first(path, "mesano")  # a mix of obseg-dela changes with it
        assert refused(str(path), "-s", str(strategy)) == [
            f"{path}:{number}:{column}: rows[{INSPEKTOR}].key: the percents of key 'obseg-dela' {said}",
            f"{path}:{mix_number}:{mix_column}: rows[{INSPEKTOR + 1}].key: the percents of key 'mesano' {said}",
        ]
        assert findings(str(path), "-s", str(strategy), "--year", "2025") == []

    def test_without_s_a_key_that_changes_is_not_taken_from_the_base_year(self, write, tmp_path, monkeypatch):
        """The strategy named by SOFIN_STRATEGY, a table of 2026: the base year's 60/40 would find 70/30 wrong."""
        strategy = by_year_strategy(write)
        result = run("allocate", "2026", "-s", str(strategy), "-f", "csv")
        assert result.exit_code == 0, result.output
        path = tmp_path / "t2026.csv"
        path.write_text(result.stdout, encoding="utf-8")
        assert findings(str(path), "-s", str(strategy), "--year", "2026") == []
        monkeypatch.setenv("SOFIN_STRATEGY", str(strategy))
        problems = refused(str(path))
        assert [problem.split("'")[1] for problem in problems] == ["obseg-dela", "mesano"], problems
        assert all("give the table's year with --year" in problem for problem in problems), problems

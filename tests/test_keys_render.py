"""Issue 24 item 3: the outputs people read, and the CSV, show which key each line uses.

The example is examples/skupna_uprava.yaml (the issue's joint administration and a second society). What
each line's key is, and each key's percents, are worked out here from the YAML itself, independently of
sofin's keys.py: a line's own key, else its society's, else `default`; a mix's percent the weighted sum of
its parts' percents, in exact fractions.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from fractions import Fraction

import pytest
import yaml
from rich.console import Console

from sofin.pipeline import allocate_year
from sofin.render.allocate.table import print_table
from sofin.words import Language

from .helpers import GOLDEN, ROOT, UPDATE, assert_golden, run, update_golden
from .helpers.keyed import DEEP_MIXES
from .helpers.workbooks import load, recalculated

UPRAVA = ROOT / "examples" / "skupna_uprava.yaml"
NBSP = "\u00a0"


def strategy_text() -> dict:
    return yaml.safe_load(UPRAVA.read_text(encoding="utf-8"))


def expected_keys(document: dict) -> dict[str, str]:
    """Each line's key by path, from the YAML: the line's own, else its society's, else `default`."""
    return {
        f"{society['id']}/{line['id']}": line.get("key") or society.get("key") or "default"
        for society in document["societies"]
        for line in society["lines"]
    }


def expected_percents(document: dict) -> dict[str, list[Fraction]]:
    """Every key's percent for each payer in column order, exactly (a mix: the weighted sum of its parts)."""
    payers = [payer["id"] for payer in document["payers"]]
    percents = {"default": [Fraction(str(payer["share"])) for payer in document["payers"]]}
    keys = document.get("keys", {})

    def of(name: str) -> list[Fraction]:
        if name not in percents:
            entry = keys[name]
            if "mix" in entry:
                parts = [(Fraction(str(weight)) / 100, of(part)) for part, weight in entry["mix"].items()]
                percents[name] = [sum((w * p[i] for w, p in parts), Fraction(0)) for i in range(len(payers))]
            else:
                percents[name] = [Fraction(str(entry.get(payer, 0))) for payer in payers]
        return percents[name]

    return {name: of(name) for name in ("default", *keys)}


def decimal_text(value: Fraction, comma: bool = True) -> str:
    """An exact percent's every decimal (at least two), written by hand: no Decimal context to round it."""
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    digits = str(abs(value.numerator * 10**places // value.denominator)).rjust(places + 1, "0")
    whole, fraction = digits[: len(digits) - places] if places else digits, digits[len(digits) - places :]
    fraction = fraction.ljust(2, "0")
    return f"{whole}{',' if comma else '.'}{fraction}"


def output(*args: str) -> str:
    result = run("allocate", "2025", "-s", str(UPRAVA), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def narrow(width: int, lang: str = "sl") -> str:
    console = Console(width=width, file=io.StringIO(), force_terminal=False, color_system=None)
    print_table(console, allocate_year(UPRAVA, 2025), Language(lang))
    return console.file.getvalue()  # type: ignore[attr-defined]


def assert_golden_bytes(name: str, data: bytes) -> None:
    """assert_golden for bytes (a spreadsheet's CSV: BOM and CRLF kept, which reading as text would not)."""
    path = GOLDEN / name
    if UPDATE:
        update_golden(path, data)
    assert data == path.read_bytes(), f"{name} differs; if intended, rerun with SOFIN_UPDATE_GOLDEN=1"


class TestGoldens:
    @pytest.mark.parametrize(("args", "golden"), [
        ((), "keys_uprava_2025.txt"), (("--lang", "en"), "keys_uprava_2025_en.txt"),
        (("-f", "markdown"), "keys_uprava_2025.md"), (("-f", "html"), "keys_uprava_2025.html"),
        (("-f", "csv"), "keys_uprava_2025.csv"),
    ])  # fmt: skip
    def test_output_is_the_golden_file(self, args, golden):
        assert_golden(golden, output(*args))

    def test_the_spreadsheet_csv_is_the_golden_file(self, tmp_path):
        target = tmp_path / "sl.csv"
        output("-f", "csv", "--dialect", "sl", "-o", str(target))
        assert_golden_bytes("keys_uprava_2025_sl.csv", target.read_bytes())

    @pytest.mark.parametrize("width", [60, 100])
    def test_a_narrow_terminal_is_the_golden_file(self, width):
        """At 100 columns the keys stand in a column beside the labels; at 60 each label, its key after it,
        stands on a line of its own above its figures."""
        assert_golden(f"keys_uprava_2025_narrow{width}.txt", narrow(width))


class TestKeyColumn:
    def test_each_line_names_its_key_beside_its_label_and_totals_none(self):
        keys = expected_keys(strategy_text())
        labels = {line["label"]: f"{society['id']}/{line['id']}" for society in strategy_text()["societies"]
                  for line in society["lines"]}  # fmt: skip
        lines = output().splitlines()
        header = next(line for line in lines if "SKUPAJ" in line and "KLJUČ" in line)
        column = header.index("KLJUČ")
        seen = {}
        for line in lines:
            label = line[:column].strip()
            if label in labels:
                seen[labels[label]] = line[column:].split()[0]
            elif label in ("Skupna uprava", "Svet", "SKUPAJ OBČINE"):
                assert line[column] == " " and line[column:].split()[0][0].isdigit(), line  # a total: no key
        assert seen == keys

    def test_markdown_and_html_put_the_key_in_the_second_column(self):
        keys = list(expected_keys(strategy_text()).values())
        markdown = [line.split(" | ") for line in output("-f", "markdown").splitlines() if line.startswith("| ")]
        assert markdown[0][1] == "KLJUČ"
        assert [row[1] for row in markdown[1:] if row[1] and not row[0].startswith("| **")] == keys
        html = output("-f", "html")
        assert [key for part in html.split('<td class="key">')[1:] if (key := part.split("<")[0])] == keys
        assert '<th scope="col" class="key">KLJUČ</th><th scope="col">SKUPAJ</th>' in html

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_the_plain_layout_is_richs(self, lang):
        """The key column laid out by render/section4.py is what rich lays out (as tests/test_render.py checks
        for a table of one key), with the legend under it."""
        from sofin.render.allocate.table import render_table
        from sofin.render.text import plain_text

        from .helpers.section4 import allocation_table

        allocation = allocate_year(UPRAVA, 2025)
        table, below = allocation_table(allocation, Language(lang))
        assert render_table(allocation, Language(lang)) == plain_text(table, *below)

    @pytest.mark.parametrize("width", [40, 60, 80, 100])  # the table is 114 wide
    def test_a_narrow_terminal_cuts_nothing_and_names_every_key(self, width):
        text = narrow(width)
        assert all(len(line) <= width for line in text.splitlines()), text
        for key in set(expected_keys(strategy_text()).values()):
            assert key in text

    @pytest.mark.parametrize("lang", ["sl", "en"])
    @pytest.mark.parametrize("width", [40, 60, 80, 100])
    def test_a_narrow_legend_names_the_key_column_only_where_it_is_shown(self, width, lang):
        """Issue 24 review: where each line's key follows its label, the legend's heading names no column."""
        column, named, after = {
            "sl": ("KLJUČ", "(stolpec KLJUČ)", "Ključi delitve (v oklepaju za vrstico), odstotki po občinah:"),
            "en": ("KEY", "(column KEY)", "Keys (in brackets after each line), percent by municipality:"),
        }[lang]
        table, legend = narrow(width, lang).split("\n\n" + after[:4])
        shown = column in table.split()
        words = " ".join((after[:4] + legend).split())  # the heading wrapped at the width
        assert (named in words) == shown and words.startswith(after) != shown, (width, words[:80])
        assert shown == (width >= 80)  # the table is 114 wide: at 60 and less the labels stand alone


class TestLegend:
    def test_every_key_with_every_payers_percent_in_the_locales_format(self):
        document = strategy_text()
        names = [payer["name"] for payer in document["payers"]]
        text = output()
        for name, percents in expected_percents(document).items():
            listed = ", ".join(f"{payer} {decimal_text(p)}{NBSP}%" for payer, p in zip(names, percents))
            assert f": {listed}\n" in text, name
        assert "mesano = 50\u00a0% default + 50\u00a0% obseg-dela: Občina Sežana 55,39\u00a0%" in text
        assert "default (osnovni ključ: deleži občin v glavi tabele): Občina Sežana 50,78\u00a0%" in text

    def test_english_writes_percents_as_english_does(self):
        text = output("--lang", "en")
        assert "mesano = 50% default + 50% obseg-dela: Občina Sežana 55.39%, Občina Divača 8.175%" in text
        assert "obseg-dela: Občina Sežana 60.00%, Občina Divača 0.00%" in text

    def test_a_mix_of_mixes_shows_every_decimal(self, tmp_path):
        """A mix of a mix has more digits than Decimal's 28 (Babel quantized in that context and raised):
        the legend of every format for people shows them all."""
        strategy = tmp_path / "many.yaml"
        strategy.write_text(DEEP_MIXES, encoding="utf-8")
        percents = expected_percents(yaml.safe_load(DEEP_MIXES))["m3"]
        assert all(len(decimal_text(p)) > 30 for p in percents)  # beyond the default context's precision
        for args in ((), ("-f", "markdown"), ("-f", "html")):
            result = run("allocate", "2025", "-s", str(strategy), *args)
            assert result.exit_code == 0, result.output
            assert f"Občina A {decimal_text(percents[0])}{NBSP}%, Občina B {decimal_text(percents[1])}" in result.stdout
        result = run("allocate", "2025", "-s", str(strategy), "-f", "xlsx", "-o", str(tmp_path / "many.xlsx"))
        assert result.exit_code == 0, result.output
        assert f"Občina A {decimal_text(percents[0])}{NBSP}%" in _texts(load((tmp_path / "many.xlsx").read_bytes()))

    def test_a_table_without_keys_has_no_key_column_and_no_legend(self):
        text = run("allocate", "2025").stdout
        assert "KLJUČ" not in text and "Ključi delitve" not in text


class TestCsv:
    @pytest.mark.parametrize("dialect", ["plain", "sl"])
    def test_the_key_column_after_projected_a_lines_key_a_totals_empty(self, dialect, tmp_path):
        import pandas

        target = tmp_path / "table.csv"
        output("-f", "csv", "--dialect", dialect, "-o", str(target))
        sl = dialect == "sl"
        frame = pandas.read_csv(
            target, comment="#", sep=";" if sl else ",", decimal="," if sl else ".", dtype={"key": str},
            keep_default_na=False, encoding="utf-8-sig",
        )  # fmt: skip
        payers = [payer["id"] for payer in strategy_text()["payers"]]
        assert list(frame.columns) == ["level", "path", "label", "projected", "key", "total", *payers]
        keys = dict(zip(frame["path"], frame["key"]))
        lines = expected_keys(strategy_text())
        assert {path: key for path, key in keys.items() if path in lines} == lines
        assert all(key == "" for path, key in keys.items() if path not in lines)
        for _, row in frame.iterrows():
            assert sum(int(row[payer]) for payer in payers) == int(row["total"])

    def test_the_keys_percents_follow_the_data_on_comment_lines(self):
        text = output("-f", "csv")
        notes = [row[1] for row in csv.reader(io.StringIO(text)) if row and row[0] == "#"]
        assert notes[0] == "Ključi delitve (stolpec key), odstotki po občinah:"
        assert notes[1].startswith("default (osnovni ključ")
        assert notes[4].startswith("mesano = 50\u00a0% default + 50\u00a0% obseg-dela: Občina Sežana 55,39\u00a0%")

    def test_a_csv_without_keys_keeps_its_header(self):
        assert run("allocate", "2025", "-f", "csv").stdout.startswith("level,path,label,projected,total,sezana,")


def _texts(book) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for cell in row if cell is not None)  # fmt: skip


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> bytes:
    target = tmp_path_factory.mktemp("keys") / "uprava.xlsx"
    output("-f", "xlsx", "-o", str(target))
    return target.read_bytes()


class TestWorkbook:
    def test_the_overview_names_each_lines_key_in_column_b(self, workbook):
        sheet = load(workbook)["Pregled 2025"]
        assert [sheet.cell(3, column).value for column in range(2, 8)] == [
            "KLJUČ", "SKUPAJ", "OBČINA SEŽANA", "OBČINA DIVAČA", "OBČINA HRPELJE-KOZINA", "OBČINA KOMEN",
        ]  # fmt: skip
        assert [sheet.cell(4, column).value for column in range(4, 8)] == [50.78, 16.35, 17.55, 15.32]
        labels = [sheet.cell(row, 1).value for row in range(5, 12)]
        keys = [sheet.cell(row, 2).value for row in range(5, 12)]
        by_label = {line["label"]: key for line, key in zip(
            (line for society in strategy_text()["societies"] for line in society["lines"]),
            expected_keys(strategy_text()).values())}  # fmt: skip
        assert keys == [by_label.get(label) for label in labels]
        assert labels[-1] == "SKUPAJ OBČINE" and keys[-1] is None

    def test_the_legend_stands_under_the_overview_and_the_exact_shares(self, workbook):
        book = load(workbook)
        for name in ("Pregled 2025", "Točni deleži"):
            texts = [row[0] for row in book[name].iter_rows(values_only=True) if row[0]]
            at = texts.index("Ključi delitve (stolpec KLJUČ), odstotki po občinah:")
            assert texts[at + 1].startswith("default (") and texts[at + 4].startswith("mesano = 50")
        exact = book["Točni deleži"]
        inspektor = next(row for row in exact.iter_rows(values_only=True) if row[0] == "Inšpektor")
        assert inspektor[1:] == ("obseg-dela", 48000, 28800, 0, 0, 19200)  # 60 % and 40 % of 48.000, exactly

    def test_libreoffice_recalculates_every_total_to_sofins_figure(self, workbook, tmp_path):
        """The figures moved a column right: every SUM and every municipality's sheet still points at them."""
        book = recalculated(workbook, tmp_path)
        allocation = allocate_year(UPRAVA, 2025)
        grand_total, *rest = allocation.rows
        sheet = book["Pregled 2025"]
        for offset, row in enumerate([*rest, grand_total]):
            values = [Decimal(str(sheet.cell(5 + offset, column).value)) for column in range(3, 8)]
            assert values == [row.total, *row.allocation], row.path
        societies = [row for row in allocation.rows if row.level == 1]
        for column, payer in enumerate(allocation.payers):
            amounts = [Decimal(str(book[payer.name].cell(4 + i, 2).value)) for i in range(len(societies) + 1)]
            assert amounts == [row.allocation[column] for row in societies] + [grand_total.allocation[column]]


class TestOtherCommands:
    """plan and payments work unchanged on a keyed strategy: the default key's percents, no key column."""

    @pytest.mark.parametrize("output_format", ["table", "markdown", "csv", "json", "xlsx"])
    def test_plan(self, output_format, tmp_path):
        result = run("plan", "-s", str(UPRAVA), "-f", output_format, "-o", str(tmp_path / "plan"))
        assert result.exit_code == 0, result.output

    @pytest.mark.parametrize("output_format", ["table", "markdown", "csv", "json", "ledger", "xlsx"])
    @pytest.mark.parametrize("payer", ["divaca", "komen"])
    def test_payments(self, output_format, payer, tmp_path):
        result = run("payments", "2025", "-p", payer, "-s", str(UPRAVA), "-f", output_format,
                     "-o", str(tmp_path / "payments"))  # fmt: skip
        assert result.exit_code == 0, result.output

    def test_payments_of_a_payer_outside_a_societys_key(self, tmp_path):
        """Divača pays nothing to a society all of whose lines leave it out: its contract is 0, in 0s."""
        strategy = tmp_path / "outside.yaml"
        example = UPRAVA.read_text(encoding="utf-8")
        assert example.count("key: mesano") == 1  # redar's, the one line of the society not by obseg-dela
        strategy.write_text(example.replace("key: mesano", "key: obseg-dela"), "utf-8")
        result = run("payments", "2025", "-p", "divaca", "-s", str(strategy), "--schedule", "quarterly")
        assert result.exit_code == 0, result.output
        row = next(line for line in result.stdout.splitlines() if line.strip().startswith("Skupna uprava"))
        assert row.split()[2:] == ["0"] * 5


def test_decimal_text_writes_what_it_is_given() -> None:
    """The test's own writer of exact percents, against numbers whose digits are known."""
    assert decimal_text(Fraction(5539, 100)) == "55,39"
    assert decimal_text(Fraction(8175, 1000), comma=False) == "8.175"
    assert decimal_text(Fraction(60)) == "60,00"
    assert decimal_text(Fraction(1, 2**40)) == "0," + format(Decimal(5**40).scaleb(-40), "f").split(".")[1]

"""`sofin check`: every discrepancy of a table, and nothing else; exit 0, 1 or 2."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest
from typer.testing import CliRunner

from sofin.cli import app
from sofin.pipeline import check_table
from sofin.render import CheckFormat
from sofin.render.check import render_check
from sofin.words import Language, catalogue

from .helpers import ROOT, STRATEGY_2025, assert_golden

PUBLISHED = ROOT / "data" / "published"
SECTION4 = PUBLISHED / "strategija_2025_section4.csv"
SECTION4_TEXT = ROOT / "data" / "published" / "strategija_2025_section4.txt"  # section 4 of the strategy's text

runner = CliRunner()


def check(*args: str):
    return runner.invoke(app, ["check", *args])


def findings_of(*args: str) -> set[tuple]:
    result = check(*args, "--format", "json")
    document = json.loads(result.stdout)
    return {
        (f["kind"], "/".join(f["path"]) if f["path"] is not None else None, f["payer"], f["expected"], f["found"])
        for f in document["findings"]
    }


class TestPrintedSection4:
    def test_transcription_is_the_printed_table(self):
        """Every number of the CSV stands, in order, in section 4 of the strategy's text."""
        text = SECTION4_TEXT.read_text(encoding="utf-8")
        section = text[text.index("PREGLED SOFINANCIRANJA DEJAVNOSTI DRUŠTEV V LETU 2025") :]
        section = section[section.index("15,32 %") + len("15,32 %") : section.index("*Občina Sežana")]
        printed = [int(n.replace(".", "")) for n in re.findall(r"\b\d{1,3}(?:\.\d{3})*\b(?![,%])", section)]
        rows = [line.split(",") for line in SECTION4.read_text(encoding="utf-8").splitlines()[2:]]
        assert printed == [int(cell) for row in rows for cell in row[3:]]

    def test_every_discrepancy_and_nothing_else(self):
        """The twelve discrepancies found by hand, each with its reason; no others."""
        assert findings_of(str(SECTION4)) == {
            # Rows whose municipalities' figures do not add up to the row's total:
            ("row_sum", "po-moc/programme", None, "6721", "6722"),  # 3413+1099+1180+1030
            ("row_sum", "vezi/staff", None, "46968", "46967"),  # 23850+7679+8243+7195
            ("row_sum", "vezi/programme", None, "4568", "4569"),  # 2320+747+802+700
            ("row_sum", "rk-sezana/staff", None, "51438", "51437"),  # 26120+8410+9027+7880
            ("row_sum", "rk-sezana/programme", None, "10674", "10673"),  # 5420+1745+1873+1635
            ("row_sum", "mdpm-sezana/staff", None, "47169", "47168"),  # 23952+7712+8278+7226
            # A society's or the grand total's figure that is not the sum of the figures beneath it:
            ("parent_sum", "po-moc", "hrpelje-kozina", "2066", "2065"),  # 886+1180
            ("parent_sum", "rk-sezana", "hrpelje-kozina", "10900", "10901"),  # 9027+1873
            ("parent_sum", "rk-sezana", "komen", "9515", "9516"),  # 7880+1635
            ("parent_sum", "mdpm-sezana", "komen", "10603", "10604"),  # 7226+3377
            ("parent_sum", "", "divaca", "31821", "31822"),  # 1924+8426+10155+11316
            ("parent_sum", "", "komen", "29818", "29817"),  # 1803+7895+9516+10604
            # Every printed figure is the floor or ceiling of its exact share, on the euro grid;
            # all totals add up (lines to societies to 194.630); the key sums to 100 %.
        }

    def test_exit_code_1_and_the_council_report(self):
        """Not reconciling exits 1; the Markdown report in Slovenian shows the corrected figures."""
        result = check(str(SECTION4.relative_to(ROOT)), "--format", "markdown")
        assert result.exit_code == 1
        assert_golden("check_section4.md", result.stdout)


class TestOwnPublishedTables:
    @pytest.mark.parametrize("name", ["2025.json", "2025.csv"])
    def test_committed_table_is_what_sofin_prints_now(self, name):
        """data/published/ holds exactly today's `sofin allocate 2025` output."""
        output_format = name.rsplit(".", 1)[1]
        result = runner.invoke(app, ["allocate", "2025", "--format", output_format])
        assert result.stdout == (PUBLISHED / name).read_text(encoding="utf-8")

    @pytest.mark.parametrize("name", ["2025.json", "2025.csv"])
    def test_committed_table_reconciles(self, name):
        result = check(str(PUBLISHED / name))
        assert result.exit_code == 0, result.stdout
        assert "tabela je usklajena" in result.stdout

    def test_csv_without_a_stamp_is_compared_by_its_figures(self):
        """A CSV has no room for provenance: compared with the shipped strategy, its figures agree."""
        result = check(str(PUBLISHED / "2025.csv"), "--year", "2025")
        assert result.exit_code == 0, result.stdout

    def test_agrees_with_the_strategy_and_its_stamp(self):
        """Against the strategy and year it was made from: no difference, the stamp matches."""
        assert check(str(PUBLISHED / "2025.json"), "--strategy", str(STRATEGY_2025), "--year", "2025").exit_code == 0


class TestChangedTables:
    def test_one_figure_off_by_a_unit_names_that_row_and_payer(self, tmp_path):
        """A single euro moved breaks its row and its society's column; both name the row and payer.

        7680 is still the ceiling of the exact 7679,268, so the key rule itself holds.
        """
        document = json.loads((PUBLISHED / "2025.json").read_text(encoding="utf-8"))
        row = next(r for r in document["rows"] if r["path"] == ["vezi", "staff"])
        row["allocation"]["divaca"] = str(int(row["allocation"]["divaca"]) + 1)  # 7679 -> 7680, exact 7679.268
        changed = tmp_path / "changed.json"
        changed.write_text(json.dumps(document), encoding="utf-8")
        assert check(str(changed)).exit_code == 1
        assert findings_of(str(changed)) == {
            ("row_sum", "vezi/staff", None, "46968", "46969"),
            ("parent_sum", "vezi", "divaca", "8427", "8426"),
        }

    def test_printed_table_against_sofin_differs_where_sofin_rounds_otherwise(self):
        """--year alone compares with the shipped strategy: the ten cells the controlled rounding moves."""
        found = findings_of(str(SECTION4), "--year", "2025")
        differs = {
            (path, payer, expected, published) for kind, path, payer, expected, published in found if kind == "differs"
        }
        assert differs == {
            ("po-moc/programme", "hrpelje-kozina", "1179", "1180"),
            ("vezi/staff", "sezana", "23851", "23850"),
            ("vezi/programme", "sezana", "2319", "2320"),
            ("rk-sezana/staff", "hrpelje-kozina", "9028", "9027"),
            ("rk-sezana/programme", "komen", "1636", "1635"),
            ("mdpm-sezana", "divaca", "11317", "11316"),
            ("mdpm-sezana", "komen", "10603", "10604"),
            ("mdpm-sezana/staff", "sezana", "23953", "23952"),
            ("mdpm-sezana/programme", "sezana", "11194", "11195"),
            ("mdpm-sezana/programme", "divaca", "3605", "3604"),
        }
        assert {kind for kind, *_ in found} == {"row_sum", "parent_sum", "differs"}

    def test_comparison_with_another_year_lists_every_difference(self):
        """Checked against 2026, the 2025 table differs in every figure (2 % indexation)."""
        found = findings_of(str(PUBLISHED / "2025.json"), "--strategy", str(STRATEGY_2025), "--year", "2026")
        assert {kind for kind, *_ in found} == {"differs"}
        assert len(found) == 13 * 5  # 13 rows x (total + 4 municipalities)

    def test_stamp_of_another_strategy_file_is_named(self, tmp_path):
        """Same figures, but made from a different file: the stamp does not match."""
        edited = tmp_path / "strategy.yaml"
        edited.write_text(STRATEGY_2025.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        found = findings_of(str(PUBLISHED / "2025.json"), "--strategy", str(edited), "--year", "2025")
        assert [(kind, found_) for kind, _, _, _, found_ in found] == [
            ("stamp", json.loads((PUBLISHED / "2025.json").read_text())["provenance"]["strategy_sha256"])
        ]

    def test_off_grid_and_key_sum(self, tmp_path):
        """Cents in a whole-euro table and a key that does not sum to 100 are findings."""
        text = SECTION4.read_text(encoding="utf-8").replace(",15.32\n", ",15.30\n").replace(",773\n", ",773.5\n")
        changed = tmp_path / "t.csv"
        changed.write_text(text, encoding="utf-8")
        kinds = {(kind, path, payer) for kind, path, payer, _, _ in findings_of(str(changed))}
        assert ("key_sum", None, None) in kinds
        assert ("off_grid", "po-moc/staff", "komen") in kinds

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_a_key_that_does_not_sum_to_100_is_reported_in_every_format(self, tmp_path, lang):
        """The council report says why it has no corrected figures, instead of a traceback."""
        changed = tmp_path / "t.csv"
        changed.write_text(SECTION4.read_text(encoding="utf-8").replace(",15.32\n", ",15.30\n"), encoding="utf-8")
        for output_format in ("table", "json", "markdown"):
            result = check(str(changed), "--format", output_format, "--lang", lang)
            assert result.exit_code == 1, result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
        assert ("100\u00a0%" if lang == "sl" else "100%") in result.stdout.splitlines()[-1]


def test_cents_table_in_csv_reconciles_without_a_strategy(tmp_path, write):
    """A cents CSV carries its unit in how it writes amounts; no false off-grid findings."""
    cents = write(STRATEGY_2025.read_text(encoding="utf-8").replace("unit: 1", "unit: 0.01"))
    table = tmp_path / "cents.csv"
    assert runner.invoke(app, ["allocate", "2025", "-s", str(cents), "-f", "csv", "-o", str(table)]).exit_code == 0
    assert "5047.00" in table.read_text(encoding="utf-8")
    result = check(str(table))
    assert result.exit_code == 0, result.stdout


class TestUnreadableTables:
    @pytest.mark.parametrize(
        ("name", "content", "expected"),
        [
            ("t.json", '{"payers": [', "1:13: (document): YAML syntax"),
            ("t.json", '{"payers": [{"id": "a"}], "rows": [{"path": [], "total": "x1", "allocation": {"a": "1"}}]}',
             "1:58: rows[0].total: must be a decimal number such as 1234 or 1234.56, not 'x1'"),
            ("t.csv", "a,b\n", "1:1: (document): the header must be level,path,label,projected,total followed by one column per payer id"),
            ("t.csv", "level,path,label,total,a\n0,,Skupaj,10,1O\n", "2:14: rows[0].allocation.a: must be a decimal number"),
            ("t.csv", "level,path,label,total,a\n1,x,X,10,10\n", "2:1: rows: the grand total row (empty path) is missing"),
        ],
    )  # fmt: skip
    def test_exit_2_with_the_place(self, write, name, content, expected):
        """A table that cannot be read is exit 2, with FILE:LINE:COL, never a traceback."""
        path = write(content, name)
        result = check(str(path), "--strategy", str(STRATEGY_2025), "--year", "2025", "--lang", "en")
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"{path}:{expected}")

    def test_a_table_without_a_year_names_the_option_that_gives_one(self, write):
        """The core asks for the year to compare with; the command line names the option people type."""
        path = write("level,path,label,total,sezana,divaca,hrpelje-kozina,komen\n0,,Skupaj,100,51,16,18,15\n", "t.csv")
        result = check(str(path), "--strategy", str(STRATEGY_2025), "--lang", "en")
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{path}: --year: the table names no year: give the year to compare with\n")

    def test_missing_file(self, tmp_path):
        result = check(str(tmp_path / "none.json"), "--lang", "en")
        assert result.exit_code == 2 and "no such file" in result.stderr

    def test_other_formats_are_named(self, tmp_path):
        """A workbook or a PDF is not read as a table: the message says which formats are."""
        result = check(str(tmp_path / "2025.xlsx"), "--lang", "en")
        assert result.exit_code == 2 and "must be a .json or .csv file" in result.stderr


def test_a_total_off_the_unit_grid_is_a_finding_and_never_rounded_into_a_correction(tmp_path):
    """A line total of 773,5 in a table of whole euros: the report names it and corrects nothing by guessing."""
    text = SECTION4.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("2,po-moc/staff,"))
    cells = row.split(",")
    changed_row = ",".join([*cells[:3], cells[3] + ".5", *cells[4:-1], cells[-1] + ".5"])
    changed = tmp_path / "t.csv"
    changed.write_text(text.replace(row, changed_row), encoding="utf-8")
    kinds = {(kind, path, payer) for kind, path, payer, _, _ in findings_of(str(changed))}
    assert ("off_grid", "po-moc/staff", None) in kinds
    result = check(str(changed), "--format", "markdown", "--lang", "en")
    assert result.exit_code == 1
    assert (
        result.stdout.splitlines()[-1]
        == "The corrected figures cannot be computed: not every total is a whole number of units."
    )


def one_euro_moved(tmp_path, drop_name: str | None = None):
    """data/published/2025.json with Divača's figure for VEZI's staff a euro higher (optionally one payer unnamed)."""
    document = json.loads((PUBLISHED / "2025.json").read_text(encoding="utf-8"))
    row = next(r for r in document["rows"] if r["path"] == ["vezi", "staff"])
    row["allocation"]["divaca"] = str(int(row["allocation"]["divaca"]) + 1)
    for payer in document["payers"]:
        if payer["id"] == drop_name:
            del payer["name"]
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return changed


class TestPayerNames:
    """A table that names its payers is reported with their names; one that does not, with their ids."""

    NAMES = ["Občina Sežana", "Občina Divača", "Občina Hrpelje-Kozina", "Občina Komen"]

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_table_format_names_the_payer_of_a_finding(self, tmp_path, lang):
        result = check(str(one_euro_moved(tmp_path)), "--lang", lang)
        assert result.exit_code == 1
        finding = next(line for line in result.stdout.splitlines() if "(vezi)" in line)
        assert "Občina Divača" in finding and "divaca" not in finding

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_markdown_names_the_payer_of_a_finding_and_the_corrected_tables_columns(self, tmp_path, lang):
        result = check(str(one_euro_moved(tmp_path)), "--format", "markdown", "--lang", lang)
        assert result.exit_code == 1
        lines = result.stdout.splitlines()
        assert "1. Društvo VEZI (vezi), Občina Divača: " in "\n".join(lines)
        words = catalogue(Language(lang)).check
        assert f"| {words.row} | {words.total} | " + " | ".join(self.NAMES) + " |" in lines
        assert not any(payer_id in result.stdout for payer_id in ("sezana |", "divaca", "hrpelje-kozina |", "komen |"))

    def test_a_payer_the_table_does_not_name_takes_the_strategys_name(self, tmp_path):
        """Issue 23, item 6: the name comes from the strategy whose payer has that id."""
        result = check(str(one_euro_moved(tmp_path, drop_name="divaca")), "--format", "markdown")
        assert "1. Društvo VEZI (vezi), Občina Divača: " in result.stdout
        assert "| Vrstica | Skupaj | " + " | ".join(self.NAMES) + " |" in result.stdout

    @pytest.mark.parametrize("output_format", ["table", "markdown", "json"])
    def test_a_csv_has_ids_only_so_its_report_names_them_from_the_strategy(self, output_format):
        """sofin's CSV and the printed section 4 name payers by id in their header: their reports by name,
        the shipped strategy's, even where the table's own key means the strategy is not needed for the key."""
        result = check(str(SECTION4), "--format", output_format)
        if output_format == "json":
            document = json.loads(result.stdout)
            assert document["payer_names"] == dict(zip(("sezana", "divaca", "hrpelje-kozina", "komen"), self.NAMES))
            assert {finding["payer"] for finding in document["findings"]} == {None, "divaca", "hrpelje-kozina", "komen"}
            return
        for payer_id in ("divaca", "hrpelje-kozina", "komen"):
            assert not re.search(rf"(^|[ |,]){payer_id}([ |:]|$)", result.stdout, re.MULTILINE), payer_id
        assert "Občina Hrpelje-Kozina" in result.stdout and "Občina Divača" in result.stdout

    def test_a_payer_no_strategy_names_is_shown_by_its_id(self, tmp_path):
        table = tmp_path / "t.csv"
        table.write_text("level,path,label,total,a,b\nkey,,,100,60,40\n0,,Skupaj,10,6,5\n", encoding="utf-8")
        assert "| Vrstica | Skupaj | a | b |" in check(str(table), "--format", "markdown").stdout


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_a_grand_total_without_a_label_is_named_in_every_report(tmp_path, lang):
    """A table whose rows have no labels: the grand total is still named (its path is empty), other rows by path."""
    table = tmp_path / "t.csv"
    table.write_text("level,path,label,total,a,b\nkey,,,100,60,40\n0,,,10,6,5\n1,x,,10,6,4\n", encoding="utf-8")
    name = catalogue(Language(lang)).all_municipalities
    grand_total = catalogue(Language(lang)).check.grand_total
    markdown = check(str(table), "--format", "markdown", "--lang", lang).stdout.splitlines()
    assert f"1. {name} ({grand_total}): " in "\n".join(markdown)
    assert markdown[-2:] == [f"| {name} | 10 | 6 | ~~5~~ **4** |", "| x | 10 | 6 | 4 |"]
    heading = catalogue(Language(lang)).check.own_heading.format(count=3)
    rows = [line.strip() for line in check(str(table), "--lang", lang).stdout.splitlines() if "(" in line]
    assert rows[0] == heading and rows[1:] and all(line.startswith(f"{name} ({grand_total})") for line in rows[1:])


def _moved(tmp_path, moves: dict[tuple[str, str], int]):
    """sofin's 2025 table (JSON, as committed) with figures moved by whole euros."""
    document = json.loads((PUBLISHED / "2025.json").read_text(encoding="utf-8"))
    for row in document["rows"]:
        for (path, payer), move in moves.items():
            if "/".join(row["path"]) == path:
                row["allocation"][payer] = str(int(row["allocation"][payer]) + move)
    changed = tmp_path / "moved.json"
    changed.write_text(json.dumps(document), encoding="utf-8")
    return changed


class TestTheSummarySaysWhetherItAddsUpApartFromTheRest:
    """Issue 23 item 9 (review): "usklajena" (its figures add up to its totals) in the first line, apart from
    the table's other discrepancies and from the figures that differ from sofin's."""

    # Two euros round a rectangle: every sum holds; each moved figure is off its floor and ceiling
    # (VEZI staff Sežana: exact 23850.35, moved to 23849; Komen 7195.49 -> 7197; programme 2319.63 -> 2321, 699.80 -> 698).
    RECTANGLE = {("vezi/staff", "sezana"): -2, ("vezi/staff", "komen"): 2}
    RECTANGLE |= {("vezi/programme", "sezana"): 2, ("vezi/programme", "komen"): -2}

    @pytest.mark.parametrize(
        ("lang", "expected"),
        [("sl", "tabela je usklajena, a ima 4 neskladja."), ("en", "the table reconciles but has 4 discrepancies.")],
    )
    def test_a_table_that_adds_up_with_figures_off_their_key(self, tmp_path, lang, expected):
        changed = _moved(tmp_path, self.RECTANGLE)
        assert {kind for kind, *_ in findings_of(str(changed))} == {"off_key"}
        result = check(str(changed), "--lang", lang)
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0] == f"{changed}: {expected}"

    @pytest.mark.parametrize(
        ("lang", "expected"),
        [
            ("sl", "tabela ni usklajena: 2 vsoti se ne izideta; ima še 1 neskladje; od izračuna sofin se razlikuje v 1 znesku."),
            ("en", "the table does not reconcile: 2 sums do not add up; it also has 1 discrepancy; it differs from sofin's allocation in 1 figure."),
        ],
    )  # fmt: skip
    def test_a_table_that_does_not_add_up_compared_with_sofin(self, tmp_path, lang, expected):
        """VEZI staff Divača 7679 -> 7681 (exact 7679.27): its row and its society's column do not add up, the
        figure is off its key; against sofin's, that figure alone differs (the society's column is as sofin's)."""
        changed = _moved(tmp_path, {("vezi/staff", "divaca"): 2})
        found = findings_of(str(changed), "--year", "2025")
        assert sorted(kind for kind, *_ in found) == ["differs", "off_key", "parent_sum", "row_sum"]
        result = check(str(changed), "--year", "2025", "--lang", lang)
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0] == f"{changed}: {expected}"

    @pytest.mark.parametrize(
        ("lang", "expected"),
        [
            ("sl", "tabela je usklajena; z izračunom sofin se ujema v vseh zneskih."),
            ("en", "the table reconciles; it agrees with sofin's allocation figure for figure."),
        ],
    )
    def test_sofins_own_table_compared_with_sofin(self, lang, expected):
        result = check(str(PUBLISHED / "2025.csv"), "--year", "2025", "--lang", lang)
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == f"{PUBLISHED / '2025.csv'}: {expected}"


class TestTheCorrectedTableOnlyWhereShown:
    """Issue 27 item 2: the corrected table is a solve as large as allocate's; check makes it for the formats that
    show it (markdown, the workbook), and the others' reports are the same bytes without it."""

    @pytest.mark.parametrize("table", [SECTION4, PUBLISHED / "2025.json"], ids=["section 4", "sofin's 2025"])
    @pytest.mark.parametrize("output_format", [f for f in CheckFormat if not f.shows_corrected_table])
    def test_a_report_that_does_not_show_it_is_the_same_without_it(self, table, output_format):
        solved, unsolved = (check_table(table, None, 2025, correct=correct) for correct in (True, False))
        assert solved.corrected is not None and unsolved.corrected is None
        assert render_check(unsolved, output_format, Language.en) == render_check(solved, output_format, Language.en)

    @pytest.mark.parametrize("output_format", [f for f in CheckFormat if f.shows_corrected_table])
    def test_the_formats_that_show_it_get_it(self, output_format, tmp_path):
        output = tmp_path / f"report.{output_format.value.replace('markdown', 'md')}"
        result = runner.invoke(app, ["check", str(SECTION4), "-f", output_format.value, "-o", str(output)])
        assert result.exit_code == 1, result.output  # section 4 does not reconcile
        if output_format is CheckFormat.markdown:
            assert "~~" in output.read_text(encoding="utf-8")  # a published figure struck out, sofin's beside it
        else:
            assert "Popravljeni zneski" in openpyxl.load_workbook(output).sheetnames
        with pytest.raises(ValueError, match="without its corrected table"):
            render_check(check_table(SECTION4, None, None, correct=False), output_format)

"""Issue 23, items 5 and 6: diff and check speak plainly, and the tables fit an 80-column terminal.

The user's own steps: publish 2025 as CSV, edit one figure (7679 -> 7697 in vezi/staff, Divača), and
compare; check a table; run `sofin allocate 2025` in a terminal 80 columns wide.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from sofin.pipeline import allocate_year
from sofin.render.allocate.narrow import narrow_lines
from sofin.render.allocate.table import print_table
from sofin.render.section4 import Layout, Line
from sofin.words import Language

from .helpers import ROOT, require_tool, run

PUBLISHED_CSV = ROOT / "data" / "published" / "2025.csv"  # sofin's own 2025 table, kept current by CI
NAMES = {"sezana": "Občina Sežana", "divaca": "Občina Divača", "hrpelje-kozina": "Občina Hrpelje-Kozina"}
NAMES |= {"komen": "Občina Komen"}
ROUNDING = {"sl": "zaokroževanje: vrstica in stolpec se morata sešteti", "en": "rounding: the row and the column"}


@pytest.fixture
def edited(tmp_path, monkeypatch):
    """The published CSV and a copy with Divača's figure of VEZI's staff costs typed 7697 for 7679, in
    the current folder: `sofin diff 2025.csv edited.csv`."""
    monkeypatch.chdir(tmp_path)
    published = tmp_path / "2025.csv"
    assert run("allocate", "2025", "-f", "csv", "-o", str(published)).exit_code == 0
    text = published.read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    line = next(line for line in rows if line.startswith("2,vezi/staff,"))
    assert line.split(",")[header.split(",").index("divaca")] == "7679"
    changed = tmp_path / "edited.csv"
    changed.write_text(text.replace(line, line.replace(",7679,", ",7697,")), encoding="utf-8")
    return published.name, changed.name


def assert_fits(text: str, width: int = 80) -> None:
    too_wide = [line for line in text.splitlines() if cell_len(line) > width]
    assert not too_wide, too_wide


def _csv_rows(path: str | Path) -> dict[str, dict[str, str]]:
    """A CSV table's rows by path, its `#` notes left out."""
    lines = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["path"]: row for row in csv.DictReader(lines)}


def _grouped(number: int, lang: str) -> str:
    """A whole number as the language writes it: 46.968 in Slovenian, 46,968 in English."""
    return f"{number:,}".replace(",", "." if lang == "sl" else ",")


def flat(text: str) -> str:
    return " ".join(text.split())


def _digits(line: str) -> list[str]:
    """A line's figures as the CSV writes them: without thousands separators or footnote marks."""
    return [cell.replace(".", "").replace(",", "") for cell in line.split() if cell.strip("*")]


class TestDiffOfAnEditedTable:
    @pytest.mark.parametrize(
        ("lang", "says"),
        [("sl", "edited.csv se ne sešteje:"), ("en", "edited.csv does not reconcile:")],
    )
    def test_says_in_words_which_side_does_not_reconcile_and_where(self, edited, lang, says):
        published, changed = edited
        result = run("diff", published, changed, "--lang", lang)
        assert result.exit_code == 0, result.output
        text = flat(result.stdout)
        assert f"{changed} {says.removeprefix('edited.csv ')}" in text
        assert f"{published} {says.removeprefix('edited.csv ')}" not in text
        # The row that no longer adds up (its figures against its total), and VEZI's figure of Divača
        # against the lines beneath it, as the edited file has them; in check's sentences.
        rows = _csv_rows(changed)
        staff, vezi = rows["vezi/staff"], rows["vezi"]
        summed = sum(int(staff[payer]) for payer in NAMES)
        beneath = sum(int(row["divaca"]) for path, row in rows.items() if path.startswith("vezi/"))
        assert (summed, beneath) != (int(staff["total"]), int(vezi["divaca"]))  # the edit broke both
        sentences = {
            "sl": (
                "Društvo VEZI / Stroški zaposlenih: deleži občin se seštejejo v {0}, skupni znesek vrstice pa je {1}",
                "Društvo VEZI, Občina Divača: objavljeno {1}, vsota postavk pod njim pa je {0}",
            ),
            "en": (
                "Društvo VEZI / Stroški zaposlenih: the municipalities' figures add up to {0}, the row's total is {1}",
                "Društvo VEZI, Občina Divača: published {1}, the rows beneath it add up to {0}",
            ),
        }[lang]
        assert sentences[0].format(_grouped(summed, lang), _grouped(int(staff["total"]), lang)) in text
        assert sentences[1].format(_grouped(beneath, lang), _grouped(int(vezi["divaca"]), lang)) in text
        assert ROUNDING[lang] not in result.stdout
        assert_fits(result.stdout)

    def test_names_the_row_with_its_society_and_the_payer_by_name(self, edited):
        result = run("diff", *edited)
        lines = result.stdout.splitlines()
        heading = lines.index("  Društvo VEZI / Stroški zaposlenih")
        assert lines[heading + 1].split() == ["Skupaj", "46.968", "46.968", "0"]
        assert lines[heading + 2].split() == ["Občina", "Divača", "7.679", "7.697", "+18", "(+0,23", "%)"]
        assert lines[heading + 3] == "    Vzrok: ni zaokroževanje: tabela edited.csv se ne sešteje (gl. zgoraj)"
        assert not re.search(r"\bdivaca\b", result.stdout)

    @pytest.mark.parametrize(
        ("lang", "says"),
        [
            ("sl", "ni zaokroževanje: tabeli edited.csv in again.csv se ne seštejeta (gl. zgoraj)"),
            ("en", "not rounding: edited.csv and again.csv do not reconcile (see above)"),
        ],
    )
    def test_when_neither_side_reconciles_both_are_named_in_the_plural(self, edited, lang, says):
        """Both tables edited, differently: a figure that moved is no rounding, and both sides are to blame."""
        _, changed = edited
        text = Path(changed).read_text(encoding="utf-8")
        line = next(line for line in text.splitlines() if line.startswith("2,vezi/programme,"))
        edited_again = line.rsplit(",", 1)[0] + "," + str(int(line.rsplit(",", 1)[1]) + 9)  # Komen's figure
        Path("again.csv").write_text(text.replace(line, edited_again), encoding="utf-8")
        result = run("diff", changed, "again.csv", "--lang", lang)
        assert result.exit_code == 0, result.output
        assert says in flat(result.stdout)
        assert " / again.csv" not in result.stdout
        assert_fits(result.stdout)

    def test_json_says_which_side_does_not_reconcile(self, edited):
        document = json.loads(run("diff", *edited, "-f", "json").stdout)
        assert (document["before"]["reconciles"], document["before"]["mismatches"]) == (True, [])
        assert document["after"]["reconciles"] is False
        assert document["after"]["mismatches"] == [
            {"kind": "parent_sum", "path": ["vezi"], "payer": "divaca", "written": "8426", "summed": "8444"},
            {"kind": "row_sum", "path": ["vezi", "staff"], "payer": None, "written": "46968", "summed": "46986"},
        ]
        causes = {tuple(row["path"]): row["causes"] for row in document["rows"] if row["changed"]}
        assert causes == {("vezi", "staff"): ["unreconciled"]}

    def test_a_table_that_adds_up_still_names_rounding(self, tmp_path):
        """Moving a unit within a row and a column so that every sum still holds is what rounding does."""
        published = tmp_path / "2025.csv"
        run("allocate", "2025", "-f", "csv", "-o", str(published))
        rows = list(csv.reader(io.StringIO(published.read_text(encoding="utf-8"))))
        by_path = {row[1]: row for row in rows[1:]}
        # Divača +1 and Komen -1 in VEZI's staff and the other way round in its programme: every row
        # and every column still adds up (checked below), so only rounding can tell the two apart.
        for path, sign in (("vezi/staff", 1), ("vezi/programme", -1)):
            by_path[path][5] = str(int(by_path[path][5]) + sign)
            by_path[path][7] = str(int(by_path[path][7]) - sign)
        moved = tmp_path / "moved.csv"
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        moved.write_text(buffer.getvalue(), encoding="utf-8")
        findings = json.loads(run("check", str(moved), "-f", "json").stdout)["findings"]
        assert not [finding for finding in findings if finding["kind"] in ("row_sum", "parent_sum")]
        document = json.loads(run("diff", str(published), str(moved), "-f", "json").stdout)
        assert document["after"]["reconciles"] is True
        assert {tuple(row["path"]): row["causes"] for row in document["rows"] if row["changed"]} == {
            ("vezi", "staff"): ["rounding"],
            ("vezi", "programme"): ["rounding"],
        }


class TestDiffLayout:
    def test_three_staff_lines_are_told_apart_by_their_society(self):
        lines = run("diff", "2025", "2026").stdout.splitlines()
        headings = [line.strip() for line in lines if line.strip().endswith("/ Stroški zaposlenih")]
        assert headings == [
            "Društvo VEZI / Stroški zaposlenih",
            "RK Sežana / Stroški zaposlenih",
            "MDPM Sežana / Stroški zaposlenih",
        ]

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_fits_80_columns_with_every_figure_of_a_row(self, lang):
        text = run("diff", "2025", "2026", "--lang", lang).stdout
        assert_fits(text)
        # Every municipality's change of VEZI's staff costs, as 2026 - 2025 of the two tables.
        before = {row["path"]: row for row in csv.DictReader(io.StringIO(run("allocate", "2025", "-f", "csv").stdout))}
        after = {row["path"]: row for row in csv.DictReader(io.StringIO(run("allocate", "2026", "-f", "csv").stdout))}
        lines = text.splitlines()
        heading = next(i for i, line in enumerate(lines) if line.strip() == "Društvo VEZI / Stroški zaposlenih")
        for offset, payer in enumerate(NAMES, start=2):
            change = int(after["vezi/staff"][payer]) - int(before["vezi/staff"][payer])
            assert lines[heading + offset].strip().startswith(NAMES[payer])
            assert f"+{change} (" in lines[heading + offset]

    def test_a_diff_of_csv_tables_names_payers_from_the_strategy(self, tmp_path):
        before, after = tmp_path / "a.csv", tmp_path / "b.csv"
        run("allocate", "2025", "-f", "csv", "-o", str(before))
        run("allocate", "2026", "-f", "csv", "-o", str(after))
        text = run("diff", str(before), str(after)).stdout
        for name in NAMES.values():
            assert f"    {name} " in text
        assert not re.search(r"^\s+(sezana|divaca|hrpelje-kozina|komen)\b", text, re.MULTILINE)


class TestAllocateOnANarrowTerminal:
    def printed(self, width: int, year: int = 2025, lang: str = "sl") -> str:
        console = Console(width=width, file=io.StringIO(), force_terminal=False, color_system=None)
        print_table(console, allocate_year(None, year), Language(lang))
        return console.file.getvalue()  # type: ignore[attr-defined]

    @pytest.mark.parametrize("year", [2025, 2026])
    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_80_columns_cut_nothing(self, year, lang):
        text = self.printed(80, year, lang)
        assert_fits(text)
        assert "…" not in text
        words = set(text.split())
        for name in NAMES.values():
            assert set(name.upper().split()) <= words, name  # every word of every name, whole
        # Every figure of the published table, row by row, in the order of its columns.
        if year == 2025:
            shown = [_digits(line) for line in text.splitlines()]
            data = [line for line in PUBLISHED_CSV.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
            for row in csv.DictReader(data):
                assert [row["total"], *(row[payer] for payer in NAMES)] in shown, row["path"]

    def test_a_wide_terminal_keeps_the_table_as_it_was(self):
        text = self.printed(200)
        assert any("OBČINA HRPELJE-KOZINA" in line for line in text.splitlines())
        assert any(re.match(r" Društvo VEZI +51\.536 +26\.170 \*\* +8\.426", line) for line in text.splitlines())

    @pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
    def test_a_terminal_80_columns_wide_shows_the_narrow_layout(self, encoding):
        """sofin on a pseudo-terminal of 80 columns; in ASCII, sofin's symbols (the rule, †) as ASCII."""
        from .test_environment import on_a_terminal

        code, shown, _ = on_a_terminal("allocate", "2027", encoding=encoding, COLUMNS="80")
        text = re.sub(r"\x1b\[[0-9;]*m", "", shown.decode(encoding))  # the society rows' bold
        assert code == 0
        assert_fits(text)
        assert "…" not in text and "..." not in text
        rule = "─" if encoding == "utf-8" else "-"
        assert any(line.startswith(" " + rule * 20) for line in text.splitlines())
        if encoding == "utf-8":
            assert set("OBČINA HRPELJE-KOZINA".split()) <= set(text.split())

    def test_files_keep_the_table_as_it_was(self):
        assert "OBČINA HRPELJE-KOZINA" in run("allocate", "2025").stdout

    def test_many_payers_come_in_bands_within_the_width(self):
        payers = [f"OBČINA ŠTEVILKA {n}" for n in range(1, 13)]
        layout = Layout(
            title="Pregled",
            headers=("SKUPAJ", *payers),
            key_label="",
            key=("", *(f"{n},00 %" for n in range(1, 13))),
            lines=(
                Line("Društvo", ("1.000.000", *(f"{n}0.000" for n in range(1, 13))), 1),
                Line("Stroški", ("1.000.000", *(f"{n}0.000" for n in range(1, 13))), 2),
                Line("SKUPAJ OBČINE", ("1.000.000", *(f"{n}0.000" for n in range(1, 13))), 0),
            ),
            footnotes=(),
        )
        lines = [text for text, _ in narrow_lines(layout, 80)]
        assert_fits("\n".join(lines))
        shown = " ".join(lines).split()
        for n in range(1, 13):
            assert f"{n}0.000" in shown and f"{n},00" in shown
        assert sum(1 for line in lines if line.strip().startswith("─")) > 1  # more than one band
        assert sum(1 for line in lines if line.strip() == "Stroški") == sum(
            1 for line in lines if line.strip().startswith("─")
        )  # the labels again in each band


class TestCheckNumbers:
    """11.768 typed for 11768 in a table of whole euros: sofin reads eleven and a fraction. The report shows the
    cell as the file writes it, what sofin reads it as, the figure meant in the report's numbers, and says that
    the sums it upsets (where expected and found stand the other way round) follow from it."""

    READ = {"sl": "11,768", "en": "11.768"}  # 11 and 768 thousandths, as each language writes it
    MEANT = {"sl": "11.768", "en": "11,768"}  # eleven thousand seven hundred and sixty-eight

    def misread(self, tmp_path: Path, dialect: str = "plain") -> tuple[Path, str]:
        """sofin's 2025 table with PO-MOČ's total typed with a thousands point (a comma in the sl dialect)."""
        table = tmp_path / "t.csv"
        assert run("allocate", "2025", "-f", "csv", "--dialect", dialect, "-o", str(table)).exit_code == 0
        text = table.read_text(encoding="utf-8-sig")
        delimiter, typed = (",", "11.768") if dialect == "plain" else (";", "11,768")
        row = next(line for line in text.splitlines() if line.startswith(f"1{delimiter}po-moc{delimiter}"))
        assert row.split(delimiter)[4] == "11768"  # the total, after level, path, label, projected
        table.write_text(
            text.replace(row, row.replace(f"{delimiter}11768{delimiter}", f"{delimiter}{typed}{delimiter}", 1))
        )
        return table, typed

    def lines(self, text: str, meaning: str) -> list[str]:
        """The report's lines of po-moc's findings that say `meaning`, without their last column, the place of the
        figure in the table's file (FILE:LINE:COL, issue 25 item 1)."""
        return [
            re.sub(r"\s+\S+:\d+:\d+\s*$", "", line)
            for line in text.splitlines()
            if "(po-moc)" in line and meaning in line
        ]

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_the_misread_cell_as_written_and_as_read(self, tmp_path, lang):
        table, typed = self.misread(tmp_path)
        text = run("check", str(table), "--lang", lang).stdout
        (line,) = self.lines(text, {"sl": "tisočice", "en": "thousands"}[lang])
        as_written = {
            "sl": f"»{typed}« (prebrano kot {self.READ[lang]})",
            "en": f"“{typed}” (read as {self.READ[lang]})",
        }
        assert line.rstrip().endswith(f"{self.MEANT[lang]}   {as_written[lang]}")
        assert not re.search(r"\bpik|\bpoint\b", text)  # no separator named that the figures do not show

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_the_sums_it_upsets_say_they_follow_from_it(self, tmp_path, lang):
        table, typed = self.misread(tmp_path)
        rows = _csv_rows(table)
        summed = sum(int(rows["po-moc"][payer]) for payer in NAMES)  # the row's figures, which are right
        text = run("check", str(table), "--lang", lang).stdout
        note = {
            "sl": f"posledica zneska »{typed}«, prebranega kot {self.READ[lang]}",
            "en": f"follows from “{typed}”, read as {self.READ[lang]}",
        }[lang]
        row_sum = self.lines(text, {"sl": "skupni znesek vrstice", "en": "row's total"}[lang])
        parent_sum = self.lines(text, {"sl": "vsoti postavk", "en": "sum of the rows"}[lang])
        assert len(row_sum) == len(parent_sum) == 1
        # The row's figures sum to the figure meant; its lines too: each pair the other way round, explained.
        assert row_sum[0].split()[-2:] == [self.READ[lang], _grouped(summed, lang)]
        assert parent_sum[0].split()[-2:] == [_grouped(summed, lang), self.READ[lang]]
        for line in (*row_sum, *parent_sum):
            assert note in line
        grand_total = next(line for line in text.splitlines() if line.lstrip().startswith("Skupaj občine"))
        assert note in grand_total  # its society's total is read short, too
        report = run("check", str(table), "-f", "markdown", "--lang", lang).stdout
        sentences = [line for line in report.splitlines() if line[:1].isdigit()]
        assert sum(1 for line in sentences if note in line) == len(sentences) - 1  # all but the misread cell's own

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_the_report_sentence_names_the_cell_as_written(self, tmp_path, lang):
        table, typed = self.misread(tmp_path)
        report = run("check", str(table), "-f", "markdown", "--lang", lang).stdout
        (sentence,) = [line for line in report.splitlines() if "tisočice" in line or "thousands" in line]
        read = {
            "sl": f"v tabeli »{typed}«, prebrano kot {self.READ[lang]}, ",
            "en": f"“{typed}” in the table, read as {self.READ[lang]}, ",
        }
        # The sentence ends with the figure meant, then the cell's place in the file (issue 25 item 1).
        assert read[lang] in sentence and sentence.endswith(f" {self.MEANT[lang]}. ({table}:3:29)")

    def test_a_spreadsheets_decimal_comma_is_shown_as_the_file_writes_it(self, tmp_path):
        """In the sl dialect 11,768 is what sofin reads as eleven and a fraction: shown with its comma."""
        table, typed = self.misread(tmp_path, "sl")
        assert typed == "11,768"
        text = run("check", str(table), "--lang", "en").stdout
        (line,) = self.lines(text, "thousands")
        assert line.rstrip().endswith("11,768   “11,768” (read as 11.768)")


class TestCsvTablesReadBack:
    """What a CSV table says besides its figures: whether they are projected (diff's marks and their
    footnote), and its notes when a spreadsheet saved the file again with every text cell quoted."""

    def test_a_diff_of_csv_tables_footnotes_its_marks_and_says_which_side_is_projected(self, tmp_path):
        before, after = tmp_path / "2025.csv", tmp_path / "2026.csv"
        run("allocate", "2025", "-f", "csv", "-o", str(before))
        run("allocate", "2026", "-f", "csv", "-o", str(after))
        projected = [{row["projected"] for row in _csv_rows(side).values()} for side in (before, after)]
        assert projected == [{"0"}, {"1"}]  # 2025 adopted throughout, 2026 projected throughout
        mark = "†"
        text = run("diff", str(before), str(after)).stdout
        assert re.search(rf"\d{mark}", text)  # marked figures...
        assert any(line.startswith(f"{mark} ") for line in text.splitlines())  # ...and their footnote
        document = json.loads(run("diff", str(before), str(after), "-f", "json").stdout)
        assert (document["before"]["projected"], document["after"]["projected"]) == (False, True)

    def test_a_csv_that_does_not_say_is_not_known_to_be_projected(self, tmp_path):
        """The projected column left empty: not known, so neither projected nor adopted."""
        before, after = tmp_path / "2025.csv", tmp_path / "unsaid.csv"
        run("allocate", "2025", "-f", "csv", "-o", str(before))
        rows = list(csv.reader(io.StringIO(before.read_text(encoding="utf-8"))))
        header = rows[0]
        column = header.index("projected")
        for row in rows[1:]:
            if row[0] != "#":
                row[column] = ""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        after.write_text(buffer.getvalue(), encoding="utf-8")
        document = json.loads(run("diff", str(before), str(after), "-f", "json").stdout)
        assert (document["before"]["projected"], document["after"]["projected"]) == (False, None)

    @staticmethod
    def requoted(text: str, delimiter: str, line_end: str) -> str:
        """The CSV as LibreOffice saves it with "Quote all text cells": numbers bare, every text quoted, `#` too."""
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter))
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerows([[int(cell) if re.fullmatch(r"-?\d+", cell) else cell for cell in row] for row in rows])
        return buffer.getvalue()

    @pytest.mark.parametrize(("dialect", "delimiter", "line_end"), [("plain", ",", "\n"), ("sl", ";", "\r\n")])
    def test_a_table_saved_again_with_quoted_cells_is_read(self, tmp_path, dialect, delimiter, line_end):
        table = tmp_path / "quoted.csv"
        written = run("allocate", "2025", "-f", "csv", "--dialect", dialect).stdout
        quoted = self.requoted(written, delimiter, line_end)
        assert f'"#"{delimiter}"' in quoted and f'"level"{delimiter}"path"' in quoted  # as LibreOffice writes it
        table.write_text(quoted, encoding="utf-8")
        result = run("check", str(table))
        assert result.exit_code == 0, result.output
        assert "tabela je usklajena" in result.stdout

    @pytest.mark.parametrize(("dialect", "delimiter", "locale"), [("plain", "44", "1033"), ("sl", "59", "1060")])
    def test_a_table_libreoffice_saved_again_with_quoted_text_is_read(self, tmp_path, dialect, delimiter, locale):
        """LibreOffice opens sofin's CSV and saves it again, "Quote all text cells" on: `"#";"…"` and all."""
        soffice = require_tool("soffice")
        source = tmp_path / "2026.csv"
        assert run("allocate", "2026", "-f", "csv", "--dialect", dialect, "-o", str(source)).exit_code == 0
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
             f"--infilter=Text - txt - csv (StarCalc):{delimiter},34,76,1,,{locale}",
             "--convert-to", f"csv:Text - txt - csv (StarCalc):{delimiter},34,76,1,,{locale},true,true",
             "--outdir", str(tmp_path / "saved"), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        saved = tmp_path / "saved" / "2026.csv"
        assert re.search(r'^"#"[;,]"projected=1', saved.read_text(encoding="utf-8-sig"), re.MULTILINE)
        result = run("check", str(saved))
        assert result.exit_code == 0, result.output
        document = json.loads(run("diff", str(source), str(saved), "-f", "json").stdout)
        assert not [row for row in document["rows"] if row["changed"]]
        assert document["after"]["projected"] is True

    def test_a_quoted_note_over_two_lines_keeps_the_lines_of_what_follows(self, tmp_path):
        """A quoted note between the rows, its text over two lines; a row below it that lacks a cell is
        found at its own line."""
        table = tmp_path / "quoted.csv"
        header, first, second, *rest = self.requoted(run("allocate", "2025", "-f", "csv").stdout, ",", "\n").split("\n")
        broken = second.rsplit(",", 1)[0]  # a cell short
        table.write_text("\n".join([header, first, '"#","one line\nand the next"', broken, *rest]), encoding="utf-8")
        line = table.read_text(encoding="utf-8").split("\n").index(broken) + 1
        result = run("check", str(table), "--lang", "en")
        assert result.exit_code == 2
        assert f"quoted.csv:{line}:1" in result.output and "has 8 cells; the header has 9" in result.output
        assert result.output.count("cells; the header") == 1


def test_the_check_workbook_shows_a_misread_cell_as_written(tmp_path):
    """The findings sheet: the misread cell as the file writes it and as read, and the sums that follow from it."""
    from openpyxl import load_workbook

    table, typed = TestCheckNumbers().misread(tmp_path)
    book = tmp_path / "check.xlsx"
    assert run("check", str(table), "-f", "xlsx", "-o", str(book)).exit_code == 1
    rows = [[cell.value for cell in row] for row in load_workbook(book)["Neskladja"].iter_rows()]
    found = [row[4] for row in rows if row[2] and "tisočice" in row[2]]
    assert found == [f"»{typed}« (prebrano kot 11,768)"]
    follow = [row for row in rows if row[2] and f"posledica zneska »{typed}«" in row[2]]
    assert {row[2].split(";")[0] for row in follow} >= {
        "deleži občin se ne seštejejo v skupni znesek vrstice",
        "znesek ni enak vsoti postavk pod njim",
    }

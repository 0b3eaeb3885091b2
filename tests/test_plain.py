"""Issue 23, items 5 and 6: diff and check speak plainly, and the tables fit an 80-column terminal.

The user's own steps: publish 2025 as CSV, edit one figure (7679 -> 7697 in vezi/staff, Divača), and
compare; check a table; run `sofin allocate 2025` in a terminal 80 columns wide.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from rich.cells import cell_len
from rich.console import Console

from sofin.pipeline import allocate_year
from sofin.render.layout import Layout, Line
from sofin.render.narrow import narrow_lines
from sofin.render.table import print_table
from sofin.words import Language

from .helpers import ROOT, run

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
        sums = {"sl": ("46.986", "46.968", "8.444", "8.426"), "en": ("46,986", "46,968", "8,444", "8,426")}[lang]
        # The row that no longer adds up: 23851 + 7697 + 8243 + 7195 = 46986, its total 46968; and VEZI's
        # column of Divača: 7697 + 747 = 8444, where the table writes 8426.
        assert 23851 + 7697 + 8243 + 7195 == 46986 and 7697 + 747 == 8444
        assert "Društvo VEZI / Stroški zaposlenih: " in text
        assert "Društvo VEZI, Občina Divača: " in text
        for figure in sums:
            assert figure in text
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
        assert run("check", str(moved), "-f", "json").exit_code in (0, 1)
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
    @pytest.mark.parametrize(("lang", "expected", "found"), [("sl", "11.768", "11,768"), ("en", "11,768", "11.768")])
    def test_expected_and_found_in_the_reports_number_format(self, tmp_path, lang, expected, found):
        """11.768 typed for 11768 in a table of whole euros: the figure read is eleven and a fraction, the one
        meant eleven thousand; both written as the report's language writes numbers."""
        table = tmp_path / "t.csv"
        table.write_text(PUBLISHED_CSV.read_text(encoding="utf-8").replace(",11768,", ",11.768,", 1), encoding="utf-8")
        text = run("check", str(table), "--lang", lang).stdout
        thousands = next(
            line for line in text.splitlines() if "(po-moc)" in line and re.search("tisoč|thousands", line)
        )
        assert thousands.split()[-2:] == [expected, found]
        report = run("check", str(table), "-f", "markdown", "--lang", lang).stdout
        sentence = next(line for line in report.splitlines() if "tisoč" in line or "thousands" in line)
        assert f" {found} " in sentence and sentence.endswith(f" {expected}.")
        assert Decimal("11.768") * 1000 == 11768

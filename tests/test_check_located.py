"""Issue 25 items 1 and 2: each finding of `sofin check` at its figure's line and column, and `--format github`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sofin import published
from sofin.cli import app
from sofin.published import read_table
from sofin.render.check.github import _data, _property

runner = CliRunner()
PUBLISHED = 7195  # Komen's figure of vezi/staff in sofin's 2025 table
EDITED = 7697  # the same cell edited by hand: its row and its society no longer add up, nor is it a key share


def sofin(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def edited_csv(tmp_path: Path, name: str = "t.csv") -> tuple[Path, int, int]:
    """sofin's 2025 CSV with one figure edited, and the line and column of that cell."""
    text = sofin("allocate", "2025", "--format", "csv").stdout.replace(f",{PUBLISHED}\n", f",{EDITED}\n", 1)
    lines = text.splitlines()
    line = next(number for number, each in enumerate(lines, start=1) if each.endswith(f",{EDITED}"))
    table = tmp_path / name
    table.write_text(text, encoding="utf-8")
    return table, line, lines[line - 1].rindex(str(EDITED)) + 1


def edited_json(tmp_path: Path) -> tuple[Path, int, int]:
    """sofin's 2025 JSON with one figure edited, and the line and column of that value (its opening quote)."""
    text = sofin("allocate", "2025", "--format", "json").stdout
    edited = text.replace(f'"komen": "{PUBLISHED}"', f'"komen": "{EDITED}"', 1)
    assert edited != text
    lines = edited.splitlines()
    line = next(number for number, each in enumerate(lines, start=1) if f'"{EDITED}"' in each)
    table = tmp_path / "t.json"
    table.write_text(edited, encoding="utf-8")
    return table, line, lines[line - 1].index(f'"{EDITED}"') + 1


def the_edited_finding(document: dict) -> dict:
    return next(f for f in document["findings"] if f["kind"] == "off_key" and f["payer"] == "komen")


@pytest.fixture(params=["csv", "json"])
def edited(request, tmp_path) -> tuple[Path, int, int]:
    return edited_csv(tmp_path) if request.param == "csv" else edited_json(tmp_path)


class TestLocated:
    def test_the_csv_cell_is_in_line_7(self, tmp_path):
        table, line, column = edited_csv(tmp_path)
        assert line == 7 and table.read_text(encoding="utf-8").splitlines()[6][column - 1 :] == str(EDITED)

    def test_json_carries_the_figures_line_and_column(self, edited):
        table, line, column = edited
        result = sofin("check", str(table), "--format", "json")
        assert result.exit_code == 1
        finding = the_edited_finding(json.loads(result.stdout))
        assert (finding["path"], finding["line"], finding["column"]) == (["vezi", "staff"], line, column)

    def test_every_finding_of_a_row_is_at_one_of_its_cells(self, edited):
        """The row's sum at its total, the society's sum at Komen's figure of the society's row."""
        table, line, _ = edited
        document = json.loads(sofin("check", str(table), "--format", "json").stdout)
        places = {(f["kind"], tuple(f["path"]), f["payer"]): (f["line"], f["column"]) for f in document["findings"]}
        assert set(places) == {
            ("off_key", ("vezi", "staff"), "komen"),
            ("row_sum", ("vezi", "staff"), None),
            ("parent_sum", ("vezi",), "komen"),
        }
        total_line, total_column = places[("row_sum", ("vezi", "staff"), None)]
        text = table.read_text(encoding="utf-8").splitlines()
        assert total_line == line if table.suffix == ".csv" else total_line < line
        assert text[total_line - 1][total_column - 1 :].lstrip('"').startswith("46968")
        society_line, society_column = places[("parent_sum", ("vezi",), "komen")]
        assert society_line < line and text[society_line - 1][society_column - 1 :].lstrip('"').startswith("7895")

    def test_the_text_and_markdown_reports_say_file_line_column(self, edited):
        table, line, column = edited
        for output_format in ("table", "markdown"):
            result = sofin("check", str(table), "--format", output_format, "--lang", "en")
            assert result.exit_code == 1
            assert f"{table}:{line}:{column}" in result.stdout, output_format

    def test_a_finding_about_the_whole_file_has_no_place(self, tmp_path):
        """A key that does not sum to 100 is about the key line, not one figure: no line, no column."""
        table = tmp_path / "k.csv"
        table.write_text("level,path,label,total,a,b\nkey,,,100,60,30\n0,,Skupaj,10,6,4\n", encoding="utf-8")
        document = json.loads(sofin("check", str(table), "--format", "json").stdout)
        key_sum = next(f for f in document["findings"] if f["kind"] == "key_sum")
        assert (key_sum["line"], key_sum["column"]) == (None, None)
        github = sofin("check", str(table), "--format", "github").stdout.splitlines()
        assert any(each.startswith(f"::error file={table}::") for each in github)

    def test_a_row_the_file_lacks_has_no_place(self, tmp_path):
        """Compared with sofin's table: a row the table does not have stands nowhere in the file."""
        document = json.loads(sofin("allocate", "2025", "--format", "json").stdout)
        document["rows"] = [row for row in document["rows"] if row["path"][:1] != ["po-moc"]]
        table = tmp_path / "t.json"
        table.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        report = json.loads(sofin("check", str(table), "--year", "2025", "--format", "json").stdout)
        missing = [f for f in report["findings"] if f["kind"] == "missing_row"]
        assert missing and all((f["line"], f["column"]) == (None, None) for f in missing)
        assert all(f["line"] is not None for f in report["findings"] if f["kind"] == "parent_sum")


class TestStandardInput:
    def test_a_table_from_stdin_is_named_dash(self, tmp_path):
        table, line, column = edited_json(tmp_path)
        text = table.read_text(encoding="utf-8")
        document = json.loads(sofin("check", "-", "--format", "json", stdin=text).stdout)
        assert document["file"] == "-"
        assert (the_edited_finding(document)["line"], the_edited_finding(document)["column"]) == (line, column)
        assert f"-:{line}:{column}" in sofin("check", "-", "--lang", "en", stdin=text).stdout
        github = sofin("check", "-", "--format", "github", "--lang", "en", stdin=text).stdout
        assert f"::error file=-,line={line},col={column}::" in github

    def test_a_table_from_stdin_that_reconciles(self):
        text = sofin("allocate", "2025", "--format", "json").stdout
        result = sofin("check", "-", "--format", "github", "--lang", "en", stdin=text)
        assert (result.exit_code, result.stdout) == (0, "::notice file=-::-: the table reconciles, no discrepancies.\n")


class TestGithub:
    def test_one_error_a_finding_at_its_figure_then_a_notice(self, edited):
        table, line, column = edited
        result = sofin("check", str(table), "--format", "github", "--lang", "en")
        assert result.exit_code == 1
        lines = result.stdout.splitlines()
        assert len(lines) == 4 and all(each.startswith("::error file=") for each in lines[:3])
        assert (
            f"::error file={table},line={line},col={column}::Stroški zaposlenih (vezi/staff), Občina Komen: "
            f"published 7,697, the exact key share is 7,195.4976 (only its floor or ceiling is allowed)" in lines
        )
        assert lines[3] == (
            f"::notice file={table}::{table}: the table does not reconcile: 2 sums do not add up; "
            "it also has 1 discrepancy."
        )

    def test_in_slovenian_by_default(self, tmp_path):
        table, _, _ = edited_csv(tmp_path)
        result = sofin("check", str(table), "--format", "github")
        assert "objavljeno 7.697" in result.stdout and "::notice" in result.stdout

    def test_a_table_that_reconciles_exits_0_with_a_notice_only(self):
        result = sofin("check", "data/published/2025.json", "--format", "github", "--lang", "en")
        assert result.exit_code == 0
        assert result.stdout == (
            "::notice file=data/published/2025.json::data/published/2025.json: "
            "the table reconciles, no discrepancies.\n"
        )

    @pytest.mark.parametrize(
        ("text", "data", "prop"),
        [
            ("50%", "50%25", "50%25"),
            ("a\rb", "a%0Db", "a%0Db"),
            ("a\nb", "a%0Ab", "a%0Ab"),
            ("a:b", "a:b", "a%3Ab"),
            ("a,b", "a,b", "a%2Cb"),
            ("%0A", "%250A", "%250A"),  # an escape as written is not read as one
            ("ok", "ok", "ok"),
        ],
    )
    def test_each_special_character_is_escaped(self, text, data, prop):
        assert (_data(text), _property(text)) == (data, prop)

    def test_a_file_name_with_special_characters(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        table, line, column = edited_csv(tmp_path, "100%:a,b.csv")
        result = sofin("check", table.name, "--format", "github", "--lang", "en")
        assert result.exit_code == 1
        assert f"::error file=100%25%3Aa%2Cb.csv,line={line},col={column}::" in result.stdout
        assert result.stdout.splitlines()[-1].startswith("::notice file=100%25%3Aa%2Cb.csv::100%25:a,b.csv: ")

    def test_a_label_with_a_percent_sign_in_the_message(self, tmp_path):
        table, _, _ = edited_csv(tmp_path)
        table.write_text(
            table.read_text(encoding="utf-8").replace("Stroški zaposlenih", "Plače 100%"), encoding="utf-8"
        )
        result = sofin("check", str(table), "--format", "github", "--lang", "en")
        assert "::Plače 100%25 (vezi/staff), Občina Komen: published 7,697" in result.stdout


class TestLazyPlaces:
    def test_a_json_table_that_reconciles_is_never_read_through_the_composer(self, monkeypatch):
        """The json module's fast path stays fast: the composer (minutes for a national table) runs only when
        a finding asks where its figure is."""

        def composer(*_args, **_kwargs):
            raise AssertionError("the composer ran")

        monkeypatch.setattr(published, "parse", composer)
        result = sofin("check", "data/published/2025.json")
        assert result.exit_code == 0

    def test_the_places_of_a_fast_read_table_come_when_asked(self, tmp_path):
        table_file, line, column = edited_json(tmp_path)
        table = read_table(table_file)
        assert table.cell_place(("vezi", "staff"), "komen") == (line, column)
        assert table.cell_place(("nowhere",), None) is None


def test_several_tables_one_after_another(tmp_path):
    """As pre-commit passes them (issue 25 item 4): each table's errors and notice, and the worst exit code."""
    table, line, column = edited_csv(tmp_path)
    result = sofin("check", "data/published/2025.json", str(table), "--format", "github", "--lang", "en")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::notice file=data/published/2025.json::") and len(lines) == 5
    assert lines[1].startswith(f"::error file={table},line=6,") and f"line={line},col={column}::" in lines[3]
    assert lines[4].startswith(f"::notice file={table}::")

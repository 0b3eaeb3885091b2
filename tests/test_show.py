"""`sofin show FILE` (issue 25 item 5): a table as allocate's text table, and any other file unchanged, so
that git's textconv shows a committed table's figures in `git diff`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sofin.cli import app

from .helpers import GOLDEN, ROOT, UPRAVA, assert_golden, require_tool, run, runner

JSON_TABLE = GOLDEN / "allocate_2025.json"  # tables as `sofin allocate 2025` writes them
CSV_TABLE = GOLDEN / "allocate_2025.csv"
README = (ROOT / "README.md").read_text(encoding="utf-8")
SOFIN = Path(sys.executable).with_name("sofin")  # the venv's script, as git runs a textconv: without a terminal


def shown(*args: str, stdin: bytes | None = None) -> bytes:
    result = runner.invoke(app, ["show", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


class TestTables:
    def test_a_json_table_is_allocates_text_table(self):
        assert_golden("show_2025_json.txt", shown(str(JSON_TABLE)).decode("utf-8"))

    def test_a_csv_table_is_the_same_table_under_a_title_without_its_year(self):
        """A CSV names neither the year nor the payers' names and shares: the table shows what it has."""
        assert_golden("show_2025_csv.txt", shown(str(CSV_TABLE)).decode("utf-8"))

    def test_english_writes_the_english_number_format(self):
        text = shown(str(JSON_TABLE), "--lang", "en").decode("utf-8")
        assert_golden("show_2025_json_en.txt", text)
        assert "98,833" in text and "ALL MUNICIPALITIES" in text

    def test_slovenian_is_the_default_number_format(self):
        text = shown(str(JSON_TABLE)).decode("utf-8")
        assert "98.833" in text and "SKUPAJ OBČINE" in text and "98,833" not in text

    def test_standard_input_is_read_as_the_file(self):
        assert shown("-", stdin=JSON_TABLE.read_bytes()) == shown(str(JSON_TABLE))
        assert shown("-", stdin=CSV_TABLE.read_bytes()) == shown(str(CSV_TABLE))

    def test_the_figures_are_the_tables_as_allocate_prints_them(self):
        """The lines of figures are allocate's own (its footnote marks aside: a file does not say which figure
        an in-kind footnote is about)."""
        allocated = run("allocate", "2025").stdout
        table = shown(str(JSON_TABLE)).decode("utf-8")
        figures = [line.replace(" *", "").replace("*", "").split() for line in allocated.splitlines()[5:19]]
        assert figures == [line.split() for line in table.splitlines()[5:19]]

    def test_a_table_with_keys_is_allocates_with_its_column_and_legend_of_keys(self, tmp_path):
        """All of allocate's text but the note of what the amounts rest on, which a table does not keep."""
        written = tmp_path / "uprava.json"
        assert run("allocate", "2025", "-s", str(UPRAVA), "-f", "json", "-o", str(written)).exit_code == 0
        allocated = run("allocate", "2025", "-s", str(UPRAVA)).stdout
        *table, blank, basis = allocated.splitlines()
        assert blank == "" and basis.startswith("Podlaga zneskov 2025")
        assert shown(str(written)).decode("utf-8") == "\n".join(table) + "\n"

    def test_a_figure_off_the_grid_is_shown_with_its_decimals_never_rounded(self, tmp_path):
        data = json.loads(JSON_TABLE.read_text(encoding="utf-8"))
        data["rows"][0]["allocation"]["sezana"] = "98833.4"
        edited = tmp_path / "t.json"
        edited.write_text(json.dumps(data), encoding="utf-8")
        assert "98.833,4" in shown(str(edited)).decode("utf-8")


class TestAnythingElseUnchanged:
    """A textconv must never fail: whatever is not a table is printed as it is, with exit 0."""

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("config.json", b'{"not": "a table"}\n'),
            ("list.json", b"[1, 2, 3]"),
            ("broken.json", b'{"rows": [1, 2'),
            ("notes.csv", b"a,b\n1,2\n"),
            ("binary.json", bytes(range(256))),
            ("empty.json", b""),
            ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ],
    )
    def test_a_file_that_is_not_a_table(self, tmp_path, name, content):
        path = tmp_path / name
        path.write_bytes(content)
        assert shown(str(path)) == content

    def test_a_table_with_a_mistake_in_it_is_printed_unchanged(self, tmp_path):
        data = JSON_TABLE.read_bytes().replace(b'"payers"', b'"payors"', 1)
        path = tmp_path / "t.json"
        path.write_bytes(data)
        assert shown(str(path)) == data

    def test_standard_input_that_is_not_a_table(self):
        assert shown("-", stdin=b"\x00\xff not a table") == b"\x00\xff not a table"

    def test_a_missing_file_is_exit_2_with_its_problem(self, tmp_path):
        """git never passes a file that is not there; a person who mistyped a name hears it (exit 2), and no
        output is mistaken for the file's."""
        result = run("show", str(tmp_path / "missing.json"))
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "missing.json" in result.stderr


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def tables_repo(tmp_path: Path) -> Path:
    """A repository whose tables git diffs through `sofin show`, as README's "Tables in git" sets it up."""
    require_tool("git")
    assert SOFIN.exists(), f"no sofin script beside {sys.executable}"
    repo = tmp_path / "repo"
    (repo / "tabele").mkdir(parents=True)
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "diff.sofin.textconv", f"{SOFIN} show")
    (repo / ".gitattributes").write_text("tabele/*.json diff=sofin\ntabele/*.csv diff=sofin\n", encoding="utf-8")
    return repo


def test_git_diff_shows_the_changed_figure_in_slovenian(tables_repo):
    table = tables_repo / "tabele" / "sofinanciranje_2025.json"
    written = run("allocate", "2025", "-f", "json", "-o", str(table))  # the bytes the script writes, in this process
    assert written.exit_code == 0, written.output
    git(tables_repo, "add", ".")
    git(tables_repo, "commit", "-q", "-m", "2025")
    # One figure changed, and its totals, so that the file is still a table: Sežana's grand total and its society's
    text = table.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["rows"][0]["allocation"]["sezana"] == "98833"
    for row in data["rows"][:3]:  # the grand total, Društvo »PO-MOČ« and its first line
        row["allocation"]["sezana"] = str(int(row["allocation"]["sezana"]) + 1)
        row["total"] = str(int(row["total"]) + 1)
    table.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")

    diff = git(tables_repo, "diff")
    assert "-   Materialni stroški zaposlenih      5.047            2.563" in diff
    assert "+   Materialni stroški zaposlenih      5.048            2.564" in diff
    assert "98.834" in diff and "194.631" in diff
    assert '"sezana"' not in diff  # figures, not the JSON's braces and quoted strings
    readme_diff = README.split("### Tables in git", 1)[1].split("\n### ", 1)[0]
    changed = [line for line in readme_diff.splitlines() if line.startswith(("- ", "+ "))]
    assert len(changed) == 6 and all(line in diff.splitlines() for line in changed)  # README shows this diff


def test_readme_sets_git_up_as_the_test_does():
    section = README.split("### Tables in git", 1)[1].split("\n### ", 1)[0]
    assert "tabele/*.json diff=sofin\ntabele/*.csv diff=sofin\n" in section
    assert 'git config diff.sofin.textconv "sofin show"' in section


def test_git_diff_of_a_file_under_the_pattern_that_is_not_a_table_still_diffs(tables_repo):
    other = tables_repo / "tabele" / "nastavitve.json"
    other.write_text('{"barva": "modra"}\n', encoding="utf-8")
    git(tables_repo, "add", ".")
    git(tables_repo, "commit", "-q", "-m", "settings")
    other.write_text('{"barva": "rdeča"}\n', encoding="utf-8")
    diff = git(tables_repo, "diff")
    assert '-{"barva": "modra"}' in diff and '+{"barva": "rdeča"}' in diff


def test_git_diff_of_a_csv_table_shows_figures_too(tables_repo):
    table = tables_repo / "tabele" / "sofinanciranje_2025.csv"
    table.write_bytes(CSV_TABLE.read_bytes())
    git(tables_repo, "add", ".")
    git(tables_repo, "commit", "-q", "-m", "2025")
    table.write_text(table.read_text(encoding="utf-8").replace(",5047,2563,", ",5048,2564,", 1), encoding="utf-8")
    diff = git(tables_repo, "diff")
    assert "+   Materialni stroški zaposlenih      5.048     2.564" in diff
    assert "5048" not in diff  # the figure as people read it, not the CSV's line

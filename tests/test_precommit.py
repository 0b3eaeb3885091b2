"""Issue 25 item 4: the pre-commit hook. `.pre-commit-hooks.yaml` declares `sofin-check`, whose entry
runs here as pre-commit runs it: from the root of a repository of tables, with the staged files' paths
after it, several at once; `sofin check` checks and reports each, and its exit code is the worst."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
import yaml

from .helpers import ROOT, assert_golden

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
PUBLISHED = ROOT / "data" / "published"
# A manifest hook's fields, as pre-commit documents them: id, name, entry and language are required.
REQUIRED = {"id", "name", "entry", "language"}
KNOWN = REQUIRED | {
    "alias", "files", "exclude", "types", "types_or", "exclude_types", "always_run", "fail_fast", "verbose",
    "pass_filenames", "require_serial", "description", "language_version", "minimum_pre_commit_version", "args",
    "stages",
}  # fmt: skip
GOOD = "tabele/2025.json"  # sofin's own 2025 table
BAD = "tabele/2025.csv"  # the same table in CSV, one figure edited by hand


def hook() -> dict[str, Any]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and [each["id"] for each in hooks] == ["sofin-check"]
    found: dict[str, Any] = hooks[0]
    return found


def entry() -> list[str]:
    """The hook's entry as pre-commit runs it, with `sofin` the script installed beside this Python."""
    program, *args = shlex.split(hook()["entry"])
    script = Path(sys.executable).parent / program
    assert script.is_file(), f"{program} is not installed beside {sys.executable}"
    return [str(script), *args]


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """A finance office's repository: a good table and a bad one in its folder `tabele`."""
    (tmp_path / "tabele").mkdir()
    (tmp_path / GOOD).write_bytes((PUBLISHED / "2025.json").read_bytes())
    csv = (PUBLISHED / "2025.csv").read_text(encoding="utf-8")
    edited = "2,po-moc/staff,Materialni stroški zaposlenih,0,5047,2564,825,886,773\n"
    assert csv.count("2,po-moc/staff,Materialni stroški zaposlenih,0,5047,2563,825,886,773\n") == 1
    (tmp_path / BAD).write_text(
        csv.replace("2,po-moc/staff,Materialni stroški zaposlenih,0,5047,2563,825,886,773\n", edited),
        encoding="utf-8",
    )
    return tmp_path


def run_hook(where: Path, *files: str, options: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """The entry with the files pre-commit passes, from the repository's root; the CSV's key from the
    shipped strategy, whatever this machine's SOFIN_STRATEGY says."""
    env = {key: value for key, value in os.environ.items() if key != "SOFIN_STRATEGY"}
    return subprocess.run(
        [*entry(), *options, *files], cwd=where, env=env, capture_output=True, text=True, encoding="utf-8"
    )


class TestTheManifest:
    def test_declares_sofin_check_with_the_fields_pre_commit_reads(self):
        declared = hook()
        assert REQUIRED <= set(declared) <= KNOWN, set(declared) - KNOWN
        assert declared["entry"] == "sofin check"
        assert declared["language"] == "python"  # pre-commit installs this repository (pyproject.toml) with pip
        assert declared["pass_filenames"] is True
        assert declared["name"] and declared["description"]

    def test_its_entry_is_the_command_pyproject_installs(self):
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        assert re.search(r'^sofin = "sofin\.cli:main"$', pyproject, flags=re.M)
        assert shlex.split(hook()["entry"])[0] == "sofin"

    @pytest.mark.parametrize(
        "path",
        [
            "tabele/2025.json",
            "tabele/2025.csv",
            "proracun/tabele/2026.csv",
            "data/published/2025.json",
            "tables/2025/section4.csv",
        ],
    )
    def test_its_pattern_names_the_tables(self, path):
        assert re.search(hook()["files"], path)  # pre-commit searches each staged path with the pattern

    @pytest.mark.parametrize(
        "path",
        [
            "package.json",
            "proracun/2025.csv",  # a budget beside the tables, not in their folder
            "tabele/README.md",
            "data/published/strategija_2025_section4.txt",
            "mytabele/2025.csv",  # a folder whose name only ends like one
            "tabele.json",
            "tabele/2025.json.bak",
            ".vscode/settings.json",
        ],
    )
    def test_its_pattern_leaves_other_files(self, path):
        assert not re.search(hook()["files"], path)


class TestTheEntry:
    def test_a_good_table_passes(self, tables):
        result = run_hook(tables, GOOD)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"{GOOD}: tabela je usklajena")

    def test_a_bad_table_stops_the_commit(self, tables):
        result = run_hook(tables, BAD)
        assert result.returncode == 1, result.stderr
        assert result.stdout.startswith(f"{BAD}: tabela ni usklajena")
        assert "Materialni stroški zaposlenih (po-moc/staff)" in result.stdout

    def test_both_at_once_report_both_and_exit_with_the_worst(self, tables):
        result = run_hook(tables, GOOD, BAD)
        assert result.returncode == 1, result.stderr
        assert result.stderr == ""
        assert_golden("check_several.txt", result.stdout)
        first, second = result.stdout.split(f"\n\n{BAD}: ", 1)
        assert first.startswith(f"{GOOD}: tabela je usklajena")
        assert "tabela ni usklajena" in second
        # Each report is what the table alone gives.
        assert result.stdout == run_hook(tables, GOOD).stdout + "\n" + run_hook(tables, BAD).stdout.rstrip("\n") + "\n"

    def test_either_order_exits_with_the_worst(self, tables):
        result = run_hook(tables, BAD, GOOD)
        assert result.returncode == 1
        assert result.stdout.index(BAD) < result.stdout.index(GOOD)

    def test_a_file_that_cannot_be_read_exits_2_after_the_others_are_reported(self, tables):
        (tables / "tabele" / "broken.json").write_text("{not json", encoding="utf-8")
        result = run_hook(tables, BAD, "tabele/broken.json", GOOD, options=("--lang", "en"))
        assert result.returncode == 2
        assert result.stdout.startswith(f"{BAD}: the table does not reconcile")
        assert f"\n\n{GOOD}: the table reconciles" in result.stdout
        lines = result.stderr.splitlines()
        assert lines[0].startswith("tabele/broken.json:") and len(lines) == 2
        assert lines[-1] == "sofin: 1 problem; the other tables were checked, and are in the report."

    def test_only_files_that_cannot_be_read_say_nothing_was_written(self, tables):
        result = run_hook(tables, "tabele/missing.csv", "tabele/gone.json", options=("--lang", "en"))
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.splitlines()[-1] == "sofin: 2 problems; nothing was written."


class TestSeveralTablesInOtherFormats:
    def test_json_is_an_array_of_each_tables_own_report(self, tables):
        alone = [json.loads(run_hook(tables, path, options=("-f", "json")).stdout) for path in (GOOD, BAD)]
        result = run_hook(tables, GOOD, BAD, options=("-f", "json"))
        assert result.returncode == 1
        assert json.loads(result.stdout) == alone
        assert [report["reconciles"] for report in alone] == [True, False]

    def test_one_table_s_json_is_the_object_it_always_was(self, tables):
        document = json.loads(run_hook(tables, GOOD, options=("-f", "json")).stdout)
        assert isinstance(document, dict) and document["file"] == GOOD

    def test_markdown_reports_follow_one_another_each_under_its_heading(self, tables):
        result = run_hook(tables, GOOD, BAD, options=("-f", "markdown"))
        headings = [line for line in result.stdout.splitlines() if line.startswith("# ")]
        assert headings == [f"# Pregled tabele {GOOD}", f"# Pregled tabele {BAD}"]

    def test_junit_is_one_document_a_testsuite_a_table(self, tables):
        result = run_hook(tables, GOOD, BAD, options=("-f", "junit", "-o", "report.xml"))
        assert result.returncode == 1, result.stderr
        suites = ElementTree.parse(tables / "report.xml").getroot()
        assert suites.tag == "testsuites"
        assert [(suite.get("name"), suite.get("failures")) for suite in suites] == [(GOOD, "0"), (BAD, "3")]
        assert suites.get("failures") == "3"

    def test_output_holds_every_report(self, tables):
        result = run_hook(tables, GOOD, BAD, options=("-o", "pregled.txt"))
        assert result.returncode == 1 and result.stdout == ""
        assert (tables / "pregled.txt").read_text(encoding="utf-8") == run_hook(tables, GOOD, BAD).stdout

    def test_a_workbook_takes_one_table(self, tables):
        result = run_hook(tables, GOOD, BAD, options=("-f", "xlsx", "-o", "pregled.xlsx", "--lang", "en"))
        assert result.returncode == 2
        assert "--format: xlsx is one table's workbook" in result.stderr
        assert not (tables / "pregled.xlsx").exists()

    def test_printed_stays_instead_of_files(self, tables):
        result = run_hook(tables, GOOD, BAD, options=("--printed", "2025", "--lang", "en"))
        assert result.returncode == 2
        assert "give a table FILE, or --printed YEAR" in result.stderr


def readme_config() -> dict[str, Any]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block for block in re.findall(r"```yaml\n(.*?)```", readme, flags=re.S) if "sofin-check" in block]
    assert len(blocks) == 1, "README shows one .pre-commit-config.yaml with the hook"
    config: dict[str, Any] = yaml.safe_load(blocks[0])
    return config


class TestTheReadme:
    def test_its_config_names_the_hook(self):
        (repo,) = readme_config()["repos"]
        assert repo["repo"] and repo["rev"]
        (used,) = repo["hooks"]
        assert used["id"] == hook()["id"]

    def test_its_files_override_is_a_pattern_for_its_own_folder(self):
        (used,) = readme_config()["repos"][0]["hooks"]
        assert re.search(used["files"], "proracun/tabele/2025.csv")
        assert not re.search(used["files"], "proracun/2025.csv")

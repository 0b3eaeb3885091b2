"""Issue 25, item 7: README's "In CI" jobs, GitHub Actions' and GitLab CI's, are valid YAML of the shape each
CI reads, and their sofin commands, run as the CI's shell runs them, check a folder of tables."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from sofin.render import CheckFormat

from .helpers import ROOT, run

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("\n### In CI\n", 1)[1].split("\n### ", 1)[0]
GITHUB, GITLAB = (yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", SECTION, flags=re.S))
SOFIN_BIN = Path(sys.executable).parent  # the sofin of this checkout, as `pip install` puts it on the PATH
EDITED = ('"divaca": "7679",', '"divaca": "7697",')  # VEZI's staff costs, one figure typed wrong


def github_job() -> dict[str, Any]:
    (job,) = GITHUB["jobs"].values()
    return job


def gitlab_job() -> dict[str, Any]:
    (job,) = (value for value in GITLAB.values() if isinstance(value, dict) and "script" in value)
    return job


def github_script() -> str:
    """The job's `run` steps but the install, one after another, as the runner's bash runs them."""
    runs = [step["run"] for step in github_job()["steps"] if "run" in step]
    return "\n".join(text for text in runs if not text.startswith("pip install"))


def gitlab_script() -> str:
    return "\n".join(line for line in gitlab_job()["script"] if not line.startswith("pip install"))


def test_the_github_job_has_the_shape_actions_reads():
    # PyYAML reads YAML 1.1, where the key `on` is the boolean true; GitHub reads it as the name "on".
    triggers = GITHUB.get("on", GITHUB.get(True))
    assert {"push", "pull_request"} <= set(triggers)
    job = github_job()
    assert job["runs-on"] == "ubuntu-latest"
    assert all(("run" in step) != ("uses" in step) for step in job["steps"])  # each step does one thing
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert uses[0].startswith("actions/checkout@") and any(use.startswith("actions/setup-python@") for use in uses)
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs[0].startswith("pip install ") and "sofin" in runs[0]
    assert "sofin check" in github_script() and "--format github" in github_script()


def test_the_gitlab_job_has_the_shape_gitlab_reads():
    job = gitlab_job()
    assert isinstance(job["image"], str) and all(isinstance(line, str) for line in job["script"])
    assert job["script"][0].startswith("pip install ") and "sofin" in job["script"][0]
    assert job["artifacts"]["when"] == "always"  # a failing job's reports are the ones people need
    junit = job["artifacts"]["reports"]["junit"]
    assert "sofin check" in gitlab_script() and "--format junit" in gitlab_script()
    # The reports the script writes are those the artifact names.
    (folder,) = re.findall(r'-o "([^/"]+)/.*?\.xml"', gitlab_script())
    assert junit == f"{folder}/*.xml"


@pytest.fixture(scope="module")
def written_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The tables of 2025 and 2026 as `sofin allocate YEAR -f json` writes them, written once for every test."""
    folder = tmp_path_factory.mktemp("tables")
    for year in ("2025", "2026"):
        assert run("allocate", year, "-f", "json", "-o", str(folder / f"{year}.json")).exit_code == 0
    return {year: (folder / f"{year}.json").read_bytes() for year in ("2025", "2026")}


@pytest.fixture
def tables(tmp_path: Path, written_tables: dict[str, bytes]) -> Path:
    """A repository's folder: tabele/2025.json and tabele/2026.json, as `sofin allocate YEAR -f json` writes them."""
    (tmp_path / "tabele").mkdir()
    for year, data in written_tables.items():
        (tmp_path / "tabele" / f"{year}.json").write_bytes(data)
    return tmp_path


def edit_a_figure(folder: Path) -> None:
    text = (folder / "tabele" / "2025.json").read_text(encoding="utf-8")
    assert EDITED[0] in text
    # Named to come first in the shell's `tabele/*.json`: the tables after it must be checked all the same.
    (folder / "tabele" / "0-edited.json").write_text(text.replace(*EDITED, 1), encoding="utf-8")


def run_script(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """The script in bash -e (GitHub's `run`; GitLab's script runs with set -e too), in the repository's folder."""
    bash = shutil.which("bash")
    assert bash is not None
    env = {**os.environ, "PATH": f"{SOFIN_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [bash, "-e", "-c", script], cwd=folder, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300
    )


def require_format(script: str) -> None:
    """Every --format a recipe names is one `sofin check` writes (a recipe never names one it does not)."""
    named = re.findall(r"--format (\w+)", script)
    assert named and all(name in CheckFormat.__members__ for name in named), named


def test_the_github_job_passes_on_tables_that_reconcile(tables):
    script = github_script()
    require_format(script)
    result = run_script(script, tables)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::error" not in result.stdout
    assert result.stdout.count("::notice") == 2  # a summary for each table


def test_the_github_job_marks_the_figure_and_fails(tables):
    edit_a_figure(tables)
    script = github_script()
    require_format(script)
    result = run_script(script, tables)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert errors and all(line.startswith("::error file=tabele/0-edited.json,line=") for line in errors)
    assert result.stdout.count("::notice") == 3  # every table reported, those after the bad one too


def junit_failures(report: Path) -> int:
    root = ET.parse(report).getroot()
    assert root.tag in ("testsuites", "testsuite")
    return len(root.findall(".//failure"))


def test_the_gitlab_job_passes_on_tables_that_reconcile(tables):
    script = gitlab_script()
    require_format(script)
    result = run_script(script, tables)
    assert result.returncode == 0, result.stdout + result.stderr
    reports = sorted((tables / "reports").glob("*.xml"))
    assert [report.name for report in reports] == ["2025.xml", "2026.xml"]
    assert all(junit_failures(report) == 0 for report in reports)


def test_the_gitlab_job_reports_the_figure_and_fails(tables):
    edit_a_figure(tables)
    script = gitlab_script()
    require_format(script)
    result = run_script(script, tables)
    assert result.returncode == 1, result.stdout + result.stderr
    failures = {report.name: junit_failures(report) for report in (tables / "reports").glob("*.xml")}
    assert failures.keys() == {"2025.xml", "2026.xml", "0-edited.xml"}
    assert failures["0-edited.xml"] > 0 and failures["2025.xml"] == failures["2026.xml"] == 0


@pytest.mark.parametrize("script", [github_script, gitlab_script], ids=["github", "gitlab"])
def test_the_loops_check_every_table_and_fail_on_any(tables, script):
    """The shell around the commands, whatever the format: every table is checked, the bad one among the others,
    and the job fails (here with JSON, which every checkout writes; the CIs' own formats are tested above)."""
    # JSON reports keep their own names: `-o x.xml` names the junit format, which --format json contradicts.
    text = re.sub(r"--format \w+", "--format json", script()).replace(".xml", ".json")
    assert text != script() and "sofin check" in text
    passed = run_script(text, tables)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    shutil.rmtree(tables / "reports", ignore_errors=True)  # the reports of the run that passed
    edit_a_figure(tables)
    failed = run_script(text, tables)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    if "-o " in text:
        reports = {report.name for report in (tables / "reports").glob("*.json")}
        assert reports == {"2025.json", "2026.json", "0-edited.json"}
    else:  # one JSON report a table, on stdout
        assert failed.stdout.count('"format_version"') == 3

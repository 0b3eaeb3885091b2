"""Helpers the test modules share: the repository's files, a small strategy, the command line through
typer's runner, golden files and external programs. (Fixtures are in conftest.py.)"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sofin.cli import app

ROOT = Path(__file__).resolve().parent.parent.parent
STRATEGY_2025 = ROOT / "data" / "strategija_2025.yaml"
UPRAVA = ROOT / "examples" / "skupna_uprava.yaml"  # the example of several keys (issue 24)

MINIMAL = """\
strategy: Test strategy
period: [2025, 2029]
base_year: 2025
currency: EUR
unit: 1
payers:
  - {id: a, name: Občina A, share: 60.5}
  - {id: b, name: Občina B, share: 39.5}
indexation:
  staff: {default: 2}
  programme: {default: 2, 2027: 2.5}
societies:
  - id: s
    name: Društvo S
    short: S
    lines:
      - id: staff
        label: Stroški zaposlenih
        kind: staff
        items:
          - {label: Delavka, pay_grade: 34, funded_share: 1, amount: 1001}
      - {id: programme, label: Materialni stroški programa, kind: programme, amount: 333}
"""
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("SOFIN_UPDATE_GOLDEN") == "1"  # rewrite the golden files after a deliberate change

runner = CliRunner()


def strategy_from_text(text: str, name: str = "<text>"):  # type: ignore[no-untyped-def]
    """A strategy validated from its YAML text, as load_strategy_file validates a file's (source.parse, load.validate)."""
    from sofin.load import validate
    from sofin.source import parse

    return validate(parse(text, name))


def run(*args: str):
    return runner.invoke(app, list(args))


def update_golden(path: Path, data: bytes) -> None:
    """Rewrite a golden file whose bytes changed, whole at once: the tests run in several processes
    (pytest-xdist), and another may read the file meanwhile (tests/test_json_schemas.py reads them all)."""
    if path.exists() and path.read_bytes() == data:
        return
    fresh = path.with_name(f".{path.name}.{os.getpid()}")
    fresh.write_bytes(data)
    os.replace(fresh, path)


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        update_golden(path, text.encode("utf-8"))
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; if intended, rerun with SOFIN_UPDATE_GOLDEN=1"


def require_tool(name: str) -> str:
    """The path of an external program a test needs (a Debian package), or skip with the reason.

    CI installs these programs and sets SOFIN_REQUIRE_TOOLS=1, so there a missing one fails the run.
    """
    path = shutil.which(name)
    if path is None:
        if os.environ.get("SOFIN_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{name} is not installed, and SOFIN_REQUIRE_TOOLS=1 says it must be")
        pytest.skip(f"{name} is not installed (a Debian package; .ci/run installs it)")
    return path


def balances(journal: str, tmp_path: Path, depth: int) -> dict[str, Decimal]:
    """hledger's balance of every account of `journal` to `depth`, after `hledger check --strict`."""
    hledger = require_tool("hledger")
    path = tmp_path / "sofin.journal"
    path.write_text(journal, encoding="utf-8")
    subprocess.run([hledger, "-f", str(path), "check", "--strict"], check=True, capture_output=True)
    report = subprocess.run(
        [hledger, "-f", str(path), "balance", "--empty", "--no-total", "--depth", str(depth), "--output-format", "csv"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    rows = list(csv.reader(io.StringIO(report)))[1:]
    return {account: Decimal(amount.split()[0]) for account, amount in rows}


def in_english(problem) -> str:  # type: ignore[no-untyped-def]
    """A problem's line as the command line reports it under --lang en: FILE:LINE:COLUMN: field: message."""
    from sofin.cli.errors import problem_line
    from sofin.words import Language

    return problem_line(problem, Language("en"))


def english_message(problem) -> str:  # type: ignore[no-untyped-def]
    """A problem's message as --lang en words it."""
    from sofin.render.problems import phrase
    from sofin.words import Language

    return phrase(problem.message, Language("en"))


def run_in_english(*args: str):  # type: ignore[no-untyped-def]
    """The command line under --lang en: for the tests that look for sofin's English messages."""
    return runner.invoke(app, [*args, "--lang", "en"])

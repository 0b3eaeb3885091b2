"""Helpers the test modules share: the command line through typer's runner, and golden files."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from sofin.cli import app

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SOFIN_UPDATE_GOLDEN") == "1"  # rewrite the golden files after a deliberate change

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; if intended, rerun with SOFIN_UPDATE_GOLDEN=1"

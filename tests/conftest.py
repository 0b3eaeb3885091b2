from __future__ import annotations

import functools
from pathlib import Path

import pytest
import typer.main
import typer.testing

# typer's CliRunner turns the app into a click command at every invoke: all nine commands' signatures
# into options, about half of an in-process run. A process of sofin does that once, so a test process
# does too; the command holds no state between invocations.
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]


@pytest.fixture
def write(tmp_path: Path):
    """Write text to a file in a temporary folder and return its path."""

    def _write(text: str | bytes, name: str = "strategy.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write

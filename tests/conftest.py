from __future__ import annotations

import compileall
import contextlib
import functools
import importlib.util
import os
import sys
from pathlib import Path

import pytest
import typer.main
import typer.testing

# typer's CliRunner turns the app into a click command at every invoke, each of the nine commands' signatures into
# options; a sofin process makes the one command it runs, once. The test process makes them once too: the command
# holds no state between invocations.
assert hasattr(typer.testing, "_get_command"), "typer's test runner no longer builds the command so"
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]

_COMPILED = pytest.StashKey[list[Path]]()


def pytest_configure(config: pytest.Config) -> None:
    """Where the environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE), sofin's modules compiled once
    for every process the tests start, and that bytecode removed again when the run ends.

    An editable install leaves src/ without bytecode, so each of the few hundred sofin processes the tests start
    would compile sofin again, which the installed command never does. Only sofin's own modules: the installed
    packages were compiled when they were installed."""
    if not sys.flags.dont_write_bytecode or "PYTEST_XDIST_WORKER" in os.environ:
        return
    import sofin

    sources = Path(sofin.__file__).parent.rglob("*.py")
    compiled = [Path(importlib.util.cache_from_source(str(source))) for source in sources]
    config.stash[_COMPILED] = [path for path in compiled if not path.exists()]
    compileall.compile_dir(Path(sofin.__file__).parent, quiet=1)


def pytest_unconfigure(config: pytest.Config) -> None:
    made = config.stash.get(_COMPILED, [])
    for path in made:
        path.unlink(missing_ok=True)
    for folder in {path.parent for path in made}:
        with contextlib.suppress(OSError):  # a folder that holds bytecode of before the run stays
            folder.rmdir()


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

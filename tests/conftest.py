from __future__ import annotations

import compileall
import functools
import os
import shutil
import sys
from pathlib import Path

import pytest
import typer.main
import typer.testing

# typer's CliRunner turns the app into a click command at every invoke: all nine commands' signatures
# into options, about half of an in-process run. A process of sofin does that once, so a test process
# does too; the command holds no state between invocations.
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]

_COMPILED = pytest.StashKey[list[Path]]()


def pytest_configure(config: pytest.Config) -> None:
    """Where the environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE), sofin's modules compiled once
    for every process the tests start, and the bytecode removed again when the run ends.

    An editable install leaves src/ without bytecode, so each of the few hundred sofin processes the tests start
    would compile sofin again (about 0.1 s of CPU each), which the installed command never does. Only sofin's
    own folders: the installed packages were compiled when they were installed."""
    if not sys.flags.dont_write_bytecode or "PYTEST_XDIST_WORKER" in os.environ:
        return
    import sofin

    package = Path(sofin.__file__).parent
    folders = [package, *(path for path in package.rglob("*") if path.is_dir() and path.name != "__pycache__")]
    config.stash[_COMPILED] = [folder / "__pycache__" for folder in folders if not (folder / "__pycache__").exists()]
    compileall.compile_dir(package, quiet=1)


def pytest_unconfigure(config: pytest.Config) -> None:
    for cache in config.stash.get(_COMPILED, []):
        shutil.rmtree(cache, ignore_errors=True)


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

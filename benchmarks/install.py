"""The plain install, as users get it: its size on disk, the heavy packages it does without, and its cold
start beside an empty typer app with the same options (benchmarks/empty_cli.py).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from measure import HERE, MB, REPO, YEAR, Settings, markdown_table, progress, section

# Plain install: size, heavy dependencies, cold start


PIP_TOOLS = ("pip", "setuptools", "_distutils_hack", "pkg_resources", "distutils-precedence.pth")


def plain_install_section(settings: Settings, work: Path) -> None:
    progress("plain install: python -m venv, pip install (non-editable, no extras)")
    venv = plain_install(work)
    site_packages = next(venv.glob("lib/python*/site-packages"))
    total, tools = site_packages_bytes(site_packages)
    present = heavy_packages(venv)
    rows = [
        ["site-packages, all files", f"{total / MB:.1f} MB"],
        ["the same without the venv's own pip and setuptools", f"{(total - tools) / MB:.1f} MB"],
        *[[f"`{name}` installed", "yes" if found else "no"] for name, found in present.items()],
    ]
    how = (
        "A new venv (`python -m venv`), then `pip install --quiet --disable-pip-version-check` of a copy of "
        "this repository (non-editable, no extras; a copy so that the build leaves nothing in `src/`). "
        "Size: the sum of the sizes of the regular files under site-packages (os.walk, symlinks not "
        f"followed), MB = 2^20 bytes. Distributions installed: {installed_distributions(venv)}."
    )
    section("Plain install", how, markdown_table(["", "value"], rows))
    cold_start_section(settings, venv)


def plain_install(work: Path) -> Path:
    """A venv with sofin as users install it. pip builds a local project in its own folder (creating
    src/sofin.egg-info and build/), so it builds a copy: the working tree is someone else's."""
    source = work / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
        ),
    )
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, str(source)], check=True, stdout=sys.stderr)
    return venv


def site_packages_bytes(site_packages: Path) -> tuple[int, int]:
    """All regular files' bytes, and those of them that belong to pip and setuptools."""
    total = tools = 0
    for top in site_packages.iterdir():
        size = tree_bytes(top)
        total += size
        if top.name.startswith(PIP_TOOLS):
            tools += size
    return total, tools


def tree_bytes(path: Path) -> int:
    """The bytes of the regular files at or under `path`; symlinks are neither counted nor followed."""
    if path.is_symlink():
        return 0
    if not path.is_dir():
        return path.stat().st_size
    total = 0
    for folder, _, names in os.walk(path):
        for name in names:
            file = Path(folder, name)
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def heavy_packages(venv: Path) -> dict[str, bool]:
    code = (
        "import importlib.util, json; "
        "print(json.dumps({n: importlib.util.find_spec(n) is not None for n in ('numpy', 'ortools', 'pandas')}))"
    )
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def installed_distributions(venv: Path) -> str:
    code = (
        "import importlib.metadata as m; "
        "print(', '.join(sorted((d.metadata['Name'] for d in m.distributions()), key=str.lower)))"
    )
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def cold_start_section(settings: Settings, venv: Path) -> None:
    progress("cold start")
    commands = {
        "`sofin allocate 2025`": [str(venv / "bin" / "sofin"), "allocate", str(YEAR)],
        "an empty typer app with the same options (`benchmarks/empty_cli.py allocate 2025`)": [
            str(venv / "bin" / "python"),
            str(HERE / "empty_cli.py"),
            "allocate",
            str(YEAR),
        ],
    }
    times = interleaved_wall_times(commands, settings.cold_start_repeats)
    sofin, empty = (statistics.median(values) for values in times.values())
    rows = [[name, f"{statistics.median(values):.3f}"] for name, values in times.items()]
    rows.append(["ratio sofin / empty app (target ≤ 1.75)", f"{sofin / empty:.2f}"])
    how = (
        f"Both from the plain install above, stdout to /dev/null, interleaved (so both see the same load), "
        f"after one untimed run of each; median of {settings.cold_start_repeats} wall times in seconds. "
        "`sofin allocate 2025` prints the bundled strategy's table."
    )
    section("Plain install: cold start", how, markdown_table(["command", "seconds"], rows))


def interleaved_wall_times(commands: dict[str, list[str]], repeats: int) -> dict[str, list[float]]:
    for command in commands.values():  # warm the disk cache and compile the new venv's bytecode
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    return times

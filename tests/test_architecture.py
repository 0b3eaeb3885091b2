"""The rooms of ARCHITECTURE.md and what each may import, checked on the source itself."""

from __future__ import annotations

import ast
import graphlib
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .helpers import ROOT

PACKAGE = ROOT / "src" / "sofin"
ROOMS = ("package", "domain", "core", "results", "words", "render", "cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def table() -> dict[str, tuple[str, str]]:
    """ARCHITECTURE.md's table of rooms: room -> (its modules cell, its may-import cell)."""
    rows = re.findall(r"^\| (\w+) \| (.*?) \| .*? \| (.*?) \|$", (ROOT / "ARCHITECTURE.md").read_text("utf-8"), re.M)
    return {room: (modules, may) for room, modules, may in rows if room in ROOMS}


def room(name: str) -> str:
    """The room of a module, as the table's modules column places it."""
    core = set(re.findall(r"`(\w+)`", table()["core"][0]))
    if name == "sofin":
        return "package"
    if name == "sofin.__main__" or name.startswith("sofin.cli"):
        return "cli"
    for folder in ("domain", "results", "words", "render"):
        if name.startswith(f"sofin.{folder}"):
            return folder
    assert name.removeprefix("sofin.") in core, f"{name} is in no room of ARCHITECTURE.md"
    return "core"


def may_import(of: str) -> tuple[set[str], set[str]]:
    """The rooms and the single modules (`name`) a room may import, from the table."""
    cell = table()[of][1]
    modules = {f"sofin.{name}" for name in re.findall(r"`(\w+)`", cell)}
    rooms = {word for word in re.findall(r"\w+", re.sub(r"`\w+`", "", cell)) if word in ROOMS}
    return rooms, modules


def imports(name: str) -> list[str]:
    """Every sofin module `name` imports anywhere in its text (at the top, in a function, for typing)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{name}: relative import"
            targets = [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        found += [target for target in targets if target in MODULES and target != name]
    return found


def test_the_table_names_every_room():
    assert set(table()) == set(ROOMS)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_module_imports_only_what_its_room_may(name):
    rooms, modules = may_import(room(name))
    for target in imports(name):
        allowed = room(target) in rooms or target in modules
        assert allowed, f"{name} ({room(name)}) imports {target} ({room(target)})"


@pytest.mark.parametrize("name", sorted(name for name in MODULES if room(name) == "render"))
def test_importing_a_renderer_loads_nothing_that_computes(name):
    """No solver, allocation, audit or any other stage is loaded with a renderer, not even through another module."""
    script = f"import importlib, sys; importlib.import_module({name!r}); print(' '.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout.split()
    rooms, modules = may_import("render")
    sofin = {module for module in loaded if module in MODULES and module != "sofin"}
    assert {module for module in sofin if room(module) not in rooms and module not in modules} == set()
    assert not {"sofin.rounding", "sofin.allocate", "sofin.check"} & set(loaded)


def test_the_domain_the_results_and_the_words_load_no_other_sofin_module():
    light = sorted(name for name in MODULES if room(name) in ("domain", "results", "words"))
    script = f"import sys, {', '.join(light)}; print(' '.join(m for m in sys.modules if m.startswith('sofin')))"
    loaded = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    assert set(loaded.split()) == {"sofin", *light}


def _import_graph(node_of: Callable[[str], str]) -> dict[str, set[str]]:
    """Every sofin module's imports (anywhere in its text), between the nodes `node_of` names.

    A module's own package is no arrow: `from sofin.cli import streams` in `sofin.cli.app` imports `streams`.
    """
    graph: dict[str, set[str]] = {}
    for name in MODULES:
        targets = {node_of(target) for target in imports(name) if not name.startswith(f"{target}.")}
        graph.setdefault(node_of(name), set()).update(targets - {node_of(name)})
    return graph


def _folder(name: str) -> str:
    """A module's place as the house is drawn: a folder of sofin is one place, a module of sofin's own folder another."""
    parts = name.split(".")
    return ".".join(parts[:2])


def test_no_import_runs_in_a_circle():
    """No module imports itself through others, not even inside a function or for typing."""
    graphlib.TopologicalSorter(_import_graph(lambda name: name)).prepare()


def test_no_import_runs_back_up_a_floor():
    """Drawn with each folder as one room, the house stands in floors: no room imports one that imports it back."""
    graphlib.TopologicalSorter(_import_graph(_folder)).prepare()


def test_every_module_named_here_exists():
    """Every path ARCHITECTURE.md names (`cli/app.py`, `render/check/`, `tests/test_cli.py`, `src/sofin/`) is there, and a
    file or folder it names alone (`table.py` in a room's list) is somewhere in sofin."""
    named = set(re.findall(r"`([\w/]+(?:\.py|/))`", (ROOT / "ARCHITECTURE.md").read_text("utf-8")))
    names = {path.name for path in PACKAGE.rglob("*") if "__pycache__" not in path.parts}
    for name in sorted(named):
        if "/" in name.rstrip("/"):
            assert (ROOT / name).exists() or (PACKAGE / name.removeprefix("sofin/")).exists(), name
        else:
            assert name.rstrip("/") in names, name


def test_the_table_reader_loads_no_strategy_schema():
    """A table read back (`sofin show`, `sofin check FILE`) is validated with the toolkit alone: reading one loads
    neither the strategy's schema nor its loader."""
    script = "import sys, sofin.published; print(' '.join(sys.modules))"
    loaded = set(
        subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout.split()
    )
    strategy = {"sofin.load", "sofin.model", "sofin.societies", "sofin.strategy_keys", "sofin.strategy_rules"}
    assert loaded & {*strategy, "sofin.pay_schedules", "sofin.keys"} == set()

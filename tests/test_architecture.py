"""The rooms of ARCHITECTURE.md and what each may import, checked on the source itself."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
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

"""The rooms of ARCHITECTURE.md and what each may import, checked on the source itself."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "sofin"

# The stages that compute: a renderer must reach none of them, not even through another module.
COMPUTING = {
    "sofin.load",
    "sofin.years",
    "sofin.flow",
    "sofin.rounding",
    "sofin.units",
    "sofin.allocate",
    "sofin.plan",
    "sofin.payments",
    "sofin.diff",
    "sofin.explain",
    "sofin.check",
    "sofin.pipeline",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
RENDERERS = sorted(name for name in MODULES if name == "sofin.render" or name.startswith("sofin.render."))


def sofin_imports(name: str) -> set[str]:
    """Every sofin module `name` imports anywhere in its text: at the top, in a function, for typing."""
    imported = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {module for module in imported if module in MODULES and module != name}


def room(name: str) -> str:
    for prefix in ("sofin.render", "sofin.cli", "sofin.words", "sofin.results"):
        if name == prefix or name.startswith(prefix + "."):
            return prefix.removeprefix("sofin.")
    return {"sofin": "package", "sofin.__main__": "cli"}.get(name, "core")


def test_the_rooms_are_what_architecture_md_lists():
    assert {room(name) for name in MODULES} == {"package", "words", "results", "core", "render", "cli"}


@pytest.mark.parametrize("name", RENDERERS)
def test_a_renderer_imports_no_computing_stage(name):
    """Renderers format a complete result: no solver, no allocation, no audit, directly or not."""
    script = (
        f"import importlib, sys; importlib.import_module({name!r}); "
        f"print(' '.join(sorted(m for m in sys.modules if m in {sorted(COMPUTING)!r})))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    assert loaded.split() == []
    assert not sofin_imports(name) & COMPUTING  # nor when a function or a type hint imports one


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_room_imports_only_what_it_may(name):
    allowed = {
        "package": set(),
        "words": {"words"},
        "results": {"results", "core"},  # core: a check report keeps the table it read, for typing only
        "core": {"package", "core", "results"},
        "render": {"render", "results", "words", "core"},  # core: the read-back table's type, never a stage
        "cli": {"package", "cli", "core", "results", "render", "words"},
    }[room(name)]
    rooms = {room(module) for module in sofin_imports(name)}
    assert rooms <= allowed, f"{name} imports from {sorted(rooms - allowed)}"


def test_the_results_and_the_words_import_no_stage_at_run_time():
    light = sorted(name for name in MODULES if room(name) in ("results", "words"))
    script = f"import sys, {', '.join(light)}; print(' '.join(m for m in sys.modules if m.startswith('sofin')))"
    loaded = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    assert set(loaded.split()) == {"sofin", *light}

"""The benchmarks' synthetic strategy for tests that need a large one (the benchmarks are no package: its
generator, benchmarks/strategy.py, is loaded by path)."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from . import ROOT


def benchmark_generator() -> ModuleType:
    """benchmarks/strategy.py as a module: `strategy_yaml(payers, societies, lines, **options)`."""
    spec = importlib.util.spec_from_file_location("benchmark_strategy", ROOT / "benchmarks" / "strategy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def benchmark_strategy(payers: int, societies: int, lines: int) -> str:
    """The benchmarks' strategy of this size, as `python benchmarks/strategy.py PAYERS SOCIETIES LINES` writes it."""
    text: str = benchmark_generator().strategy_yaml(payers, societies, lines)
    return text

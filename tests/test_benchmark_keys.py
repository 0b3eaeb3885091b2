"""benchmarks/strategy.py --keys (issue 24, item 6): the keyed benchmark strategy is the one-key strategy
plus its keys and nothing else, so that the benchmark's two runs differ only by the keys."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from sofin.keys import key_percents, line_key
from sofin.load import load_strategy_file
from sofin.validation import DEFAULT_KEY

from .helpers.benchmarks import benchmark_generator

SIZE = (30, 12, 10)  # payers, societies, lines per society


@pytest.fixture(scope="module")
def texts() -> tuple[str, str]:
    """The strategy with --keys and without."""
    module = benchmark_generator()
    return module.strategy_yaml(*SIZE, keys=True), module.strategy_yaml(*SIZE)


def without_keys(text: str) -> str:
    """The text with its `keys:` block and every `key:` field taken out."""
    text = re.sub(r"^keys:\n(  .*\n)+", "", text, flags=re.MULTILINE)
    text = re.sub(r"^    key: .*\n", "", text, flags=re.MULTILINE)
    return re.sub(r", key: [a-z-]+", "", text)


def test_the_keyed_file_is_the_one_key_file_plus_its_keys(texts: tuple[str, str]) -> None:
    keyed, one = texts
    assert keyed != one
    assert without_keys(keyed) == one


def test_three_keys_all_payers_a_third_and_a_mix(texts: tuple[str, str], tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(texts[0], encoding="utf-8")
    strategy = load_strategy_file(path).strategy
    percents = key_percents(strategy, 2025)
    assert list(percents) == [DEFAULT_KEY, "povrsina", "obseg-dela", "mesano"]
    payers = SIZE[0]
    assert all(percent > 0 for percent in percents["povrsina"])
    assert sum(percent > 0 for percent in percents["obseg-dela"]) == payers // 3
    half = Fraction(1, 2)
    assert percents["mesano"] == tuple(
        half * default + half * subset for default, subset in zip(percents[DEFAULT_KEY], percents["obseg-dela"])
    )
    societies = [society.key for society in strategy.societies]
    assert societies == [("povrsina", "obseg-dela", "mesano")[s % 3] for s in range(SIZE[1])]
    used = {line_key(society, line) for society in strategy.societies for line in society.lines}
    own = [line.key for society in strategy.societies for line in society.lines if line.key]
    assert used == set(percents) and 0 < len(own) < SIZE[1] * SIZE[2] // 2


def test_equal_keys_differ_from_keys_only_in_the_shares_and_are_equal(tmp_path: Path) -> None:
    """--equal-keys: the same keys chosen by the same societies and lines, with equal shares (many ties)."""
    module = benchmark_generator()
    equal, keyed = module.strategy_yaml(*SIZE, equal_keys=True), module.strategy_yaml(*SIZE, keys=True)
    block = re.compile(r"^keys:\n(  .*\n)+", flags=re.MULTILINE)
    assert block.sub("", equal) == block.sub("", keyed) and equal != keyed
    path = tmp_path / "equal.yaml"
    path.write_text(equal, encoding="utf-8")
    percents = key_percents(load_strategy_file(path).strategy, 2025)
    whole = percents["povrsina"]
    assert max(whole) - min(whole) == Fraction(1, 100) and sum(whole) == 100  # 30 payers: 3.34 or 3.33
    subset = [percent for percent in percents["obseg-dela"] if percent]
    assert len(subset) == 10 and set(subset) == {Fraction(10)}  # a third of 30 is 10: 10 % each

"""The ledger journal, checked by hledger: a program that knows nothing of sofin's arithmetic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from sofin.allocate import allocate
from sofin.load import load_strategy_file
from sofin.render import Format
from sofin.render.allocate import render
from sofin.years import year_lines

from .helpers import STRATEGY_2025, balances, run, strategy_from_text
from .helpers.strategies import strategy_texts


def assert_hledger_agrees(allocation, tmp_path) -> None:
    journal = render(allocation, Format.ledger)
    by_payer = balances(journal, tmp_path, depth=2)
    grand_total, societies = allocation.rows[0], [row for row in allocation.rows if row.level == 1]
    for payer, figure in zip(allocation.payers, grand_total.allocation):
        assert -by_payer[f"obcine:{payer.id}"] == figure
    for society in societies:
        assert by_payer[f"drustva:{society.path[0]}"] == society.total


def test_2025_balances_equal_sofins_totals(tmp_path):
    """Each municipality's balance is its grand-total figure; each society's, its total."""
    strategy = load_strategy_file(STRATEGY_2025).strategy
    assert_hledger_agrees(allocate(strategy, year_lines(strategy, 2025)), tmp_path)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(strategy_texts())
def test_random_strategies_in_euros_and_cents(tmp_path, text):
    """The journal parses and balances for any strategy, cents included."""
    strategy = strategy_from_text(text)
    assert_hledger_agrees(allocate(strategy, year_lines(strategy, 2025)), tmp_path)


def test_the_english_journal_differs_only_in_its_words():
    """--lang en names the accounts and comments in English; every posting and amount stays."""
    slovenian = run("allocate", "2025", "-f", "ledger").stdout
    english = run("allocate", "2025", "-f", "ledger", "--lang", "en").stdout
    translated = (
        slovenian.replace(" drustva:", " societies:")
        .replace(" obcine:", " municipalities:")
        .replace("; leto 2025, EUR, enota 1", "; year 2025, EUR, unit 1")
        .replace(", strategija sha256 ", ", strategy sha256 ")
    )

    def words(text: str) -> list[list[str]]:  # the columns are aligned to the longest account name
        return [line.split() for line in text.splitlines()]

    assert words(english) == words(translated) and "account municipalities:komen" in english

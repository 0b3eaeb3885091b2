"""The allocation of whole strategies: the 2025 table, later years, random strategies through the loader."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin.allocate import allocate
from sofin.load import load_strategy_file
from sofin.units import exact_amounts
from sofin.years import year_lines

from .helpers import STRATEGY_2025, strategy_from_text
from .helpers.contract import assert_allocation_reconciles, fewest_decimals, highs_least_error
from .helpers.strategies import strategy_texts


def allocation_for(strategy, year):
    return allocate(strategy, year_lines(strategy, year))


class TestExactAmounts:
    @given(
        st.integers(0, 10**15),
        st.integers(0, 6),
        st.integers(0, 6),
        st.sampled_from(["1", "0.01", "0.5", "10", "0.05"]),
    )
    def test_the_equal_decimal_with_thefewest_decimals(self, scaled, twos, fives, unit):
        """An integer over a scale of 2^a 5^b, in units, as the exactly equal amount."""
        scale = 2**twos * 5**fives
        amount = exact_amounts(scale, Decimal(unit))(scaled)
        assert Fraction(amount) == Fraction(scaled, scale) * Fraction(unit)
        assert fewest_decimals(amount)

    def test_a_scale_with_no_finite_decimal_is_refused(self):
        with pytest.raises(ValueError, match="no finite decimal"):
            exact_amounts(3, Decimal(1))


class TestStrategy2025:
    def test_reconciles_in_every_direction(self):
        """Every row sums to its total, every society and the grand total to their parts, per payer."""
        allocation = allocation_for(load_strategy_file(STRATEGY_2025).strategy, 2025)
        assert_allocation_reconciles(allocation)
        assert allocation.rows[0].total == Decimal(194630)

    def test_summed_rounding_error_is_the_least_possible(self):
        """The reported error equals the optimum of an independent MILP over the same table."""
        allocation = allocation_for(load_strategy_file(STRATEGY_2025).strategy, 2025)
        parents, totals, shares = assert_allocation_reconciles(allocation)
        assert float(allocation.rounding_error) == pytest.approx(highs_least_error(parents, totals, shares), abs=1e-9)

    def test_every_figure_within_one_euro_of_the_published_table(self):
        """sofin moves a published figure by at most its rounding: the published cells were rounded alone."""
        published = {  # section 4 of the strategy, as printed
            (): (98833, 31822, 34158, 29817),
            ("po-moc",): (5976, 1924, 2065, 1803),
            ("vezi",): (26170, 8426, 9045, 7895),
            ("rk-sezana",): (31540, 10155, 10901, 9516),
            ("mdpm-sezana",): (35147, 11316, 12147, 10604),
        }
        allocation = allocation_for(load_strategy_file(STRATEGY_2025).strategy, 2025)
        for row in allocation.rows:
            if row.path in published:
                assert all(abs(ours - theirs) <= 1 for ours, theirs in zip(row.allocation, published[row.path]))


class TestLaterYears:
    def test_2027_amounts_are_2025_indexed_twice_half_up(self):
        """Each declared amount grows by 2 % a year, rounded half-up to the euro each year."""
        strategy = load_strategy_file(STRATEGY_2025).strategy
        amounts = {key: line.amount for key, line in year_lines(strategy, 2027).items()}

        def twice(amount: int) -> Decimal:
            for _ in range(2):
                amount = (Decimal(amount) * Decimal("1.02")).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            return amount

        assert amounts["vezi", "staff"] == twice(31968) + twice(15000)  # indexed item by item
        assert amounts["po-moc", "programme"] == twice(6721)
        assert_allocation_reconciles(allocation_for(strategy, 2027))


class TestRandomStrategies:
    @settings(max_examples=60, deadline=None)
    @given(strategy_texts(), st.integers(2025, 2029))
    def test_any_valid_strategy_and_year_reconciles(self, text, year):
        """Through loader, indexation and allocator, whatever the payers, unit and year."""
        assert_allocation_reconciles(allocation_for(strategy_from_text(text), year))


class TestTree:
    @settings(max_examples=40, deadline=None)
    @given(strategy_texts())
    def test_rows_children_and_parents_agree_with_the_paths(self, text):
        """One tree API: lookup by path, a row's children in table order, each child's parent."""
        allocation = allocation_for(strategy_from_text(text), 2025)
        for row in allocation.rows:
            assert allocation.row(row.path) is row
            children = allocation.children(row.path)
            assert [child.path for child in children] == [
                other.path for other in allocation.rows if other.path and other.path[:-1] == row.path
            ]
            assert all(allocation.parent(child.path) is row for child in children)
        assert allocation.parent(()) is None
        with pytest.raises(KeyError, match="no/such"):
            allocation.row(("no", "such"))

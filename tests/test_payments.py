"""A municipality's instalments: contracts and periods add up, each instalment within a unit of its share."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sofin.allocate import allocate
from sofin.cli import app
from sofin.load import load_strategy_text
from sofin.payments import payments
from sofin.results.payments import Schedule
from sofin.years import year_lines

from .helpers import assert_golden
from .helpers.strategies import strategy_texts

runner = CliRunner()


def assert_schedule_reconciles(result, allocation) -> None:
    column = [p.id for p in allocation.payers].index(result.payer.id)
    societies = [row for row in allocation.rows if row.level == 1]
    assert [c.annual for c in result.contracts] == [row.allocation[column] for row in societies]
    assert result.annual == allocation.rows[0].allocation[column] == sum(c.annual for c in result.contracts)
    n = result.schedule.periods
    for contract in result.contracts:
        assert sum(contract.instalments) == contract.annual
        exact = Fraction(contract.annual) / n
        assert all(abs(Fraction(value) - exact) < Fraction(result.unit) for value in contract.instalments)
    for period, total in enumerate(result.totals):
        assert sum(c.instalments[period] for c in result.contracts) == total
    assert sum(result.totals) == result.annual


@settings(max_examples=40, deadline=None)
@given(strategy_texts(), st.sampled_from(list(Schedule)), st.data())
def test_any_strategy_and_schedule_reconciles(text, schedule, data):
    """Whatever the strategy, unit and schedule: rows, periods and the annual figure agree."""
    strategy = load_strategy_text(text)
    allocation = allocate(strategy, year_lines(strategy, 2025))
    payer = data.draw(st.sampled_from([p.id for p in strategy.payers]))
    assert_schedule_reconciles(payments(allocation, payer, schedule), allocation)


def test_komen_monthly_reconciles_to_komens_column():
    """`sofin payments 2025 --payer komen --schedule monthly`: twelve months that add up to 29.817."""
    result = runner.invoke(app, ["payments", "2025", "--payer", "komen", "--schedule", "monthly", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["total"]["annual"] == "29817"
    assert sum(Decimal(v) for v in document["total"]["instalments"].values()) == 29817
    assert [c["annual"] for c in document["contracts"]] == ["1803", "7895", "9516", "10603"]
    table = runner.invoke(app, ["payments", "2025", "--payer", "komen"])
    assert_golden("payments_2025_komen_monthly.txt", table.stdout)


@pytest.mark.parametrize("args", [["--payer", "nobody"], ["--payer", "komen", "--schedule", "weekly"]])
def test_unknown_payer_or_schedule_exits_2(args):
    result = runner.invoke(app, ["payments", "2025", *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output

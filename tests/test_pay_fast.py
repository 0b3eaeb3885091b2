"""pay.py's quick paths give exactly what the rule's plain computation gives: the same values, and the
same Decimals (their decimals too, since outputs print them as they are).

pay_periods finds a year's runs of one monthly pay from the months where tranches start to count, and
year_step computes in integers; both are checked here against the rule written out the obvious way:
twelve monthly pays (monthly_pay) merged into runs, and Fraction arithmetic step by step.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sofin.pay import Payments, PayPeriod, Step, half_up, pay_periods, tranche_payments, year_pay, year_step


def monthly_pay(payments: Payments, before: Decimal, year: int, month: int) -> Decimal:
    """The monthly pay of a month worked, as the rule says it: before, plus every tranche dated on or before its
    first day."""
    first_day = date(year, month, 1)
    return before + sum((paid for start, paid in payments if start <= first_day), Decimal(0))


# Monthly pays and tranches with 0, 1 or 2 decimals: Decimal("2500"), Decimal("2500.5"), Decimal("2500.50").
pays = st.integers(0, 1_000_000).flatmap(
    lambda cents: st.sampled_from(
        [Decimal(cents).scaleb(-2)]
        + ([Decimal(cents // 10).scaleb(-1)] if cents % 10 == 0 else [])
        + ([Decimal(cents // 100)] if cents % 100 == 0 else [])
    )
)
# Any day from 2023 to 2030, so that tranches fall on the first of a month, within one, in December,
# or in another year; several may count from the same month.
days = st.dates(date(2023, 1, 1), date(2030, 12, 31))
payment_lists = st.lists(st.tuples(days, pays), max_size=8).map(lambda items: tuple(sorted(items)))
years = st.integers(2023, 2031)


def plain_periods(payments, before, year) -> list[tuple[int, int, str]]:
    """The rule as written: each month's pay (monthly_pay), runs of an equal pay merged, the first pay kept."""
    runs: list[list] = []
    for month in range(1, 13):
        pay = monthly_pay(payments, before, year, month)
        if runs and runs[-1][2] == pay:
            runs[-1][1] = month
        else:
            runs.append([month, month, pay])
    return [(first, last, str(pay)) for first, last, pay in runs]


def as_text(periods: tuple[PayPeriod, ...]) -> list[tuple[int, int, str]]:
    return [(period.first, period.last, str(period.pay)) for period in periods]


@settings(max_examples=400, deadline=None)
@given(payment_lists, pays.filter(lambda pay: pay > 0), years)
def test_pay_periods_are_the_twelve_monthly_pays_merged(payments, before, year):
    # The computation itself: pay_periods' cache takes equal Decimals (2500.5, 2500.50) for one key.
    computed = pay_periods.__wrapped__(payments, before, year)
    assert as_text(computed) == plain_periods(payments, before, year)


@settings(max_examples=200, deadline=None)
@given(payment_lists, pays.filter(lambda pay: pay > 0), years)
def test_year_pay_is_the_sum_of_the_twelve_monthly_pays(payments, before, year):
    twelve = sum((monthly_pay(payments, before, year, month) for month in range(1, 13)), Decimal(0))
    assert year_pay(payments, before, year) == twelve


def test_two_tranches_that_count_from_the_same_month_make_one_run():
    """Dated 15 June and 1 July, both count from July: one change of pay, not two."""
    payments = ((date(2026, 6, 15), Decimal("10.00")), (date(2026, 7, 1), Decimal("5")))
    assert as_text(pay_periods(payments, Decimal("2000"), 2026)) == [(1, 6, "2000"), (7, 12, "2015.00")]


def test_a_tranche_after_the_first_of_december_counts_from_the_next_january():
    payments = ((date(2026, 12, 2), Decimal("30.00")),)
    assert as_text(pay_periods(payments, Decimal("2000.5"), 2026)) == [(1, 12, "2000.5")]
    assert as_text(pay_periods(payments, Decimal("2000.5"), 2027)) == [(1, 12, "2030.50")]


def test_the_shipped_reform_for_the_issue_example():
    """before 2123.45, target 2588.10: 2027 is jan-jun 2.463,15 and jul-dec 2.563,15 (the issue's figures)."""
    schedule_dates = [date(2025, 1, 1), date(2025, 10, 1), date(2026, 6, 1), date(2026, 12, 1), date(2027, 7, 1)]
    shares = [(12, 100), (12, 100), (12, 70), (15, 50), (15, 100)]
    schedule = tuple(
        Step(day, Decimal(share), Decimal(minimum)) for day, (share, minimum) in zip(schedule_dates, shares)
    )
    schedule += (Step(date(2028, 1, 1), None, Decimal(0)),)
    payments = tranche_payments(schedule, Decimal("2123.45"), Decimal("2588.10"))
    periods = pay_periods(payments, Decimal("2123.45"), 2027)
    assert as_text(periods) == [(1, 6, "2463.15"), (7, 12, "2563.15")]


def plain_year_step(previous, other, this_year, last_year, rate, unit):
    """The rule with Fractions step by step, each result rounded half-up to the unit."""
    factor = 1 + Fraction(rate) / 100
    exact = (Fraction(previous - other) * Fraction(this_year) / Fraction(last_year) + Fraction(other)) * factor
    other_exact = Fraction(other) * factor
    return plain_half_up(exact, unit), plain_half_up(other_exact, unit), exact, other_exact


def plain_half_up(exact: Fraction, unit: Decimal) -> Decimal:
    """Whole units below, plus one when the rest is a half or more; in the unit's decimals."""
    units_exact = exact / Fraction(unit)
    whole = units_exact.numerator // units_exact.denominator
    count = whole + (1 if units_exact - whole >= Fraction(1, 2) else 0)
    return Decimal(count) if unit == 1 else count * unit


units = st.sampled_from([Decimal("1"), Decimal("0.01")])


@settings(max_examples=400, deadline=None)
@given(
    st.integers(0, 10**9),
    st.integers(0, 10**9),
    st.integers(1, 10**7),
    st.integers(1, 10**7),
    st.integers(0, 3),
    units,
    st.data(),
)
def test_year_step_is_the_rule_in_fractions(previous, other, this_year, last_year, places, unit, data):
    """Amounts and O in the unit, f(Y) in cents, a rate of -100 % to 100 % with up to three decimals."""
    amount, other_part = Decimal(previous) * unit, Decimal(min(other, previous)) * unit
    f_this, f_last = Decimal(this_year).scaleb(-2), Decimal(last_year).scaleb(-2)
    rate = Decimal(data.draw(st.integers(-100 * 10**places, 100 * 10**places))).scaleb(-places)
    step = year_step(amount, other_part, f_this, f_last, rate, unit)
    expected = plain_year_step(amount, other_part, f_this, f_last, rate, unit)
    assert (str(step.amount), str(step.other), step.exact, step.other_exact) == (
        str(expected[0]),
        str(expected[1]),
        expected[2],
        expected[3],
    )


@settings(max_examples=300, deadline=None)
@given(st.fractions(min_value=0, max_value=10**9), units)
@example(Fraction(5, 2), Decimal("1"))  # halves go up
@example(Fraction(1, 200), Decimal("0.01"))
@example(Fraction(499, 200), Decimal("0.01"))  # just below a half goes down
def test_half_up_is_half_up(exact, unit):
    assert str(half_up(exact, unit)) == str(plain_half_up(exact, unit))

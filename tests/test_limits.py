"""Bounds stated in one place (limits.py), documented in README, enforced with located messages;
indexation exact whatever the digits of an amount and a rate."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin import limits
from sofin.validation import UNITS
from sofin.years import BeyondBound, year_lines

from .helpers import MINIMAL, ROOT, strategy_from_text
from .helpers import run_in_english as run


def replaced(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def refused(result, fragment: str) -> list[str]:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    messages = result.stderr.splitlines()[:-1]
    assert any(fragment in line for line in messages), messages
    return messages


class TestReadme:
    def test_the_limits_table_says_what_limits_py_holds(self):
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        table = readme.split("### Limits", 1)[1].split("\n\n", 3)[2]
        values = [row.rsplit("|", 2)[1].strip() for row in table.splitlines()[2:]]
        assert values == [
            f"{limits.MAX_FILE_BYTES // 2**20} MiB",
            f"{limits.MAX_TABLE_BYTES // 2**20} MiB",
            f"{limits.MAX_CSV_BYTES // 2**20} MiB",
            f"{limits.MAX_VALUES:,}",
            f"{limits.MAX_DEPTH} deep",
            f"{limits.MAX_DIGITS}",
            f"{limits.MAX_CSV_FIELD:,}",
            f"10^{len(str(int(limits.MAX_AMOUNT))) - 1}",
            f"10^{len(str(int(limits.MAX_PAY))) - 1}",
            f"±10^{len(str(int(limits.MAX_TABLE_AMOUNT))) - 1}",
            f"{limits.MAX_SHARE_DECIMALS}",
            f"{limits.MAX_KEY_DIGITS:,}",
            f"{limits.MAX_RATE_DECIMALS}",
            " or ".join(f"{unit:f}" for unit in UNITS),
            f"{limits.MAX_PERIOD_YEARS}",
            f"{limits.MAX_MIX_DEPTH} deep",
            f"{limits.MAX_ROWS:,}",
        ]


class TestStrategyBounds:
    @pytest.mark.parametrize(
        ("old", "new", "fragment"),
        [
            ("[2025, 2029]", "[2025, 2075]", "a period of 51 years: sofin plans at most 50"),
            ("{default: 2}", "{default: 2.00000000001}", "a rate has at most 10"),
            ("2027: 2.5}", "2027: {rate: 2.12345678901, source: MF}}", "a rate has at most 10"),
            ("share: 60.5}", "share: {2025: 60.50000000001}}", "a share has at most 10"),
        ],
        ids=["period", "default rate", "adopted rate", "share by year"],
    )
    def test_refused_at_its_place(self, write, old, new, fragment):
        path = write(replaced(old, new))
        messages = refused(run("allocate", "2025", "-s", str(path)), fragment)
        assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line) for line in messages), messages

    @pytest.mark.parametrize(
        "command", [["allocate", "2056"], ["plan"], ["explain", "2056", "s/staff"], ["diff", "2055", "2056"]]
    )
    def test_an_amount_indexed_past_the_bound_is_located_at_the_amount_it_grows_from(self, write, command):
        """1001 doubled a year passes 10^12 in its 30th year: located at the item's amount, exit 2."""
        text = replaced("[2025, 2029]", "[2025, 2060]", replaced("staff: {default: 2}", "staff: {default: 100}"))
        path = write(text)
        [message] = refused(run(*command, "-s", str(path)), "beyond 1,000,000,000,000")
        line = text.splitlines().index(next(x for x in text.splitlines() if "amount: 1001" in x)) + 1
        assert message.startswith(f"{path}:{line}:")
        assert "societies[0].lines[0].items[0].amount: indexed to 1074815565824 in 2055" in message

    def test_a_scenario_rate_past_the_bound_is_located_too(self, write):
        text = replaced("[2025, 2029]", "[2025, 2060]")
        rates = [f"--rate=staff:{year}=100" for year in range(2026, 2061)]
        refused(run("allocate", "2060", "-s", str(write(text)), *rates), "beyond 1,000,000,000,000")


class TestRows:
    def test_a_table_of_more_rows_is_refused(self, tmp_path):
        path = tmp_path / "t.csv"
        body = "".join(f"2,s/l{n},L,1,1\n" for n in range(limits.MAX_ROWS))
        path.write_text("level,path,label,total,a\n0,,All,1,1\n1,s,S,1,1\n" + body, encoding="utf-8")
        refused(run("check", str(path)), "at most 100,000")


class TestWhatIfBounds:
    @pytest.mark.parametrize(
        ("option", "fragment"),
        [
            (["--share", "komen=15.32000000001", "--share", "sezana=50.77999999999"], "a share has at most 10"),
            (["--rate", "2027=2.00000000001"], "a rate has at most 10"),
        ],
    )
    def test_decimals_as_in_a_file(self, option, fragment):
        messages = refused(run("allocate", "2027", *option), fragment)
        assert all(": --share: " in line or ": --rate: " in line for line in messages)


class TestExactIndexation:
    @settings(max_examples=200, deadline=None)
    @given(
        st.integers(0, 10**12 - 1),
        st.decimals(min_value=-99, max_value=100, places=10, allow_nan=False, allow_infinity=False),
    )
    def test_every_digit_counts_as_fractions_count_it(self, amount, rate):
        """An amount of 12 digits at a rate of 10 decimals (up to 27 significant digits before rounding):
        the unrounded amount is the exact product, and the one rounding is half-up, as with Fractions."""
        text = replaced("amount: 333}", f"amount: {amount}}}")
        text = replaced("programme: {default: 2, 2027: 2.5}", f"programme: {{default: {rate:f}}}", text)
        exact = Fraction(amount) * (1 + Fraction(rate) / 100)
        strategy = strategy_from_text(text)
        if exact > limits.MAX_AMOUNT:
            with pytest.raises(BeyondBound):
                year_lines(strategy, 2026)
            return
        [part] = year_lines(strategy, 2026)["s", "programme"].parts
        assert Fraction(part.unrounded) == exact
        whole = exact.numerator // exact.denominator
        half_up = whole + (1 if exact - whole >= Fraction(1, 2) else 0)
        assert part.amount == half_up == Decimal(part.unrounded).quantize(Decimal(1), rounding=ROUND_HALF_UP)

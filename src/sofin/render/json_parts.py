"""The JSON members several commands' documents share: a scenario, an assumption, the provenance, each
command's format version, and a ratio written with a fixed number of decimals (the pay law's factor)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from sofin.domain.amounts import Assumption
from sofin.domain.scenario import Scenario
from sofin.domain.table import Provenance

# The layout of each command's JSON besides the table's (FORMAT_VERSION, domain/table.py), written as
# its first member `format_version`. Each equals the `format_version` of its schema (sofin/schemas/, `sofin
# schema NAME`); raised when a member changes its meaning or goes away, not when one is added.
PLAN_FORMAT_VERSION = 1
PAYMENTS_FORMAT_VERSION = 1
DIFF_FORMAT_VERSION = 1
CHECK_FORMAT_VERSION = 1
EXPLAIN_FORMAT_VERSION = 1


def provenance_json(provenance: Provenance) -> dict[str, str]:
    return {"strategy_sha256": provenance.strategy_sha256, "sofin_version": provenance.sofin_version}


def scenario_json(scenario: Scenario) -> dict[str, object]:
    """The command line's what-ifs: shares by payer, rates by kind and year, and (when given) pays by path
    and named keys' percents by key and payer."""
    document: dict[str, object] = {
        "shares": {payer: f"{share:f}" for payer, share in scenario.shares},
        "rates": [{"kind": rate.kind, "year": rate.year, "rate": f"{rate.rate:f}"} for rate in scenario.rates],
    }
    if scenario.pays:
        document["pays"] = [
            {"path": pay.path, "before": f"{pay.before:f}", "target": f"{pay.target:f}"} for pay in scenario.pays
        ]
    if scenario.keys:  # issue 24 item 4: each --key, only when given
        document["keys"] = [
            {"key": key, "payer": payer, "percent": f"{percent:f}"} for key, payer, percent in scenario.keys
        ]
    return document


def assumption_json(assumption: Assumption) -> dict[str, object]:
    """A rate that is not adopted, as every command's JSON writes it."""
    return {
        "year": assumption.year,
        "kind": assumption.kind,
        "rate": f"{assumption.rate:f}",
        "basis": str(assumption.basis),
    }


FACTOR_PLACES = 12  # the factor's decimals in JSON, to read: year_pay and previous_year_pay give it exactly


def ratio_text(numerator: Decimal | Fraction, denominator: Decimal | Fraction, places: int) -> str:
    """numerator / denominator (both positive) as a plain decimal, half-up to `places` decimals: the pay
    law's factor f(Y) / f(Y-1). In whole numbers: Fractions took a national table seconds."""
    top, bottom = numerator.as_integer_ratio(), denominator.as_integer_ratio()
    scaled, divisor = top[0] * bottom[1] * 10**places, top[1] * bottom[0]
    digits = str((2 * scaled + divisor) // (2 * divisor)).rjust(places + 1, "0")
    return f"{digits[:-places]}.{digits[-places:]}" if places else digits

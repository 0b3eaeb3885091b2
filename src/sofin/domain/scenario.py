"""What-ifs given on the command line in place of a strategy file's figures (scenario.py applies them)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sofin.domain.record import Record


@dataclass(frozen=True, eq=False, repr=False)
class ScenarioRate(Record):
    kind: str
    year: int
    rate: Decimal  # percent


@dataclass(frozen=True, eq=False, repr=False)
class ScenarioPay(Record):
    """A staff amount's monthly pay before and after the reform, in place of its `pay` block's."""

    path: str  # society/line/N, or society/line for a staff line without items
    before: Decimal
    target: Decimal


@dataclass(frozen=True, eq=False, repr=False)
class Scenario(Record):
    """What-ifs given on the command line in place of the strategy file's figures."""

    shares: tuple[tuple[str, Decimal], ...] = ()  # (payer id, percent), for every year
    rates: tuple[ScenarioRate, ...] = ()
    pays: tuple[ScenarioPay, ...] = ()
    # Issue 24: (key name, payer id, percent), for every year: a named key's percent in place of the file's.
    keys: tuple[tuple[str, str, Decimal], ...] = ()

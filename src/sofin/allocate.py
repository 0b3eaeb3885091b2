"""From a validated strategy and a year's amounts to the allocation table (pure: no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from sofin.model import Strategy
from sofin.rounding import ROOT, controlled_round
from sofin.years import LineKey

GRAND_TOTAL_LABEL = "Skupaj občine"


@dataclass(frozen=True)
class PayerColumn:
    id: str
    name: str
    share: Decimal  # percent


@dataclass(frozen=True)
class Row:
    path: tuple[str, ...]  # () grand total, (society,), (society, line)
    label: str
    total: Decimal
    allocation: tuple[Decimal, ...]  # rounded, one per payer in column order
    exact: tuple[Decimal, ...]  # total x share / 100, exactly
    footnote: int | None = None  # 1-based number of the footnote this row's figure carries
    footnote_payer: str | None = None  # the payer whose figure carries the footnote mark

    @property
    def level(self) -> int:
        return len(self.path)


@dataclass(frozen=True)
class Provenance:
    """Where a table came from: the strategy file's SHA-256 and the sofin version that made it."""

    strategy_sha256: str
    sofin_version: str


@dataclass(frozen=True)
class Allocation:
    strategy: str
    year: int
    currency: str
    unit: Decimal
    payers: tuple[PayerColumn, ...]
    rows: tuple[Row, ...]  # table order: grand total, then each society followed by its lines
    footnotes: tuple[str, ...]
    rounding_error: Decimal  # summed |rounded - exact| over every figure, the least possible
    provenance: Provenance | None = None


class _RowSpec(NamedTuple):
    parent: int  # index of the parent row, ROOT for the grand total
    path: tuple[str, ...]
    label: str
    total: Decimal
    in_kind: str | None = None
    in_kind_by: str | None = None


def allocate(
    strategy: Strategy, year: int, amounts: dict[LineKey, Decimal], provenance: Provenance | None = None
) -> Allocation:
    """Split every row by the payers' key and round it with controlled rounding (see rounding.py)."""
    unit = strategy.unit
    specs = _row_specs(strategy, amounts)
    shares = [Fraction(payer.share) / 100 for payer in strategy.payers]
    rounding = controlled_round([spec.parent for spec in specs], [_units(spec.total, unit) for spec in specs], shares)
    footnotes: list[str] = []
    rows = []
    for spec, figures, exact in zip(specs, rounding.figures, rounding.exact):
        if spec.in_kind:
            footnotes.append(spec.in_kind)
        rows.append(
            Row(
                path=spec.path,
                label=spec.label,
                total=spec.total,
                allocation=tuple(Decimal(figure) * unit for figure in figures),
                exact=tuple(to_decimal(value * Fraction(unit)) for value in exact),
                footnote=len(footnotes) if spec.in_kind else None,
                footnote_payer=spec.in_kind_by if spec.in_kind else None,
            )
        )
    return Allocation(
        strategy=strategy.strategy,
        year=year,
        currency=strategy.currency,
        unit=unit,
        payers=tuple(PayerColumn(p.id, p.name, p.share) for p in strategy.payers),
        rows=tuple(rows),
        footnotes=tuple(footnotes),
        rounding_error=to_decimal(rounding.error * Fraction(unit)),
        provenance=provenance,
    )


def _row_specs(strategy: Strategy, amounts: dict[LineKey, Decimal]) -> list[_RowSpec]:
    """Every row in table order: grand total, then each society followed by its lines."""
    specs = [_RowSpec(ROOT, (), GRAND_TOTAL_LABEL, sum(amounts.values(), Decimal(0)))]
    for society in strategy.societies:
        parent = len(specs)
        lines = [
            _RowSpec(parent, (society.id, line.id), line.label, amounts[society.id, line.id]) for line in society.lines
        ]
        total = sum((line.total for line in lines), Decimal(0))
        specs.append(_RowSpec(0, (society.id,), society.short, total, society.in_kind, society.in_kind_by))
        specs.extend(lines)
    return specs


def _units(amount: Decimal, unit: Decimal) -> int:
    units = amount / unit
    if units != units.to_integral_value():
        raise ValueError(f"{amount} is not a multiple of the unit {unit}")
    return int(units)


def to_decimal(value: Fraction) -> Decimal:
    """A Fraction whose denominator divides a power of ten, as the exactly equal Decimal."""
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        raise ValueError(f"{value} has no finite decimal form")
    digits = max(twos, fives)
    scaled = value * 10**digits
    assert scaled.denominator == 1
    return Decimal(scaled.numerator).scaleb(-digits)

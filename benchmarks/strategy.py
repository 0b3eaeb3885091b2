"""Write a synthetic strategy file in sofin's documented YAML schema, of any size.

    python benchmarks/strategy.py PAYERS SOCIETIES LINES [--unit 0.01] [--seed 2025] [--kras]
                                  [--pay] [--staff-items N] > big.yaml

Population-like key shares (a few large towns, many small ones; two decimals, summing to 100)
and random line amounts, staff and programme lines alternating. The same arguments give the
same file.

With --pay every staff amount follows the pay law (README: "Staff costs by the pay law"): a `pay`
block with a monthly pay before the reform (1,500-4,000 EUR, with cents), a target 10-30 % above it,
a small `other` part (0-10 % of the amount) and a source, under the shipped schedule. The pay blocks
are drawn from a random stream of their own, so the file with --pay is the file without it plus the
blocks: the same amounts, the same lines. With --staff-items N each staff line is made of N items
(its amount split among them, a pay grade each); with --pay each item has the block, without items
the staff line carries it. Neither option given: the file is the one benchmarks have always used.
"""

from __future__ import annotations

import argparse
import random
import sys
from decimal import Decimal

KRAS = [5078, 1635, 1755, 1532]  # the shipped strategy's key in hundredths of a percent
PAY_SOURCE = "Pogodba o zaposlitvi, aneks 2025"


def strategy_yaml(
    payers: int,
    societies: int,
    lines: int,
    unit: str = "1",
    seed: int = 2025,
    kras: bool = False,
    pay: bool = False,
    staff_items: int = 0,
) -> str:
    """With `kras` (four payers), the shipped strategy's key instead of a random one; `pay` and
    `staff_items` as the module says."""
    rng = random.Random(seed)
    # Streams of their own, so that neither option changes what `rng` draws (the amounts).
    pays = random.Random(f"pay {seed}")
    splits = random.Random(f"items {seed}")
    weights = [rng.paretovariate(1.2) for _ in range(payers)]
    hundredths = [max(1, round(10_000 * w / sum(weights))) for w in weights]
    hundredths[hundredths.index(max(hundredths))] += 10_000 - sum(hundredths)
    if kras:
        assert payers == len(KRAS), "the Kras key has four payers"
        hundredths = KRAS
    cents = unit != "1"
    out = [
        "strategy: Synthetic strategy for benchmarks",
        "period: [2025, 2029]",
        "base_year: 2025",
        "currency: EUR",
        f"unit: {unit}",
        "payers:",
    ]
    out += [f"  - {{id: p{i}, name: Občina {i}, share: {Decimal(h).scaleb(-2)}}}" for i, h in enumerate(hundredths)]
    out += ["indexation:", "  staff: {default: 2}", "  programme: {default: 2}", "societies:"]
    for s in range(societies):
        out += [f"  - id: s{s}", f"    name: Društvo {s}", f"    short: D{s}", "    lines:"]
        for k in range(lines):
            kind = "staff" if k % 2 == 0 else "programme"
            amount = rng.randint(1_000, 200_000)
            units = amount * 100 + rng.randint(0, 99) if cents else amount  # the amount in units of `unit`
            text = in_units(units, cents)
            fields = f"id: l{k}, label: Postavka {k}, kind: {kind}"
            if kind == "staff" and staff_items:
                out += [f"      - id: l{k}", f"        label: Postavka {k}", f"        kind: {kind}", "        items:"]
                for number, part in enumerate(split(units, staff_items, splits), start=1):
                    grade = splits.randint(20, 50)
                    item = f"label: Zaposleni {number}, pay_grade: {grade}, amount: {in_units(part, cents)}"
                    out.append(f"          - {{{item}{pay_block(part, cents, pays) if pay else ''}}}")
            elif kind == "staff" and pay:
                out.append(f"      - {{{fields}, amount: {text}{pay_block(units, cents, pays)}}}")
            else:
                out.append(f"      - {{{fields}, amount: {text}}}")
    return "\n".join(out) + "\n"


def in_units(units: int, cents: bool) -> str:
    return f"{Decimal(units).scaleb(-2)}" if cents else str(units)


def split(units: int, parts: int, rng: random.Random) -> list[int]:
    """`units` in `parts` random whole shares of at least one unit each, summing to `units`."""
    assert units >= parts, "an amount too small for its items"
    cuts = sorted(rng.sample(range(1, units), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, units])]


def pay_block(units: int, cents: bool, rng: random.Random) -> str:
    """`, pay: {...}` for an amount of `units`: before and target in cents, other within the amount."""
    before = rng.randint(150_000, 400_000)  # cents a month
    target = before + before * rng.randint(1_000, 3_000) // 10_000  # 10-30 % above, in whole cents
    other = units * rng.randint(0, 10) // 100
    return (
        f", pay: {{before: {Decimal(before).scaleb(-2)}, target: {Decimal(target).scaleb(-2)}, "
        f'other: {in_units(other, cents)}, source: "{PAY_SOURCE}"}}'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("payers", type=int)
    parser.add_argument("societies", type=int)
    parser.add_argument("lines", type=int)
    parser.add_argument("--unit", default="1", choices=["1", "0.01"])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--kras", action="store_true", help="the shipped key (50.78/16.35/17.55/15.32); 4 payers")
    parser.add_argument("--pay", action="store_true", help="every staff amount with a pay block (the pay law)")
    parser.add_argument("--staff-items", type=int, default=0, metavar="N", help="N items in every staff line")
    args = parser.parse_args()
    text = strategy_yaml(
        args.payers, args.societies, args.lines, args.unit, args.seed, args.kras, args.pay, args.staff_items
    )
    sys.stdout.write(text)


if __name__ == "__main__":
    main()

"""Write a synthetic strategy file in sofin's documented YAML schema, of any size.

    python benchmarks/strategy.py PAYERS SOCIETIES LINES [--unit 0.01] [--seed 2025] [--kras] > big.yaml

Population-like key shares (a few large towns, many small ones; two decimals, summing to 100)
and random line amounts, staff and programme lines alternating. The same arguments give the
same file.
"""

from __future__ import annotations

import argparse
import random
import sys
from decimal import Decimal

KRAS = [5078, 1635, 1755, 1532]  # the shipped strategy's key in hundredths of a percent


def strategy_yaml(
    payers: int, societies: int, lines: int, unit: str = "1", seed: int = 2025, kras: bool = False
) -> str:
    """With `kras` (four payers), the shipped strategy's key instead of a random one."""
    rng = random.Random(seed)
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
            text = f"{Decimal(amount * 100 + rng.randint(0, 99)).scaleb(-2)}" if cents else str(amount)
            out.append(f"      - {{id: l{k}, label: Postavka {k}, kind: {kind}, amount: {text}}}")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("payers", type=int)
    parser.add_argument("societies", type=int)
    parser.add_argument("lines", type=int)
    parser.add_argument("--unit", default="1", choices=["1", "0.01"])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--kras", action="store_true", help="the shipped key (50.78/16.35/17.55/15.32); 4 payers")
    args = parser.parse_args()
    sys.stdout.write(strategy_yaml(args.payers, args.societies, args.lines, args.unit, args.seed, args.kras))


if __name__ == "__main__":
    main()

"""Write a synthetic strategy file in sofin's documented YAML schema, of any size.

    python benchmarks/strategy.py PAYERS SOCIETIES LINES [--unit 0.01] [--seed 2025] [--kras]
                                  [--pay] [--staff-items N] [--keys] [--equal-keys] > big.yaml

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

With --keys (issue 24, "Several keys") the strategy names three keys of its own beside the payers'
shares (the key `default`): `povrsina`, population-like over every payer (drawn as the payers' shares
are, two decimals); `obseg-dela`, a subset: a third of the payers (at least one), population-like
among them, the others paying exactly 0; and `mesano`, a mix of 50 `default` and 50 `obseg-dela`.
Societies take them in turn (`povrsina`, `obseg-dela`, `mesano`: a third of the societies each), and
one line in five names a key of its own (any of the four, `default` included), which wins over its
society's. The keys and their choices come from a stream of their own: the file with --keys is the
file without it plus `keys:` and the `key:` fields, with the same amounts and the same default key.

With --equal-keys the same three keys, chosen by the same societies and lines, but with the equal
shares keys make common (issue 24's `enako: 25/25/25/25`), which leave many equal remainders and so
many ties for the rounding's tie rule: `povrsina` equal over every payer, as near as hundredths of a
percent allow (10,000 hundredths split evenly, the first payers one hundredth more); `obseg-dela` a
subset of the same third with round-number equal shares: its first N payers, N the largest divisor of
10,000 hundredths that the third has room for (70 payers of 212: 50 at 2 % each). Only the `keys:`
block differs from the file with --keys.
"""

from __future__ import annotations

import argparse
import random
import sys
from decimal import Decimal

KRAS = [5078, 1635, 1755, 1532]  # the shipped strategy's key in hundredths of a percent
PAY_SOURCE = "Pogodba o zaposlitvi, aneks 2025"
# --keys: the three keys of issue 24's benchmark, in the order written; a society's in turn.
WHOLE_KEY, SUBSET_KEY, MIX_KEY = "povrsina", "obseg-dela", "mesano"
NAMED_KEYS = (WHOLE_KEY, SUBSET_KEY, MIX_KEY)
LINE_KEY_EVERY = 5  # one line in five names its own key


def strategy_yaml(
    payers: int,
    societies: int,
    lines: int,
    unit: str = "1",
    seed: int = 2025,
    kras: bool = False,
    pay: bool = False,
    staff_items: int = 0,
    keys: bool = False,
    equal_keys: bool = False,
) -> str:
    """With `kras` (four payers), the shipped strategy's key instead of a random one; `pay`,
    `staff_items`, `keys` and `equal_keys` (which implies `keys`) as the module says."""
    keys = keys or equal_keys
    rng = random.Random(seed)
    # Streams of their own, so that neither option changes what `rng` draws (the amounts).
    pays = random.Random(f"pay {seed}")
    splits = random.Random(f"items {seed}")
    keyed = random.Random(f"keys {seed}")
    hundredths = population_like(payers, rng)
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
    if keys:
        out += keys_yaml(payers, keyed, equal_keys)
    out += ["indexation:", "  staff: {default: 2}", "  programme: {default: 2}", "societies:"]
    for s in range(societies):
        out += [f"  - id: s{s}", f"    name: Društvo {s}", f"    short: D{s}"]
        if keys:
            out.append(f"    key: {NAMED_KEYS[s % len(NAMED_KEYS)]}")
        out.append("    lines:")
        for k in range(lines):
            kind = "staff" if k % 2 == 0 else "programme"
            amount = rng.randint(1_000, 200_000)
            units = amount * 100 + rng.randint(0, 99) if cents else amount  # the amount in units of `unit`
            text = in_units(units, cents)
            own_key = keys and keyed.randrange(LINE_KEY_EVERY) == 0
            fields = f"id: l{k}, label: Postavka {k}, kind: {kind}"
            if own_key:
                fields += f", key: {keyed.choice(('default', *NAMED_KEYS))}"
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


def population_like(payers: int, rng: random.Random) -> list[int]:
    """Shares in hundredths of a percent summing to 10,000: a few large towns, many small ones."""
    weights = [rng.paretovariate(1.2) for _ in range(payers)]
    hundredths = [max(1, round(10_000 * w / sum(weights))) for w in weights]
    hundredths[hundredths.index(max(hundredths))] += 10_000 - sum(hundredths)
    return hundredths


def keys_yaml(payers: int, rng: random.Random, equal: bool = False) -> list[str]:
    """The `keys:` block of --keys: a key over every payer, one over a third of them, a mix of 50/50;
    with `equal`, the equal shares of --equal-keys (drawn all the same, so the stream goes on alike)."""
    whole = population_like(payers, rng)
    subset = sorted(rng.sample(range(payers), max(1, payers // 3)))
    among = population_like(len(subset), rng)
    if equal:
        whole = evenly(10_000, payers)
        subset = subset[: max(n for n in range(1, len(subset) + 1) if 10_000 % n == 0)]
        among = evenly(10_000, len(subset))

    def percents(members: list[int], hundredths: list[int]) -> str:
        return ", ".join(f"p{i}: {Decimal(h).scaleb(-2)}" for i, h in zip(members, hundredths))

    return [
        "keys:",
        f"  {WHOLE_KEY}: {{{percents(list(range(payers)), whole)}}}",
        f"  {SUBSET_KEY}: {{{percents(subset, among)}}}",
        f"  {MIX_KEY}: {{mix: {{default: 50, {SUBSET_KEY}: 50}}}}",
    ]


def evenly(hundredths: int, payers: int) -> list[int]:
    """`hundredths` split as evenly as whole hundredths allow, the first payers one more."""
    each, more = divmod(hundredths, payers)
    return [each + (1 if i < more else 0) for i in range(payers)]


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
    parser.add_argument("--keys", action="store_true", help="three keys of its own: all payers, a third, a mix")
    parser.add_argument("--equal-keys", action="store_true", help="--keys with equal shares: many ties to round")
    args = parser.parse_args()
    text = strategy_yaml(
        args.payers,
        args.societies,
        args.lines,
        args.unit,
        args.seed,
        args.kras,
        args.pay,
        args.staff_items,
        args.keys,
        args.equal_keys,
    )
    sys.stdout.write(text)


if __name__ == "__main__":
    main()

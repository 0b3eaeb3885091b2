"""A strategy's keys as written (issue 24): their schema (percents by payer, a mix of other keys, either
by year) and the rules over the raw `keys` mapping (key_problems), with the names a society, a line or a
mix may give. keys.py computes a key's percents in a year from the validated keys.

Annotations are objects, not text (no `from __future__ import annotations`): pydantic would compile and
evaluate each text annotation at every start. Only names defined later are quoted.
"""

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Annotated, Any, NamedTuple

from pydantic import AfterValidator, Discriminator, Field, Tag, ValidationInfo, field_validator

from sofin.graphs import depths, mix_cycles
from sofin.limits import MAX_MIX_DEPTH
from sofin.problems import Figure, Message, unknown_id
from sofin.validation import (
    DEFAULT_KEY,
    HUNDRED,
    MAPPING,
    MIX,
    MIX_TAG,
    RESERVED_IDS,
    YEAR_KEY,
    YEARS,
    Id,
    Located,
    Number,
    StrictModel,
    Where,
    Year,
    is_id,
    is_number,
    is_year,
    raw_entries,
    schema_error,
    share_decimals,
)

KeyShare = Annotated[Number, Field(ge=0, le=100), AfterValidator(share_decimals)]
# In the JSON Schema, a mapping by id takes no other names: a mapping by year is then one of a key's
# ways only (editors check `oneOf` strictly), and an id written wrong is marked.
ONLY_IDS = {"additionalProperties": False}
KeyShares = Annotated[
    dict[Id, KeyShare],
    Field(
        min_length=1,
        description="Percent by payer; a payer not named pays exactly 0. They sum to exactly 100.",
        json_schema_extra=ONLY_IDS,
    ),
]
MixWeights = Annotated[
    dict[Id, KeyShare],
    Field(
        min_length=1,
        description="Percent by key (`default`: the payers' shares); they sum to exactly 100.",
        json_schema_extra=ONLY_IDS,
    ),
]
YearMixWeights = Annotated[
    dict[Year, MixWeights],
    Field(
        min_length=1,
        description="Weights from the years they apply.",
        json_schema_extra={"propertyNames": {"pattern": YEAR_KEY}},
    ),
]


def by_year(value: Any) -> bool:
    """A mapping written by year ({2025: ..., 2027: ...}): every key a year."""
    return isinstance(value, dict) and bool(value) and all(is_year(key) for key in value)


def _weights_written_as(value: Any) -> str:
    return YEARS if by_year(value) else MAPPING


class Mix(StrictModel):
    """A key made of other keys: each weighs its percent, `default` the payers' own shares."""

    mix: Annotated[
        Annotated[MixWeights, Tag(MAPPING)] | Annotated[YearMixWeights, Tag(YEARS)],
        Discriminator(_weights_written_as),
        Field(description="Weights in percent by key name, or such weights from the years they apply."),
    ]

    @field_validator("mix", mode="before")
    @classmethod
    def _weights_are_a_mapping(cls, value: Any) -> Any:
        """Issue 24 review: a mix written as a list or as nothing is said to be one, in words of a mix."""
        if not isinstance(value, dict):
            raise schema_error(Message("mix_not_weights"))
        return value

    def weights_in(self, year: int) -> dict[str, Decimal]:
        """The weights in force in `year`: the latest entry at or before it (validation ensures there is one)."""
        written: dict[Any, Any] = self.mix
        if by_year(written):
            return next(weights for start, weights in reversed(written.items()) if start <= year)
        return written


def _key_entry_written_as(value: Any) -> str:
    return MIX_TAG if is_mix(value) else MAPPING


def is_mix(entry: Any) -> bool:
    """A key's entry written as a mix: it names `mix`, but not as a number (`mix: 25` reads as percents: a
    payer written `mix` is then refused as no payer; `mix: [..]` or `mix:` alone is a mix written wrong)."""
    return isinstance(entry, dict) and MIX in entry and not is_number(entry[MIX])


KeyEntry = Annotated[
    Annotated[KeyShares, Tag(MAPPING)] | Annotated[Mix, Tag(MIX_TAG)],
    Discriminator(_key_entry_written_as),
]


def _key_written_as(value: Any) -> str:
    return YEARS if by_year(value) else _key_entry_written_as(value)


YearKeys = Annotated[
    dict[Year, KeyEntry],
    Field(
        min_length=1,
        description="From the first year each applies.",
        json_schema_extra={"propertyNames": {"pattern": YEAR_KEY}},
    ),
]
Key = Annotated[
    Annotated[KeyShares, Tag(MAPPING)] | Annotated[Mix, Tag(MIX_TAG)] | Annotated[YearKeys, Tag(YEARS)],
    Discriminator(_key_written_as),
    Field(description="Percent by payer, a mix of keys ({mix: {default: 50, other: 50}}), or either by year."),
]


def key_entry_in(key: Any, year: int) -> dict[str, Decimal] | Mix:
    """A key's entry in force in `year`: its percents by payer, or its mix (validation ensures there is one)."""
    if by_year(key):
        return next(entry for start, entry in reversed(key.items()) if start <= year)  # type: ignore[no-any-return]
    return key  # type: ignore[no-any-return]


def year_problems(
    where: Where, years: list[int], period: tuple[int, int], base_year: int, no_base_year: Message | None
) -> Located:
    """The years of a mapping by year (a payer's shares, a key, a mix's weights): within the period, in
    order, the first at or before the base year (else `no_base_year`, said at the first year; None: not asked)."""
    start, end = period
    problems: Located = [
        ((*where, year), Message("share_year_outside", year=year, start=start, end=end))
        for year in years
        if not start <= year <= end
    ]
    problems += [
        ((*where, later), Message("share_years_out_of_order", year=later, earlier=earlier))
        for earlier, later in zip(years, years[1:])
        if later <= earlier
    ]
    if no_base_year is not None and years and min(years) > base_year:
        problems.append(((*where, min(years)), no_base_year))
    return problems


# Issue 24: validation of the raw `keys` mapping (Strategy._keys_are_whole): every problem, located.


def key_problems(
    keys: dict[Any, Any], payers: Sequence[str] | None, years: tuple[int, tuple[int, int]] | None
) -> tuple[Located, Located]:
    """The problems of a strategy's keys as written: (problems of values, problems of mapping keys).
    `payers` and `years` (the base year, the period) are None when sofin cannot tell them (the file does
    not write them as a list or a period): the rules that need them are left out."""
    rules: Located = []
    key_rules: Located = []
    names = written_key_names(keys)
    known = _Names(names, frozenset(names))
    payer_names = None if payers is None else _Names(tuple(payers), frozenset(payers))
    for name, written in keys.items():
        if name in RESERVED_IDS:
            key_rules.append(((name,), Message("reserved_key_name", id=name)))
            continue
        for where, entry in _entries((name,), written, years, key_rules):
            if is_mix(entry):
                for at, weights in _entries((*where, MIX), entry[MIX], years, key_rules):
                    _check_weights(at, weights, (known, name), rules, key_rules)
            elif isinstance(entry, dict):
                _check_shares(where, entry, payer_names, rules, key_rules)
    key_rules += _mixes_made_well(keys)
    return rules, key_rules


def _entries(
    where: Where, written: Any, years: tuple[int, tuple[int, int]] | None, key_rules: Located
) -> Iterator[tuple[Where, Any]]:
    """The entries of a value that may be written by year, each with where it is; the years' own problems
    (outside the period, out of order, none for the base year) go to `key_rules`."""
    if not by_year(written):
        yield where, written
        return
    if years is not None:
        base_year, period = years
        no_base_year = Message("no_key_for_base_year", base_year=base_year)
        key_rules += year_problems(where, list(written), period, base_year, no_base_year)
    yield from _each_entry(where, written)


def _check_shares(
    where: Where,
    shares: dict[Any, Any],
    payers: "_Names | None",
    rules: Located,
    key_rules: Located,
) -> None:
    if payers is not None:
        key_rules += [
            ((*where, payer), unknown_id("unknown_key_payer", payer, payers.names))
            for payer in shares
            if is_id(payer) and payer not in payers.members  # a name that is no id is said to be so, once
        ]
    total = _sum_if_not_hundred(shares)
    if total is not None:
        rules.append((where, Message("key_not_hundred", total=Figure(total))))


class _Names(NamedTuple):
    """Names in the order written (to list them in a message), and as a set (to look names up in)."""

    names: tuple[str, ...]
    members: frozenset[str]


def _check_weights(where: Where, weights: Any, names: tuple[_Names, str], rules: Located, key_rules: Located) -> None:
    """A mix's weights name keys (`names`: every key, and the mix's own name) and sum to 100."""
    if not isinstance(weights, dict):
        return  # pydantic says what it should be
    known, own = names
    unknown = [part for part in weights if is_id(part) and part not in known.members]
    if unknown:
        # A mix is made of the other keys; of itself only in a cycle, said as one.
        others = tuple(name for name in known.names if name != own)
        key_rules += [((*where, part), unknown_id("unknown_mix_part", part, others)) for part in unknown]
    total = _sum_if_not_hundred(weights)
    if total is not None:
        rules.append((where, Message("weights_not_hundred", total=Figure(total))))


def _sum_if_not_hundred(numbers: dict[Any, Any]) -> Decimal | None:
    """The sum of numbers that do not sum to exactly 100; None when they do, or when one is no number (it is
    reported on its own)."""
    values = list(numbers.values())
    if not values or not all(is_number(value) for value in values):
        return None
    total = sum((Decimal(value) for value in values), Decimal(0))
    return None if total == HUNDRED else total


def _mixes_made_well(keys: dict[Any, Any]) -> Located:
    """No mix is made of itself through its parts (a cycle), and none is deeper than MAX_MIX_DEPTH. Each
    knot of mixes made of each other is said once, naming its shortest cycle through the key written first,
    at the part of that key that leads round it (a mix of itself: that part)."""
    parts = {
        name: _mix_parts((name,), written)
        for name, written in keys.items()
        if isinstance(name, str) and name not in RESERVED_IDS
    }
    graph = {name: sorted({part for _, part in each if part in parts}) for name, each in parts.items()}
    problems: Located = []
    for cycle in mix_cycles(graph):
        where = next(at for at, part in parts[cycle[0]] if part == cycle[1])
        problems.append((where, Message("mix_cycle", cycle=" → ".join(cycle))))
    if problems:
        return problems  # how deep a cycle is, is not asked
    mixes = {name for name, written in keys.items() if any(is_mix(entry) for _, entry in _each_entry((), written))}
    depth_of = depths(graph, mixes)
    named = {part for each in graph.values() for part in each}
    # Said at the keys no other key names: a mix made of one too deep is deeper still, and not said again.
    return [
        ((name,), Message("mix_too_deep", depth=depth, most=MAX_MIX_DEPTH))
        for name, depth in depth_of.items()
        if depth > MAX_MIX_DEPTH and name not in named
    ]


def _mix_parts(where: Where, written: Any) -> list[tuple[Where, str]]:
    """Every key a key's mixes name, in any year, each where it is named (in the order written)."""
    found: list[tuple[Where, str]] = []
    for at, entry in _each_entry(where, written):
        if is_mix(entry):
            for weights_at, weights in _each_entry((*at, MIX), entry[MIX]):
                if isinstance(weights, dict):
                    found += [
                        ((*weights_at, part), part) for part in weights if isinstance(part, str) and part != DEFAULT_KEY
                    ]
    return found


def _each_entry(where: Where, written: Any) -> Iterator[tuple[Where, Any]]:
    """A value that may be written by year: each year's entry where it is, else the value itself."""
    if by_year(written):
        yield from (((*where, year), entry) for year, entry in written.items())
    else:
        yield where, written


def names_written(data: dict[str, Any]) -> dict[str, tuple[str, ...] | None]:
    """The key names and payer ids as the file writes them, for the validation context (load.validate):
    a field with a problem of its own is left out of the validated ones, and the rules that name it
    (a society's key, a key's payer) then take the names as written, to report everything in one run.
    None where the file writes no mapping of keys, or no payer with an id."""
    keys = data.get("keys", {})
    payer_ids = tuple(entry["id"] for _, entry in raw_entries(data.get("payers")) if isinstance(entry.get("id"), str))
    return {
        "key_names": written_key_names(keys) if isinstance(keys, dict) else None,
        "payer_ids": payer_ids or None,
    }


def written_key_names(keys: dict[Any, Any]) -> tuple[str, ...]:
    """The names a society, a line or a mix may give, as the file writes them: `default` and every key
    but a reserved name (one whose own name is wrong is not named unknown a second time where it is used)."""
    return (DEFAULT_KEY, *(name for name in keys if isinstance(name, str) and name not in RESERVED_IDS))


def written_names(info: ValidationInfo, name: str) -> tuple[str, ...] | None:
    names: tuple[str, ...] | None = (info.context or {}).get(name)
    return names


def known_key_names(info: ValidationInfo) -> tuple[str, ...] | None:
    """The keys a society or a line may name: `default` and the strategy's (as written, when `keys` has
    problems of its own); None when sofin cannot tell them."""
    keys = info.data.get("keys")
    return written_names(info, "key_names") if keys is None else written_key_names(keys)


def unknown_keys(societies: Any, known: tuple[str, ...]) -> Located:
    """Every key a society or a line names is `default` or one of the strategy's keys."""
    named: list[tuple[tuple[str | int, ...], Any]] = []
    for s, society in raw_entries(societies):
        named.append(((s, "key"), society.get("key")))
        named += [((s, "lines", n, "key"), line.get("key")) for n, line in raw_entries(society.get("lines"))]
    members = frozenset(known)
    return [
        (where, unknown_id("unknown_key", name, known))
        for where, name in named
        if isinstance(name, str) and name not in members
    ]

"""A published table's keys (issue 24), checked as the strategy's are: every payer's percent, the default key's
the payers' own shares, a mix's its parts' weighted sum exactly, no cycle of mixes, and every row's key one of
them (PublishedTable._keys_are_whole). Whether a key sums to 100 is check's finding, not a problem of reading.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from sofin.domain.table import KEYS_FORMAT_VERSION
from sofin.graphs import mix_cycles
from sofin.limits import MAX_SHARE_DECIMALS
from sofin.problems import Message, unknown_id
from sofin.table_parts import TableKey, TablePayer, TableRow
from sofin.units import as_decimal
from sofin.validation import DEFAULT_KEY, MIX, RESERVED_IDS, Located


class KeyedTable(Protocol):
    """What the rules read of a table (a PublishedTable, which calls them as it validates itself)."""

    @property
    def format_version(self) -> int | None: ...
    @property
    def keys(self) -> list[TableKey] | None: ...
    @property
    def rows(self) -> list[TableRow]: ...
    @property
    def payers(self) -> list[TablePayer]: ...
    @property
    def payer_ids(self) -> tuple[str, ...]: ...
    def children(self, path: tuple[str, ...]) -> tuple[TableRow, ...]: ...


def table_key_problems(table: KeyedTable) -> Located:
    """Every problem of a table's keys and its rows' keys, each where it is."""
    if table.format_version == KEYS_FORMAT_VERSION and table.keys is None:
        return [(("format_version",), Message("table_keys_missing", version=KEYS_FORMAT_VERSION))]
    if table.keys is None:  # a CSV names its rows' keys only; sofin's JSON of format 1 names none
        version = table.format_version
        return [
            (("rows", index, "key"), Message("table_keys_version", version=KEYS_FORMAT_VERSION))
            for index, row in enumerate(table.rows)
            if version is not None and row.key is not None
        ] or _keys_on_totals(table)
    if table.format_version != KEYS_FORMAT_VERSION:
        return [(("keys",), Message("table_keys_version", version=KEYS_FORMAT_VERSION))]
    errors: Located = []
    names = [key.name for key in table.keys]
    if DEFAULT_KEY not in names:
        errors.append((("keys",), Message("table_default_key_missing")))
    errors += _reserved_names(table)
    errors += [
        (("keys", index, "name"), Message("table_key_twice", id=name))
        for index, name in enumerate(names)
        if name in names[:index]
    ]
    errors += _mix_cycles(table.keys)
    for index, key in enumerate(table.keys):
        errors += _key_share_problems(table, index, key, names)
    errors += [
        (("rows", index, "key"), unknown_id("unknown_table_key", row.key, names))
        for index, row in enumerate(table.rows)
        if row.key is not None and row.key not in names and names  # no keys at all: said once, above
    ]
    return errors + _keys_on_totals(table)


# Issue 24 (review, finding 4): a table's keys follow the strategy's rules: `mix` names no key and no payer,
# `default` (the payers' own shares) is no mix, and no mix is made of itself through its parts.


def _reserved_names(table: KeyedTable) -> Located:
    assert table.keys is not None
    errors: Located = [
        (("keys", index, "name"), Message("reserved_key_name", id=key.name))
        for index, key in enumerate(table.keys)
        if key.name == MIX
    ]
    errors += [
        (("keys", index, "mix"), Message("table_default_key_mix"))
        for index, key in enumerate(table.keys)
        if key.name == DEFAULT_KEY and key.mix is not None
    ]
    return errors + [
        (("payers", index, "id"), Message("reserved_id", id=payer.id))
        for index, payer in enumerate(table.payers)
        if payer.id in RESERVED_IDS
    ]


def _mix_cycles(keys: list[TableKey]) -> Located:
    """Each knot of mixes made of each other, once, at the part of its first key that leads round it (the
    strategy loader's rule and words: keys.mix_cycles)."""
    index: dict[str, int] = {}
    for at, key in enumerate(keys):
        index.setdefault(key.name, at)  # a name given twice (said so) counts as first given
    mixes = {name: list(mix) for name, at in index.items() if (mix := keys[at].mix) is not None}
    graph = {name: [part for part in parts if part in mixes] for name, parts in mixes.items()}
    return [
        (("keys", index[cycle[0]], "mix", cycle[1]), Message("mix_cycle", cycle=" → ".join(cycle)))
        for cycle in mix_cycles(graph)
    ]


def _keys_on_totals(table: KeyedTable) -> Located:
    """A total (the grand total, a society) is the sum of its lines, whatever their keys: it names none."""
    return [
        (("rows", index, "key"), Message("table_total_key", id=row.key))
        for index, row in enumerate(table.rows)
        if row.key is not None and table.children(row.path)
    ]


def _key_share_problems(table: KeyedTable, index: int, key: TableKey, names: list[str]) -> Located:
    """A key's percents: one for each payer; the default key's the payers' shares; a mix's its parts' weighted sum."""
    where: tuple[str | int, ...] = ("keys", index, "shares")
    payers = table.payer_ids
    if sorted(key.shares) != sorted(payers):
        return [(where, Message("table_key_for_each_payer", ids=tuple(payers)))]
    if key.name == DEFAULT_KEY:
        return [
            ((*where, payer.id), Message("table_default_key_share", share=payer.share))
            for payer in table.payers
            if payer.share is not None and key.shares[payer.id] != payer.share
        ]
    if key.mix is None:
        return [
            (
                (*where, payer),
                Message("share_decimals", value=share, written=-_exponent(share), most=MAX_SHARE_DECIMALS),
            )
            for payer, share in key.shares.items()
            if -_exponent(share) > MAX_SHARE_DECIMALS
        ]
    return _mix_problems(table, index, key, names)


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _mix_problems(table: KeyedTable, index: int, key: TableKey, names: list[str]) -> Located:
    """A mix's parts are keys of the table, and its percent for each payer is their weighted sum, exactly."""
    assert table.keys is not None and key.mix is not None
    unknown: Located = [
        (("keys", index, "mix", part), unknown_id("unknown_table_key", part, names))
        for part in key.mix
        if part not in names
    ]
    if unknown:
        return unknown
    by_name = {each.name: each for each in table.keys}
    if any(sorted(by_name[part].shares) != sorted(table.payer_ids) for part in key.mix):
        return []  # that part's own problem is reported
    errors: Located = []
    for payer in table.payer_ids:  # in fractions: Decimal's context would round a mix of mixes' many decimals
        made = sum(
            (Fraction(weight) * Fraction(by_name[part].shares[payer]) for part, weight in key.mix.items()), Fraction(0)
        )
        if Fraction(key.shares[payer]) != made / 100:
            errors.append((("keys", index, "shares", payer), Message("table_mix_share", share=as_decimal(made / 100))))
    return errors

"""What a table file says of itself: the version of its layout and where it came from."""

from __future__ import annotations

from dataclasses import dataclass

from sofin.domain.record import Record

# The layout of the JSON table, described by schema/table.schema.json; render/allocate/json.py writes it and
# published.py reads it. A reader knows what it reads by it: raise it when a member changes meaning
# or goes away (a new optional member keeps it).
FORMAT_VERSION = 1
# Issue 24: the table of a strategy with keys of its own (schema/table-v2.schema.json): format 1's members,
# and every key's exact percents (`keys`) and each line row's key by name (`key`).
KEYS_FORMAT_VERSION = 2


@dataclass(frozen=True, eq=False, repr=False)
class Provenance(Record):
    """Where a table came from: the strategy file's SHA-256 and the sofin version that made it."""

    strategy_sha256: str
    sofin_version: str

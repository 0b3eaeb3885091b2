"""`sofin schema [NAME]`: the strategy file's JSON Schema, for editors, or that of a command's JSON."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from sofin.cli.app import command, emit
from sofin.cli.options import OutputOption


class SchemaName(enum.StrEnum):
    """The schemas sofin prints: the strategy file's, and those of the JSON its commands write (schema.DOCUMENTS)."""

    strategy = "strategy"
    table = "table"
    table_v2 = "table-v2"
    plan = "plan"
    payments = "payments"
    diff = "diff"
    check = "check"
    explain = "explain"


@command(writes=("json",))
def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(
            help="Whose schema: strategy (the strategy file), table (allocate's JSON), table-v2 (allocate's JSON of a "
            "strategy with keys), plan, payments, diff, check "
            "or explain (that command's JSON)."
        ),
    ] = SchemaName.strategy,
    output: OutputOption = None,
) -> None:
    """The JSON Schema of the strategy file, so that editors check and complete strategy files as you type.
    A strategy file's first line `# yaml-language-server: $schema=PATH` names it (README: 'The strategy file').
    With NAME, the schema of that command's JSON (--format json), whose format_version it names.

    Example: sofin schema -o strategy.schema.json
    """
    from sofin.schema import schema_text

    emit(schema_text(name.value), output)

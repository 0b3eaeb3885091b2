"""`sofin schema`: the strategy file's JSON Schema, for editors."""

from __future__ import annotations

from sofin.cli.app import OutputOption, command, emit


@command()
def schema(output: OutputOption = None) -> None:
    """The JSON Schema of the strategy file, so that editors check and complete strategy files as you type.
    A strategy file's first line `# yaml-language-server: $schema=PATH` names it (README: 'The strategy file').

    Example: sofin schema -o strategy.schema.json
    """
    from sofin.schema import strategy_schema_text

    emit(strategy_schema_text(), output)

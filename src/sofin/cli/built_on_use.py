"""The group `main()` runs: typer's, with each command built when it is first looked up (issue 27 item 1)."""

from collections.abc import Iterator, MutableMapping
from typing import Any

import typer
from typer.core import TyperGroup


def commands_built_on_use(app: typer.Typer) -> TyperGroup:
    """The app as typer builds it for `app()` (typer.main.get_command), each command built when first looked up.

    Typer turns every command's signature into options before it reads the command line: 15 ms at each
    start for the eight commands a run does not use. The group holds them as _CommandsOnDemand instead,
    which help, completion and a mistyped command's suggestions list as typer would, building them then."""
    import typer.main

    registered = app.registered_commands
    app.registered_commands = []  # the group alone: its callback's options and typer's completion options
    try:
        group = typer.main.get_command(app)
    finally:
        app.registered_commands = registered
    assert isinstance(group, TyperGroup)
    group.commands = _CommandsOnDemand(app, registered)
    return group


class _CommandsOnDemand(MutableMapping[str, Any]):
    """A group's commands by name, in the order registered; each made by typer (get_command_from_info, as
    typer.main.get_group_from_info makes them all) the first time it is looked up."""

    def __init__(self, app: typer.Typer, registered: list[Any]) -> None:
        import typer.main

        self._app = app
        self._registered = {
            info.name or typer.main.get_command_name(info.callback.__name__): info for info in registered
        }
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            import typer.main

            info = self._registered[name]  # a KeyError: no such command
            self._built[name] = typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=self._app.pretty_exceptions_short,
                rich_markup_mode=self._app.rich_markup_mode,
            )
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._registered.setdefault(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._registered[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._registered)

    def __len__(self) -> int:
        return len(self._registered)

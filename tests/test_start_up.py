"""What a command builds before it runs (issue 27 item 1): the group main() runs builds a command when it is looked
up, and offers, helps and runs exactly as the group typer builds with every command made up front."""

from __future__ import annotations

import typer.main

from sofin.cli.app import _commands_built_on_use, app


def _options(command):
    return [(param.name, param.opts, param.secondary_opts, param.help) for param in command.params]


def test_the_group_offers_every_command_as_typer_builds_it():
    eager, on_use = typer.main.get_command(app), _commands_built_on_use()
    assert list(on_use.commands) == list(eager.commands)  # the order of `sofin --help`
    assert _options(on_use) == _options(eager)  # --version, the completion options, --help
    for name, command in eager.commands.items():
        built = on_use.commands[name]
        assert type(built) is type(command)
        assert (built.name, built.help, built.short_help) == (command.name, command.help, command.short_help)
        assert _options(built) == _options(command)


def test_looking_a_command_up_builds_that_command_alone(monkeypatch):
    built = []
    make = typer.main.get_command_from_info

    def recorded(info, **options):
        built.append(info.callback.__name__)
        return make(info, **options)

    monkeypatch.setattr(typer.main, "get_command_from_info", recorded)
    group = _commands_built_on_use()
    assert group.commands.get("allocate") is group.commands["allocate"]  # built once
    assert group.commands.get("alocate") is None
    assert built == ["allocate"]


def test_the_help_is_the_same(capsys):
    def help_of(group):
        try:
            group.main(["--help"], prog_name="sofin", standalone_mode=False)
        except SystemExit:
            pass
        return capsys.readouterr().out

    shown = help_of(_commands_built_on_use())
    assert "allocate" in shown and "show" in shown
    assert shown == help_of(typer.main.get_command(app))

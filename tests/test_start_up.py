"""What a command builds before it runs (issue 27 item 1): the group main() runs builds a command when it is looked
up, and offers, helps and runs exactly as the group typer builds with every command made up front."""

from __future__ import annotations

import os
import subprocess
import sys

import typer.main

from sofin.cli.app import app
from sofin.cli.built_on_use import commands_built_on_use

from .helpers import ROOT


def _options(command):
    return [(param.name, param.opts, param.secondary_opts, param.help) for param in command.params]


def test_the_group_offers_every_command_as_typer_builds_it():
    eager, on_use = typer.main.get_command(app), commands_built_on_use(app)
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
    group = commands_built_on_use(app)
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

    shown = help_of(commands_built_on_use(app))
    assert "allocate" in shown and "show" in shown
    assert shown == help_of(typer.main.get_command(app))


def _a_run(*arguments: str, **environment: str) -> tuple[str, set[str], str]:
    """`sofin ARGUMENTS` in a process of its own (stdout a pipe), with `environment` added to the test run's: what it
    wrote, the modules it had loaded when it was done, and PYDANTIC_DISABLE_PLUGINS as it left it."""
    code = (
        f"import os, sys; from sofin.cli import main; sys.argv = ['sofin', *{arguments!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'), *sorted(sys.modules), file=sys.stderr)"
    )
    decided = ("SOFIN_SOLVER", "PYDANTIC_DISABLE_PLUGINS")
    env = {key: value for key, value in os.environ.items() if key not in decided} | environment
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True, env=env)
    plugins, *modules = done.stderr.split()
    return done.stdout, set(modules), plugins


# Issue 27 item 1: what `sofin allocate 2025` (its table, the note under it on the printed table) does not use.
NOT_FOR_THE_2025_TABLE = {
    "sofin.diff",  # the printed table is compared by check.against, which needs no diff
    "sofin.results.diff",
    "sofin.explain",
    "sofin.plan",
    "sofin.payments",
    "sofin.results.explain",
    "sofin.results.plan",
    "sofin.results.payments",
    "sofin.results.report",
    "sofin.render.allocate.json",
    "sofin.render.json_parts",  # what every command's JSON shares; render.json held it before issue 28
    "sofin.render.document",
    "sofin.render.allocate.csv",
    "sofin.render.check",
    "sofin.schema",
    "sofin.words.en",
    "orjson",  # the printed table is a CSV
}
PUBLISHED = ROOT / "data" / "published"


def test_the_2025_table_loads_only_what_it_uses():
    table, loaded, _ = _a_run("allocate", "2025")
    assert "SKUPAJ OBČINE" in table
    assert {"sofin.printed", "sofin.check", "sofin.results.mismatch"} <= loaded  # the note compares the printed table
    assert not NOT_FOR_THE_2025_TABLE & loaded


def test_check_against_sofin_loads_no_diff():
    """`sofin check` of the printed table against sofin's allocation: the same comparison, no diff either."""
    report, loaded, _ = _a_run("check", str(PUBLISHED / "strategija_2025_section4.csv"), "--year", "2025")
    assert "v 10 zneskih" in report  # the ten figures in which the printed table differs
    assert "sofin.check" in loaded and "sofin.diff" not in loaded


def test_diff_of_two_tables_loads_no_check():
    """Where a side does not add up is found by sofin.sums, which check uses too: diff loads none of check."""
    _, loaded, _ = _a_run("diff", str(PUBLISHED / "2025.json"), str(PUBLISHED / "2025.csv"))
    assert {"sofin.diff", "sofin.sums"} <= loaded
    assert not {"sofin.check", "sofin.results.check"} & loaded


def test_pydantics_plugins_are_off_unless_the_environment_says_otherwise():
    assert _a_run("allocate", "2025")[2] == "__all__"
    assert _a_run("allocate", "2025", PYDANTIC_DISABLE_PLUGINS="some-plugin")[2] == "some-plugin"


def test_a_run_leaves_what_it_made_to_the_end_of_the_process():
    """main() freezes the objects of a run once it is over: Python's collection at exit skips them."""
    code = (
        "import gc, sys; from sofin.cli import main; sys.argv = ['sofin', 'allocate', '2025']\n"
        "before = gc.get_freeze_count()\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(before, gc.get_freeze_count(), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True)
    before, after = map(int, done.stderr.split())
    assert before == 0 and after > 10_000

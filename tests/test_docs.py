"""README's promises that a test can hold: the commands it gives are the ones CI runs."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from sofin.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_setup_is_two_commands_the_first_ending_in_sofin_allocate_2025():
    """The README's set-up: one command that ends by running `sofin allocate 2025`, one for the tests."""
    setup, tests = shell_blocks()[:2]
    assert setup.strip().endswith("sofin allocate 2025")
    assert tests.strip() == ".venv/bin/python -m pytest"


def test_ci_runs_the_readme_test_command():
    """.ci/run runs exactly the test command written in README.md."""
    tests = shell_blocks()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(tests)}( |$)", ci, flags=re.M)


def test_every_command_has_help_with_an_example():
    """Finance staff read --help first; each command's help carries an example."""
    for command in app.registered_commands:
        result = CliRunner().invoke(app, [command.name or command.callback.__name__, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.stdout

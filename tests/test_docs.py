"""README's promises that a test can hold: the commands it gives are the ones CI runs."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from sofin.cli import app

from .helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_setup_is_two_commands_the_first_ending_in_sofin_allocate_2025():
    """The README's set-up: a plain install ending with `sofin allocate 2025`; the test extras and the tests."""
    setup, tests = (block.strip() for block in shell_blocks()[:2])
    assert "\n" not in setup and "\n" not in tests
    assert "pip install -e . " in setup and "[test]" not in setup
    assert setup.endswith("sofin allocate 2025")
    assert "pip install -e '.[test]'" in tests and tests.endswith(".venv/bin/python -m pytest")


def test_ci_runs_the_readme_commands():
    """.ci/run runs exactly the two set-up commands written in README.md."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in shell_blocks()[:2]:
        assert re.search(rf"^{re.escape(command.strip())}( |$)", ci, flags=re.M)


def test_every_command_has_help_with_an_example():
    """Finance staff read --help first; each command's help carries an example."""
    for command in app.registered_commands:
        result = CliRunner().invoke(app, [command.name or command.callback.__name__, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.stdout


def test_the_several_keys_example_is_what_sofin_prints(tmp_path):
    """README's "Several keys": its table is sofin's table of examples/skupna_uprava.yaml, and its YAML is
    taken from that file, line by line (comments aside)."""
    section = README.split("### Several keys", 1)[1].split("\n### ", 1)[0]
    example = (ROOT / "examples" / "skupna_uprava.yaml").read_text(encoding="utf-8")
    written = tmp_path / "table.txt"
    result = CliRunner().invoke(
        app, ["allocate", "2025", "-s", str(ROOT / "examples" / "skupna_uprava.yaml"), "-o", str(written)]
    )
    assert result.exit_code == 0, result.output
    assert f"```text\n{written.read_text(encoding='utf-8')}```" in section
    yaml_block = re.search(r"```yaml\n(.*?)```", section, flags=re.S)
    assert yaml_block is not None
    example_lines = {line.split(" #")[0].rstrip() for line in example.splitlines()}
    for line in yaml_block[1].splitlines():
        assert line.split(" #")[0].rstrip() in example_lines, line

"""Files and streams as on any Unix tool: modes, '-' for stdin and stdout, write errors, exit codes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from sofin.cli import app

from .helpers import MINIMAL, STRATEGY_2025, run

runner = CliRunner()


class TestFileModes:
    def test_a_new_file_gets_what_the_umask_allows(self, tmp_path):
        target = tmp_path / "t.csv"
        previous = os.umask(0o027)
        try:
            assert run("allocate", "2025", "-f", "csv", "-o", str(target)).exit_code == 0
        finally:
            os.umask(previous)
        assert stat.S_IMODE(target.stat().st_mode) == 0o640

    def test_an_existing_file_keeps_its_mode(self, tmp_path):
        target = tmp_path / "t.csv"
        target.write_text("old\n", encoding="utf-8")
        target.chmod(0o664)
        assert run("allocate", "2025", "-f", "csv", "-o", str(target)).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o664 and target.read_text(encoding="utf-8") != "old\n"


class TestDash:
    def test_strategy_from_stdin_gives_the_same_table(self, monkeypatch):
        monkeypatch.chdir(STRATEGY_2025.parent)  # its printed table (issue 23 item 9) is then found from stdin too
        from_file = run("allocate", "2025", "-f", "json", "-s", str(STRATEGY_2025)).stdout
        from_stdin = runner.invoke(app, ["allocate", "2025", "-f", "json", "-s", "-"], input=STRATEGY_2025.read_bytes())
        assert from_stdin.exit_code == 0 and from_stdin.stdout == from_file

    def test_problems_in_stdin_are_located_in_stdin(self):
        text = MINIMAL.replace("share: 60.5", "share: -1")
        result = runner.invoke(app, ["allocate", "2025", "-s", "-", "--lang", "en"], input=text)
        assert result.exit_code == 2 and "-:7:36: payers[0].share" in result.stderr

    def test_output_dash_is_stdout_and_no_file(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        result = run("allocate", "2025", "-f", "csv", "-o", "-")
        assert result.exit_code == 0 and result.stdout == run("allocate", "2025", "-f", "csv").stdout
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("output_format", ["json", "csv"])
    def test_check_reads_a_table_from_stdin(self, output_format):
        table = run("allocate", "2025", "-f", output_format).stdout
        result = runner.invoke(app, ["check", "-", "--lang", "en"], input=table)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("-: the table reconciles")

    def test_diff_reads_one_side_from_stdin(self):
        table = run("allocate", "2026", "-f", "json").stdout
        result = runner.invoke(app, ["diff", "2026", "-", "--lang", "en", "--exit-code"], input=table)
        assert result.exit_code == 0 and "No changes." in result.stdout and "2026 → -\n" in result.stdout

    def test_stdin_is_read_once(self):
        result = runner.invoke(app, ["diff", "-", "-", "--lang", "en"], input="")
        assert result.exit_code == 2
        assert result.stderr.startswith("command line: -: standard input can be read once")


class TestWriteErrors:
    @pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
    def test_a_full_disk_on_stdout_is_one_line_and_exit_2(self):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-m", "sofin", "allocate", "2025", "--lang", "en"], stdout=full, stderr=subprocess.PIPE
            )
        assert done.returncode == 2
        assert done.stderr.decode() == (
            "<stdout>: --output: cannot write: No space left on device\nsofin: 1 problem; nothing was written.\n"
        )

    def test_a_closed_pipe_is_no_traceback(self):
        reader, writer = os.pipe()
        os.close(reader)
        done = subprocess.run(
            [sys.executable, "-m", "sofin", "plan", "--lang", "en"], stdout=writer, stderr=subprocess.PIPE
        )
        os.close(writer)
        assert done.returncode == 2 and b"Traceback" not in done.stderr
        assert done.stderr.decode().startswith("<stdout>: --output: cannot write: Broken pipe\n")


class TestDiffExitCode:
    def test_one_when_the_tables_differ(self):
        assert run("diff", "2025", "2026", "--exit-code").exit_code == 1
        assert run("diff", "2025", "2026").exit_code == 0

    def test_zero_when_they_do_not(self):
        assert run("diff", "2025", "2025", "--exit-code").exit_code == 0


class TestStrategyVariable:
    def test_names_the_strategy_and_the_option_wins(self, write):
        path = write(MINIMAL)
        named = runner.invoke(app, ["allocate", "2025", "-f", "csv"], env={"SOFIN_STRATEGY": str(path)})
        assert named.exit_code == 0 and "Delavka" not in named.stdout and ",s," in named.stdout
        option = runner.invoke(
            app, ["allocate", "2025", "-f", "json", "-s", str(STRATEGY_2025)], env={"SOFIN_STRATEGY": str(path)}
        )
        # JSON: the text formats' note names --strategy when it is not the default one (issue 23 item 9)
        assert option.stdout == run("allocate", "2025", "-f", "json").stdout

    def test_check_uses_it_for_a_table_without_a_key(self, write, tmp_path):
        path = write(MINIMAL)
        table = tmp_path / "t.csv"
        table.write_text("level,path,label,total,a,b\n0,,Skupaj,1334,807,527\n", encoding="utf-8")
        result = runner.invoke(app, ["check", str(table), "--lang", "en"], env={"SOFIN_STRATEGY": str(path)})
        assert f"Key shares: from the strategy {path}" in result.stdout

    def test_help_shows_it_and_flags_show_no_type(self):
        help_text = runner.invoke(app, ["plan", "--help"], terminal_width=200).stdout
        assert "SOFIN_STRATEGY" in help_text
        for command in ([], ["allocate"], ["plan"], ["payments"], ["explain"], ["diff"], ["check"], ["schema"]):
            text = runner.invoke(app, [*command, "--help"], terminal_width=200).stdout
            assert "--help" in text and "<bool>" not in text, command


class TestWhatIsNotARegularFile:
    def test_a_fifo_is_written_through_not_replaced(self, tmp_path):
        import threading

        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        received: list[bytes] = []
        reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
        reader.start()
        assert run("allocate", "2025", "-f", "csv", "-o", str(fifo)).exit_code == 0
        reader.join(timeout=30)
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        assert received == [run("allocate", "2025", "-f", "csv").stdout.encode()]

    def test_a_symlink_stays_and_its_file_is_written(self, tmp_path):
        real, link = tmp_path / "real.csv", tmp_path / "link.csv"
        real.write_text("old\n", encoding="utf-8")
        link.symlink_to(real)
        assert run("allocate", "2025", "-f", "csv", "-o", str(link)).exit_code == 0
        assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("level,path,label")

    def test_a_link_to_an_input_is_refused(self, tmp_path):
        strategy, link = tmp_path / "s.yaml", tmp_path / "out.csv"
        strategy.write_text(MINIMAL, encoding="utf-8")
        link.symlink_to(strategy)
        result = run("allocate", "2025", "-s", str(strategy), "-o", str(link), "--lang", "en")
        assert result.exit_code == 2 and strategy.read_text(encoding="utf-8") == MINIMAL


class TestStdinOnce:
    def test_diff_reads_a_strategy_from_stdin_once_for_both_years(self):
        result = runner.invoke(app, ["diff", "2025", "2026", "-s", "-"], input=STRATEGY_2025.read_bytes())
        assert result.exit_code == 0, result.output
        assert result.stdout == run("diff", "2025", "2026").stdout


class TestStrategyVariableNamed:
    def test_a_missing_file_says_the_variable_named_it(self, tmp_path):
        missing = tmp_path / "nope.yaml"
        result = runner.invoke(app, ["allocate", "2025", "--lang", "en"], env={"SOFIN_STRATEGY": str(missing)})
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{missing}: (document): no such file (named by $SOFIN_STRATEGY)\n")

    def test_schema_is_not_written_over_the_sessions_strategy(self, write):
        path = write(MINIMAL)
        result = runner.invoke(app, ["schema", "-o", str(path)], env={"SOFIN_STRATEGY": str(path)})
        assert result.exit_code == 2 and path.read_text(encoding="utf-8") == MINIMAL

    def test_check_help_names_it(self):
        assert "SOFIN_STRATEGY" in runner.invoke(app, ["check", "--help"], terminal_width=200).stdout


def test_due_day_is_for_the_ledger_and_the_page_only():
    result = run("payments", "2025", "--payer", "komen", "--due-day", "5", "--lang", "en")
    assert result.exit_code == 2 and "--due-day: applies only with --format ledger or html" in result.stderr

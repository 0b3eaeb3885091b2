"""The command line as people use it: golden outputs, exit codes, messages, files written."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .helpers import GOLDEN, MINIMAL, ROOT, STRATEGY_2025, assert_golden, run


class TestAllocate2025:
    @pytest.mark.parametrize(("output_format", "golden"), [
        ("table", "allocate_2025.txt"), ("json", "allocate_2025.json"),
        ("csv", "allocate_2025.csv"), ("markdown", "allocate_2025.md"), ("ledger", "allocate_2025.journal"),
    ])  # fmt: skip
    def test_output_is_the_golden_file(self, output_format, golden):
        """Each format of `sofin allocate 2025` is exactly the reviewed golden file."""
        result = run("allocate", "2025", "--format", output_format)
        assert result.exit_code == 0, result.output
        assert_golden(golden, result.stdout)

    def test_json_amounts_are_decimal_strings_that_reconcile(self):
        """The machine contract: strings, never floats; each row's allocation sums to its total."""
        document = json.loads(run("allocate", "2025", "-f", "json").stdout, parse_float=lambda text: pytest.fail(text))
        assert [payer["share"] for payer in document["payers"]] == ["50.78", "16.35", "17.55", "15.32"]
        for row in document["rows"]:
            assert sum(int(value) for value in row["allocation"].values()) == int(row["total"])
        assert document["rows"][0]["path"] == [] and document["rows"][1]["path"] == ["po-moc"]

    def test_same_bytes_on_every_run(self, tmp_path):
        """Two separate processes write byte-identical output (hash seeds differ between them)."""
        outputs = [
            subprocess.run(
                [sys.executable, "-m", "sofin", "allocate", "2025", "-f", "json"],
                capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed},
            ).stdout
            for seed in ("1", "2")
        ]  # fmt: skip
        assert outputs[0] == outputs[1]

    def test_a_reader_that_stops_early_is_no_error(self, write):
        """`sofin allocate ... | head -c 1`: no traceback when the pipe closes mid-output (click handles EPIPE)."""
        lines = "\n".join(
            f"      - {{id: l{n}, label: Line {n}, kind: staff, amount: {1000 + n}}}" for n in range(6000)
        )
        big = write(
            MINIMAL.split("societies:")[0] + f"societies:\n  - id: s\n    name: S\n    short: S\n    lines:\n{lines}\n"
        )
        command = f"'{sys.executable}' -m sofin allocate 2025 -s '{big}' -f csv | head -c 1"
        result = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True
        )  # ~200 kB: more than a pipe holds
        assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr

    def test_works_from_any_folder(self, tmp_path):
        """Without --strategy, the strategy shipped inside the package is used."""
        result = subprocess.run(
            [sys.executable, "-m", "sofin", "allocate", "2025", "-f", "csv"],
            capture_output=True,
            cwd=tmp_path,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == (GOLDEN / "allocate_2025.csv").read_text(encoding="utf-8")


class TestOutputFile:
    def test_writes_the_file_and_nothing_to_stdout(self, tmp_path):
        """-o FILE writes the whole output there."""
        target = tmp_path / "2025.json"
        result = run("allocate", "2025", "-f", "json", "-o", str(target))
        assert (result.exit_code, result.stdout) == (0, "")
        assert target.read_text(encoding="utf-8") == run("allocate", "2025", "-f", "json").stdout

    def test_refuses_to_write_over_its_input(self, write):
        """Writing the table over the strategy file would lose the strategy."""
        strategy = write(MINIMAL)
        result = run("allocate", "2025", "-s", str(strategy), "-o", str(strategy), "--lang", "en")
        assert result.exit_code == 2
        assert strategy.read_text(encoding="utf-8") == MINIMAL
        assert "refusing to write over the input file" in result.stderr

    @pytest.mark.parametrize(
        "command",
        [
            ("allocate", "2025"),
            ("plan",),
            ("payments", "2025", "--payer", "komen"),
            ("explain", "2025", "vezi"),
            ("diff", "2025", "2026"),
            ("check", "data/published/2025.json"),
        ],
    )
    def test_no_command_writes_over_the_shipped_strategy(self, command, tmp_path, monkeypatch):
        """The bundled strategy (here a copy standing in for it) is every command's input, never its output."""
        shipped = tmp_path / "strategija_2025.yaml"
        shipped.write_bytes(STRATEGY_2025.read_bytes())
        monkeypatch.setattr("sofin.load.bundled_strategy_path", lambda: shipped)
        monkeypatch.chdir(ROOT)
        result = run(*command, "-o", str(shipped), "--lang", "en")
        assert result.exit_code == 2, result.output
        assert "refusing to write over the input file" in result.stderr
        assert shipped.read_bytes() == STRATEGY_2025.read_bytes()

    def test_failed_run_leaves_an_existing_file_alone(self, write, tmp_path):
        """An input error writes nothing: the previous output stays whole."""
        target = tmp_path / "out.csv"
        target.write_text("previous\n", encoding="utf-8")
        broken = write(MINIMAL.replace("share: 60.5", "share: 61.5"))
        assert run("allocate", "2025", "-s", str(broken), "-o", str(target)).exit_code == 2
        assert target.read_text(encoding="utf-8") == "previous\n"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")] == []

    @pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
    def test_interrupted_or_failed_write_leaves_the_old_file_whole(self, tmp_path, monkeypatch, failure):
        """Interrupted or failing at the last step, the old file stays as it was and no temporary is left."""
        import sofin.output

        target = tmp_path / "out.csv"
        target.write_text("previous\n", encoding="utf-8")

        def fail(*_):
            raise failure(28, "No space left on device") if failure is OSError else failure()

        monkeypatch.setattr(sofin.output.os, "replace", fail)
        result = run("allocate", "2025", "-f", "csv", "-o", str(target), "--lang", "en")
        if failure is OSError:
            assert result.exit_code == 2 and "cannot write: No space left on device" in result.stderr
        else:
            assert result.exit_code == 130  # click's answer to Ctrl-C: "Aborted!"
        assert target.read_text(encoding="utf-8") == "previous\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


class TestErrors:
    def test_every_mistake_on_stderr_with_exit_2(self, write):
        """Located messages, one per mistake, a count, and no traceback."""
        path = write(MINIMAL.replace("share: 60.5", "share: -1").replace("amount: 333", "amount: 33.3"))
        result = run("allocate", "2025", "-s", str(path))
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"{path}:7:3: payers: deleži dajo skupaj 38,5, ne natanko 100\n"
            f"{path}:7:36: payers[0].share: mora biti večje od 0\n"
            f"{path}:22:86: societies[0].lines[1].amount: 33.3 ni večkratnik enote zaokroževanja 1\n"
            "sofin: 3 težave; nič ni bilo zapisano.\n"
        )

    def test_the_report_in_the_commands_language(self, write):
        """The report follows --lang, its messages too (issue 23, item 7)."""
        path = write("")
        result = run("allocate", "2025", "-s", str(path), "--lang", "en")
        assert result.stderr == f"{path}:1:1: (document): the file is empty\nsofin: 1 problem; nothing was written.\n"
        result = run("allocate", "2025", "-s", str(path))
        assert result.stderr == f"{path}:1:1: (dokument): datoteka je prazna\nsofin: 1 težava; nič ni bilo zapisano.\n"
        result = run("payments", "2025", "--payer", "trst")
        assert result.stderr.startswith("ukazna vrstica: --payer: „trst“ ni plačnik")

    def test_year_outside_the_period(self):
        """The period is named, and the exit code is 2."""
        result = run("allocate", "2031", "--lang", "en")
        assert result.exit_code == 2
        assert "2031 is outside the strategy's period 2025-2029" in result.stderr
        assert "Traceback" not in result.output

    @pytest.mark.parametrize(
        "args", [["allocate"], ["allocate", "twenty"], ["allocate", "2025", "-f", "pdf"], ["nonsense"]]
    )
    def test_usage_errors_exit_2(self, args):
        """Typos on the command line are usage errors (exit 2), never tracebacks."""
        result = run(*args)
        assert result.exit_code == 2
        assert "Traceback" not in result.output

    def test_version(self):
        result = run("--version")
        assert result.exit_code == 0 and result.stdout.startswith("sofin ")


class TestStartUp:
    def test_the_command_line_loads_no_heavy_module_before_a_command_needs_it(self):
        """Help, usage errors and the app's set-up stay light: schema, solver and formats load on use."""
        code = "import sys, sofin.cli; print(' '.join(sorted(sys.modules)))"
        loaded = set(
            subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True).stdout.split()
        )
        heavy = {
            "numpy",
            "ortools",
            "babel",
            "openpyxl",
            "xlsxwriter",
            "pydantic.main",
            "sofin.model",
            "sofin.allocate",
            "sofin.rounding",
            "sofin.flow",
            "sofin.pipeline",
            "sofin.check",
            "sofin.diff",
            "sofin.payments",
        }
        assert not heavy & loaded

    def test_the_2025_table_loads_neither_a_compiled_solver_nor_rich(self):
        """`sofin allocate 2025`, the command run most, starts light: the pure-Python solver, a plain-text table."""
        code = (
            "import sys; from sofin.cli import main; sys.argv = ['sofin', 'allocate', '2025']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)"
        )
        env = {key: value for key, value in os.environ.items() if key != "SOFIN_SOLVER"}
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True, env=env)
        assert "SKUPAJ OBČINE" in done.stdout
        assert not {"numpy", "ortools", "rich.console", "xlsxwriter"} & set(done.stderr.split())

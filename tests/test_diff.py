"""`sofin diff`: every changed figure has a cause."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from .helpers import STRATEGY_2025, assert_golden, run

KEY_CHANGED = {"share: 50.78": "share: 50.77", "share: 15.32": "share: 15.33"}
CAUSE_ROUNDING = "zaokroževanje: vrstica in stolpec se morata sešteti"
NEW_LINE = "      - {id: extra, label: Nova vrstica, kind: programme, amount: 100}\n"


def changed_strategy(write, adopted: str = "", key: bool = False, new_line: bool = False):
    text = STRATEGY_2025.read_text(encoding="utf-8")
    if key:
        for old, new in KEY_CHANGED.items():
            text = text.replace(old, new)
    if new_line:
        text += NEW_LINE  # the file ends inside the last society's lines
    return write(text + adopted)


class TestDiff:
    def test_2025_to_2026_accounts_for_every_changed_figure(self):
        """Done-when of the period issue: every row changes by indexation, and says so."""
        document = json.loads(run("diff", "2025", "2026", "-f", "json").stdout)
        assert document["key_changes"] == []
        for row in document["rows"]:
            changed = [f for f in row["figures"].values() if f["change"] != "0"]
            assert not changed or row["causes"], row["path"]
            assert int(row["total"]["change"]) == sum(int(f["change"]) for f in row["figures"].values())
            if len(row["path"]) == 2:
                assert row["causes"] == ["amount"]
                assert {note["source"] for note in row["amounts"]} == {"indexed"}
                assert {note["rate"] for note in row["amounts"]} == {"2"}

    def test_golden_table(self):
        assert_golden("diff_2025_2026.txt", run("diff", "2025", "2026").stdout)

    def test_file_against_file_names_key_change_adopted_amount_and_added_row(self, write, tmp_path):
        before = tmp_path / "before.json"
        after = tmp_path / "after.json"
        adopted = "adopted:\n  2026:\n    vezi/staff: 48210\n"
        assert run("allocate", "2026", "-f", "json", "-o", str(before)).exit_code == 0
        changed = changed_strategy(write, adopted, key=True, new_line=True)
        assert run("allocate", "2026", "-s", str(changed), "-f", "json", "-o", str(after)).exit_code == 0
        document = json.loads(run("diff", str(before), str(after), "-f", "json").stdout)
        assert {change["payer"] for change in document["key_changes"]} == {"sezana", "komen"}
        rows = {tuple(row["path"]): row for row in document["rows"]}
        assert rows["mdpm-sezana", "extra"]["causes"] == ["added"]
        assert rows["vezi", "staff"]["causes"][0] == "amount"
        assert rows["vezi", "staff"]["amounts"][0]["source"] == "adopted"
        for row in document["rows"]:
            if any(f["change"] != "0" for f in row["figures"].values()):
                assert row["causes"], row["path"]

    def test_rounding_is_named_when_only_a_neighbour_changed(self, write, tmp_path):
        """A key change moves units in rows whose totals stay: other payers' figures move by rounding."""
        before, after = tmp_path / "a.json", tmp_path / "b.json"
        run("allocate", "2025", "-f", "json", "-o", str(before))
        run("allocate", "2025", "-f", "json", "-o", str(after), "-s", str(changed_strategy(write, key=True)))
        document = json.loads(run("diff", str(before), str(after), "-f", "json").stdout)
        for row in document["rows"]:
            for payer, figure in row["figures"].items():
                if figure["change"] != "0" and payer not in ("sezana", "komen"):
                    assert "rounding" in row["causes"], row["path"]

    def test_same_table_has_no_changes_and_exit_0(self, tmp_path):
        table = tmp_path / "t.json"
        run("allocate", "2025", "-f", "json", "-o", str(table))
        result = run("diff", str(table), "2025")
        assert result.exit_code == 0 and "Ni sprememb." in result.stdout

    def test_a_table_with_a_figure_off_its_unit_is_bad_input(self, tmp_path):
        """diff compares whole units: an off-grid figure is located and named, never a traceback."""
        table = tmp_path / "t.csv"
        run("allocate", "2025", "-f", "csv", "-o", str(table))
        table.write_text(table.read_text(encoding="utf-8").replace(",98833,", ",98833.5,", 1), encoding="utf-8")
        result = run("diff", "2025", str(table), "--lang", "en")
        assert result.exit_code == 2
        assert f"{table}:2:" in result.stderr and "98833.5 is not a multiple of the unit 1" in result.stderr

    def test_tables_in_different_units_are_compared_in_the_finer(self, tmp_path):
        """A table in cents beside a year in whole euros: every figure shown with its cents."""
        table = tmp_path / "t.json"
        run("allocate", "2025", "-f", "json", "-o", str(table))
        document = json.loads(table.read_text(encoding="utf-8"))
        document["unit"] = "0.01"
        document["rows"][0]["allocation"]["sezana"] = "98833.50"
        document["rows"][0]["allocation"]["komen"] = str(
            Decimal(document["rows"][0]["allocation"]["komen"]) - Decimal("0.50")
        )
        table.write_text(json.dumps(document), encoding="utf-8")
        result = run("diff", "2025", str(table))
        assert result.exit_code == 0, result.output
        assert "+0,50" in result.stdout and "-0,50" in result.stdout
        # Only the grand total's figures moved: the municipalities' columns no longer add up, and diff says so.
        assert f"{table} se ne sešteje:" in " ".join(result.stdout.split()) and CAUSE_ROUNDING not in result.stdout

    def test_a_table_whose_unit_is_not_positive_is_bad_input(self, tmp_path):
        table = tmp_path / "t.json"
        run("allocate", "2025", "-f", "json", "-o", str(table))
        table.write_text(table.read_text(encoding="utf-8").replace('"unit": "1"', '"unit": "0"'), encoding="utf-8")
        for command in (("diff", "2025", str(table)), ("check", str(table))):
            result = run(*command, "--lang", "en")
            assert result.exit_code == 2 and "unit: must be greater than 0" in result.stderr, command

    def test_refuses_to_write_over_a_table_it_compares(self, tmp_path):
        table = tmp_path / "t.json"
        run("allocate", "2025", "-f", "json", "-o", str(table))
        before = table.read_bytes()
        result = run("diff", str(table), "2026", "-o", str(table))
        assert result.exit_code == 2 and table.read_bytes() == before

    @pytest.mark.parametrize("args", [("2025", "2031"), ("2025", "missing.json"), ("2025", "table.txt")])
    def test_bad_input_exits_2_with_a_message(self, args, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        (tmp_path / "table.txt").write_text("x", encoding="utf-8")
        result = run("diff", *args)
        assert result.exit_code == 2 and result.stderr.endswith("sofin: 1 težava; nič ni bilo zapisano.\n")

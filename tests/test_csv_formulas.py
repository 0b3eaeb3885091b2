"""Every CSV sofin writes keeps a text that a spreadsheet would run as a formula text: one convention, a
leading apostrophe (sofin/cells.py), in allocate's two dialects, plan and payments, and `sofin check`
reads it back as the text it was."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sofin.cells import PREFIX, TRIGGERS, escape_formula, unescape_formula
from sofin.published import read_table

from .helpers import MINIMAL, require_tool, run
from .helpers.workbooks import load

# Texts that exercise the rule: apostrophes, triggers and spaces, in any order, and any text at all.
RULE_TEXTS = st.text(alphabet=st.sampled_from([PREFIX, " ", "a", *TRIGGERS])) | st.text()


class TestTheRule:
    @settings(max_examples=500)
    @given(RULE_TEXTS)
    @example("'Tis")
    @example("'=x")
    def test_a_text_comes_back_as_it_was(self, text):
        assert unescape_formula(escape_formula(text)) == text

    @settings(max_examples=500)
    @given(RULE_TEXTS)
    def test_an_escaped_text_never_starts_a_formula(self, text):
        """Not even past leading spaces, which LibreOffice's "Trim spaces" import option takes off."""
        assert not escape_formula(text).lstrip(" ").startswith(TRIGGERS)

    @pytest.mark.parametrize(
        ("text", "cell"),
        [
            ("=1+1", "'=1+1"),
            ("\t=1+1", "'\t=1+1"),
            (" =1+1", "' =1+1"),
            ("'=1+1", "''=1+1"),  # an apostrophe of its own: kept, and one more in front
            ("'Tis", "'Tis"),  # nothing a spreadsheet would run: as it is
            ("Občina A", "Občina A"),
            ("", ""),
        ],
    )
    def test_examples(self, text, cell):
        assert escape_formula(text) == cell and unescape_formula(cell) == text


SOCIETY = 'HYPERLINK("http://example.com","klik")'  # its short name, which CSV shows
STAFF, PROGRAMME = "Stroški zaposlenih", "1+1"
PAYERS = ["Občina A", "Občina B"]
# Each of MINIMAL's names, to be written with a trigger in front.
NAMES = {
    "name: Občina A": PAYERS[0],
    "name: Občina B": PAYERS[1],
    "name: Društvo S": "Društvo S",
    "short: S": SOCIETY,
    "label: Stroški zaposlenih": STAFF,
    "label: Materialni stroški programa": PROGRAMME,
    "label: Delavka": "Delavka",  # an item's label: no CSV shows it
}


def strategy(trigger: str) -> str:
    """MINIMAL with every name starting with `trigger` (as a JSON string: YAML reads its \\t and \\r)."""
    text = MINIMAL
    for written, name in NAMES.items():
        key = written.split(":")[0]
        text = text.replace(written, f"{key}: {json.dumps(trigger + name, ensure_ascii=False)}", 1)
    return text


# Each CSV writer: its arguments, its delimiter, and the strategy's names it shows.
WRITERS = {
    "allocate plain": (["allocate", "2025", "-f", "csv"], ",", [SOCIETY, STAFF, PROGRAMME]),
    "allocate sl": (["allocate", "2025", "-f", "csv", "--dialect", "sl"], ";", [SOCIETY, STAFF, PROGRAMME]),
    "plan": (["plan", "-f", "csv"], ",", [SOCIETY, *PAYERS]),
    "payments": (["payments", "2025", "--payer", "a", "-f", "csv"], ",", [SOCIETY]),
}
NUMBER = re.compile(r"-?\d+([.,]\d+)?")


def written(tmp_path: Path, writer: str, trigger: str, name: str | None = None) -> Path:
    """The CSV `writer` writes for the strategy whose names start with `trigger`."""
    path, target = tmp_path / "strategy.yaml", tmp_path / (name or f"{writer.replace(' ', '_')}.csv")
    path.write_text(strategy(trigger), encoding="utf-8")
    result = run(*WRITERS[writer][0], "-s", str(path), "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


def cells(path: Path, delimiter: str) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")  # read_text would make a carriage return a line feed
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize("trigger", TRIGGERS, ids=repr)
@pytest.mark.parametrize("writer", WRITERS)
def test_every_name_a_spreadsheet_would_run_starts_with_the_apostrophe(tmp_path, writer, trigger):
    _, delimiter, shown = WRITERS[writer]
    table = cells(written(tmp_path, writer, trigger), delimiter)
    found = [cell for row in table for cell in row]
    for name in shown:
        assert PREFIX + trigger + name in found, (name, table)
    assert [cell for cell in found if cell.startswith(TRIGGERS) and not NUMBER.fullmatch(cell)] == []


def test_a_negative_figure_stays_a_number(tmp_path):
    """Plan's rounding balances go below zero: a figure is never text, whatever the names start with."""
    table = cells(written(tmp_path, "plan", "-"), ",")
    balances = [row for row in table if row[0] == "rounding_cumulative"]
    assert [row[2] for row in balances] == [PREFIX + "-" + payer for payer in PAYERS]
    figures = [cell for row in balances for cell in row[3:]]
    negative = [cell for cell in figures if cell.startswith("-")]
    assert negative and all(Decimal(cell) < 0 for cell in negative), figures


@pytest.mark.parametrize("trigger", TRIGGERS, ids=repr)
@pytest.mark.parametrize("writer", ["allocate plain", "allocate sl"])
def test_check_reads_the_names_back_as_they_were(tmp_path, writer, trigger):
    table = written(tmp_path, writer, trigger)
    result = run("check", str(table), "-s", str(tmp_path / "strategy.yaml"), "--year", "2025", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "the table reconciles" in result.stdout
    labels = [row.label for row in read_table(table).rows]
    assert labels[1:] == [trigger + SOCIETY, trigger + STAFF, trigger + PROGRAMME]


# LibreOffice's CSV import at its most trusting: `,` or `;` between cells, UTF-8, spaces trimmed (token 11:
# a space in front would not stop a formula then), and formulas evaluated (token 13).
IMPORT = "Text - txt - csv (StarCalc):44/59,34,76,1,,0,false,false,false,false,true,-1,true"


def test_libreoffice_opens_every_csv_with_no_formula_and_each_name_as_written(tmp_path):
    """Every writer's CSV whose names start with `=`, which this import runs, and allocate's with each other trigger."""
    other_triggers = [("allocate plain", trigger) for trigger in TRIGGERS if trigger != "="]
    cases = [(writer, "=") for writer in WRITERS] + other_triggers
    folder = tmp_path / "csv"
    folder.mkdir()
    sources = [written(folder, writer, trigger, f"case{i}.csv") for i, (writer, trigger) in enumerate(cases)]
    control = folder / "control.csv"  # a name sofin would not write: this import does run it
    control.write_text("label,total\n=1+1,2\n", encoding="utf-8")
    books = converted([*sources, control], tmp_path)
    assert books["control"]["A2"].data_type == "f"
    for (writer, trigger), source in zip(cases, sources):
        shown = [cell for row in books[source.stem].iter_rows() for cell in row if cell.value is not None]
        assert [cell.coordinate for cell in shown if cell.data_type == "f"] == [], (writer, trigger)
        texts = [cell.value for cell in shown if cell.data_type == "s"]
        for name in WRITERS[writer][2]:
            # The apostrophe stays in sight; a carriage return in a cell is a line break there.
            assert (PREFIX + trigger + name).replace("\r", "\n") in texts, (writer, name, texts)


def converted(sources: list[Path], tmp_path: Path) -> dict[str, Any]:
    """Each CSV as LibreOffice (headless) opens it and saves it as a workbook, by its file's stem."""
    soffice = require_tool("soffice")
    out = tmp_path / "xlsx"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", f"--infilter={IMPORT}",
         "--convert-to", "xlsx", "--outdir", str(out), *map(str, sources)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return {source.stem: load((out / f"{source.stem}.xlsx").read_bytes()).active for source in sources}


def test_every_csv_sofin_writes_goes_through_csvtable():
    """A new CSV format cannot skip the rule: csvtable.py is the one renderer that may use the csv module."""
    import re

    from .helpers import ROOT

    writers = [
        path.name
        for path in sorted((ROOT / "src" / "sofin" / "render").glob("*.py"))
        if re.search(r"^\s*(import csv|from csv import)", path.read_text(encoding="utf-8"), re.M)
    ]
    assert writers == ["csvtable.py"]

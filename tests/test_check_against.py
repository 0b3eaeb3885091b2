"""Issue 27 item 1: check.against compares a table with sofin's allocation as `sofin diff` does (diff.compare),
without loading diff, so that the note under `sofin allocate`'s table loads none of it. These tests hold the two
to the same findings; check.row_mismatches, which diff uses too, finds where a table does not add up."""

from __future__ import annotations

from pathlib import Path

import pytest

from sofin import check, diff
from sofin.pipeline import allocate_year
from sofin.published import PublishedTable, read_table
from sofin.results.check import Finding, FindingKind

from .helpers import ROOT

PUBLISHED = ROOT / "data" / "published"
SECTION4 = PUBLISHED / "strategija_2025_section4.csv"


def against_by_diff(table: PublishedTable, year: int) -> list[Finding]:
    """check.against as it was written before issue 27: diff.compare's rows turned into findings."""
    reference = allocate_year(None, year)
    compared = diff.compare(diff.side_of_table(table, "table"), diff.side_of(reference, "sofin"))
    payers = [payer.id for payer in reference.payers]
    findings = []
    for row in compared.rows:
        if row.total_before is None:
            findings.append(Finding(FindingKind.missing_row, row.path, None, row.label, None))
        elif row.total_after is None:
            findings.append(Finding(FindingKind.extra_row, row.path, None, None, row.label))
        else:
            if row.total_before != row.total_after:
                findings.append(Finding(FindingKind.differs, row.path, None, row.total_after, row.total_before))
            figures = {figure.payer: figure for figure in row.figures}
            findings += [
                Finding(FindingKind.differs, row.path, payer, figures[payer].after, figures[payer].before)
                for payer in payers
                if figures[payer].before != figures[payer].after
            ]
    return findings


def edited(tmp_path: Path) -> Path:
    """The printed table with a line left out, a line sofin does not have, a payer's figure of a society
    changed and a payer's column missing from a row's figures (a payer of sofin's the table lacks)."""
    lines = SECTION4.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("2,po-moc/programme,")]
    kept.append("2,po-moc/rent,NAJEMNINA,100,50,20,20,10")
    header = kept[0].split(",")
    kept = [kept[0].replace(",komen", ",kozina"), *kept[1:]]  # the last payer's column under another id
    assert header[-1] == "komen"
    file = tmp_path / "edited.csv"
    file.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return file


TABLES = {
    "printed": lambda tmp_path: SECTION4,
    "published csv": lambda tmp_path: PUBLISHED / "2025.csv",
    "published json": lambda tmp_path: PUBLISHED / "2025.json",
    "edited": edited,
}


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("year", [2025, 2026])
def test_against_finds_what_diff_compare_finds(tmp_path, name, year):
    table = read_table(TABLES[name](tmp_path))
    found = check.against(table, allocate_year(None, year))
    assert found == against_by_diff(table, year)
    assert found or (name.startswith("published") and year == 2025)  # the tables differ: the test can fail


def test_the_edited_table_differs_in_every_way(tmp_path):
    kinds = {finding.kind for finding in check.against(read_table(edited(tmp_path)), allocate_year(None, 2025))}
    assert kinds == {FindingKind.missing_row, FindingKind.extra_row, FindingKind.differs}


@pytest.mark.parametrize("name", ["printed", "edited"])
def test_a_table_that_does_not_add_up_has_row_mismatches(tmp_path, name):
    table = read_table(TABLES[name](tmp_path))
    assert any(list(check.row_mismatches(row, table.children(row.path), table.payer_ids)) for row in table.rows)

"""CSV as spreadsheets save it in Slovenian (';', decimal commas, thousands dots, BOM, CRLF), both ways."""

from __future__ import annotations

import json

import pytest

from .helpers import run


def slovenian_spreadsheet(comma_csv: str) -> str:
    """What a spreadsheet in Slovenian saves for sofin's plain CSV: thousands dots and decimal commas too."""
    lines = []
    for line in comma_csv.splitlines():
        cells = line.split(",")
        numbers = [_local(cell) if index >= 3 and line[0].isdigit() else cell for index, cell in enumerate(cells)]
        lines.append(";".join(numbers))
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def _local(cell: str) -> str:
    whole, _, cents = cell.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + cents if cents else "")


class TestReading:
    def test_a_spreadsheets_csv_reconciles_like_sofins_own(self, tmp_path):
        saved = tmp_path / "shranjeno.csv"
        saved.write_text(slovenian_spreadsheet(run("allocate", "2025", "-f", "csv").stdout), encoding="utf-8")
        assert "194.630;98.833" in saved.read_text(encoding="utf-8")  # the thousands dots are there to read
        result = run("check", str(saved), "--year", "2025", "--lang", "en")
        assert result.exit_code == 0, result.output
        assert "the table reconciles" in result.stdout

    def test_a_key_line_with_decimal_commas(self, tmp_path):
        table = tmp_path / "t.csv"
        table.write_text(
            "level;path;label;total;a;b\r\nkey;;;;60,5;39,5\r\n0;;Skupaj;1.334,00;807,07;526,93\r\n", encoding="utf-8"
        )
        result = run("check", str(table), "-f", "json")
        report = json.loads(result.stdout)
        assert result.exit_code == 0 and report["shares_from"] == "table" and report["unit"] == "0.01"


class TestWriting:
    @pytest.mark.parametrize("year", ["2025", "2027"])
    def test_sofin_writes_it_and_reads_it_back(self, tmp_path, year):
        table = tmp_path / "t.csv"
        assert run("allocate", year, "-f", "csv", "--dialect", "sl", "-o", str(table)).exit_code == 0
        raw = table.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbflevel;path;label;projected;total;") and b"\r\n" in raw
        assert run("check", str(table), "--year", year).exit_code == 0
        assert run("diff", year, str(table), "--exit-code").exit_code == 0

    def test_the_dialect_is_for_csv_only(self):
        result = run("allocate", "2025", "-f", "json", "--dialect", "sl", "--lang", "en")
        assert result.exit_code == 2 and "--dialect: applies to --format csv only" in result.stderr


class TestThousandsSeparator:
    def test_a_point_in_a_whole_euro_table_is_named_never_reinterpreted(self, tmp_path):
        """11.768 typed for 11768: the finding suggests the separator; the figure stays 11.768."""
        text = run("allocate", "2025", "-f", "csv").stdout.replace(",11768,", ",11.768,", 1)
        table = tmp_path / "t.csv"
        table.write_text(text, encoding="utf-8")
        result = run("check", str(table), "-f", "json", "--lang", "en")
        findings = json.loads(result.stdout)["findings"]
        assert result.exit_code == 1
        separator = [finding for finding in findings if finding["kind"] == "thousands"]
        assert separator == [
            {
                "kind": "thousands",
                "path": ["po-moc"],
                "payer": None,
                "expected": "11768",
                "found": "11.768",
                "written": "11.768",
                "follows": [],
                "message": "the figure is not a multiple of the rounding unit; its separator may mark thousands",
                "line": 3,  # the header, the grand total, then po-moc: its total is the cell after ...,0,
                "column": text.splitlines()[2].index(",11.768,") + 2,
            }
        ]
        assert not any(finding["kind"] == "off_grid" for finding in findings)
        # The sums the misread total upsets name it (issue 23, item 6).
        sums = [finding for finding in findings if finding["kind"] in ("row_sum", "parent_sum")]
        assert sums and all({"path": ["po-moc"], "payer": None} in finding["follows"] for finding in sums)


def test_a_round_thousand_typed_with_a_point_is_named_too(tmp_path):
    """1.000 typed for 1000 is on the grid as 1; its three decimals still say what was meant."""
    table = tmp_path / "t.csv"
    table.write_text("level,path,label,total,a,b\nkey,,,,60.5,39.5\n0,,Skupaj,1.000,605,395\n", encoding="utf-8")
    report = json.loads(run("check", str(table), "-f", "json").stdout)
    kinds = [(finding["kind"], finding["expected"], finding["found"]) for finding in report["findings"]]
    assert ("thousands", "1000", "1.000") in kinds


def test_a_table_of_a_newer_format_is_refused(tmp_path):
    table = tmp_path / "t.json"
    table.write_text(run("allocate", "2025", "-f", "json").stdout.replace('"format_version": 1', '"format_version": 7'))
    result = run("check", str(table), "--lang", "en")
    assert result.exit_code == 2
    assert "format_version: this sofin reads tables of format 1, 2; this one is format 7" in result.stderr

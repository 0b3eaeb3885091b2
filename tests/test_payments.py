"""A municipality's instalments: contracts and periods add up, each instalment within a unit of its share."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sofin.allocate import allocate
from sofin.cli import app
from sofin.payments import payments
from sofin.results.payments import Schedule
from sofin.words import MACHINE, Language, catalogue
from sofin.years import year_lines

from .helpers import MINIMAL, assert_golden, balances, strategy_from_text
from .helpers.strategies import strategy_texts
from .helpers.workbooks import load

runner = CliRunner()


def assert_schedule_reconciles(result, allocation) -> None:
    column = [p.id for p in allocation.payers].index(result.payer.id)
    societies = [row for row in allocation.rows if row.level == 1]
    assert [c.annual for c in result.contracts] == [row.allocation[column] for row in societies]
    assert result.annual == allocation.rows[0].allocation[column] == sum(c.annual for c in result.contracts)
    n = result.schedule.periods
    for contract in result.contracts:
        assert sum(contract.instalments) == contract.annual
        exact = Fraction(contract.annual) / n
        assert all(abs(Fraction(value) - exact) < Fraction(result.unit) for value in contract.instalments)
    for period, total in enumerate(result.totals):
        assert sum(c.instalments[period] for c in result.contracts) == total
    assert sum(result.totals) == result.annual


@settings(max_examples=40, deadline=None)
@given(strategy_texts(), st.sampled_from(list(Schedule)), st.data())
def test_any_strategy_and_schedule_reconciles(text, schedule, data):
    """Whatever the strategy, unit and schedule: rows, periods and the annual figure agree."""
    strategy = strategy_from_text(text)
    allocation = allocate(strategy, year_lines(strategy, 2025))
    payer = data.draw(st.sampled_from([p.id for p in strategy.payers]))
    assert_schedule_reconciles(payments(allocation, payer, schedule), allocation)


def test_komen_monthly_reconciles_to_komens_column():
    """`sofin payments 2025 --payer komen --schedule monthly`: twelve months that add up to 29.817."""
    result = runner.invoke(app, ["payments", "2025", "--payer", "komen", "--schedule", "monthly", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["total"]["annual"] == "29817"
    assert sum(Decimal(v) for v in document["total"]["instalments"].values()) == 29817
    assert [c["annual"] for c in document["contracts"]] == ["1803", "7895", "9516", "10603"]
    table = runner.invoke(app, ["payments", "2025", "--payer", "komen"])
    assert_golden("payments_2025_komen_monthly.txt", table.stdout)


@pytest.mark.parametrize("args", [["--payer", "nobody"], ["--payer", "komen", "--schedule", "weekly"]])
def test_unknown_payer_or_schedule_exits_2(args):
    result = runner.invoke(app, ["payments", "2025", *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def payments_output(schedule: str, output_format: str, *args: str) -> str:
    result = runner.invoke(
        app, ["payments", "2025", "--payer", "komen", "--schedule", schedule, "-f", output_format, *args]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


KOMEN_2025 = [  # (path, label, annual) of each contract: Komen's column of `sofin allocate 2025`
    ("po-moc", "Društvo »PO-MOČ«", "1803"),
    ("vezi", "Društvo VEZI", "7895"),
    ("rk-sezana", "RK Sežana", "9516"),
    ("mdpm-sezana", "MDPM Sežana", "10603"),
]


class TestAnnualSchedule:
    """Paid once a year, a contract's one instalment is its annual amount: people's formats show it once."""

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_table_has_one_amount_column(self, lang):
        words = catalogue(Language(lang)).payments
        lines = [line.split() for line in payments_output("annual", "table", "--lang", lang).splitlines()]
        header = next(i for i, cells in enumerate(lines) if cells[:1] == [words.society])
        assert lines[header] == [words.society, words.annual]
        basis = catalogue(Language(lang)).basis.note.split("{")[0]  # the note under the table (item 10)
        notes = next(i for i, cells in enumerate(lines) if " ".join(cells).startswith(basis))
        body = [cells for cells in lines[header + 1 : notes] if cells and not cells[0].startswith("─")]
        assert [cells[-2:] for cells in body] == [
            [label.split()[-1], f"{int(annual):,}".replace(",", "." if lang == "sl" else ",")]
            for _, label, annual in [*KOMEN_2025, ("", words.total, "29817")]
        ]  # each contract's last word of its label, then its one figure: no second column

    def test_markdown_has_one_amount_column(self):
        rows = [line for line in payments_output("annual", "markdown").splitlines() if line.startswith("|")]
        assert rows == [
            "| Društvo | Letno |",
            "|---|---:|",
            "| Društvo »PO-MOČ« | 1.803 |",
            "| Društvo VEZI | 7.895 |",
            "| RK Sežana | 9.516 |",
            "| MDPM Sežana | 10.603 |",
            "| **SKUPAJ** | **29.817** |",
        ]

    def test_csv_lists_the_one_instalment_as_programs_expect(self):
        """For programs the shape stays that of every schedule: the annual amount, then each instalment."""
        assert list(csv.reader(io.StringIO(payments_output("annual", "csv")))) == [
            ["path", "label", "projected", "annual", "year"],
            *([path, label, "0", annual, annual] for path, label, annual in KOMEN_2025),
            ["", "SKUPAJ", "0", "29817", "29817"],
        ]

    def test_json_lists_the_one_instalment(self):
        """A program that pays the instalments one by one pays the annual one too."""
        document = json.loads(payments_output("annual", "json"))
        assert document["schedule"] == "annual"
        assert document["contracts"] == [
            {"path": [path], "label": label, "annual": annual, "instalments": {"year": annual}, "projected": False}
            for path, label, annual in KOMEN_2025
        ]
        assert document["total"] == {
            "path": [],
            "label": "SKUPAJ",
            "annual": "29817",
            "instalments": {"year": "29817"},
            "projected": False,
        }


@pytest.mark.parametrize("schedule", ["quarterly", "monthly"])
def test_split_schedules_have_the_same_shape_with_one_column_per_period(schedule):
    """The annual amount, then the periods that add up to it, in CSV and JSON alike."""
    keys = ["q1", "q2", "q3", "q4"] if schedule == "quarterly" else [f"{month:02d}" for month in range(1, 13)]
    # The data rows; the `#` lines after them are notes (why the instalments differ).
    rows = [row for row in csv.reader(io.StringIO(payments_output(schedule, "csv"))) if row[0] != "#"]
    assert rows[0] == ["path", "label", "projected", "annual", *keys]
    assert [row[:4] for row in rows[1:]] == [
        *([path, label, "0", annual] for path, label, annual in KOMEN_2025),
        ["", "SKUPAJ", "0", "29817"],
    ]
    for row in rows[1:]:
        assert sum(Decimal(cell) for cell in row[4:]) == Decimal(row[3])
    document = json.loads(payments_output(schedule, "json"))
    for entry in (*document["contracts"], document["total"]):
        assert list(entry) == ["path", "label", "annual", "instalments", "projected"]
        assert list(entry["instalments"]) == keys
        assert sum(Decimal(value) for value in entry["instalments"].values()) == Decimal(entry["annual"])


@pytest.mark.parametrize("schedule", [s.value for s in Schedule])
@pytest.mark.parametrize("lang", ["sl", "en"])
def test_total_row_is_labelled(schedule, lang):
    """The CSV's and the JSON's total carry the catalogue's total word in Slovenian, whatever --lang says;
    the table and Markdown in the language asked for."""
    word = catalogue(MACHINE).payments.total
    data = [row for row in csv.reader(io.StringIO(payments_output(schedule, "csv", "--lang", lang))) if row[0] != "#"]
    last = data[-1]
    assert last[:4] == ["", word, "0", "29817"]
    total = json.loads(payments_output(schedule, "json", "--lang", lang))["total"]
    assert (total["path"], total["label"]) == ([], word)
    people = catalogue(Language(lang)).payments.total
    # The table's rows are indented, the markdown's between bars; the lines under them say why instalments differ.
    text = payments_output(schedule, "table", "--lang", lang)
    table = [line.split() for line in text.splitlines() if line.startswith("  ")]
    assert table[-1][0] == people
    markdown = [
        line for line in payments_output(schedule, "markdown", "--lang", lang).splitlines() if line.startswith("|")
    ]
    assert markdown[-1].startswith(f"| **{people}** |")


class TestLedger:
    """`--format ledger`: one hledger transaction per instalment, on its due date, against a payable per society."""

    @pytest.mark.parametrize("schedule", [s.value for s in Schedule])
    def test_hledger_checks_it_and_its_totals_are_komens_column(self, schedule, tmp_path):
        journal = payments_output(schedule, "ledger")
        by_account = balances(journal, tmp_path, depth=3)
        for path, _, annual in KOMEN_2025:
            assert by_account[f"odhodki:sofinanciranje:{path}"] == Decimal(annual)
            assert by_account[f"obveznosti:{path}"] == -Decimal(annual)
        dates = [line.split()[0] for line in journal.splitlines() if line[:4].isdigit()]
        assert len(dates) == Schedule(schedule).periods * len(KOMEN_2025)
        assert sorted(dates) == dates and dates[0] == "2025-01-01"

    def test_the_due_day_dates_each_instalment_within_its_month(self):
        journal = payments_output("monthly", "ledger", "--due-day", "31")
        dates = sorted({line.split()[0] for line in journal.splitlines() if line[:4].isdigit()})
        assert dates[:3] == ["2025-01-31", "2025-02-28", "2025-03-31"] and len(dates) == 12

    def test_recorded_payments_leave_what_is_still_owed(self, tmp_path):
        """The README's workflow: add what was paid, and the payable accounts say what is still owed."""
        journal = payments_output("quarterly", "ledger")
        paid = "\naccount banka\n\n2025-01-20 Plačilo VEZI\n    obveznosti:vezi  1974 EUR\n    banka\n"
        by_account = balances(journal + paid, tmp_path, depth=3)
        assert by_account["obveznosti:vezi"] == -(Decimal("7895") - 1974)
        assert by_account["banka"] == -1974


# Issue 23 item 10: payments go into the contracts; under the table, what the amounts rest on, as under
# allocate's. MINIMAL with the staff rate of 2026 adopted, with its source, and the programme's amount adopted.
ADOPTED_BASIS = (
    MINIMAL.replace(
        "  staff: {default: 2}\n",
        '  staff: {default: 2, 2026: {rate: 3.1, source: "Izhodišča 2026, oktober 2025"}}\n',
    )
    + "adopted:\n  2026: {s/programme: 350}\n"
)
BASIS_2026 = (
    "Podlaga zneskov 2026: Stroški zaposlenih (S) – zneski prejšnjega leta, indeksirani (sprejeta stopnja 3,1\u00a0%; "
    "vir: Izhodišča 2026, oktober 2025); drugi zneski – zneski, ki so jih občine sprejele za leto 2026."
)


@pytest.mark.parametrize("output_format", ["table", "markdown", "xlsx", "ledger"])
def test_payments_say_what_the_amounts_rest_on(tmp_path, output_format):
    path = tmp_path / "adopted.yaml"
    path.write_text(ADOPTED_BASIS, encoding="utf-8")
    result = runner.invoke(app, ["payments", "2026", "-p", "a", "-s", str(path), "-f", output_format])
    assert result.exit_code == 0, result.output
    if output_format == "xlsx":
        sheet = load(result.stdout_bytes).active
        text = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
    else:
        text = result.stdout
    assert BASIS_2026 in text
    assert "†" not in text  # nothing projected: the basis note alone


def test_a_projected_year_has_the_basis_note_before_the_projections():
    result = runner.invoke(app, ["payments", "2027", "-p", "komen"])
    lines = result.stdout.splitlines()
    basis = next(number for number, line in enumerate(lines) if line.startswith("Podlaga zneskov 2027: "))
    assert lines[basis] == "Podlaga zneskov 2027: zneski prejšnjega leta, indeksirani (načrtovana stopnja 2\u00a0%) †."
    assert lines[basis + 1].startswith("† Projekcija, ne sprejeti zneski")

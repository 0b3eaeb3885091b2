"""Adopted or projected, in every format people read (issue 23 item 10): under allocate's table and
plan's, what the figures rest on: the strategy's own amounts (with the strategy as their source), amounts
the municipalities adopted, or last year's indexed at an adopted rate (with its source), a planning rate
or a scenario's; when the lines differ, a group a basis, naming its lines."""

from __future__ import annotations

from html import escape

import pytest
import yaml

from .helpers import MINIMAL, STRATEGY_2025, run
from .helpers.workbooks import load

SHIPPED_NAME = yaml.safe_load(STRATEGY_2025.read_text(encoding="utf-8"))["strategy"]
SHIPPED_2025 = f"Podlaga zneskov 2025: zneski strategije za leto 2025 (vir: {SHIPPED_NAME})."

# MINIMAL (society S: staff with one item, programme; staff 2 %, programme 2 % and 2,5 % in 2027) with
# the staff rate of 2026 adopted, with its source, and the programme's 2026 amount adopted.
ADOPTED = (
    MINIMAL.replace(
        "  staff: {default: 2}\n",
        '  staff: {default: 2, 2026: {rate: 3.1, source: "Izhodišča 2026, oktober 2025"}}\n',
    )
    + "adopted:\n  2026: {s/programme: 350}\n"
)
ADOPTED_2026 = (
    "Podlaga zneskov 2026: Stroški zaposlenih (S) – zneski prejšnjega leta, indeksirani (sprejeta stopnja 3,1 %; "
    "vir: Izhodišča 2026, oktober 2025); drugi zneski – zneski, ki so jih občine sprejele za leto 2026."
)
PLANNED_2027 = (
    "Podlaga zneskov 2027: Stroški zaposlenih (S) – zneski prejšnjega leta, indeksirani (načrtovana stopnja 2 %) †; "
    "drugi zneski – zneski prejšnjega leta, indeksirani (načrtovana stopnja 2,5 %) †."
)
FORMATS = ["table", "markdown", "html", "xlsx"]


def output(*args: str) -> str:
    """What sofin writes for `args`; a workbook as the text of every cell of every sheet."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    if "xlsx" not in args:
        return result.stdout
    return "\n".join(
        str(cell.value)
        for sheet in load(result.stdout_bytes).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


def said(text: str, output_format: str) -> str:
    return escape(text, quote=False) if output_format == "html" else text


@pytest.fixture(scope="module")
def adopted(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("basis") / "adopted.yaml"
    path.write_text(ADOPTED, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("output_format", FORMATS)
def test_2025_says_the_figures_are_the_strategys_amounts_with_its_source(output_format):
    """The shipped strategy's 2025: the strategy's own amounts, the strategy named as read from its file."""
    assert said(SHIPPED_2025, output_format) in output("allocate", "2025", "-f", output_format)


def test_in_english_too():
    text = output("allocate", "2025", "--lang", "en")
    assert f"Basis of the 2025 amounts: the strategy's amounts for 2025 (source: {SHIPPED_NAME})." in text


@pytest.mark.parametrize("output_format", FORMATS)
def test_an_adopted_rate_with_its_source_and_an_adopted_amount_each_name_their_lines(adopted, output_format):
    """The staff line indexed at the adopted rate, its source named; the programme's amount as adopted; nothing
    marked projected."""
    text = output("allocate", "2026", "--strategy", adopted, "-f", output_format)
    assert said(ADOPTED_2026, output_format) in text
    assert "†" not in text


@pytest.mark.parametrize("output_format", FORMATS)
def test_planning_rates_are_named_with_the_projection_mark(adopted, output_format):
    """2027 rests on planning rates only, one a kind: each group its rate, marked projected."""
    assert said(PLANNED_2027, output_format) in output("allocate", "2027", "--strategy", adopted, "-f", output_format)


def test_an_item_is_named_when_its_line_has_amounts_of_two_bases(tmp_path):
    """A line of two items, one adopted: the adopted item is named by its line and society, the other
    amounts are the rest."""
    two_items = MINIMAL.replace(
        "          - {label: Delavka, pay_grade: 34, funded_share: 1, amount: 1001}\n",
        "          - {label: Delavka, pay_grade: 34, funded_share: 1, amount: 1001}\n"
        "          - {label: Vodja, pay_grade: 40, funded_share: 1, amount: 2002}\n",
    ) + ("adopted:\n  2026: {s/staff/2: 2100}\n")
    path = tmp_path / "items.yaml"
    path.write_text(two_items, encoding="utf-8")
    text = output("allocate", "2026", "--strategy", str(path))
    assert (
        "Podlaga zneskov 2026: Vodja (S, Stroški zaposlenih) – zneski, ki so jih občine sprejele za leto 2026; "
        "drugi zneski – zneski prejšnjega leta, indeksirani (načrtovana stopnja 2 %) †."
    ) in text


@pytest.mark.parametrize("output_format", ["table", "markdown", "xlsx"])
def test_plan_says_it_for_each_run_of_years_alike(adopted, output_format):
    """Plan: a note a run of consecutive years that rest on the same: 2025 the strategy's, 2026 adopted,
    2027 planning rates (2,5 % for the programme), 2028–2029 the planning rate of 2 %."""
    text = output("plan", "--strategy", adopted, "-f", output_format)
    assert "Podlaga zneskov 2025: zneski strategije za leto 2025 (vir: Test strategy)." in text
    assert ADOPTED_2026 in text and PLANNED_2027 in text
    assert "Podlaga zneskov 2028–2029: zneski prejšnjega leta, indeksirani (načrtovana stopnja 2 %) †." in text

"""The words of the outputs people read, in Slovenian (the default) and English.

Data from the strategy file (names of municipalities, societies and cost lines) is printed as
written there; only sofin's own labels and the number format change with the language.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Language(enum.StrEnum):
    sl = "sl"
    en = "en"

    @property
    def words(self) -> Words:
        return WORDS[self]


@dataclass(frozen=True)
class Words:
    title: str  # with {year} and {currency}
    total: str
    key: str
    grand_total: str
    all_municipalities: str  # the grand total row where rows are named in sentence case (plan, diff, explain)
    overview_sheet: str  # with {year}
    exact_sheet: str
    exact_title: str  # with {year}
    pays_title: str  # with {payer} and {year}
    society: str
    annual: str
    payments_title: str  # with {payer}, {year} and {schedule}
    schedules: dict[str, str]
    quarter: str  # with {number}
    printed_by: str  # with {version}


WORDS = {
    Language.sl: Words(
        title="Pregled sofinanciranja dejavnosti društev v letu {year} (v {currency})",
        total="SKUPAJ",
        key="% sofinanciranja po ključu",
        grand_total="SKUPAJ OBČINE",
        all_municipalities="Skupaj občine",
        overview_sheet="Pregled {year}",
        exact_sheet="Točni deleži",
        exact_title="Točni deleži po ključu v letu {year}, pred zaokroževanjem",
        pays_title="{payer}: sofinanciranje društev v letu {year}",
        society="Društvo",
        annual="Letno",
        payments_title="{payer}: plačila društvom v letu {year} ({schedule})",
        schedules={"annual": "letno", "quarterly": "četrtletno", "monthly": "mesečno"},
        quarter="{number}. četrtletje",
        printed_by="Izračunal sofin {version}",
    ),
    Language.en: Words(
        title="Co-financing of the societies' activities in {year} (in {currency})",
        total="TOTAL",
        key="% co-financing by key",
        grand_total="ALL MUNICIPALITIES",
        all_municipalities="All municipalities",
        overview_sheet="Overview {year}",
        exact_sheet="Exact shares",
        exact_title="Exact key shares in {year}, before rounding",
        pays_title="{payer}: co-financing of the societies in {year}",
        society="Society",
        annual="Annual",
        payments_title="{payer}: payments to the societies in {year} ({schedule})",
        schedules={"annual": "annual", "quarterly": "quarterly", "monthly": "monthly"},
        quarter="Q{number}",
        printed_by="Computed by sofin {version}",
    ),
}

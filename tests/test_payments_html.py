"""`sofin payments YEAR --payer ID -f html` (issue 26 item 3): the instalments as a printable page whose
figures are the JSON's, read back, adding up; each instalment's due date; one A4 page in Chromium."""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from babel.numbers import parse_decimal

from sofin.pipeline import payments_for
from sofin.render.payments import PAYMENTS_STYLE, payments_html_body
from sofin.results.payments import Schedule
from sofin.words import Language, catalogue

from .helpers import MINIMAL, assert_golden, run
from .helpers.browser import pdf_pages, pdf_text, print_to_pdf

SL, EN = Language("sl"), Language("en")
PAYERS = ("sezana", "divaca", "hrpelje-kozina", "komen")  # every municipality of the shipped strategy
SCENARIO = ("--share", "komen=16.32", "--share", "sezana=49.78")


def output(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


class Page(HTMLParser):
    """What a reader of the page sees: the caption, the table's rows (header, due dates, contracts, total) as
    (class, cells) with each cell's tag and class, the notes' paragraphs, the scenario's banner."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.caption: list[str] = []
        self.heading: str | None = None  # the element the caption's title stands in
        self.rows: dict[str, list[tuple[str, list[tuple[str, str, str]]]]] = {"thead": [], "tbody": []}
        self.notes: list[str] = []
        self.banners: list[str] = []
        self._part: str | None = None
        self._cell: tuple[str, str, list[str]] | None = None
        self._caption = False
        self._paragraph: list[str] | None = None
        self._in: str | None = None  # "notes" or "scenario": where a paragraph belongs
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        css = dict(attrs).get("class") or ""
        if tag in self.rows:
            self._part = tag
        elif tag == "caption":
            self._caption = True
        elif self._caption and self.heading is None:
            self.heading = tag
        elif tag == "tr" and self._part:
            self.rows[self._part].append((css, []))
        elif tag in ("th", "td") and self._part:
            self._cell = (tag, css, [])
        elif tag == "div" and css == "notes":
            self._in = "notes"
        elif tag == "p":
            self._paragraph = []
            if css == "scenario":
                self._in = "scenario"

    def handle_endtag(self, tag: str) -> None:
        if tag in self.rows:
            self._part = None
        elif tag == "caption":
            self._caption = False
        elif tag in ("th", "td") and self._cell and self._part:
            name, css, text = self._cell
            self.rows[self._part][-1][1].append((name, css, "".join(text)))
            self._cell = None
        elif tag == "p" and self._paragraph is not None:
            if self._in == "notes":
                self.notes.append("".join(self._paragraph))
            elif self._in == "scenario":
                self.banners.append("".join(self._paragraph))
                self._in = None
            self._paragraph = None
        elif tag == "div":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._caption:
            self.caption.append(data)
        if self._cell:
            self._cell[2].append(data)
        if self._paragraph is not None:
            self._paragraph.append(data)

    @property
    def header(self) -> list[str]:
        return [text for _, _, text in self.rows["thead"][0][1]]

    @property
    def due(self) -> list[str]:
        (css, cells) = self.rows["thead"][1]
        assert css == "due"
        return [text for _, _, text in cells]

    @property
    def body(self) -> list[tuple[str, list[str]]]:
        """Each contract's row and the total's: its label, its figures."""
        return [(cells[0][2], [text for _, _, text in cells[1:]]) for _, cells in self.rows["tbody"]]


def number(text: str, lang: Language) -> Decimal:
    """A figure as people read it on the page (1.803 in Slovenian, 1,803 in English), back to a number."""
    return Decimal(parse_decimal(text, locale=catalogue(lang).locale, strict=True))


def page_of(*args: str) -> Page:
    return Page(output("payments", *args, "-f", "html"))


# Golden pages: what a council member prints.


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("2025", "--payer", "komen"), "payments_2025_komen_monthly.html"),
        (("2025", "--payer", "komen", "--lang", "en", "--schedule", "quarterly", "--due-day", "15"),
         "payments_2025_komen_quarterly_due15_en.html"),
    ],
)  # fmt: skip
def test_golden_pages(args, name):
    assert_golden(name, output("payments", *args, "-f", "html"))


def test_the_same_page_every_time_and_in_the_file_as_on_the_screen(tmp_path):
    args = ("payments", "2027", "--payer", "sezana", "-f", "html", *SCENARIO)
    first = output(*args)
    assert output(*args) == first
    target = tmp_path / "sezana.html"
    assert run("payments", "2027", "--payer", "sezana", *SCENARIO, "-o", str(target)).exit_code == 0  # by its name
    assert target.read_text(encoding="utf-8") == first


# The figures are sofin's: those of the JSON, adding up when read back from the page.


CASES = [
    ("2025", "komen", "monthly", SL),
    ("2027", "sezana", "monthly", SL),  # projected: every label marked
    ("2026", "divaca", "quarterly", EN),  # RK Sežana's later instalments (README)
    ("2028", "hrpelje-kozina", "annual", SL),
]


@pytest.mark.parametrize(("year", "payer", "schedule", "lang"), CASES)
def test_the_pages_figures_are_the_jsons_and_add_up(year, payer, schedule, lang):
    args = (year, "--payer", payer, "--schedule", schedule)
    document = json.loads(output("payments", *args, "-f", "json"))
    page = page_of(*args, "--lang", lang.value)
    expected = [*document["contracts"], document["total"]]
    assert len(page.body) == len(expected)
    periods = Schedule(schedule).periods
    table = []
    names = [entry["label"] for entry in document["contracts"]] + [catalogue(lang).payments.total]
    mark = catalogue(lang).projection.mark
    for (label, cells), entry, name in zip(page.body, expected, names):
        assert label == (f"{name} {mark}" if entry["projected"] else name)
        figures = [number(cell, lang) for cell in cells]
        annual, *instalments = figures
        assert annual == Decimal(entry["annual"])
        if periods > 1:
            assert instalments == [Decimal(value) for value in entry["instalments"].values()]
            assert sum(instalments) == annual  # the row adds up
        else:
            assert instalments == [] and list(entry["instalments"].values()) == [entry["annual"]]
        table.append(figures)
    *contracts, total = table
    assert [sum(column) for column in zip(*contracts)] == total  # every column adds up to the total row
    assert total[0] == Decimal(document["total"]["annual"])


def test_every_cell_is_a_header_or_a_right_aligned_figure():
    page = page_of("2025", "--payer", "komen")
    assert [tag for tag, _, _ in page.rows["thead"][0][1]] == ["th"] * 14
    for _, cells in page.rows["tbody"]:
        assert cells[0][:2] == ("th", "")
        assert {(tag, cell_css) for tag, cell_css, _ in cells[1:]} == {("td", "num")}
    assert [css for css, _ in page.rows["tbody"]] == [""] * 4 + ["total"]


def test_the_title_heading_and_notes_are_the_text_formats():
    """The page says what the terminal's table says: its title, why the instalments are uneven, the basis,
    the projection's footnote, each a paragraph."""
    args = ("2027", "--payer", "sezana")
    text = output("payments", *args).splitlines()
    page = page_of(*args)
    assert "".join(page.caption) == text[0].strip() and page.heading == "h1"
    assert len(page.notes) == 3 and page.notes == text[-3:]
    assert page.notes[0].startswith("Obroki se razlikujejo") and page.notes[2].startswith("† Projekcija")


# Due dates: the ledger's, under each period.


def ledger_dates(*args: str) -> list[str]:
    journal = output("payments", *args, "-f", "ledger")
    return sorted({line.split()[0] for line in journal.splitlines() if line[:4].isdigit()})


def test_each_instalment_is_due_on_the_first_by_default():
    page = page_of("2025", "--payer", "komen")
    assert page.header[:3] == ["Društvo", "Letno", "januar"]
    assert page.due == ["Rok plačila", "", *(f"1. {month}." for month in range(1, 13))]


def test_a_due_day_past_a_short_months_end_is_its_last_day():
    """--due-day 31 in 2025: February's instalment is due on the 28th, April's on the 30th."""
    page = page_of("2025", "--payer", "komen", "--due-day", "31")
    assert page.due[2:6] == ["31. 1.", "28. 2.", "31. 3.", "30. 4."]
    english = page_of("2025", "--payer", "komen", "--due-day", "31", "--lang", "en")
    assert english.due[:4] == ["Due", "", "31 Jan", "28 Feb"]


@pytest.mark.parametrize("schedule", ["monthly", "quarterly", "annual"])
def test_the_due_dates_are_the_ledgers(schedule):
    args = ("2025", "--payer", "komen", "--schedule", schedule, "--due-day", "15")
    dated = [re.fullmatch(r"(\d+)\. (\d+)\.", cell) for cell in page_of(*args).due[1:] if cell]
    days = [f"2025-{int(date[2]):02d}-{int(date[1]):02d}" for date in dated if date]
    assert len(days) == Schedule(schedule).periods and days == ledger_dates(*args)


def test_the_annual_instalments_date_stands_under_the_annual_amount():
    page = page_of("2025", "--payer", "komen", "--schedule", "annual", "--due-day", "20")
    assert page.header == ["Društvo", "Letno"] and page.due == ["Rok plačila", "20. 1."]


@pytest.mark.parametrize(("lang", "words"), [("sl", "velja le za --format ledger ali html"),
                                             ("en", "applies only with --format ledger or html")])  # fmt: skip
def test_the_due_day_is_refused_with_formats_that_show_no_dates(lang, words):
    result = run("payments", "2025", "--payer", "komen", "--due-day", "5", "-f", "csv", "--lang", lang)
    assert result.exit_code == 2 and f"--due-day: {words}" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


# Scenario, body, self-contained.


def test_a_scenario_shows_its_banner_above_the_title():
    page_text = output("payments", "2025", "--payer", "komen", "-f", "html", *SCENARIO)
    page = Page(page_text)
    banner = output("payments", "2025", "--payer", "komen", *SCENARIO).splitlines()[0].strip()
    assert page.banners == [banner] and banner.startswith("SCENARIJ")
    assert page_text.index('class="scenario"') < page_text.index("<caption>")
    assert 'class="scenario"' not in output("payments", "2025", "--payer", "komen", "-f", "html")


def test_the_body_is_what_the_report_joins():
    """payments_html_body: the title in the heading asked for, the table and its notes; no banner, no page."""
    result = payments_for(None, 2027, "sezana", Schedule.monthly)
    body = payments_html_body(result, SL, heading="h2")
    assert body.startswith('<table class="payments split">\n<caption><h2>')
    assert not re.search(r"<(html|head|body|style|footer)\b|class=\"scenario\"", body)
    page = output("payments", "2027", "--payer", "sezana", "-f", "html")
    assert f"<body>\n{payments_html_body(result, SL)}<footer>" in page and PAYMENTS_STYLE in page
    assert body.replace("h2>", "h1>") == payments_html_body(result, SL)
    assert all(rule.startswith("table.payments") for rule in PAYMENTS_STYLE.splitlines())


def test_names_are_text_not_markup(write):
    """A society or a municipality named with markup is shown as written, and adds no element to the page."""
    hostile = '<script>x</script> & "B"'
    text = MINIMAL.replace("short: S", f"short: '{hostile}'").replace("Občina A", "Občina <i>A</i>")
    page_text = output("payments", "2025", "--payer", "a", "-s", str(write(text)), "-f", "html")
    assert "<script" not in page_text and "<i>" not in page_text
    page = Page(page_text)
    assert page.body[0][0] == hostile and "".join(page.caption).startswith("Občina <i>A</i>:")


def test_the_page_needs_nothing_from_outside():
    page = output("payments", "2027", "--payer", "sezana", "-f", "html", *SCENARIO)
    assert not re.search(r"<script|https?:|url\(|<link|<img", page, flags=re.I)
    assert "@page { size: A4 landscape" in page
    assert '<meta name="strategy-sha256"' in page and "<footer>Izračunal sofin" in page  # as allocate's page


# Printed by Chromium.


@pytest.mark.parametrize("payer", PAYERS)
def test_printed_every_payers_monthly_payments_fit_one_a4_page(payer, tmp_path):
    """The longest year (2027: projected, every note) of each municipality, monthly: one A4 landscape page
    whose text holds every figure of the table (as often as the table has it) and every due date."""
    page = tmp_path / f"{payer}.html"
    assert run("payments", "2027", "--payer", payer, "--due-day", "31", "-o", str(page)).exit_code == 0
    pdf = print_to_pdf(page, tmp_path)
    assert pdf_pages(pdf) == (1, (842, 595))
    words = Counter(pdf_text(pdf).split())
    read = Page(page.read_text(encoding="utf-8"))
    figures = Counter(cell for _, cells in read.body for cell in cells)
    assert len(figures) > 5 and all(words[figure] >= count for figure, count in figures.items())
    assert "28. 2." in " ".join(pdf_text(pdf).split())


def test_printed_a_scenario_keeps_its_banner_on_the_one_page(tmp_path):
    page = tmp_path / "komen.html"
    assert run("payments", "2025", "--payer", "komen", *SCENARIO, "-o", str(page)).exit_code == 0
    pdf = print_to_pdf(page, tmp_path)
    assert pdf_pages(pdf)[0] == 1
    assert "SCENARIJ" in pdf_text(pdf, page=1)

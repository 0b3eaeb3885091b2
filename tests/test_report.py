"""`sofin report YEAR` (issue 26 item 4): the council's document, its sections in order, each with the figures
of the command that shows it alone, printed by Chromium a section a page."""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sofin.render.numbers import local_amount
from sofin.words import Language, catalogue

from .helpers import assert_golden, run
from .helpers.browser import pdf_pages, pdf_text, print_to_pdf

SECTIONS = ("table", "changes", "plan", "payments", "assumptions", "in-kind")
PAYERS = ("sezana", "divaca", "hrpelje-kozina", "komen")
# The shipped strategy's staff amounts: a line without items, and the items of the other three lines.
STAFF_AMOUNTS = (
    "po-moc/staff",
    *(f"{society}/staff/{n}" for society in ("vezi", "rk-sezana", "mdpm-sezana") for n in (1, 2)),
)
SL, EN = Language("sl"), Language("en")


def report(*args: str) -> str:
    """The document `sofin report ARGS` writes to standard output."""
    result = run("report", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def document_2026() -> str:
    return report("2026")


class Sections(HTMLParser):
    """Each `<section>` by id, in order: its headings (h1–h4) and its table cells' texts, as read."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []
        self.headings: dict[str, list[str]] = {}
        self.cells: dict[str, list[str]] = {}
        self.banners: Counter[str] = Counter()
        self.section: str | None = None
        self.open: tuple[str, list[str]] | None = None  # an element whose text is read: heading or cell

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "section":
            self.section = named["id"] or ""
            self.order.append(self.section)
            self.headings[self.section], self.cells[self.section] = [], []
        elif self.section is not None and tag in ("h1", "h2", "h3", "h4", "td", "th"):
            self.open = (tag, [])
        elif tag == "p" and named.get("class") == "scenario" and self.section is not None:
            self.banners[self.section] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.section = None
        elif self.open is not None and tag == self.open[0] and self.section is not None:
            text = "".join(self.open[1]).strip()
            (self.cells if tag in ("td", "th") else self.headings)[self.section].append(text)
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open[1].append(data)


def sections(document: str) -> Sections:
    parser = Sections()
    parser.feed(document)
    parser.close()
    return parser


def section_html(document: str, id: str) -> str:
    found = re.search(rf'<section class="[^"]*" id="{id}">(.*?)</section>', document, flags=re.S)
    assert found is not None, id
    return found[1]


def figures(cells: list[str]) -> Counter[str]:
    """The cells' figures, without the marks beside them (footnotes, projection)."""
    return Counter(cell.rstrip("*† ").strip() for cell in cells)


def amount(value: str, lang: Language = SL) -> str:
    return local_amount(Decimal(value), Decimal(1), lang)


class TestGolden:
    def test_2026_in_slovenian(self, document_2026):
        assert_golden("report_2026.html", document_2026)

    def test_2026_in_english(self):
        assert_golden("report_2026_en.html", report("2026", "--lang", "en"))

    def test_2025_the_base_year(self):
        assert_golden("report_2025.html", report("2025"))

    def test_a_rerun_writes_the_same_bytes(self, document_2026, tmp_path):
        first, second = tmp_path / "a.html", tmp_path / "b.html"
        for target in (first, second):
            assert run("report", "2026", "-o", str(target)).exit_code == 0
        assert first.read_bytes() == second.read_bytes() == document_2026.encode("utf-8")


class TestSections:
    def test_a_cover_then_every_section_in_order(self, document_2026):
        parsed = sections(document_2026)
        assert parsed.order == ["contents", *SECTIONS]
        words = catalogue(SL).report
        assert parsed.headings["contents"][0] == words.title.format(year=2026)
        listed = re.findall(r'<li><a href="#([a-z-]+)">(.*?)</a></li>', section_html(document_2026, "contents"))
        assert [id for id, _ in listed] == list(SECTIONS)
        # each section opens with the heading the contents list gives it
        assert [heading for _, heading in listed] == [parsed.headings[id][0] for id in SECTIONS]

    def test_the_cover_names_the_strategy_and_the_year_and_no_date(self, document_2026):
        cover = section_html(document_2026, "contents")
        strategy = json.loads(run("allocate", "2026", "-f", "json").stdout)["strategy"]
        assert strategy in cover and "2026" in cover
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b|\b\d{1,2}\. \d{1,2}\. 20\d\d\b", document_2026)

    def test_the_table_has_every_figure_of_allocate(self, document_2026):
        table = json.loads(run("allocate", "2026", "-f", "json").stdout)
        wanted = Counter(
            amount(value) for row in table["rows"] for value in (row["total"], *row["allocation"].values())
        )
        assert not wanted - figures(sections(document_2026).cells["table"])

    def test_the_2025_table_says_where_it_differs_from_the_printed_one(self):
        note = catalogue(SL).printed.listing.format(command="sofin check --printed 2025")
        assert note in section_html(report("2025"), "table")

    def test_the_changes_have_the_figures_and_causes_of_diff(self, document_2026):
        diff = json.loads(run("diff", "2025", "2026", "-f", "json").stdout)
        changed = [row for row in diff["rows"] if row["changed"]]
        assert changed
        wanted = Counter(
            amount(value)
            for row in changed
            for value in (
                row["total"]["before"],
                row["total"]["after"],
                *(
                    figure[side]
                    for figure in row["figures"].values()
                    if figure["change"] != "0"
                    for side in ("before", "after")
                ),
            )
        )
        assert not wanted - figures(sections(document_2026).cells["changes"])
        changes = section_html(document_2026, "changes")
        words = catalogue(SL).diff
        assert words.causes["amount"] in changes and words.key_same in changes

    def test_the_base_year_says_there_is_no_year_before_and_names_previous(self):
        changes = section_html(report("2025"), "changes")
        assert "--previous" in changes and "<table" not in changes
        assert catalogue(SL).report.changes_first in changes

    def test_the_plan_has_every_figure_of_plan(self, document_2026):
        plan = json.loads(run("plan", "-f", "json").stdout)
        rows = [*plan["societies"], *plan["payers"], plan["total"]]
        wanted = Counter(amount(value) for row in rows for value in (*row["figures"].values(), row["period_total"]))
        assert not wanted - figures(sections(document_2026).cells["plan"])

    @pytest.mark.parametrize("schedule", [(), ("--schedule", "quarterly", "--due-day", "15")])
    def test_each_municipality_has_its_instalments(self, schedule, document_2026):
        document = report("2026", *schedule) if schedule else document_2026
        cells = figures(sections(document).cells["payments"])
        for payer in PAYERS:
            payments = json.loads(run("payments", "2026", "--payer", payer, "-f", "json", *schedule[:2]).stdout)
            assert payments["payer"]["name"] in section_html(document, "payments")
            wanted = Counter(
                amount(value)
                for contract in payments["contracts"]
                for value in (contract["annual"], *contract["instalments"].values())
            )
            assert not wanted - cells, payer

    def test_the_schedule_and_due_day_change_the_instalments(self, document_2026):
        quarterly = section_html(report("2026", "--schedule", "quarterly", "--due-day", "15"), "payments")
        monthly = section_html(document_2026, "payments")
        words = catalogue(SL)
        assert (
            words.payments.quarter.format(number=4) in quarterly
            and words.payments.quarter.format(number=4) not in monthly
        )
        assert words.report.due.format(day=15) in quarterly and words.report.due.format(day=1) in monthly
        assert (
            words.payments.schedules["quarterly"]
            in sections(report("2026", "--schedule", "quarterly")).headings["payments"][0]
        )

    def test_the_assumptions_name_each_year_and_kind_and_the_planning_rate(self, document_2026):
        parsed = sections(document_2026)
        words = catalogue(SL)
        cells = parsed.cells["assumptions"]
        assert [cell.rstrip(" †") for cell in cells if re.fullmatch(r"20\d\d( †)?", cell)] == [
            str(y) for y in range(2025, 2030)
        ]
        assert {"Stroški zaposlenih", "Materialni stroški programa"} <= set(cells)
        assignments = section_html(document_2026, "assumptions")
        assert words.projection.bases["planned"] in assignments
        assert "načrtovana stopnja velja, dokler občine ne sprejmejo" in assignments  # the planning statement

    def test_an_adopted_rate_is_named_with_its_source(self, tmp_path):
        strategy = (Path(__file__).parent.parent / "data" / "strategija_2025.yaml").read_text(encoding="utf-8")
        adopted = '{default: 2, 2026: {rate: 3.1, source: "TEI 2026"}}'
        strategy = re.sub(r"^(  staff: ).*$", rf"\g<1>{adopted}", strategy, count=1, flags=re.M)
        path = tmp_path / "s.yaml"
        path.write_text(strategy, encoding="utf-8")
        assumptions = section_html(report("2026", "-s", str(path)), "assumptions")
        assert "TEI 2026" in assumptions and "3,1\xa0%" in assumptions

    def test_the_pay_law_is_named_where_items_follow_it(self, tmp_path):
        """The shipped strategy's pay block, uncommented as README says: the law's note names the item."""
        strategy = (Path(__file__).parent.parent / "data" / "strategija_2025.yaml").read_text(encoding="utf-8")
        strategy = re.sub(r"^( +)# (pay:|  before:|  target:|  other:|  source:)", r"\1\2", strategy, flags=re.M)
        path = tmp_path / "s.yaml"
        path.write_text(strategy, encoding="utf-8")
        assumptions = section_html(report("2027", "-s", str(path)), "assumptions")
        assert "reform-2025" in assumptions and "Strokovna delavka" in assumptions
        assert "Pogodba o zaposlitvi, aneks 2025" in assumptions
        # the other staff items have no pay block: the rate projects them
        assert catalogue(SL).report.staff_without_pay_law in assumptions

    def test_staff_amounts_without_pay_follow_the_rate_and_say_so(self, document_2026):
        """The shipped strategy's staff items have no `pay` block: the planning rate projects them, not the pay
        law C.3 point 1 names, and the assumptions say so (issue 26 item 4, review)."""
        assert catalogue(SL).report.staff_without_pay_law in section_html(document_2026, "assumptions")
        english = section_html(report("2026", "--lang", "en"), "assumptions")
        assert catalogue(EN).report.staff_without_pay_law in english

    def test_not_said_when_every_staff_amount_follows_the_pay_law(self):
        pays = [arg for path in STAFF_AMOUNTS for arg in ("--pay", f"{path}=2000.00:2400.00")]
        assumptions = section_html(report("2026", *pays), "assumptions")
        assert "MJU" in assumptions  # the pay law's footnote: the law computed them
        assert catalogue(SL).report.staff_without_pay_law not in assumptions
        # one staff amount left to the rate: said again
        some = section_html(report("2026", *pays[:-2]), "assumptions")
        assert catalogue(SL).report.staff_without_pay_law in some

    def test_not_said_when_every_year_s_staff_rate_is_adopted(self, tmp_path):
        strategy = (Path(__file__).parent.parent / "data" / "strategija_2025.yaml").read_text(encoding="utf-8")
        adopted = ", ".join(f'{year}: {{rate: 3.1, source: "TEI {year}"}}' for year in range(2026, 2030))
        strategy = re.sub(r"^(  staff: ).*$", rf"\g<1>{{default: 2, {adopted}}}", strategy, count=1, flags=re.M)
        path = tmp_path / "s.yaml"
        path.write_text(strategy, encoding="utf-8")
        assumptions = section_html(report("2026", "-s", str(path)), "assumptions")
        assert "TEI 2029" in assumptions
        assert catalogue(SL).report.staff_without_pay_law not in assumptions

    def test_the_premises_given_in_kind(self, document_2026):
        table = json.loads(run("allocate", "2026", "-f", "json").stdout)
        in_kind = section_html(document_2026, "in-kind")
        for number, footnote in enumerate(table["footnotes"], start=1):
            assert f"{'*' * number}{footnote}" in in_kind

    def test_english(self):
        parsed = sections(report("2026", "--lang", "en"))
        words = catalogue(EN).report
        assert parsed.headings["changes"][0] == words.changes.format(before="2025")
        assert parsed.headings["assumptions"][0] == words.assumptions


class TestPrevious:
    def test_a_year(self):
        document = report("2026", "--previous", "2027")
        assert sections(document).headings["changes"][0] == catalogue(SL).report.changes.format(before="2027")
        diff = json.loads(run("diff", "2027", "2026", "-f", "json").stdout)
        wanted = Counter(amount(row["total"]["before"]) for row in diff["rows"] if row["changed"])
        assert not wanted - figures(sections(document).cells["changes"])

    def test_a_table_written_by_allocate(self, tmp_path, document_2026):
        table = tmp_path / "objavljeno_2025.json"
        assert run("allocate", "2025", "-f", "json", "-o", str(table)).exit_code == 0
        document = report("2026", "--previous", str(table))
        changes = sections(document).cells["changes"]
        # the heading names the file alone; the path as typed stands under it
        heading = sections(document).headings["changes"][0]
        assert heading == catalogue(SL).report.changes.format(before="objavljeno_2025.json")
        assert str(tmp_path) not in heading
        note = catalogue(SL).report.previous_table.format(path=str(table))
        assert f"<p>{note}</p>" in section_html(document, "changes")
        # sofin diff names the table by its path, as before
        assert json.loads(run("diff", str(table), "2026", "-f", "json").stdout)["before"]["name"] == str(table)
        numbers = [cell for cell in changes if re.fullmatch(r"[+\d.,† %()-]+", cell)]
        by_year = [cell for cell in sections(document_2026).cells["changes"] if re.fullmatch(r"[+\d.,† %()-]+", cell)]
        assert numbers == by_year  # the same table as 2025's own: the same changes

    def test_the_base_year_against_its_own_table_changes_nothing(self, tmp_path):
        table = tmp_path / "t.json"
        assert run("allocate", "2025", "-f", "json", "-o", str(table)).exit_code == 0
        changes = section_html(report("2025", "--previous", str(table)), "changes")
        assert catalogue(SL).diff.no_change in changes and "<table" not in changes

    def test_a_year_outside_the_period_is_refused_by_its_option(self):
        result = run("report", "2026", "--previous", "2035")
        assert result.exit_code == 2 and "--previous: 2035" in result.output and "Traceback" not in result.output


class TestScenario:
    def test_the_banner_stands_at_the_top_of_the_document_and_of_every_section(self):
        document = report("2027", "--rate", "2027=3.5")
        parsed = sections(document)
        assert all(parsed.banners[id] == 1 for id in ("contents", *SECTIONS)), parsed.banners
        for id in ("contents", *SECTIONS):
            assert section_html(document, id).lstrip().startswith('<p class="scenario">'), id

    def test_a_table_without_the_what_ifs_is_named_as_such(self, tmp_path):
        """--previous of a table written without the scenario: the changes say which side has the what-ifs."""
        table = tmp_path / "t.json"
        assert run("allocate", "2025", "-f", "json", "-o", str(table)).exit_code == 0
        changes = section_html(
            report("2026", "--share", "komen=16.32", "--share", "divaca=15.35", "--previous", str(table)), "changes"
        )
        after = catalogue(SL).diff.total_after
        assert f"<p>{after} (2026): " in changes and changes.count('class="scenario"') == 1

    def test_none_without_a_what_if(self, document_2026):
        assert 'class="scenario"' not in document_2026


class TestRefused:
    @pytest.mark.parametrize("name", ["report.csv", "report.pdf"])
    def test_a_name_of_another_format(self, name, tmp_path):
        result = run("report", "2026", "-o", str(tmp_path / name))
        assert result.exit_code == 2 and "--output" in result.output and "html" in result.output
        assert "Traceback" not in result.output and not (tmp_path / name).exists()

    def test_a_year_outside_the_period(self):
        result = run("report", "2031")
        assert result.exit_code == 2 and "YEAR: 2031" in result.output and "2025–2029" in result.output


class TestSelfContained:
    @pytest.mark.parametrize(
        "args", [("2026",), ("2025", "--lang", "en"), ("2027", "--share", "komen=16.32", "--share", "divaca=15.35")]
    )
    def test_no_script_no_link_out_no_external_url(self, args):
        document = report(*args)
        assert "<script" not in document.lower()
        assert not re.search(r"https?:", document)
        assert all(url.startswith("#") for url in re.findall(r"url\(([^)]*)\)", document))  # the chart's own patterns


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, document_2026):
    """The 2026 document as Chromium prints it."""
    folder = tmp_path_factory.mktemp("report")
    page = folder / "report_2026.html"
    page.write_text(document_2026, encoding="utf-8")
    return print_to_pdf(page, folder)


class TestPrinted:
    def test_a4_landscape_on_several_pages(self, pdf):
        pages, size = pdf_pages(pdf)
        assert pages > len(SECTIONS) and size == (842, 595)

    def test_each_section_starts_a_page_with_its_heading(self, pdf, document_2026):
        pages, _ = pdf_pages(pdf)
        tops = [
            [line.strip() for line in pdf_text(pdf, page).splitlines() if line.strip()][:2]
            for page in range(1, pages + 1)
        ]
        headings = sections(document_2026).headings
        for id in SECTIONS:
            heading = headings[id][0]
            assert heading in pdf_text(pdf)
            assert any(heading in top for top in tops), (heading, tops)

    def test_a_projected_year_and_its_mark_on_one_line_in_the_assumptions(self, pdf):
        """The assumptions' year cells do not wrap: `2026 †`, not `2026` over `†`."""
        heading = catalogue(SL).report.assumptions
        assumptions = pdf_text(pdf).split(heading)[-1]
        lines = [line.strip() for line in assumptions.splitlines()]
        assert "†" not in lines
        for year in range(2026, 2030):
            assert any(line.startswith(f"{year} †") for line in lines), (year, lines)

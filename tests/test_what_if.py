"""Projected figures and scenarios in explain, diff, payments and check: what a rate rests on, which
figures are projections, and which output is a what-if."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from sofin.domain.scenario import Scenario, ScenarioRate
from sofin.pipeline import check_table
from sofin.render import CheckFormat
from sofin.render.check import render_check
from sofin.words import Language, catalogue

from .helpers import MINIMAL, ROOT, balances, run
from .helpers.workbooks import load

SL, EN = catalogue(Language("sl")).projection, catalogue(Language("en")).projection
MARK = SL.mark
ADOPTED = MINIMAL.replace(
    "staff: {default: 2}", 'staff: {default: 2, 2026: {rate: 3.1, source: "Izhodišča 2026, oktober 2025"}}'
)
KEY_BY_YEAR = MINIMAL.replace("share: 60.5}", "share: {2025: 60.5, 2027: 61}}").replace(
    "share: 39.5}", "share: {2025: 39.5, 2027: 39}}"
)
SOCIETY_T = """\
  - id: t
    name: Društvo T
    short: T
    {bound}
    lines:
      - {{id: programme, label: Program T, kind: programme, amount: 500}}
"""

# MINIMAL's staff line in 2027: 1.001 x 1,02 = 1.021, then x 1,02 = 1.041 or x 1,035 = 1.057.
STAFF_2027 = {"sl": "1.041", "en": "1,041"}
STAFF_2027_AT_3_5 = {"sl": "1.057", "en": "1,057"}


def lines_of(text: str, start: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith(start)]


def flat(text: str) -> str:
    """The text with its lines run together: diff wraps its sentences within 80 columns."""
    return " ".join(text.split())


def diff_block(text: str, heading: str) -> list[str]:
    """A changed row's lines in diff's text: its heading (which contains `heading`) to the blank line after it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if heading in line and not line.startswith(" " * 4))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def diff_json(*args: str) -> dict:
    result = run("diff", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows_by_path(document: dict) -> dict[tuple[str, ...], dict]:
    return {tuple(row["path"]): row for row in document["rows"]}


class TestExplain:
    def test_each_indexed_year_says_what_its_rate_rests_on_and_an_adopted_rates_source(self, write):
        text = run("explain", "2027", "s/staff", "-s", str(write(ADOPTED))).stdout
        declared, adopted, planned = lines_of(text, "2025"), lines_of(text, "2026"), lines_of(text, "2027")
        assert declared == [f"2025       1.001   {catalogue(Language('sl')).explain.declared}"]
        # 2026 at the adopted 3,1 %: its source named, not a projection; 2027 at the planning 2 %: marked.
        assert adopted == ["2026       1.032   = 1.001 × (1 + 3,1\u00a0%) = 1.032,031, zaokroženo pol navzgor na 1 "
                           "(sprejeta stopnja; vir: Izhodišča 2026, oktober 2025)"]  # fmt: skip
        assert planned == [f"2027       1.053{MARK}  = 1.032 × (1 + 2\u00a0%) = 1.052,64, zaokroženo pol navzgor na 1 "
                           "(načrtovana stopnja)"]  # fmt: skip
        assert f"Znesek vrstice: 1.053{MARK}" in text
        footnote = text.rstrip().splitlines()[-1]
        assert (
            footnote.startswith(MARK) and "(stroški zaposlenih 2027: 2\u00a0%)" in footnote and "2026" not in footnote
        )

    def test_a_scenarios_rate_and_banner(self, write):
        text = run("explain", "2027", "s/staff", "-s", str(write(MINIMAL)), "--rate", "staff:2027=3.5").stdout
        title, banner = text.splitlines()[:2]
        assert title.startswith("S / Stroški zaposlenih, leto 2027")
        assert banner == SL.scenario.format(what="stroški zaposlenih 2027: 3,5\u00a0%")
        assert lines_of(text, "2027")[0].endswith("(stopnja scenarija)")
        assert "stroški zaposlenih 2027: 3,5\u00a0% (stopnja scenarija)" in text.splitlines()[-1]

    def test_in_english(self, write):
        text = run("explain", "2027", "s/staff", "-s", str(write(ADOPTED)), "--lang", "en").stdout
        assert "(adopted rate; source: Izhodišča 2026, oktober 2025)" in text and "(planning rate)" in text

    def test_a_total_row_is_marked_and_footnoted_with_the_rates_of_its_lines(self, write):
        text = run("explain", "2027", "s", "-s", str(write(MINIMAL))).stdout
        assert f"1.041 + 349 = 1.390{MARK}" in text
        assert "materialni stroški programa 2027: 2,5\u00a0%" in text.splitlines()[-1]

    def test_the_base_year_has_no_mark_footnote_or_banner(self, write):
        text = run("explain", "2025", "s/staff", "-s", str(write(MINIMAL))).stdout
        assert MARK not in text and "SCENARIJ" not in text and "stopnja" not in text


class TestDiffScenario:
    """`sofin diff 2027 2027 --rate 2027=3.5`: the what-ifs apply to the later side, figure by figure."""

    def test_figures_change_by_amount_at_the_scenarios_rate(self, write):
        strategy = str(write(MINIMAL))
        document = diff_json("2027", "2027", "-s", strategy, "--rate", "2027=3.5")
        rows = rows_by_path(document)
        for line in (("s", "staff"), ("s", "programme")):
            assert rows[line]["causes"] == ["amount"]
            assert {(note["rate"], note["rate_basis"]) for note in rows[line]["amounts"]} == {("3.5", "scenario")}
        assert rows[()]["changed"] and all(figure["change"] != "0" for figure in rows[()]["figures"].values())
        plain = json.loads(run("allocate", "2027", "-s", strategy, "-f", "json").stdout)
        assert rows[()]["total"]["before"] == plain["rows"][0]["total"]  # the earlier side is the strategy as written

    def test_json_says_which_side_is_the_scenario(self, write):
        document = diff_json("2027", "2027", "-s", str(write(MINIMAL)), "--rate", "staff:2027=3.5")
        assert document["before"]["scenario"] is None
        assert document["after"]["scenario"] == {
            "shares": {},
            "rates": [{"kind": "staff", "year": 2027, "rate": "3.5"}],
        }
        assert document["before"]["projected"] and document["after"]["projected"]
        assert {"year": 2027, "kind": "staff", "rate": "3.5", "basis": "scenario"} in document["after"]["assumptions"]
        assert {"year": 2027, "kind": "staff", "rate": "2", "basis": "planned"} in document["before"]["assumptions"]

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_table_has_the_banner_on_the_later_side_and_marks_projected_totals(self, write, lang):
        words = catalogue(Language(lang))
        text = run("diff", "2027", "2027", "-s", str(write(MINIMAL)), "--rate", "2027=3.5", "--lang", lang).stdout
        banner = {
            "sl": SL.scenario.format(
                what="stroški zaposlenih 2027: 3,5\u00a0%; materialni stroški programa 2027: 3,5\u00a0%"
            ),
            "en": EN.scenario.format(what="staff costs 2027: 3.5%; programme material costs 2027: 3.5%"),
        }[lang]
        assert text.splitlines()[1].startswith(f"{words.diff.total_after} (2027): ")
        assert flat(f"{words.diff.total_after} (2027): {banner}") in flat(text)
        assert words.diff.total_before not in text.splitlines()[1]
        staff = diff_block(text, "Stroški zaposlenih")[1]  # the row's total, under its name
        assert staff.split()[1:3] == [f"{STAFF_2027[lang]}{MARK}", f"{STAFF_2027_AT_3_5[lang]}{MARK}"]
        assert any(line.startswith(words.projection.mark) for line in text.splitlines())

    def test_a_table_written_with_a_scenario_is_named_one_when_read_back(self, write, tmp_path):
        strategy = str(write(MINIMAL))
        table = tmp_path / "scenario.json"
        assert (
            run("allocate", "2027", "-s", strategy, "--rate", "2027=3.5", "-f", "json", "-o", str(table)).exit_code == 0
        )
        document = diff_json("2027", str(table), "-s", strategy)
        assert document["after"]["scenario"]["rates"][0] == {"kind": "staff", "year": 2027, "rate": "3.5"}
        assert document["after"]["projected"] is True
        text = run("diff", "2027", str(table), "-s", strategy).stdout
        assert flat(text).startswith(f"Primerjava 2027 → {table} Zdaj ({table}): SCENARIJ")  # under the title

    def test_a_tables_scenario_that_is_not_one_is_bad_input(self, write, tmp_path):
        table = tmp_path / "t.json"
        run("allocate", "2027", "-s", str(write(MINIMAL)), "-f", "json", "-o", str(table))
        document = json.loads(table.read_text(encoding="utf-8"))
        document["scenario"] = {"shares": {"a": "much"}, "rates": []}
        table.write_text(json.dumps(document), encoding="utf-8")
        result = run("diff", str(table), str(table), "--lang", "en")
        assert result.exit_code == 2
        assert re.search(rf"{re.escape(str(table))}:\d+:\d+: scenario.shares.a: .*not 'much'", result.stderr)

    def test_without_what_ifs_no_side_is_a_scenario(self, write):
        text = run("diff", "2026", "2027", "-s", str(write(MINIMAL))).stdout
        assert "SCENARIJ" not in text
        document = diff_json("2026", "2027", "-s", str(write(MINIMAL)))
        assert document["before"]["scenario"] is None and document["after"]["scenario"] is None


class TestDiffBasis:
    def test_json_notes_carry_the_basis_and_an_adopted_rates_source(self, write):
        document = diff_json("2025", "2026", "-s", str(write(ADOPTED)))
        rows = rows_by_path(document)
        (staff,) = rows["s", "staff"]["amounts"]
        assert (staff["rate"], staff["rate_basis"], staff["rate_source"], staff["projected"]) == (
            "3.1", "adopted", "Izhodišča 2026, oktober 2025", False
        )  # fmt: skip
        (programme,) = rows["s", "programme"]["amounts"]
        assert (programme["rate_basis"], programme["rate_source"], programme["projected"]) == ("planned", None, True)
        assert rows["s", "staff"]["projected"] == {"before": False, "after": False}
        assert rows["s", "programme"]["projected"] == {"before": False, "after": True}
        assert document["after"]["assumptions"] == [
            {"year": 2026, "kind": "programme", "rate": "2", "basis": "planned"}
        ]

    def test_tables_read_back_keep_the_basis_and_source(self, write, tmp_path):
        strategy = str(write(ADOPTED))
        before, after = tmp_path / "2025.json", tmp_path / "2026.json"
        for year, path in (("2025", before), ("2026", after)):
            assert run("allocate", year, "-s", strategy, "-f", "json", "-o", str(path)).exit_code == 0
        from_tables, from_years = diff_json(str(before), str(after)), diff_json("2025", "2026", "-s", strategy)
        assert rows_by_path(from_tables)["s", "staff"]["amounts"] == rows_by_path(from_years)["s", "staff"]["amounts"]
        assert from_tables["after"]["assumptions"] == from_years["after"]["assumptions"]

    def test_the_table_names_the_basis_in_the_cause_and_marks_only_projected_totals(self, write):
        text = run("diff", "2025", "2026", "-s", str(write(ADOPTED))).stdout
        staff = diff_block(text, "Stroški zaposlenih")
        programme = diff_block(text, "Materialni stroški programa")
        assert flat("\n".join(staff)).endswith(
            "Vzrok: znesek (indeksacija 3,1 %, sprejeta stopnja; vir: Izhodišča 2026, oktober 2025)"
        )
        assert MARK not in "\n".join(staff)
        assert flat("\n".join(programme)).endswith("Vzrok: znesek (indeksacija 2 %, načrtovana stopnja)")
        assert f"340{MARK}" in programme[1]
        footnote = text[text.index(f"\n{MARK} ") :]
        assert "materialni stroški programa 2026: 2 %" in flat(footnote)

    def test_a_scenario_of_the_base_year_is_not_a_projection(self, write):
        """Shares are what-ifs too, but declared amounts rest on no rate: a banner, and no mark or footnote."""
        result = run("diff", "2025", "2025", "-s", str(write(MINIMAL)), "--share", "a=61", "--share", "b=39")
        assert result.exit_code == 0 and "spremenjen ključ" in result.stdout
        banner = "Zdaj (2025): " + SL.scenario.format(what="Občina A: delež 61,00\u00a0%; Občina B: delež 39,00\u00a0%")
        assert flat(result.stdout.split("\n", 1)[1]).startswith(flat(banner))
        assert MARK not in result.stdout


class TestDiffAcrossYears:
    def test_a_share_that_changes_from_a_year_on_is_a_key_cause(self, write):
        strategy = str(write(KEY_BY_YEAR))
        document = diff_json("2026", "2027", "-s", strategy)
        assert [(c["payer"], c["before"], c["after"]) for c in document["key_changes"]] == [
            ("a", "60.5", "61"),
            ("b", "39.5", "39"),
        ]
        for row in document["rows"]:
            assert "key" in row["causes"], row["path"]
        assert diff_json("2025", "2026", "-s", strategy)["key_changes"] == []
        assert "Ključ: Občina A 60,5\u00a0% → 61\u00a0%" in run("diff", "2026", "2027", "-s", strategy).stdout

    def test_a_society_from_a_year_is_added(self, write):
        strategy = write(MINIMAL + SOCIETY_T.format(bound="from: 2027"))
        rows = rows_by_path(diff_json("2026", "2027", "-s", str(strategy)))
        assert rows["t",]["causes"] == ["added"] and rows["t", "programme"]["causes"] == ["added"]
        assert rows["t",]["total"] == {"before": None, "after": "500", "change": "500"}
        assert "nova vrstica" in run("diff", "2026", "2027", "-s", str(strategy)).stdout

    def test_a_society_until_a_year_is_removed_after_it(self, write):
        strategy = write(MINIMAL + SOCIETY_T.format(bound="until: 2027"))
        rows = rows_by_path(diff_json("2027", "2028", "-s", str(strategy)))
        assert rows["t",]["causes"] == ["removed"] and rows["t", "programme"]["causes"] == ["removed"]
        assert rows["t",]["total"]["after"] is None
        assert "vrstica odstranjena" in run("diff", "2027", "2028", "-s", str(strategy)).stdout
        assert rows_by_path(diff_json("2026", "2027", "-s", str(strategy)))["t",]["causes"] == ["amount"]


class TestPayments:
    def payments(self, write, *args: str) -> str:
        result = run("payments", "2027", "--payer", "a", "-s", str(write(MINIMAL)), *args)
        assert result.exit_code == 0, result.output
        return result.stdout

    def test_table_has_the_banner_marks_and_footnote(self, write):
        text = self.payments(write, "--rate", "2027=3.5")
        lines = text.splitlines()
        assert lines[0] == SL.scenario.format(
            what="stroški zaposlenih 2027: 3,5\u00a0%; materialni stroški programa 2027: 3,5\u00a0%"
        )
        assert any(line.strip().startswith(f"S {MARK}") for line in lines)
        assert lines[-1].startswith(f"{MARK} ") and "(stopnja scenarija)" in lines[-1]

    def test_projected_without_a_scenario_has_marks_and_no_banner(self, write):
        text = self.payments(write, "--schedule", "quarterly")
        assert "SCENARIJ" not in text
        assert any(line.strip().startswith(f"S {MARK}") for line in text.splitlines())
        assert text.splitlines()[-1].startswith(MARK)

    def test_markdown_in_english(self, write):
        text = self.payments(write, "-f", "markdown", "--lang", "en", "--share", "a=60", "--share", "b=40")
        banner = EN.scenario.format(what="Občina A: share 60.00%; Občina B: share 40.00%")
        assert f"**{banner}**" in text
        assert f"| S {MARK} |" in text and f"| **TOTAL {MARK}** |" in text
        assert text.rstrip().splitlines()[-1].startswith(f"{MARK} Projection")

    def test_ledger_says_it_in_comments_and_still_balances(self, write, tmp_path):
        journal = self.payments(write, "-f", "ledger", "--schedule", "quarterly", "--rate", "2027=3.5")
        comments = [line for line in journal.splitlines() if line.startswith("; ")]
        assert comments[2].startswith("; SCENARIJ") and comments[3].startswith("; Podlaga zneskov 2027: ")
        assert comments[4].startswith(f"; {MARK}")  # under the basis note (issue 23 item 10)
        assert journal.count(f"    ; {MARK}\n") == 4  # every instalment of the one projected contract
        by_account = balances(journal, tmp_path, depth=3)
        total = json.loads(self.payments(write, "-f", "json", "--rate", "2027=3.5"))["total"]["annual"]
        assert by_account["obveznosti:s"] == -Decimal(total)

    def test_workbook_has_the_banner_marks_and_footnote(self, write, tmp_path):
        target = tmp_path / "p.xlsx"
        self.payments(write, "-f", "xlsx", "-o", str(target), "--rate", "2027=3.5")
        sheet = load(target.read_bytes()).active
        assert sheet["A2"].value.startswith("SCENARIJ") and sheet["A4"].value == f"S {MARK}"
        assert sheet["A5"].value == f"SKUPAJ {MARK}" and sheet["A7"].value.startswith("Podlaga zneskov 2027: ")
        assert sheet["A8"].value.startswith(f"{MARK} Projekcija")  # under the basis note (issue 23 item 10)

    def test_json_says_whether_projected_and_the_scenario(self, write):
        document = json.loads(self.payments(write, "-f", "json", "--rate", "staff:2027=3.5"))
        assert document["projected"] is True
        assert document["scenario"] == {"shares": {}, "rates": [{"kind": "staff", "year": 2027, "rate": "3.5"}]}

    def test_the_base_year_has_no_mark(self, write):
        result = run("payments", "2025", "--payer", "a", "-s", str(write(MINIMAL)))
        assert MARK not in result.stdout and "SCENARIJ" not in result.stdout


class TestCheck:
    """The check report compared with a scenario's allocation says so, in every format."""

    SCENARIO = Scenario(
        (("komen", Decimal("16.32")), ("sezana", Decimal("49.78"))), (ScenarioRate("staff", 2026, Decimal("3.5")),)
    )
    BANNER = SL.scenario.format(
        what="Občina Komen: delež 16,32\u00a0%; Občina Sežana: delež 49,78\u00a0%; stroški zaposlenih 2026: 3,5\u00a0%"
    )

    @pytest.fixture
    def report(self):
        return replace(check_table(ROOT / "data" / "published" / "2025.json", None, 2025), scenario=self.SCENARIO)

    def test_table_and_markdown_show_the_banner(self, report):
        table = render_check(report, CheckFormat.table)
        assert isinstance(table, str) and table.splitlines()[1] == self.BANNER
        markdown = render_check(report, CheckFormat.markdown)
        assert isinstance(markdown, str) and f"**{self.BANNER}**" in markdown

    def test_json_carries_the_scenario(self, report):
        document = json.loads(render_check(report, CheckFormat.json))
        assert document["scenario"]["shares"] == {"komen": "16.32", "sezana": "49.78"}
        assert json.loads(render_check(replace(report, scenario=None), CheckFormat.json))["scenario"] is None

    def test_workbook_shows_the_banner(self, report):
        data = render_check(report, CheckFormat.xlsx)
        assert isinstance(data, bytes)
        assert all(sheet["A3"].value == self.BANNER for sheet in load(data).worksheets)

    def test_without_a_scenario_no_banner(self, report):
        text = render_check(replace(report, scenario=None), CheckFormat.table)
        assert isinstance(text, str) and "SCENARIJ" not in text

    def test_the_command_line_what_ifs_reach_the_report(self):
        """`sofin check FILE --share ... --rate ...` compares with the scenario's allocation and says so."""
        table = str(ROOT / "data" / "published" / "2025.json")
        result = run("check", table, "--share", "komen=16.32", "--share", "sezana=49.78", "-f", "json")
        assert result.exit_code == 1, result.output  # the published table is not the scenario's
        document = json.loads(result.stdout)
        assert document["scenario"] == {"shares": {"komen": "16.32", "sezana": "49.78"}, "rates": []}
        assert json.loads(run("check", table, "-f", "json").stdout)["scenario"] is None


class TestTablesReadBack:
    """What a table says of its projections and scenario is read as typed values, each mistake located."""

    @pytest.fixture
    def table(self, write, tmp_path):
        path = tmp_path / "t.json"
        run("allocate", "2027", "-s", str(write(MINIMAL)), "--rate", "2027=3.5", "-f", "json", "-o", str(path))
        return path

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            (lambda d: d["assumptions"][0].update(kind="travel"), "assumptions[0].kind"),
            (lambda d: d["assumptions"][0].update(rate="NaN"), "assumptions[0].rate"),
            (lambda d: d["assumptions"][0].update(basis="adopted"), "assumptions[0].basis"),
            (lambda d: d["scenario"]["rates"][0].update(year="2027"), "scenario.rates[0].year"),
            (lambda d: d["scenario"]["rates"][0].update(rate="1" + "0" * 50), "scenario.rates[0].rate"),
        ],
        ids=["a kind", "NaN", "an adopted assumption", "a year as text", "a rate of 51 digits"],
    )
    def test_a_mistake_is_located(self, table, change, field):
        document = json.loads(table.read_text(encoding="utf-8"))
        change(document)
        table.write_text(json.dumps(document), encoding="utf-8")
        for args in (("diff", str(table), "2027"), ("check", str(table))):
            result = run(*args)
            assert result.exit_code == 2 and "Traceback" not in result.output
            assert re.search(rf"{re.escape(str(table))}:\d+:\d+: {re.escape(field)}: ", result.stderr), result.stderr

    def test_a_table_from_before_projections_is_neither_projected_nor_adopted(self, table):
        """Written before sofin said what is projected: diff says it does not know (null), and marks nothing."""
        document = json.loads(table.read_text(encoding="utf-8"))
        for member in ("projected", "assumptions", "scenario"):
            del document[member]
        for row in document["rows"]:
            row.pop("projected")
            for part in row.get("parts", ()):
                for member in ("projected", "rate_basis"):
                    part.pop(member, None)
        table.write_text(json.dumps(document), encoding="utf-8")
        result = run("diff", str(table), str(table), "-f", "json")
        assert result.exit_code == 0, result.output
        sides = json.loads(result.stdout)
        assert sides["before"]["projected"] is None and sides["before"]["scenario"] is None


class TestPipelineMends:
    def test_what_ifs_for_a_later_side_that_is_a_table_are_refused(self, write, tmp_path):
        """Nothing would apply them: a table is computed already. Silence would read as 'no change'."""
        table = tmp_path / "t.json"
        strategy = str(write(MINIMAL))
        run("allocate", "2027", "-s", strategy, "-f", "json", "-o", str(table))
        result = run("diff", "2027", str(table), "-s", strategy, "--rate", "2027=3.5", "--lang", "en")
        assert result.exit_code == 2
        assert "--share/--rate/--pay/--key: they apply to the later side when it is a year" in result.stderr

    def test_check_takes_the_key_of_the_year_compared_with(self, write, tmp_path):
        """A CSV names no year: with --year 2027, the key of 2027 (changed from 2027 on), not the base year's."""
        strategy = str(
            write(
                MINIMAL.replace("share: 60.5}", "share: {2025: 60.5, 2027: 61}}").replace(
                    "share: 39.5}", "share: {2025: 39.5, 2027: 39}}"
                )
            )
        )
        table = tmp_path / "t.csv"
        run("allocate", "2027", "-s", strategy, "-f", "csv", "-o", str(table))
        result = run("check", str(table), "-s", strategy, "--year", "2027", "-f", "json")
        assert result.exit_code == 0, result.stdout
        assert json.loads(result.stdout)["findings"] == []

    def test_check_shows_the_scenario_a_table_says_it_is(self, write, tmp_path):
        table = tmp_path / "t.json"
        run("allocate", "2027", "-s", str(write(MINIMAL)), "--rate", "2027=3.5", "-f", "json", "-o", str(table))
        result = run("check", str(table))
        assert result.exit_code == 0 and "SCENARIJ" in result.stdout

    def test_explain_says_when_a_row_runs(self, write):
        text = MINIMAL + (
            "  - id: n\n    name: D N\n    short: N\n    from: 2027\n    lines:\n"
            "      - {id: p, label: P, kind: programme, amount: 100}\n"
        )
        result = run("explain", "2026", "n/p", "-s", str(write(text)), "--lang", "en")
        assert result.exit_code == 2
        assert "PATH: 'n/p' has no row in 2026: it runs in 2027-2029 (its from/until)" in result.stderr

"""Issue 23 items 8 and 9: the strategy's printed figures, pinned and set beside sofin's.

Item 8: a line's printed total stands beside its items, and items that do not add up to it are an
error located at the total. Item 9: under the table of a year the strategy printed, sofin says in how
many figures its own differs, whether the printed one reconciles, which goes into the contracts and
which command lists the differences; JSON carries the list. The expected figures come from the
printed table's transcription and the strategy's text, not from sofin.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shlex
import tomllib
from decimal import Decimal
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from sofin.cli import app

from .helpers import MINIMAL, ROOT, STRATEGY_2025, run, runner

SECTION4 = ROOT / "data" / "published" / "strategija_2025_section4.csv"
SECTION4_TEXT = ROOT / "data" / "published" / "strategija_2025_section4.txt"
PAYERS = ("sezana", "divaca", "hrpelje-kozina", "komen")
# The staff lines with items, and the line total the strategy prints for each (points 3.1, 3.3, 3.4).
PRINTED_LINE_TOTALS = {"vezi/staff": 46968, "rk-sezana/staff": 51438, "mdpm-sezana/staff": 47169}


def section4_figures() -> dict[tuple[str, str], Decimal]:
    """The printed table as transcribed: (path, payer or 'total') -> figure, read with the csv module."""
    with SECTION4.open(encoding="utf-8", newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["level"] != "key"]
    return {(row["path"], column): Decimal(row[column]) for row in rows for column in ("total", *PAYERS)}


def sofin_figures(document: dict) -> dict[tuple[str, str], Decimal]:
    return {
        ("/".join(row["path"]), column): Decimal(row["total"] if column == "total" else row["allocation"][column])
        for row in document["rows"]
        for column in ("total", *PAYERS)
    }


def allocate_json(*args: str) -> dict:
    result = run("allocate", "2025", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    document: dict = json.loads(result.stdout)
    return document


def without_stamp(document: dict) -> dict:
    return {key: value for key, value in document.items() if key not in ("provenance", "printed")}


SHIPPED = STRATEGY_2025.read_text(encoding="utf-8")


def without_line_totals(text: str) -> str:
    """The shipped strategy as it was before item 8: no line amount beside the items."""
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not re.fullmatch(r" {8}amount: \d+  # the line total printed.*\n", line)]
    assert len(lines) - len(kept) == len(PRINTED_LINE_TOTALS)
    return "".join(kept)


def shipped_copy(folder: Path, text: str, name: str = "strategija.yaml") -> Path:
    """`text` as a strategy file in `folder`, with the printed table its `printed` names beside it."""
    (folder / "published").mkdir(exist_ok=True)
    (folder / "published" / SECTION4.name).write_bytes(SECTION4.read_bytes())
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


class TestLineTotalsPinTheItems:
    def test_the_shipped_strategy_declares_each_printed_line_total(self):
        """Each staff line with items carries the total section 4 prints for it, and its items add up to it."""
        import yaml

        printed = section4_figures()
        text = SECTION4_TEXT.read_text(encoding="utf-8")
        declared = {}
        for society in yaml.safe_load(SHIPPED)["societies"]:
            for line in society["lines"]:
                if "items" in line:
                    declared[f"{society['id']}/{line['id']}"] = line["amount"]
                    assert line["amount"] == sum(item["amount"] for item in line["items"])
        assert declared == PRINTED_LINE_TOTALS
        for path, total in declared.items():
            assert printed[(path, "total")] == total
            assert f"STROŠKI ZAPOSLENIH {total // 1000}.{total % 1000:03d}" in text  # as printed: 46.968

    def test_a_typo_in_an_item_is_an_error_at_the_line_total(self, tmp_path):
        """31968 typed 31986: exit 2, at FILE:LINE:COL of VEZI's staff total, naming the items' sum."""
        assert SHIPPED.count("amount: 31968") == 1
        edited = shipped_copy(tmp_path, SHIPPED.replace("amount: 31968", "amount: 31986"))
        lines = SHIPPED.splitlines()
        number = next(i for i, line in enumerate(lines, start=1) if line.startswith("        amount: 46968"))
        column = lines[number - 1].index("46968") + 1
        result = run("allocate", "2025", "-s", str(edited), "--lang", "en")
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines()[0] == (
            f"{edited}:{number}:{column}: societies[1].lines[0].amount: "
            "amount 46968 differs from the sum of its items 46986 (31986 + 15000)"
        )
        assert len(result.stderr.splitlines()) == 2  # that problem and the summary line
        assert result.stdout == ""

    def test_without_the_total_the_same_typo_passes_and_changes_the_table(self, tmp_path):
        """Why the totals are there: the typo alone gives exit 0 and a VEZI staff line of 46986."""
        edited = shipped_copy(tmp_path, without_line_totals(SHIPPED).replace("amount: 31968", "amount: 31986"))
        document = allocate_json("-s", str(edited))
        assert sofin_figures(document)[("vezi/staff", "total")] == 46986

    @pytest.mark.parametrize(
        "adopted", ["", "adopted:\n  2026: {vezi/staff/1: 33000}\n  2027: {rk-sezana/staff: 53500}\n"]
    )
    def test_later_years_do_not_change(self, tmp_path, adopted):
        """The totals pin the base year's items only: every year of the plan, indexed or adopted (an item,
        or a line adopted whole), is what it was without them; only the strategy's SHA-256 differs."""
        with_totals = shipped_copy(tmp_path, SHIPPED + adopted, "with.yaml")
        without = shipped_copy(tmp_path, without_line_totals(SHIPPED) + adopted, "without.yaml")
        plans = []
        for path in (with_totals, without):
            result = run("plan", "-s", str(path), "-f", "json")
            assert result.exit_code == 0, result.output
            plans.append(json.loads(result.stdout))
        assert plans[0] != plans[1]  # the stamps differ: the files do
        assert [without_stamp(plan) for plan in plans] == [without_stamp(plans[1])] * 2
        for year in range(2025, 2030):
            tables = []
            for path in (with_totals, without):
                result = run("allocate", str(year), "-s", str(path), "-f", "json")
                assert result.exit_code == 0, result.output
                tables.append(without_stamp(json.loads(result.stdout)))
            assert tables[0] == tables[1]


class TestTheSignedTableBesideSofins:
    def test_ten_figures_differ_and_json_lists_them(self):
        """Cell by cell, the printed table and sofin's differ in ten figures, each by one; JSON lists exactly those."""
        document = allocate_json()
        printed, sofin = section4_figures(), sofin_figures(document)
        assert printed.keys() == sofin.keys()
        differing = {key: (printed[key], sofin[key]) for key in printed if printed[key] != sofin[key]}
        assert len(differing) == 10
        assert all(abs(before - after) == 1 for before, after in differing.values())
        assert all(column != "total" for _, column in differing)
        listed = {
            ("/".join(figure["path"]), figure["payer"]): (Decimal(figure["printed"]), Decimal(figure["sofin"]))
            for figure in document["printed"]["figures"]
        }
        assert listed == differing
        assert len(document["printed"]["figures"]) == 10
        assert document["printed"]["source"] == "published/strategija_2025_section4.csv"

    def test_json_says_the_printed_table_does_not_reconcile(self):
        """VEZI's staff line as printed: 23.850 + 7.679 + 8.243 + 7.195 = 46.967, not its 46.968."""
        printed = section4_figures()
        assert sum(printed[("vezi/staff", payer)] for payer in PAYERS) == 46967 != printed[("vezi/staff", "total")]
        assert allocate_json()["printed"]["reconciles"] is False

    SLOVENIAN = ("razlikuje v 10 zneskih", "natisnjena tabela ni usklajena", "Za pogodbe veljajo zneski te tabele")

    @pytest.mark.parametrize(
        ("lang", "words"),
        [
            ("sl", SLOVENIAN),
            ("en", ("differs from this one in 10 figures", "does not reconcile", "contracts take this table's")),
        ],
    )
    @pytest.mark.parametrize("output_format", ["table", "markdown", "html", "csv"])
    def test_the_note_is_under_the_table_in_every_format(self, output_format, lang, words):
        result = run("allocate", "2025", "-f", output_format, "-l", lang)
        assert result.exit_code == 0, result.output
        text = html.unescape(result.stdout) if output_format == "html" else result.stdout
        if output_format == "csv":  # a format for programs: Slovenian words whatever --lang says
            words = self.SLOVENIAN
        for word in (*words, "sofin check --printed 2025"):
            assert word in text
        last_figure = text.rindex(
            {"csv": "3377", "sl": "3.377", "en": "3,377"}.get(output_format, "3.377" if lang == "sl" else "3,377")
        )
        assert text.index(words[0]) > last_figure  # under the table, after its last row

    def test_csv_has_the_note_after_the_data_and_data_rows_stay_data(self):
        rows = list(csv.reader(io.StringIO(run("allocate", "2025", "-f", "csv").stdout)))
        notes = [row for row in rows if "razlikuje v 10 zneskih" in ",".join(row)]
        assert len(notes) == 1 and rows.index(notes[0]) > max(i for i, row in enumerate(rows) if row[0].isdigit())

    def test_the_workbook_has_the_note_under_the_table(self, tmp_path):
        target = tmp_path / "2025.xlsx"
        assert run("allocate", "2025", "-f", "xlsx", "-o", str(target)).exit_code == 0
        sheet = openpyxl.load_workbook(target).worksheets[0]
        cells = [(cell.row, cell.value) for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
        note = [row for row, value in cells if "razlikuje v 10 zneskih" in value]
        total = [row for row, value in cells if value == "SKUPAJ OBČINE"]
        assert len(note) == 1 and note[0] > total[0]

    @pytest.mark.parametrize("folder", ["root", "elsewhere"])
    def test_the_command_in_the_note_lists_exactly_the_ten_figures(self, folder, tmp_path, monkeypatch):
        """From the repository's root or any folder, the note is the same and its command checks the
        printed table against sofin's 2025 table: its `differs` findings are the ten figures, and the
        rest are the printed table's own sums that do not add up (`sofin check FILE` finds those)."""
        monkeypatch.chdir(ROOT if folder == "root" else tmp_path)
        command = _note_command(run("allocate", "2025").stdout)
        assert command == ["sofin", "check", "--printed", "2025"]
        result = run(*command[1:], "-f", "json")
        assert result.exit_code == 1, result.output
        findings = json.loads(result.stdout)["findings"]
        differs = {("/".join(f["path"]), f["payer"]) for f in findings if f["kind"] == "differs"}
        listed = {("/".join(f["path"]), f["payer"]) for f in allocate_json()["printed"]["figures"]}
        assert differs == listed and len(differs) == 10
        by_file = run("check", str(SECTION4), "-f", "json")
        assert len(findings) - 10 == len(json.loads(by_file.stdout)["findings"]) == 12

    def test_naming_the_default_strategy_changes_nothing(self):
        """`-s data/strategija_2025.yaml` is the shipped strategy: the note needs no --strategy, the bytes are the same."""
        assert run("allocate", "2025", "-s", str(STRATEGY_2025)).stdout == run("allocate", "2025").stdout

    def test_check_printed_is_check_of_the_file_against_the_year(self, monkeypatch):
        """`check --printed 2025` reports what `check FILE --year 2025` does; it names the file as the
        strategy does (allocate's `printed.source`), the other as typed."""
        monkeypatch.chdir(ROOT)
        printed = json.loads(run("check", "--printed", "2025", "-f", "json").stdout)
        by_file = json.loads(run("check", str(SECTION4.relative_to(ROOT)), "--year", "2025", "-f", "json").stdout)
        assert printed["file"] == allocate_json()["printed"]["source"] == "published/strategija_2025_section4.csv"
        assert by_file["file"] == "data/published/strategija_2025_section4.csv"
        assert {**printed, "file": None} == {**by_file, "file": None}

    @pytest.mark.parametrize(
        "args",
        [(), (str(SECTION4), "--printed", "2025"), ("--printed", "2025", "--year", "2026")],
    )
    def test_check_takes_a_file_or_printed(self, args):
        result = run("check", *args, "--lang", "en")
        assert result.exit_code == 2
        assert "give a table FILE, or --printed YEAR" in result.stderr

    def test_check_printed_of_a_year_without_one(self):
        result = run("check", "--printed", "2026", "--lang", "en")
        assert result.exit_code == 2
        assert "printed: names no printed table for 2026 (it names one for 2025)" in result.stderr

    def test_the_printed_table_ships_inside_the_package(self):
        """An installed copy has the printed table beside the shipped strategy, as its `printed` names it."""
        shipped = resources.files("sofin") / "data" / "published" / "strategija_2025_section4.csv"
        assert shipped.read_bytes() == SECTION4.read_bytes()
        globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
        assert any(
            fnmatch("data/published/strategija_2025_section4.csv", glob) for glob in globs["package-data"]["sofin"]
        )

    def test_a_scenario_gets_no_note(self):
        document = allocate_json("--share", "komen=16.32", "--share", "divaca=15.35")
        assert "printed" not in document
        assert "natisnjena" not in run("allocate", "2025", "--rate", "2025=3").stdout


def _note_command(text: str) -> list[str]:
    """The command at the end of the note, as a shell would split it."""
    note = next(line for line in text.splitlines() if "Razlike izpiše ukaz:" in line)
    return shlex.split(note.split("Razlike izpiše ukaz: ", 1)[1])


# A strategy of one society, two payers: 1001 + 333 split 60.5 / 39.5.
PRINTED_YAML = MINIMAL.replace("unit: 1\n", "unit: 1\nprinted:\n  2025: NAME\n")
SOFINS_TABLE = """\
level,path,label,total,a,b
1,s,S,1334,807,527
2,s/staff,Stroški zaposlenih,1001,606,395
2,s/programme,Materialni stroški programa,333,201,132
0,,Skupaj,1334,807,527
"""


class TestAStrategyOfOnesOwn:
    def write(self, tmp_path: Path, table: str | None, name: str = "natisnjeno.csv") -> Path:
        strategy = tmp_path / "strategy.yaml"
        strategy.write_text(PRINTED_YAML.replace("NAME", name), encoding="utf-8")
        if table is not None:
            (tmp_path / name).write_text(table, encoding="utf-8")
        return strategy

    def test_sofins_own_figures_are_what_the_table_is(self, tmp_path):
        """The table used below is sofin's: 1001 x 60.5 % = 605.605 -> 606, 333 x 60.5 % = 201.465 -> 201."""
        strategy = self.write(tmp_path, SOFINS_TABLE)
        figures = sofin_figures_of(allocate_json("-s", str(strategy)))
        assert figures == {("s/staff", "a"): 606, ("s/programme", "a"): 201, ("s", "a"): 807, ("", "a"): 807}

    def test_the_same_table_says_so(self, tmp_path):
        strategy = self.write(tmp_path, SOFINS_TABLE)
        document = allocate_json("-s", str(strategy))
        assert document["printed"] == {"source": "natisnjeno.csv", "reconciles": True, "figures": []}
        text = run("allocate", "2025", "-s", str(strategy), "-l", "en").stdout
        assert "This table agrees with the one printed in the strategy for 2025, figure for figure." in text
        assert "sofin check" not in text

    def test_another_rounding_that_reconciles(self, tmp_path):
        """staff 605/396 and programme 202/131 also add up: two figures differ in two rows, both reconcile."""
        other = SOFINS_TABLE.replace("1001,606,395", "1001,605,396").replace("333,201,132", "333,202,131")
        strategy = self.write(tmp_path, other)
        document = allocate_json("-s", str(strategy))
        assert document["printed"]["reconciles"] is True
        assert [(f["path"], f["payer"], f["printed"], f["sofin"]) for f in document["printed"]["figures"]] == [
            (["s", "staff"], "a", "605", "606"),
            (["s", "staff"], "b", "396", "395"),
            (["s", "programme"], "a", "202", "201"),
            (["s", "programme"], "b", "131", "132"),
        ]
        text = run("allocate", "2025", "-s", str(strategy), "-l", "en").stdout
        assert "differs from this one in 4 figures; both reconcile." in text
        command = f"sofin check --printed 2025 --strategy {strategy}"
        assert f"To list the differences: {command}" in text  # --strategy: not the default one
        listed = run(*shlex.split(command)[1:], "-f", "json")
        assert listed.exit_code == 1, listed.output
        assert [f["kind"] for f in json.loads(listed.stdout)["findings"]] == ["differs"] * 4

    def test_a_row_only_one_table_has(self, tmp_path):
        """A printed table without the programme line: its row is listed with its total, printed null."""
        missing = "\n".join(line for line in SOFINS_TABLE.splitlines() if "programme" not in line)
        missing = missing.replace("1334,807,527", "1001,606,395") + "\n"
        document = allocate_json("-s", str(self.write(tmp_path, missing)))
        figures = document["printed"]["figures"]
        assert {"path": ["s", "programme"], "payer": None, "printed": None, "sofin": "333"} in figures

    def test_a_strategy_from_stdin(self, tmp_path, monkeypatch):
        """Its printed table is found from the current folder, and the note's command reads stdin again."""
        strategy = self.write(tmp_path, SOFINS_TABLE.replace("1001,606,395", "1001,605,396"))
        monkeypatch.chdir(tmp_path)
        result = runner.invoke(app, ["allocate", "2025", "-s", "-", "-l", "en"], input=strategy.read_bytes())
        assert "To list the differences: sofin check --printed 2025 --strategy -" in result.stdout

    def test_no_printed_field_no_note(self, tmp_path):
        strategy = tmp_path / "strategy.yaml"
        strategy.write_text(MINIMAL, encoding="utf-8")
        assert "printed" not in allocate_json("-s", str(strategy))
        for year in ("2025", "2026"):
            assert "natisnjen" not in run("allocate", year, "-s", str(strategy)).stdout

    def test_only_the_years_it_names(self, tmp_path):
        strategy = self.write(tmp_path, SOFINS_TABLE)
        result = run("allocate", "2026", "-s", str(strategy), "-f", "json")
        assert result.exit_code == 0 and "printed" not in json.loads(result.stdout)

    def test_a_copy_without_its_printed_table_says_it_was_not_compared(self, tmp_path):
        """A copy of a strategy elsewhere (as people edit the shipped one) still allocates; the note and
        JSON say the printed table was not there."""
        strategy = self.write(tmp_path, None)
        text = run("allocate", "2025", "-s", str(strategy), "-l", "en").stdout
        assert "names its printed table of 2025, natisnjeno.csv, which is not beside the strategy file" in text
        document = allocate_json("-s", str(strategy))
        assert document["printed"] == {"source": "natisnjeno.csv", "reconciles": None, "figures": None}
        assert [row["total"] for row in document["rows"]] == ["1334", "1334", "1001", "333"]

    def test_check_printed_without_the_file_is_located_at_its_entry(self, tmp_path):
        strategy = self.write(tmp_path, None)
        result = run("check", "--printed", "2025", "-s", str(strategy), "--lang", "en")
        assert result.exit_code == 2
        problems = result.stderr.splitlines()
        assert f"{tmp_path / 'natisnjeno.csv'}: (document): no such file" in problems
        assert any(line.startswith(f"{strategy}:7:9: printed[2025]: the printed table of 2025, ") for line in problems)

    def test_a_printed_table_with_a_mistake_is_located_in_it(self, tmp_path):
        strategy = self.write(tmp_path, SOFINS_TABLE.replace("1001,606,395", "1001,606,39x"))
        result = run("allocate", "2025", "-s", str(strategy))
        assert result.exit_code == 2
        assert f"{tmp_path / 'natisnjeno.csv'}:3:" in result.stderr

    @pytest.mark.parametrize(
        ("entry", "expected"),
        [
            (
                "  2031: natisnjeno.csv",
                "7:3: printed[2031]: year 2031 must be within the years sofin allocates, 2025-2029",
            ),
            ("  2025: natisnjeno.pdf", "7:9: printed[2025]: 'natisnjeno.pdf' is not a table sofin reads"),
        ],
    )
    def test_the_field_is_validated_where_it_is_written(self, tmp_path, entry, expected):
        strategy = tmp_path / "strategy.yaml"
        strategy.write_text(MINIMAL.replace("unit: 1\n", f"unit: 1\nprinted:\n{entry}\n"), encoding="utf-8")
        result = run("allocate", "2025", "-s", str(strategy), "--lang", "en")
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{strategy}:{expected}")

    def test_no_output_is_written_over_the_printed_table(self, tmp_path):
        strategy = self.write(tmp_path, SOFINS_TABLE)
        target = tmp_path / "natisnjeno.csv"
        result = run("allocate", "2025", "-s", str(strategy), "-f", "csv", "-o", str(target))
        assert result.exit_code == 2
        assert target.read_text(encoding="utf-8") == SOFINS_TABLE


def sofin_figures_of(document: dict) -> dict[tuple[str, str], int]:
    return {("/".join(row["path"]), "a"): int(row["allocation"]["a"]) for row in document["rows"]}


# Issue 23 item 9, review findings 1 and 2: the note and `check --printed` say the same thing in the same
# words: whether a table reconciles ("je usklajena": its figures add up to its totals) apart from how many
# of its figures differ from sofin's; those figures under a heading of their own; files named as people know them.
SUMMARY = {
    "sl": "{file}: tabela ni usklajena: {sums} vsot se ne izide; od izračuna sofin se razlikuje v {figures} zneskih.",
    "en": "{file}: the table does not reconcile: {sums} sums do not add up; it differs from sofin's allocation in {figures} figures.",
}
HEADINGS = {
    "sl": ("Neskladja v tabeli ({count})", "Razlike od izračuna sofin ({count})", "Razlike od izračuna sofin"),
    "en": (
        "Discrepancies in the table ({count})",
        "Differences from sofin's allocation ({count})",
        "Differences from sofin",
    ),
}
PRINTED_SOURCE = "published/strategija_2025_section4.csv"  # as the shipped strategy's `printed` names it


def sums_that_do_not_add_up(figures: dict[tuple[str, str], Decimal]) -> int:
    """Counted by hand from the figures: each row whose municipalities do not add up to its total, and each
    column of a society or the grand total that is not the sum of the rows beneath it."""
    paths = {path for path, _ in figures}
    rows = sum(sum(figures[(path, payer)] for payer in PAYERS) != figures[(path, "total")] for path in paths)
    parents = 0
    for path in paths:
        kids = [kid for kid in paths if kid and (kid.rpartition("/")[0] == path)]
        for column in ("total", *PAYERS):
            parents += bool(kids) and sum(figures[(kid, column)] for kid in kids) != figures[(path, column)]
    return rows + parents


def the_shipped_title() -> str:
    import yaml

    title: str = yaml.safe_load(SHIPPED)["strategy"]
    return title


class TestCheckSaysWhatTheNoteSays:
    @pytest.mark.parametrize("lang", ["sl", "en"])
    @pytest.mark.parametrize("folder", ["root", "elsewhere"])
    def test_the_summary_counts_the_sums_and_the_differing_figures_apart(self, lang, folder, tmp_path, monkeypatch):
        monkeypatch.chdir(ROOT if folder == "root" else tmp_path)
        sums = sums_that_do_not_add_up(section4_figures())
        figures = len(allocate_json()["printed"]["figures"])
        assert (sums, figures) == (12, 10)  # as the note and README say
        result = run("check", "--printed", "2025", "--lang", lang)
        assert result.exit_code == 1, result.output
        lines = result.stdout.splitlines()
        assert lines[0] == SUMMARY[lang].format(file=PRINTED_SOURCE, sums=sums, figures=figures)
        own, sofins, _ = HEADINGS[lang]
        first, second = lines.index(own.format(count=sums)), lines.index(sofins.format(count=figures))
        assert first < second
        # under each heading a blank line, the header, its rule, a line a finding, and a blank line
        assert lines[first + 4 : second - 1] and len(lines[first + 4 : second - 1]) == sums
        assert len([line for line in lines[second + 4 :] if line.strip()]) == figures

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_markdown_lists_the_differing_figures_under_their_heading(self, lang):
        markdown = run("check", "--printed", "2025", "-f", "markdown", "--lang", lang).stdout
        own, sofins, _ = HEADINGS[lang]
        sections = re.split(r"^## .*$", markdown, flags=re.M)
        headings = re.findall(r"^## (.*)$", markdown, flags=re.M)
        assert headings[:2] == [own.format(count=12), sofins.format(count=10)]
        numbered = [re.findall(r"^\d+\. ", section, flags=re.M) for section in sections[1:3]]
        assert [len(items) for items in numbered] == [12, 10]
        sofin_word = {"sl": "sofin pa izračuna", "en": "sofin allocates"}[lang]
        assert sections[2].count(sofin_word) == 10 and sofin_word not in sections[1]

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_the_workbook_has_a_sheet_of_the_differing_figures(self, lang, tmp_path):
        target = tmp_path / "pregled.xlsx"
        assert run("check", "--printed", "2025", "-f", "xlsx", "-o", str(target), "--lang", lang).exit_code == 1
        book = openpyxl.load_workbook(target)
        sheet = book[HEADINGS[lang][2]]
        assert len(book.sheetnames) == 3 and book.sheetnames[2] == HEADINGS[lang][2]
        listed = {
            (row[0], row[1]): (row[3], row[4])
            for row in sheet.iter_rows(min_row=5, values_only=True)
            if isinstance(row[3], (int, float))
        }
        assert len(listed) == 10
        printed, sofin = section4_figures(), sofin_figures(allocate_json())
        differing = sorted((int(sofin[key]), int(printed[key])) for key in printed if printed[key] != sofin[key])
        assert sorted((int(a), int(b)) for a, b in listed.values()) == differing  # sofin's figure, then the printed one

    @pytest.mark.parametrize("output_format", ["json", "table", "markdown"])
    def test_the_same_bytes_from_any_folder(self, output_format, tmp_path, monkeypatch):
        """The printed table named as the strategy names it: no path of the clone or the installed package."""
        outputs = []
        for folder in (ROOT, tmp_path, ROOT / "src" / "sofin"):
            monkeypatch.chdir(folder)
            outputs.append(run("check", "--printed", "2025", "-f", output_format).stdout)
        assert outputs == [outputs[0]] * 3
        assert str(ROOT) not in outputs[0] and PRINTED_SOURCE in outputs[0]
        if output_format == "json":
            assert json.loads(outputs[0])["file"] == PRINTED_SOURCE

    @pytest.mark.parametrize("lang", ["sl", "en"])
    @pytest.mark.parametrize("strategy", [(), ("-s", str(STRATEGY_2025), "--year", "2025")])
    def test_the_shipped_strategy_is_named_by_its_title(self, lang, strategy, tmp_path, monkeypatch):
        """A table without a key takes the shipped strategy's: named by its title, from any folder."""
        table = tmp_path / "2025.csv"
        table.write_bytes((ROOT / "data" / "published" / "2025.csv").read_bytes())
        monkeypatch.chdir(tmp_path)
        title = the_shipped_title()
        text = run("check", "2025.csv", *strategy, "--lang", lang).stdout
        line = {"sl": f"Deleži po ključu: iz strategije »{title}«", "en": f"Key shares: from the strategy “{title}”"}
        assert line[lang] in text.splitlines()
        document = json.loads(run("check", "2025.csv", *strategy, "-f", "json").stdout)
        assert document["shares_from"] == title
        assert "strategija_2025.yaml" not in json.dumps(document)


def rectangle_swapped(folder: Path) -> tuple[Path, set[tuple[str, str]]]:
    """The shipped strategy in `folder`, beside a printed table that adds up but differs from sofin's: its own
    2025 table (as committed) with one unit swapped round a 2x2 rectangle (the review's case): VEZI's staff
    Sežana -1, Komen +1; VEZI's programme Sežana +1, Komen -1. Rows and columns keep their sums."""
    strategy = shipped_copy(folder, SHIPPED)
    moves = {("vezi/staff", "sezana"): -1, ("vezi/staff", "komen"): 1}
    moves |= {("vezi/programme", "sezana"): 1, ("vezi/programme", "komen"): -1}
    text = (ROOT / "data" / "published" / "2025.csv").read_text(encoding="utf-8")
    rows = [row for row in csv.reader(io.StringIO(text)) if row[0] != "#"]
    header = rows[0]
    for row in rows[1:]:
        for (path, payer), move in moves.items():
            if row[1] == path:
                row[header.index(payer)] = str(int(row[header.index(payer)]) + move)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (folder / "published" / SECTION4.name).write_text(out.getvalue(), encoding="utf-8")
    return strategy, set(moves)


class TestAPrintedTableThatAddsUpButDiffers:
    def test_it_adds_up_and_differs_in_four_figures(self, tmp_path):
        strategy, moved = rectangle_swapped(tmp_path)
        document = allocate_json("-s", str(strategy))
        assert document["printed"]["reconciles"] is True
        assert {("/".join(f["path"]), f["payer"]) for f in document["printed"]["figures"]} == moved
        with (tmp_path / "published" / SECTION4.name).open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        figures = {(row["path"], column): Decimal(row[column]) for row in rows for column in ("total", *PAYERS)}
        assert sums_that_do_not_add_up(figures) == 0

    @pytest.mark.parametrize(
        ("lang", "note", "summary"),
        [
            (
                "sl",
                "se od te razlikuje v 4 zneskih; obe tabeli sta usklajeni (vsote se izidejo).",
                "tabela je usklajena; od izračuna sofin se razlikuje v 4 zneskih.",
            ),
            (
                "en",
                "differs from this one in 4 figures; both reconcile.",
                "the table reconciles; it differs from sofin's allocation in 4 figures.",
            ),
        ],
    )
    def test_the_note_and_check_agree(self, tmp_path, lang, note, summary):
        strategy, moved = rectangle_swapped(tmp_path)
        text = run("allocate", "2025", "-s", str(strategy), "-l", lang).stdout
        assert note in text
        assert "se ujemata" not in text and "se ne ujema" not in text
        listing = {"sl": "Razlike izpiše ukaz: ", "en": "To list the differences: "}[lang]
        command = shlex.split(next(line for line in text.splitlines() if listing in line).split(listing, 1)[1])
        assert command == ["sofin", "check", "--printed", "2025", "--strategy", str(strategy)]
        result = run(*command[1:], "--lang", lang)
        assert result.exit_code == 1  # a finding: the table is not sofin's (README: exit 1, JSON reconciles false)
        lines = result.stdout.splitlines()
        assert lines[0] == f"{PRINTED_SOURCE}: {summary}"
        own, sofins, _ = HEADINGS[lang]
        assert sofins.format(count=4) in lines and not any(line.startswith(own.split(" (")[0]) for line in lines)
        findings = json.loads(run(*command[1:], "-f", "json").stdout)["findings"]
        assert {("/".join(f["path"]), f["payer"]) for f in findings if f["kind"] == "differs"} == moved
        assert len(findings) == 4

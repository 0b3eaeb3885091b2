"""Issue 23, item 2: every line of a CSV after its header is a row of the table, read the way the user met it.

pandas.read_csv(..., comment="#") on every CSV sofin writes (allocate, plan, payments; both dialects)
gives integer levels and amounts, a `projected` column of 1 and 0, and no NaN, and the values are the
figures of the same command's JSON, a renderer of its own. The notes are `#` lines after the data, the
same sentences as the text output's footnotes. `sofin check` and `diff` read a CSV of the form sofin
wrote before (notes as rows, ` †` in labels, tests/old_csv/, written by sofin before this change) as the
same table as the new form.
"""

from __future__ import annotations

import io
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from sofin.published import read_table
from sofin.table_csv import parse_csv

from .helpers import MINIMAL, ROOT, require_tool, run
from .helpers.workbooks import load

OLD_CSV = ROOT / "tests" / "old_csv"
DIALECTS = {"plain": {}, "sl": {"sep": ";", "decimal": ","}}  # sl writes no thousands separator


def written(tmp_path: Path, *args: str, dialect: str = "plain") -> Path:
    """The CSV file sofin writes for `args`, as a user gets it: -o FILE."""
    path = tmp_path / f"{dialect}.csv"
    result = run(*args, "-f", "csv", "--dialect", dialect, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def as_json(*args: str) -> dict:
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    document: dict = json.loads(result.stdout)
    return document


def read(path: Path, dialect: str):
    return pd.read_csv(path, comment="#", encoding="utf-8", **DIALECTS[dialect])


def notes(path: Path) -> list[str]:
    """The `#` lines: each `#`, a delimiter and one quoted cell, after the last row."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    first = next((i for i, line in enumerate(lines) if line.startswith("#")), len(lines))
    assert all(line.startswith("#") for line in lines[first:]), "a row after a note"
    assert not any(line.startswith("#") for line in lines[:first])
    return [line[3:-1].replace('""', '"') for line in lines[first:]]


def assert_whole_numbers(frame, columns: list[str]) -> None:
    for column in columns:
        assert pd.api.types.is_integer_dtype(frame[column]), (column, frame[column].dtype)
    assert not frame[columns].isna().any().any()


def assert_projected_column(frame, expected: list[bool]) -> None:
    assert pd.api.types.is_integer_dtype(frame["projected"]) and not frame["projected"].isna().any()
    assert [bool(value) for value in frame["projected"]] == expected
    assert set(frame["projected"]) <= {0, 1}


def footnotes_in_text(args: tuple[str, ...], said: list[str]) -> None:
    """Each note is a sentence the text output says too; the projection's starts with its mark there."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    for note in said:
        sentence = "† " + note.removeprefix("projected=1: ") if note.startswith("projected=1: ") else note
        assert " ".join(sentence.split()) in text, note


@pytest.mark.parametrize("dialect", DIALECTS)
class TestPandasReadsData:
    @pytest.mark.parametrize("year", ["2025", "2026"])
    def test_allocate(self, tmp_path, dialect, year):
        frame = read(written(tmp_path, "allocate", year, dialect=dialect), dialect)
        document = as_json("allocate", year)
        payers = [payer["id"] for payer in document["payers"]]
        assert list(frame.columns) == ["level", "path", "label", "projected", "total", *payers]
        assert_whole_numbers(frame, ["level", "total", *payers])
        assert len(frame) == len(document["rows"])  # no line that is no row
        assert [int(level) for level in frame["level"]] == [len(row["path"]) for row in document["rows"]]
        for (_, line), row in zip(frame.iterrows(), document["rows"]):
            assert Decimal(int(line["total"])) == Decimal(row["total"])
            assert [Decimal(int(line[p])) for p in payers] == [Decimal(row["allocation"][p]) for p in payers]
            assert "†" not in line["label"] and "*" not in line["label"]
        assert_projected_column(frame, [row["projected"] for row in document["rows"]])
        assert any(frame["projected"]) == document["projected"] == (year != "2025")
        assert document["footnotes"], "the table has footnotes in other formats: none may reach a figure here"

    def test_allocate_notes_follow_the_data(self, tmp_path, dialect):
        args = ("allocate", "2027", "--rate", "2027=3.5")
        path = written(tmp_path, *args, dialect=dialect)
        said = notes(path)
        assert len(said) == 2 and said[0].startswith("SCENARIJ") and said[1].startswith("projected=1: Projekcija")
        footnotes_in_text(args, said)
        assert len(read(path, dialect)) == len(as_json(*args)["rows"])

    def test_plan(self, tmp_path, dialect):
        path = written(tmp_path, "plan", dialect=dialect)
        frame = read(path, dialect)
        document = as_json("plan")
        years = [str(year) for year in document["years"]]
        assert list(frame.columns) == ["kind", "id", "label", "projected", *years, "period_total"]
        amounts = frame[~frame["kind"].isin(["rounding_cumulative", "projected"])]
        for column in [*years, "period_total"]:  # decimals, for the rounding rows: numbers all the same
            assert pd.api.types.is_float_dtype(frame[column]) and not frame[column].isna().any()
            assert all(value == int(value) for value in amounts[column])
        assert pd.api.types.is_integer_dtype(frame["projected"])
        expected = [*document["societies"], *document["payers"], document["total"]]
        assert len(amounts) == len(expected) and len(frame) == len(expected) + len(document["rounding"]) + 1
        for (_, line), row in zip(amounts.iterrows(), expected):
            assert [Decimal(int(line[year])) for year in years] == [Decimal(row["figures"][year]) for year in years]
            assert Decimal(int(line["period_total"])) == Decimal(row["period_total"])
        rounding = frame[frame["kind"] == "rounding_cumulative"]
        for (_, line), balance in zip(rounding.iterrows(), document["rounding"]):
            exact = [Decimal(balance["cumulative"][year]) for year in years]
            assert [Decimal(str(line[year])) for year in years] == exact  # every digit sofin wrote
        any_projected = any(document["projected"].values())
        assert_projected_column(frame, [any_projected] * len(frame))
        by_year = frame[frame["kind"] == "projected"]  # the last row: 1 in a projected year (2025 is declared)
        assert list(by_year.index) == [len(frame) - 1]
        assert [int(by_year[year].iloc[0]) for year in years] == [int(document["projected"][y]) for y in years]
        said = notes(path)
        assert len(said) == 1 and said[0].startswith("projected=1: ")
        footnotes_in_text(("plan",), said)

    @pytest.mark.parametrize("schedule", ["monthly", "quarterly", "annual"])
    def test_payments(self, tmp_path, dialect, schedule):
        args = ("payments", "2026", "--payer", "komen", "--schedule", schedule)
        path = written(tmp_path, *args, dialect=dialect)
        frame = read(path, dialect)
        document = as_json(*args)
        periods = list(document["total"]["instalments"])
        assert list(frame.columns)[:4] == ["path", "label", "projected", "annual"]
        assert list(frame.columns[4:]) == periods
        amounts = ["annual", *frame.columns[4:]]
        assert_whole_numbers(frame, amounts)
        entries = [*document["contracts"], document["total"]]
        assert len(frame) == len(entries)
        for (_, line), entry in zip(frame.iterrows(), entries):
            assert [Decimal(int(line[column])) for column in amounts] == [
                Decimal(entry["annual"]),
                *(Decimal(value) for value in entry["instalments"].values()),
            ]
        assert_projected_column(frame, [entry["projected"] for entry in entries])
        said = notes(path)
        # The projection's footnote; before it, why the instalments are not all equal, when they are not.
        assert len(said) == (1 if document["uneven"] is None else 2)
        footnotes_in_text(args, said)


# Issue 23 item 2, as a reviewer read it: a society that starts in 2027, the pay law's row (nothing in its
# base year), adopted 2026 rates (2025 and 2026 not projected, 2027-2029 projected).
LATER_AND_PAY = """\
strategy: Test strategy
period: [2025, 2029]
base_year: 2025
currency: EUR
unit: 1
payers:
  - {id: a, name: Občina A, share: 60.5}
  - {id: b, name: Občina B, share: 39.5}
indexation:
  staff: {default: 2, 2026: {rate: 3.1, source: "Izhodišča 2026"}}
  programme: {default: 2, 2026: {rate: 3.1, source: "Izhodišča 2026"}, 2027: 2.5}
societies:
  - id: s
    name: Društvo S
    short: S
    lines:
      - id: staff
        label: Stroški zaposlenih
        kind: staff
        items:
          - label: Delavka
            pay_grade: 34
            funded_share: 1
            amount: 31968
            pay: {before: 2123.45, target: 2588.10, other: 3500, source: "Pogodba o zaposlitvi"}
      - {id: programme, label: Materialni stroški programa, kind: programme, amount: 333}
  - id: n
    name: Novo društvo
    short: N
    from: 2027
    lines:
      - {id: programme, label: Program N, kind: programme, amount: 500}
"""


@pytest.mark.parametrize("dialect", DIALECTS)
class TestPlanYearByYear:
    """plan's CSV on a strategy whose rows do not run, or are not computed, every year: every data cell is
    a number (0 where the JSON has null), and which years are projected is a row of its own."""

    def test_no_empty_cell(self, tmp_path, write, dialect):
        strategy = str(write(LATER_AND_PAY))
        frame = read(written(tmp_path, "plan", "-s", strategy, dialect=dialect), dialect)
        document = as_json("plan", "-s", strategy)
        years = [str(year) for year in document["years"]]
        assert not frame[["projected", *years, "period_total"]].isna().any().any()
        assert document["societies"][1]["figures"]["2025"] is None and document["pay_law"]["figures"]["2025"] is None
        rows = {(kind, name): line for kind, name, line in zip(frame["kind"], frame["id"].fillna(""), frame.index)}
        for kind, name, figures in [("society", "n", document["societies"][1]), ("pay_law", "", document["pay_law"])]:
            line = frame.loc[rows[kind, name]]
            expected = [Decimal(figures["figures"][year] or 0) for year in years]
            assert [Decimal(int(line[year])) for year in years] == expected, kind
        assert [Decimal(int(frame.loc[rows["society", "n"]][year])) for year in years[:2]] == [0, 0]

    def test_which_years_are_projected(self, tmp_path, write, dialect):
        strategy = str(write(LATER_AND_PAY))
        frame = read(written(tmp_path, "plan", "-s", strategy, dialect=dialect), dialect)
        document = as_json("plan", "-s", strategy)
        years = [str(year) for year in document["years"]]
        assert [document["projected"][year] for year in years] == [False, False, True, True, True]
        projected = frame[frame["kind"] == "projected"]
        assert len(projected) == 1
        row = projected.iloc[0]
        assert [int(row[year]) for year in years] == [0, 0, 1, 1, 1]
        assert int(row["period_total"]) == 3 and int(row["projected"]) == 1  # the projected years; one is
        # The row's `projected` column, as documented: 1 when any of its years is (here every row's).
        assert set(frame["projected"]) == {1}

    def test_money_rows_read_exactly_as_whole_numbers(self, tmp_path, write, dialect):
        """README: the year columns are float to pandas, for the rounding rows; the money rows, filtered by
        kind, are whole numbers exactly (astype int64), and dtype=str gives every digit of every row."""
        strategy = str(write(LATER_AND_PAY))
        path = written(tmp_path, "plan", "-s", strategy, dialect=dialect)
        frame = read(path, dialect)
        document = as_json("plan", "-s", strategy)
        years = [str(year) for year in document["years"]]
        assert all(pd.api.types.is_float_dtype(frame[year]) for year in years)
        money = frame[frame["kind"].isin(["society", "payer", "total", "pay_law"])][[*years, "period_total"]]
        assert (money == money.round()).all().all()
        total = money.astype("int64").iloc[4]
        assert [str(total[year]) for year in years] == [document["total"]["figures"][year] for year in years]
        text = pd.read_csv(path, comment="#", dtype=str, **DIALECTS[dialect])
        rounding = text[text["kind"] == "rounding_cumulative"].iloc[0]
        point = "," if dialect == "sl" else "."
        expected = [document["rounding"][0]["cumulative"][year].replace(".", point) for year in years]
        assert [rounding[year] for year in years] == expected


class TestTheDialect:
    @pytest.mark.parametrize(
        "args", [("allocate", "2026"), ("plan",), ("payments", "2026", "--payer", "komen")], ids=lambda a: a[0]
    )
    def test_every_command_writes_it(self, tmp_path, args):
        raw = written(tmp_path, *args, dialect="sl").read_bytes()
        text = raw.decode("utf-8")
        assert raw.startswith(b"\xef\xbb\xbf") and text.count("\r\n") == text.count("\n")
        assert text.splitlines()[-1].startswith('#;"projected=1: ')
        plain = written(tmp_path, *args).read_text(encoding="utf-8")
        assert "\ufeff" not in plain and "\r" not in plain and plain.splitlines()[-1].startswith('#,"projected=1: ')

    def test_plans_decimals_are_commas(self, tmp_path):
        rounding = [line for line in written(tmp_path, "plan", dialect="sl").read_text("utf-8").splitlines()]
        cells = next(line for line in rounding if line.startswith("rounding_cumulative;sezana")).split(";")
        assert cells[4] == "-0,114" and "." not in "".join(cells[4:])

    @pytest.mark.parametrize(
        "args", [("plan", "-f", "json"), ("payments", "2026", "--payer", "komen", "-f", "markdown")]
    )
    def test_it_is_for_csv_only(self, args):
        result = run(*args, "--dialect", "sl", "--lang", "en")
        assert result.exit_code == 2 and "--dialect: applies to --format csv only" in result.stderr


class TestLibreOffice:
    """The same files opened in LibreOffice, in the language each dialect is for: the levels, `projected`
    and figures are numbers, and each note is one cell, whole, under the table."""

    LANGUAGE = {"plain": ("44", "1033"), "sl": ("59", "1060")}  # delimiter, locale (en-US, sl-SI)

    @pytest.mark.parametrize("dialect", DIALECTS)
    def test_numbers_are_numbers_and_a_note_is_one_cell(self, tmp_path, dialect):
        soffice = require_tool("soffice")
        args = {"allocate": ("allocate", "2026"), "plan": ("plan",), "payments": ("payments", "2026", "-p", "komen")}
        folder = tmp_path / "csv"
        folder.mkdir()
        sources = {}
        for name, command in args.items():
            sources[name] = written(tmp_path, *command, dialect=dialect).rename(folder / f"{name}.csv")
        delimiter, locale = self.LANGUAGE[dialect]
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
             f"--infilter=Text - txt - csv (StarCalc):{delimiter},34,76,1,,{locale}", "--convert-to", "xlsx",
             "--outdir", str(tmp_path / "xlsx"), *map(str, sources.values())],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        texts = {"allocate": {"path", "label"}, "plan": {"kind", "id", "label"}, "payments": {"path", "label"}}
        for name in sources:
            sheet = load((tmp_path / "xlsx" / f"{name}.xlsx").read_bytes()).active
            header, *rows = (list(row) for row in sheet.iter_rows())
            # The notes after the data: payments' says first why its instalments are not all equal.
            data = [row for row in rows if row[0].value != "#"]
            notes = rows[len(data) :]
            assert len(notes) == (2 if name == "payments" else 1) and all(row[0].value == "#" for row in notes)
            numbers = [i for i, cell in enumerate(header) if cell.value not in texts[name]]
            assert len(numbers) == len(header) - len(texts[name])
            for row in data:
                cells = [row[i] for i in numbers]
                assert all(cell.data_type == "n" and cell.value is not None for cell in cells), (name, row)
            for note in notes:
                assert all(cell.value is None for cell in note[2:]), name
            note = notes[-1]
            assert note[1].value.startswith("projected=1: Projekcija") and note[1].value.endswith("leto.")
            if name == "payments":
                assert notes[0][1].value.startswith("Obroki se razlikujejo za 1 EUR")


class TestCellsKeptWhole:
    @pytest.mark.parametrize("name", ["Društvo #1", 'Društvo #2, "A"; B'])
    def test_a_hash_comma_and_quote_in_a_name(self, tmp_path, write, name):
        """pandas' comment="#" ends an unquoted cell at a `#`: such a cell is quoted, and read back whole."""
        strategy = str(write(MINIMAL.replace("short: S", f"short: '{name}'")))
        for dialect in DIALECTS:
            path = written(tmp_path, "allocate", "2026", "-s", strategy, dialect=dialect)
            frame = read(path, dialect)
            assert list(frame["label"])[1] == name
            assert_whole_numbers(frame, ["level", "total", "a", "b"])
            assert [row.label for row in read_table(path).rows][1] == name
            plan = read(written(tmp_path, "plan", "-s", strategy, dialect=dialect), dialect)
            assert name in list(plan["label"])


class TestCheckReadsBothForms:
    """Files users already have, written by sofin before the `projected` column, read as the new form is."""

    SCENARIO = ("--rate", "2027=3.5", "--share", "komen=16.32", "--share", "divaca=15.35")
    FIXTURES = {  # each file's year and what-ifs, and the options that wrote it
        "allocate_2025.csv": (("--year", "2025"), ()),
        "allocate_2026.csv": (("--year", "2026"), ()),
        "allocate_2026_sl.csv": (("--year", "2026"), ("--dialect", "sl")),
        "allocate_2027_scenario.csv": (("--year", "2027", *SCENARIO), SCENARIO),
    }

    def new_form(self, tmp_path: Path, name: str) -> Path:
        year, options = self.FIXTURES[name][0][1], self.FIXTURES[name][1]
        path = tmp_path / name
        result = run("allocate", year, *options, "-f", "csv", "-o", str(path))
        assert result.exit_code == 0, result.output
        return path

    def test_the_fixtures_are_of_the_old_form(self):
        text = (OLD_CSV / "allocate_2026.csv").read_text(encoding="utf-8")
        assert text.startswith("level,path,label,total,") and "\nnote,," in text and "Stroški zaposlenih †," in text
        assert (OLD_CSV / "allocate_2026_sl.csv").read_bytes().startswith(b"\xef\xbb\xbflevel;path;label;total;")

    @pytest.mark.parametrize("name", FIXTURES)
    @pytest.mark.parametrize("against_the_strategy", [False, True])
    def test_the_same_report(self, tmp_path, name, against_the_strategy):
        old, new = OLD_CSV / name, self.new_form(tmp_path, name)
        options = self.FIXTURES[name][0] if against_the_strategy else ()
        reports = []
        for path in (old, new):
            result = run("check", str(path), *options, "-f", "json", "--lang", "en")
            report = json.loads(result.stdout)
            reports.append((result.exit_code, {**report, "file": None}))
        assert reports[0] == reports[1]
        # A scenario's table checked alone is read with the strategy's key, off which its figures are.
        off_key = name == "allocate_2027_scenario.csv" and not against_the_strategy
        assert reports[0][0] == (1 if off_key else 0) and bool(reports[0][1]["findings"]) == off_key
        markdown = [run("check", str(path), *options, "-f", "markdown").stdout for path in (old, new)]
        assert markdown[0].replace(str(old), "T") == markdown[1].replace(str(new), "T")

    @pytest.mark.parametrize("name", FIXTURES)
    def test_the_same_table(self, tmp_path, name):
        old, new = read_table(OLD_CSV / name), read_table(self.new_form(tmp_path, name))
        if name == "allocate_2025.csv":  # no mark anywhere: the old form does not say whether it is projected
            assert {row.projected for row in old.rows} == {None} and {row.projected for row in new.rows} == {False}
            assert (old.projected, new.projected) == (None, False)  # the table's, from its rows'
            rows = [row.model_copy(update={"projected": False}) for row in old.rows]
            old = old.model_copy(update={"rows": rows, "projected": False})
        assert old == new
        assert "†" not in "".join(row.label for row in new.rows)
        result = run("diff", str(OLD_CSV / name), str(tmp_path / name), "--exit-code")
        assert result.exit_code == 0, result.output

    def test_projected_rows_of_the_old_form(self):
        rows = read_table(OLD_CSV / "allocate_2026.csv").rows
        assert all(row.projected for row in rows) and rows[0].label == "Skupaj občine"


class TestReading:
    HEADER = "level,path,label,projected,total,a\n"

    def test_comment_lines_anywhere_a_row_may_start_but_not_inside_a_quoted_cell(self):
        text = self.HEADER + '# a note\n0,,"Skupaj\n# not a note",0,10,10\n#,"another"\n1,s,S,1,10,10\n# last\n'
        document = parse_csv(text, "t.csv")
        assert not document.problems
        assert isinstance(document.data, dict)
        assert [row["label"] for row in document.data["rows"]] == ["Skupaj\n# not a note", "S"]
        assert document.marks.values[("rows", 1, "total")] == (6, 9)  # the place counts every line
        frame = pd.read_csv(io.StringIO(text), comment="#")
        assert list(frame["label"]) == ["Skupaj\n# not a note", "S"]

    def test_a_projected_cell_that_is_neither_1_nor_0_is_located(self, write):
        path = write(self.HEADER + "0,,Skupaj,2,10,10\n", "t.csv")
        result = run("check", str(path), "--lang", "en")
        assert result.exit_code == 2
        assert f"{path}:2:11: rows[0].projected: must be 1 (projected) or 0 (not projected)" in result.stderr

    def test_an_empty_projected_cell_says_nothing(self, write):
        rows = read_table(write(self.HEADER + "0,,Skupaj,,10,10\n1,s,S,0,10,10\n", "t.csv")).rows
        assert [row.projected for row in rows] == [None, False]

    def test_a_header_of_neither_form(self, write):
        path = write("level,path,label,projected,a\n", "t.csv")
        result = run("check", str(path), "--lang", "en")
        assert result.exit_code == 2 and "the header must be level,path,label,projected,total" in result.stderr

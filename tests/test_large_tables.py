"""sofin reads whatever sofin writes: tables of the national size and past it (a JSON table read by
Python's json module, and by the located YAML path only when something in it is wrong), and a unit
however it was written."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sofin import limits
from sofin.problems import InputError
from sofin.published import PublishedTable, _valid_json_table, located_table, read_table
from sofin.source import json_data, parse

from .helpers import MINIMAL, ROOT, english_message, run
from .helpers.benchmarks import benchmark_strategy

TABLE = ROOT / "data" / "published" / "2025.json"
TABLE_TEXT = TABLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every Slovenian municipality, 100 societies of 9 lines: 1,001 rows x 212 payers = 212,212 figures."""
    path = tmp_path_factory.mktemp("national") / "s.yaml"
    path.write_text(benchmark_strategy(212, 100, 9), encoding="utf-8")
    return path


def reconciles(result: Any) -> None:
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert "tabela je usklajena" in first and "neskladij" not in first.replace("ni neskladij", ""), first


class TestTablesPastTheValueBound:
    def test_a_json_table_of_212212_figures_reconciles(self, national: Path, tmp_path: Path) -> None:
        table = tmp_path / "t.json"
        assert run("allocate", "2025", "-s", str(national), "-f", "json", "-o", str(table)).exit_code == 0
        document = json.loads(table.read_text(encoding="utf-8"))
        assert sum(len(row["allocation"]) for row in document["rows"]) == 212_212 > limits.MAX_VALUES
        reconciles(run("check", str(table), "-s", str(national)))  # the value bound refused it, with 697 errors

    def test_a_csv_table_of_212212_figures_reconciles(self, national: Path, tmp_path: Path) -> None:
        table = tmp_path / "t.csv"
        assert run("allocate", "2025", "-s", str(national), "-f", "csv", "-o", str(table)).exit_code == 0
        reconciles(run("check", str(table), "-s", str(national), "--year", "2025"))

    def test_a_faulty_table_of_more_values_is_located_not_refused_by_their_count(self, tmp_path: Path) -> None:
        """202 rows x 1,000 payers: a figure that is no number is found at its place."""
        text = synthetic_table(payers=1000, lines=200).replace('"total": "0"', '"total": "1x"', 1)
        path = tmp_path / "t.json"
        path.write_text(text, encoding="utf-8")
        result = run("check", str(path), "--lang", "en")
        assert result.exit_code == 2
        [problem] = result.stderr.splitlines()[:-1]
        line = text[: text.index('"1x"')].count("\n") + 1
        assert problem.startswith(f"{path}:{line}:")
        assert "rows[0].total: must be a decimal number such as 1234 or 1234.56, not '1x'" in problem

    def test_an_alias_that_repeats_a_list_bounds_a_table_as_a_strategy(self, tmp_path: Path) -> None:
        """A table is JSON: a YAML alias in one is counted as what it repeats, as in a strategy."""
        bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        bomb += "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 7))
        path = tmp_path / "t.json"
        path.write_text(bomb, encoding="utf-8")
        result = run("check", str(path), "--lang", "en")
        assert result.exit_code == 2 and "more than 200,000 values" in result.stderr

    def test_a_truncated_table_larger_than_a_strategy_is_located_by_libyaml(self, tmp_path: Path) -> None:
        """Past 16 MiB, a syntax error is worded by libyaml: PyYAML's parser took minutes to reach it
        (how long it takes is a benchmark's to say, not a test's)."""
        text = " " * limits.MAX_FILE_BYTES + TABLE_TEXT[: TABLE_TEXT.index('"Skupaj') + len('"Skupaj')]
        path = tmp_path / "t.json"
        path.write_text(text, encoding="utf-8")
        result = run("check", str(path), "--lang", "en")
        assert result.exit_code == 2
        line, column = text.count("\n") + 1, len(text.rsplit("\n", 1)[1]) + 1
        assert result.stderr.startswith(
            f"{path}:{line}:{column}: (document): YAML syntax: while scanning a quoted scalar found unexpected end of stream"
        )


def synthetic_table(payers: int, lines: int) -> str:
    """A table of one society with `lines` lines, every figure 0, written as sofin writes JSON."""
    ids = [f"p{i}" for i in range(payers)]
    share = f"{Decimal(100) / payers}"
    figures = {payer: "0" for payer in ids}
    paths = [[], ["s"], *(["s", f"l{n}"] for n in range(lines))]
    document = {
        "unit": "1",
        "payers": [{"id": payer, "share": share} for payer in ids],
        "rows": [{"path": path, "label": "", "total": "0", "allocation": figures} for path in paths],
    }
    return json.dumps(document, indent=2) + "\n"


class TestSizeBounds:
    @pytest.mark.parametrize(
        ("name", "bound", "what"),
        [("t.json", limits.MAX_TABLE_BYTES, "JSON tables"), ("t.csv", limits.MAX_CSV_BYTES, "CSV tables")],
    )
    def test_a_table_past_its_bound_is_refused_before_it_is_read(
        self, tmp_path: Path, name: str, bound: int, what: str
    ) -> None:
        path = tmp_path / name
        with path.open("wb") as file:
            file.truncate(bound + 1)  # sparse: no disk and no memory spent
        result = run("check", str(path), "--lang", "en")
        assert result.exit_code == 2
        assert (
            f"{path}: (document): larger than {bound // 2**20} MiB: sofin reads {what} up to that size" in result.stderr
        )

    def test_a_json_table_past_a_strategys_bound_is_read(self, tmp_path: Path) -> None:
        path = tmp_path / "t.json"
        path.write_text(TABLE_TEXT[:-2] + " " * (limits.MAX_FILE_BYTES + 1) + "}\n", encoding="utf-8")
        reconciles(run("check", str(path)))

    def test_a_strategy_keeps_its_bound(self, tmp_path: Path) -> None:
        path = tmp_path / "s.yaml"
        with path.open("wb") as file:
            file.truncate(limits.MAX_FILE_BYTES + 1)
        result = run("allocate", "2025", "-s", str(path), "--lang", "en")
        assert result.exit_code == 2
        assert "larger than 16 MiB: sofin reads strategies up to that size" in result.stderr

    def test_no_strategy_within_the_value_bound_has_as_many_rows_as_a_table_may(self) -> None:
        """A line is five values at least: 40,000 lines are more than a strategy may hold, so allocate
        writes fewer rows than MAX_ROWS."""
        lines = "".join(f"      - {{id: l{n}, label: L, kind: staff, amount: 1}}\n" for n in range(40_000))
        text = MINIMAL[: MINIMAL.index("    lines:\n") + len("    lines:\n")] + lines
        assert any("more than 200,000 values" in english_message(problem) for problem in parse(text, "s.yaml").problems)
        assert 40_000 < limits.MAX_ROWS


class TestUnitWrittenWithZeros:
    def strategy(self, tmp_path: Path, unit: str) -> Path:
        path = tmp_path / "s.yaml"
        path.write_text(MINIMAL.replace("unit: 1\n", f"unit: {unit}\n"), encoding="utf-8")
        return path

    @pytest.mark.parametrize(("written", "unit", "total"), [("1.000", "1", "1334"), ("0.010", "0.01", "1334.00")])
    def test_the_round_trip(self, tmp_path: Path, written: str, unit: str, total: str) -> None:
        """allocate writes the unit as sofin writes units; check and diff read the table back unchanged."""
        strategy = self.strategy(tmp_path, written)
        table = tmp_path / "t.json"
        assert run("allocate", "2025", "-s", str(strategy), "-f", "json", "-o", str(table)).exit_code == 0
        document = json.loads(table.read_text(encoding="utf-8"))
        assert (document["unit"], document["rows"][0]["total"]) == (unit, total)
        reconciles(run("check", str(table), "-s", str(strategy)))
        diff = run("diff", str(table), "2025", "-s", str(strategy), "--lang", "en")
        assert diff.exit_code == 0 and "No changes." in diff.stdout

    def test_an_older_table_that_writes_its_unit_with_three_decimals_has_no_thousands_points(
        self, tmp_path: Path
    ) -> None:
        """As sofin wrote it for `unit: 1.000`: "unit": "1.000" and every figure with three zero decimals."""
        strategy = self.strategy(tmp_path, "1.000")
        table = tmp_path / "t.json"
        table.write_text(written_in_thousandths(run("allocate", "2025", "-s", str(strategy), "-f", "json").stdout))
        reconciles(run("check", str(table), "-s", str(strategy)))
        diff = run("diff", str(table), "2025", "-s", str(strategy), "--lang", "en")
        assert diff.exit_code == 0 and "No changes." in diff.stdout

    def test_a_table_of_unit_1_still_says_a_point_may_separate_thousands(self, tmp_path: Path) -> None:
        table = tmp_path / "t.json"
        text = written_in_thousandths(
            run("allocate", "2025", "-s", str(self.strategy(tmp_path, "1")), "-f", "json").stdout
        )
        table.write_text(text.replace('"unit": "1.000"', '"unit": "1"'), encoding="utf-8")
        result = run("check", str(table), "-f", "json")
        assert result.exit_code == 1
        assert {finding["kind"] for finding in json.loads(result.stdout)["findings"]} == {"thousands"}

    def test_an_amount_with_three_decimals_is_refused_under_unit_1000_too(self, tmp_path: Path) -> None:
        """1.000 is a thousand to a Slovenian reader: not silently 1, whatever zeros the unit has."""
        path = tmp_path / "s.yaml"
        text = MINIMAL.replace("unit: 1\n", "unit: 1.000\n").replace("amount: 333}", "amount: 333.000}")
        path.write_text(text, encoding="utf-8")
        result = run("allocate", "2025", "-s", str(path), "--lang", "en")
        assert result.exit_code == 2
        line = text.splitlines().index(next(x for x in text.splitlines() if "333.000" in x)) + 1
        assert result.stderr.startswith(
            f"{path}:{line}:86: societies[0].lines[1].amount: "
            "333.000 is written with 3 decimals; amounts in units of 1 have 0 (for 333000, write that)"
        )


def written_in_thousandths(table_json: str) -> str:
    """A whole-euro JSON table as sofin wrote it for a unit written 1.000."""
    document = json.loads(table_json)
    document["unit"] = "1.000"
    for row in document["rows"]:
        row["total"] += ".000"
        row["allocation"] = {payer: figure + ".000" for payer, figure in row["allocation"].items()}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class TestQuickAndLocatedAgree:
    @pytest.mark.parametrize(
        "command",
        [
            ("allocate", "2025", "-f", "json"),
            ("allocate", "2027", "-f", "json", "--fair"),
            ("allocate", "2028", "-f", "json", "--share", "sezana=50.77", "--share", "komen=15.33", "--rate", "2028=3"),
        ],
        ids=["2025", "fair", "scenario"],
    )
    def test_a_valid_table_is_the_same_table_either_way(self, command: tuple[str, ...]) -> None:
        text = run(*command).stdout
        quick = _valid_json_table(text, whole_units=True)
        assert quick is not None
        assert quick == located_table(text, "t.json", is_json=True, whole_units=True)

    def test_a_table_under_unit_1000_is_the_same_table_either_way(self) -> None:
        text = written_in_thousandths(TABLE_TEXT)
        quick = _valid_json_table(text, whole_units=False)
        assert quick is not None and quick.unit_written_in_thousandths
        assert quick == located_table(text, "t.json", is_json=True)

    @pytest.mark.parametrize(
        ("old", "new", "where"),
        [
            ('"total": "194630"', '"total": "194630",,', "33:25"),  # a JSON syntax error
            ('"total": "194630"', '"total": "194630", "total": "1"', "33:26"),  # a key given twice
            ('"total": "194630"', '"total": NaN', "33:16"),
            ('"total": "194630"', '"total": 1.9463e5', "33:16"),
            ('"total": "194630"', '"total": 1' + "0" * 40, "33:16"),
            ('"total": "194630"', '"total": "1 94630"', "33:16"),
            ('"label": "Skupaj občine"', '"label": "Skupaj\\u0007"', "32:16"),
            ('"label": "Skupaj občine"', '"label": "Skupaj \\ud83d\\ude00"', "32:16"),
            ('"total": "194630"', '"total": "194630", "note": 1', "33:26"),
            ('"sezana": "98833"', '"sezana": "98833.5"', "35:19"),  # off the grid: diff refuses it
            ('"path": []', '"path": ' + "[" * 60 + "]" * 60, "31:16"),  # json reads it; validation refuses it
            ('"path": []', '"path": ' + "[" * 100_000 + "]" * 100_000, "1:1"),  # past Python's recursion limit
        ],
    )
    def test_a_faulty_table_gets_the_located_problems(self, tmp_path: Path, old: str, new: str, where: str) -> None:
        assert old in TABLE_TEXT
        text = TABLE_TEXT.replace(old, new, 1)
        path = tmp_path / "t.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as read:
            read_table(path, whole_units=True)
        with pytest.raises(InputError) as located:
            located_table(text, str(path), is_json=True, whole_units=True)
        assert read.value.problems == located.value.problems
        assert f"{read.value.problems[0].line}:{read.value.problems[0].column}" == where

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def test_any_change_to_a_table_is_read_as_the_located_path_reads_it(self, data: st.DataObject) -> None:
        """Whatever a few changes make of the shipped table, reading it gives the located path's table
        or its problems; only JSON PyYAML cannot compose (a key and its colon on two lines) is read
        where the located path stops at a YAML syntax error."""
        text = TABLE_TEXT
        for _ in range(data.draw(st.integers(1, 3))):
            at = data.draw(st.integers(0, len(text)))
            cut = data.draw(st.integers(0, 3))
            text = text[:at] + data.draw(st.sampled_from(PIECES)) + text[at + cut :]
        assert_read_as_located(text)


PIECES = [
    "", ",", "}", "]", "{", "[", '"', ":", "\\", "\n", "\t", " ", "1", "0", "-", ".5", "e3", "E+3", "NaN", "Infinity",
    "true", "null", '"x"', '"total": "1", ', "\\u0000", "\\ud83d\\ude00", "\\u202e", "\x85", "\u2028", "\x7f",
    "\ufeff", "é", "&a ", "*a", "# c", "1" * 41,
]  # fmt: skip


def assert_read_as_located(text: str) -> None:
    def outcome(read: Any) -> PublishedTable | tuple[Any, ...]:
        try:
            return read()  # type: ignore[no-any-return]
        except InputError as error:
            return error.problems

    quick = _valid_json_table(text, whole_units=False)
    located = outcome(lambda: located_table(text, "t.json", is_json=True))
    if quick is None:
        return  # read_table then reads it by the located path itself
    if isinstance(located, tuple):
        assert [english_message(problem).startswith("YAML syntax: ") for problem in located] == [True], located
        return
    assert quick == located


# A JSON value: texts and numbers of every kind sofin meets, and some it must refuse.
TEXTS = st.text(
    st.one_of(st.characters(codec="utf-8"), st.sampled_from('\x85\u2028\u2029\ufeff\u202e\x7f\x00\t"\\/')),
    max_size=6,
)
NUMBER_TOKENS = st.one_of(
    st.integers(-(10**45), 10**45).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["1e3", "1E+3", "-0", "0.0", "1.50", "-0.000", "NaN", "Infinity", "-Infinity", "1" * 41]),
)
SPACE = st.sampled_from(["", " ", "\n", "\r\n", "\t", "  \n  "])


@st.composite
def json_texts(draw: st.DrawFn, depth: int = 0) -> str:
    """JSON text of one value, with duplicate keys now and then, escapes or not, any whitespace."""
    kind = draw(st.sampled_from(["text", "number", "constant", "list", "object"] if depth < 3 else ["text", "number"]))
    if kind == "text":
        return json.dumps(draw(TEXTS), ensure_ascii=draw(st.booleans()))
    if kind == "number":
        return draw(NUMBER_TOKENS)
    if kind == "constant":
        return draw(st.sampled_from(["true", "false", "null"]))
    space = draw(SPACE)
    items = draw(st.lists(json_texts(depth + 1), max_size=3))
    if kind == "list":
        return "[" + space + ("," + space).join(items) + space + "]"
    keys = draw(st.lists(TEXTS, min_size=len(items), max_size=len(items)))
    pairs = [json.dumps(key, ensure_ascii=draw(st.booleans())) + ":" + space + item for key, item in zip(keys, items)]
    return "{" + space + ("," + space).join(pairs) + space + "}"


def exactly(value: Any) -> Any:
    """A value with its type and, for a Decimal, its digits as written: 1.50 is not 1.5, True not 1."""
    if isinstance(value, dict):
        return {key: exactly(item) for key, item in value.items()}
    if isinstance(value, list):
        return [exactly(item) for item in value]
    return (type(value).__name__, str(value))


class TestJsonDataIsTheComposersData:
    @settings(max_examples=400, deadline=None)
    @given(json_texts())
    @example('{"a": 1.50, "b": -0, "c": [true, null, "x\\/y"]}')
    @example('{"a": "x\x85y"}')
    @example('{"a": "\\ud83d\\ude00"}')
    @example('{"a": 1, "a": 2}')
    def test_the_same_data_or_none(self, text: str) -> None:
        """Where json_data reads a text, parse reads the same data from it and finds nothing wrong."""
        data = json_data(text)
        if data is None:
            return
        document = parse(text, "t.json", bound_every_value=False)
        assert document.problems == ()
        assert exactly(document.data) == exactly(data)


class TestAllocateWritesWhatCheckReads:
    """The other half of the promise: no JSON or CSV table is written that check and diff would refuse."""

    @pytest.mark.parametrize(("output_format", "bound"), [("json", "MAX_TABLE_BYTES"), ("csv", "MAX_CSV_BYTES")])
    def test_a_table_past_what_check_reads_is_not_written(self, tmp_path, monkeypatch, output_format, bound):
        target = tmp_path / f"t.{output_format}"
        assert run("allocate", "2025", "-f", output_format, "-o", str(target)).exit_code == 0
        size = target.stat().st_size
        target.unlink()
        monkeypatch.setattr(limits, bound, size - 1)  # one byte short of the table
        result = run("allocate", "2025", "-f", output_format, "-o", str(target), "--lang", "en")
        assert result.exit_code == 2 and not target.exists()
        assert f"sofin check and diff read {output_format} tables up to" in result.stderr
        monkeypatch.setattr(limits, bound, size)  # exactly the table: written, and read back
        assert run("allocate", "2025", "-f", output_format, "-o", str(target)).exit_code == 0
        assert run("check", str(target)).exit_code == 0

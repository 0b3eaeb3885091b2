"""Hostile input: what a user with bad luck or bad intent may give is refused with a located message,
exit 2 and no traceback, and nothing is misread in silence."""

from __future__ import annotations

import json
import re

import pytest

from .helpers import MINIMAL, ROOT, run


def replaced(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def assert_refused(result, path, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    messages = result.stderr.splitlines()[:-1]
    assert messages and all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line) for line in messages), messages
    assert any(fragment in line for line in messages), messages


# Numbers YAML 1.1 reads in another base, or with separators: money would be wrong without a word.
NOT_DECIMAL = ["0333", "5:33", "0x14D", "0b101", "1_001", "1:00:01", "00.5", "0333.0", "1_0.5", "+0333", ".5"]
# What YAML 1.1 takes as text is refused as text.
TEXT = ["0o515", "1.5e3", "333 EUR"]


@pytest.mark.parametrize("written", NOT_DECIMAL)
def test_numbers_are_decimal_digits_only(write, written):
    path = write(replaced("amount: 333}", f"amount: {written}}}"))
    assert_refused(run("allocate", "2025", "-s", str(path)), path, "in decimal digits")


@pytest.mark.parametrize("written", TEXT)
def test_numbers_written_as_text_are_refused(write, written):
    path = write(replaced("amount: 333}", f"amount: {written}}}"))
    assert_refused(run("allocate", "2025", "-s", str(path)), path, "must be a number")


@pytest.mark.parametrize("where", ["amount: 333}", "share: 60.5}"])
def test_numbers_of_thousands_of_digits_are_refused_not_converted(write, where):
    """Python refuses to convert an int of over 4,300 digits (a ValueError): sofin stops far earlier."""
    path = write(replaced(where, where.split(":")[0] + ": " + "9" * 5000 + "}"))
    assert_refused(run("allocate", "2025", "-s", str(path)), path, "digits")


def test_a_long_number_in_an_unknown_field_is_refused_too(write):
    path = write(MINIMAL + "note: " + "1" * 5000 + "\n")
    assert_refused(run("allocate", "2025", "-s", str(path)), path, "digits")


def test_a_folder_named_like_a_year_is_no_table(tmp_path, monkeypatch):
    """`diff 2025 2026` compares years even where a folder is named 2025."""
    (tmp_path / "2025").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run("diff", "2025", "2026")
    assert result.exit_code == 0, result.output
    assert "2025 → 2026" in result.stdout


def test_a_file_past_the_size_bound_is_refused_before_it_is_parsed(tmp_path):
    """A 17 MiB strategy (330,000 societies would be 44 MB) is one line and exit 2, not minutes of parsing."""
    path = tmp_path / "huge.yaml"
    path.write_text(MINIMAL + "# " + "x" * (17 * 2**20) + "\n", encoding="utf-8")
    result = run("allocate", "2025", "-s", str(path))
    assert result.exit_code == 2 and "larger than 16 MiB" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


TABLE = ROOT / "data" / "published" / "2025.json"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["rows"][0].update(total="1" + "0" * 30),
        lambda d: d["rows"][0]["allocation"].update(sezana="1" + "0" * 30),
        lambda d: d["rows"][1]["allocation"].update(komen="-" + "9" * 20),
    ],
    ids=["a total of 10^30", "a figure of 10^30", "a figure of -10^20"],
)
@pytest.mark.parametrize("command", ["check", "diff"])
def test_table_figures_past_the_bound_are_located(tmp_path, change, command):
    document = json.loads(TABLE.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "table.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    args = ("check", str(path)) if command == "check" else ("diff", str(path), "2025")
    assert_refused(run(*args), path, "beyond what sofin reads")


@pytest.mark.parametrize("cell", ["a" * 200_000, "a" * 10_001], ids=["past the csv module's limit", "past sofin's"])
def test_an_overlong_csv_cell_is_located(tmp_path, cell):
    path = tmp_path / "table.csv"
    path.write_text(f"level,path,label,total,a\n0,,{cell},1,1\n", encoding="utf-8")
    assert_refused(run("check", str(path)), path, "a cell of over 10,000 characters")


def test_a_key_off_100_past_28_digits_is_refused(write):
    """50.780000000000000000000000000001 would sum to 100 at Decimal's default 28 digits: a share has at
    most 10 decimals, so every sum of shares is exact."""
    path = write(replaced("share: 60.5}", "share: 60.500000000000000000000000000001}"))
    assert_refused(run("allocate", "2025", "-s", str(path)), path, "a share has at most 10")


def test_a_table_whose_key_is_off_by_a_hair_is_refused_not_passed(tmp_path):
    document = json.loads(TABLE.read_text(encoding="utf-8"))
    document["payers"][0]["share"] = "50.780000000000000000000000000001"
    path = tmp_path / "table.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert_refused(run("check", str(path)), path, "a share has at most 10")

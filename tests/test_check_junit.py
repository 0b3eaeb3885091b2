"""Issue 25 item 3: `sofin check FILE --format junit -o report.xml`, the JUnit XML GitLab, Jenkins and Azure show.

The structure they read: `testsuites` and `testsuite` with counts equal to the test cases and failures they
hold, each `testcase` with `classname` and `name`, each `failure` with `message` (and `type`)."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sofin.cli import app
from sofin.pipeline import check_table
from sofin.render import CheckFormat
from sofin.render.check import render_check
from sofin.words import Language

from .helpers import ROOT, assert_golden

SECTION4 = ROOT / "data" / "published" / "strategija_2025_section4.csv"  # the printed table: 12 sums wrong

runner = CliRunner()


def sofin(*args: str):
    return runner.invoke(app, list(args))


def junit(path: Path, *args: str) -> tuple[int, ElementTree.Element, bytes]:
    """check's JUnit report of `path`, written by -o: the exit code, the parsed document and its bytes."""
    report = path.parent / f"{path.stem}-report.xml"
    result = sofin("check", str(path), "--format", "junit", "-o", str(report), *args)
    assert result.exit_code in (0, 1), result.output
    data = report.read_bytes()
    return result.exit_code, ElementTree.fromstring(data), data


def assert_the_structure_ci_reads(root: ElementTree.Element) -> None:
    """What GitLab's and Jenkins' JUnit parsers read, and counts that agree with what is there."""
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert suites
    for element, cases in [(root, root.findall("testsuite/testcase")), *((s, s.findall("testcase")) for s in suites)]:
        assert int(element.get("tests", "-1")) == len(cases) > 0
        assert int(element.get("failures", "-1")) == sum(len(case.findall("failure")) for case in cases)
        assert element.get("errors") == "0"
    for suite in suites:
        assert suite.get("name")
        keys = set()
        for case in suite.findall("testcase"):
            assert case.get("classname") and case.get("name")
            keys.add((case.get("classname"), case.get("name")))
            assert len(case.findall("failure")) <= 1  # one failure a test case: what the UIs show
            for failure in case.findall("failure"):
                assert failure.get("message") and failure.get("type") and failure.text
        # GitLab keys test cases by classname and name and shows only the first of those that share both.
        assert len(keys) == len(suite.findall("testcase"))


def failures(root: ElementTree.Element) -> list[ElementTree.Element]:
    return root.findall("testsuite/testcase/failure")


@pytest.fixture
def sofins_table(tmp_path: Path) -> Path:
    """The shipped strategy's table of 2025, as sofin writes it: it reconciles."""
    table = tmp_path / "2025.csv"
    result = sofin("allocate", "2025", "-o", str(table))
    assert result.exit_code == 0, result.output
    return table


class TestStructure:
    def test_a_reconciling_table_gives_test_cases_that_all_pass(self, sofins_table):
        code, root, _ = junit(sofins_table)
        assert code == 0
        assert_the_structure_ci_reads(root)
        assert failures(root) == []
        assert root.get("failures") == "0" and int(root.get("tests", "0")) >= 7  # a test case per rule
        names = {case.get("name") for case in root.iter("testcase")}
        assert {"row_sum", "parent_sum", "off_key", "off_grid", "key_sum"} <= names

    def test_an_edited_figure_fails_naming_it(self, sofins_table):
        """Komen's staff figure of vezi raised by 1000: its row and the sums above it no longer add up."""
        lines = sofins_table.read_text(encoding="utf-8").splitlines(keepends=True)
        header = lines[0].rstrip("\n").split(",")
        at = next(i for i, line in enumerate(lines) if line.split(",")[1] == "vezi/staff")
        cells = lines[at].rstrip("\n").split(",")
        column = header.index("komen")
        edited = str(int(cells[column]) + 1000)
        cells[column] = edited
        lines[at] = ",".join(cells) + "\n"
        sofins_table.write_text("".join(lines), encoding="utf-8")
        code, root, _ = junit(sofins_table, "--lang", "en")
        assert code == 1
        assert_the_structure_ci_reads(root)
        found = failures(root)
        assert {failure.get("type") for failure in found} >= {"row_sum", "parent_sum"}
        messages = [failure.get("message", "") for failure in found]
        assert any("vezi/staff" in message for message in messages)
        assert any("Komen" in message and "vezi" in message for message in messages)  # the payer by name
        assert all(message.startswith(f"{sofins_table}") for message in messages)  # the file first
        assert any(edited in (failure.text or "").replace(",", "") for failure in found)  # the figure itself
        failing = [case for case in root.iter("testcase") if case.find("failure") is not None]
        assert {case.get("classname") for case in failing} >= {f"{sofins_table}.row_sum"}
        assert "row_sum" not in {case.get("name") for case in root.iter("testcase")}  # no passing row_sum too

    def test_compared_with_sofins_allocation_the_rules_against_it_are_test_cases(self, sofins_table):
        _, root, _ = junit(sofins_table, "--year", "2025")
        assert_the_structure_ci_reads(root)
        assert {"differs", "missing_row", "extra_row", "stamp"} <= {case.get("name") for case in root.iter("testcase")}


class TestSeveralTables:
    def test_several_reports_are_one_document_a_suite_each(self, sofins_table):
        """As pre-commit passes several files (item 4): one document, its counts the sums of its suites'."""
        from sofin.render.check.junit import render_junit

        reports = [check_table(SECTION4, None, None), check_table(sofins_table, None, None)]
        root = ElementTree.fromstring(render_junit(reports, Language("en")))
        assert_the_structure_ci_reads(root)
        assert [suite.get("name") for suite in root.findall("testsuite")] == [str(SECTION4), str(sofins_table)]
        assert root.get("failures") == "12"
        keys = [(case.get("classname"), case.get("name")) for case in root.iter("testcase")]
        assert len(set(keys)) == len(keys)  # no test case of one table hides another's in GitLab


class TestLocation:
    def test_a_finding_with_its_line_and_column_is_located_there(self):
        """Findings that carry their figure's place (issue 25 item 1) give FILE:LINE:COL, as compilers do."""
        report = check_table(SECTION4, None, None)
        placed = tuple(dataclasses.replace(f, line=7, column=12 + i) for i, f in enumerate(report.findings))
        data = render_check(dataclasses.replace(report, findings=placed), CheckFormat.junit, Language("en"))
        assert isinstance(data, bytes)
        root = ElementTree.fromstring(data)
        assert_the_structure_ci_reads(root)
        messages = [failure.get("message", "") for failure in failures(root)]
        places = {message.split(": ", 1)[0] for message in messages}
        assert places == {f"{SECTION4}:7:{12 + i}" for i in range(len(placed))}
        named = [case.get("name", "") for case in root.iter("testcase") if case.find("failure") is not None]
        assert all(re.search(r" \(line 7, column \d+\)$", name) for name in named)

    def test_characters_xml_cannot_hold_are_replaced(self):
        report = check_table(SECTION4, None, None)
        data = render_check(dataclasses.replace(report, file="a\x01b.csv"), CheckFormat.junit, Language("en"))
        assert isinstance(data, bytes)
        assert ElementTree.fromstring(data).find("testsuite").get("name") == "a\N{REPLACEMENT CHARACTER}b.csv"


class TestBytes:
    def test_the_same_input_gives_the_same_bytes(self, tmp_path, monkeypatch):
        first = sofin("check", str(SECTION4), "--format", "junit")
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # no date in the report, whatever the environment says
        second = sofin("check", str(SECTION4), "--format", "junit")
        assert first.exit_code == second.exit_code == 1
        assert first.stdout_bytes == second.stdout_bytes
        assert b"timestamp" not in first.stdout_bytes and b"hostname" not in first.stdout_bytes

    def test_golden_report_of_the_printed_table(self, monkeypatch):
        monkeypatch.chdir(ROOT)
        result = sofin("check", str(SECTION4.relative_to(ROOT)), "--format", "junit")
        assert result.exit_code == 1
        assert_golden("check_section4_junit.xml", result.stdout)


class TestTheFileNameSaysJunit:
    def test_xml_writes_junit_without_format(self, tmp_path):
        target = tmp_path / "report.XML"
        result = sofin("check", str(SECTION4), "-o", str(target))
        assert result.exit_code == 1
        assert_the_structure_ci_reads(ElementTree.fromstring(target.read_bytes()))

    @pytest.mark.parametrize(
        "args", [("check", str(SECTION4), "--format", "json"), ("allocate", "2025"), ("diff", "2025", "2026")]
    )
    def test_xml_is_refused_where_junit_is_not_written(self, tmp_path, args):
        target = tmp_path / "out.xml"
        result = sofin(*args, "-o", str(target))
        assert result.exit_code == 2
        assert "junit" in result.output and not target.exists()

"""`sofin check --format junit`: JUnit XML, the test report GitLab, Jenkins and Azure Pipelines show (issue 25 item 3).

A table is a `testsuite`; each rule check holds it to (a kind of finding) is a test case named after the rule,
which passes when the rule finds nothing. A rule that finds something is instead a failing test case a
finding, named by where the figure is, with one `failure` each: GitLab keys test cases by classname and
name and shows the first of several with the same, and the common JUnit schemas allow one failure a test
case, so ten findings under one test case would show as one. `classname` is the table and the rule
(`2025.csv.row_sum`): Jenkins reads its last dot as package and class, the table and the rule.

The bytes depend on the report and the language alone: no time, no host, no timestamp.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from typing import TYPE_CHECKING

from sofin.render.check.wording import Checked, checked, figure, found, meaning, payer_name, row_name, sentence
from sofin.results.check import AGAINST_SOFIN_KINDS, FindingKind
from sofin.words import DEFAULT, Language, catalogue

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sofin.results.check import Finding, Report

SUITES_NAME = "sofin check"
# What XML 1.0 cannot hold even escaped (a control character in a label or a file's name): ElementTree would
# write it, and every CI's parser refuse the whole report.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(reports: Sequence[Report], lang: Language = DEFAULT) -> bytes:
    """One JUnit document of the reports, a `testsuite` a table: several files checked at once (item 4) are
    one document, which a CI reads whole, where reports written one after another would not parse."""
    suites = ElementTree.Element("testsuites", name=SUITES_NAME)
    for report in reports:
        suites.append(_suite(checked(report, lang)))
    _count(suites, suites.findall("testsuite/testcase"))
    ElementTree.indent(suites)
    document: bytes = ElementTree.tostring(suites, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def rules(checked: Checked) -> list[FindingKind]:
    """The rules the table was held to: every rule of its own; those against sofin's only when compared."""
    return [kind for kind in FindingKind if checked.report.compared or kind not in AGAINST_SOFIN_KINDS]


def _suite(checked: Checked) -> ElementTree.Element:
    report = checked.report
    file = _legal(report.file)
    suite = ElementTree.Element("testsuite", name=file)
    for kind in rules(checked):
        classname = f"{file}.{kind}"
        found = [finding for finding in report.findings if finding.kind is kind]
        if not found:
            ElementTree.SubElement(suite, "testcase", classname=classname, name=kind.value)
        for finding in found:
            name, message = _legal(_where(checked, finding)), _legal(_message(checked, finding))
            case = ElementTree.SubElement(suite, "testcase", classname=classname, name=name)
            failure = ElementTree.SubElement(case, "failure", message=message, type=kind.value)
            failure.text = _legal(_details(checked, finding))
    _count(suite, suite.findall("testcase"))
    return suite


def _legal(text: str) -> str:
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", text)


def _count(element: ElementTree.Element, cases: list[ElementTree.Element]) -> None:
    """The counts GitLab and Jenkins read, equal to the test cases and failures the element holds."""
    failures = sum(case.find("failure") is not None for case in cases)
    element.attrib.update(tests=str(len(cases)), failures=str(failures), errors="0", skipped="0")


def _where(checked: Checked, finding: Finding) -> str:
    """The figure's row and municipality, and its line and column in the file when known (issue 25 item 1);
    unique within the rule, so that no UI hides one finding behind another of the same name."""
    place = row_name(checked, finding)
    payer = payer_name(checked, finding.payer)
    named = f"{place}, {payer}" if payer else place
    return f"{named} ({_position(checked, finding)})" if finding.line is not None else named


def _position(checked: Checked, finding: Finding) -> str:
    words = catalogue(checked.lang).check
    if finding.column is None:
        return words.junit_line.format(line=finding.line)
    return words.junit_at.format(line=finding.line, column=finding.column)


def _message(checked: Checked, finding: Finding) -> str:
    """FILE:LINE:COL: the sentence, as the compilers' messages CI tools link; FILE: row, municipality before it."""
    file = checked.report.file
    if finding.line is not None:  # the row named too: GitLab shows the message without the case's name
        payer = payer_name(checked, finding.payer)
        named = f"{row_name(checked, finding)}, {payer}" if payer else row_name(checked, finding)
        place = f"{file}:{finding.line}" + ("" if finding.column is None else f":{finding.column}") + f": {named}"
    else:
        place = f"{file}: {_where(checked, finding)}"
    return f"{place}: {sentence(checked, finding)}"


def _details(checked: Checked, finding: Finding) -> str:
    """The failure's text, which GitLab shows where it ignores `message`: the finding as the table report's row."""
    headers = checked.words.sofin_headers if finding.kind in AGAINST_SOFIN_KINDS else checked.words.headers
    cells = (
        row_name(checked, finding),
        payer_name(checked, finding.payer),
        meaning(checked, finding),
        figure(checked, finding.expected),
        found(checked, finding),
    )
    lines = [_message(checked, finding)]
    lines += [f"{header}: {cell}" for header, cell in zip(headers, cells) if cell]
    return "\n".join(lines)

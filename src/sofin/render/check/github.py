"""`sofin check --format github` (issue 25 item 2): GitHub Actions workflow commands."""

from __future__ import annotations

from sofin.render.check.wording import Checked, payer_name, row_name, sentence, summary


def render_github(checked: Checked) -> str:
    """Issue 25 item 2: GitHub Actions workflow commands, an ::error at each finding's figure and a ::notice
    with the summary. The file, line and column are properties; the message is the report's sentence."""
    lines = []
    for finding in checked.report.findings:
        properties = [f"file={_property(checked.report.file)}"]
        if finding.line is not None:
            properties += [f"line={finding.line}", f"col={finding.column}"]
        payer = f", {payer_name(checked, finding.payer)}" if finding.payer else ""
        message = f"{row_name(checked, finding)}{payer}: {sentence(checked, finding)}"
        lines.append(f"::error {','.join(properties)}::{_data(message)}")
    lines.append(f"::notice file={_property(checked.report.file)}::{_data(summary(checked))}")
    return "\n".join(lines) + "\n"


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (command.ts, escapeData): a line break
    would end the command, and `%` starts an escape."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property (the file): `:` and `,` would end it too (escapeProperty)."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")

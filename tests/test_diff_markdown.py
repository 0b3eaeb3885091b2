"""Issue 25, item 6: `sofin diff … --format markdown`, for a review comment: the text format's content, as a
Markdown table. Both formats are read back here and compared, figure by figure and cause by cause."""

from __future__ import annotations

import re

import pytest

from .helpers import MINIMAL, STRATEGY_2025, UPRAVA, assert_golden, run

NEW_LINE = "      - {id: extra, label: Nova vrstica, kind: programme, amount: 100}\n"

SEPARATOR = re.compile(r"(?<!\\)\|")  # a cell ends at a `|` that is not escaped
HEADER_CELLS = 6  # row, municipality, before, after, change, causes


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def md_cells(line: str) -> list[str]:
    """A Markdown table line's cells, unescaped (`\\|` is a `|` within a cell)."""
    assert line.startswith("|") and line.endswith("|"), line
    return [cell.strip().replace("\\|", "|").replace("\\*", "*") for cell in SEPARATOR.split(line[1:-1])]


Figures = dict[tuple[str, str], tuple[str, ...]]  # (row, municipality or the total's word) -> before, after, change


def from_markdown(text: str) -> tuple[Figures, dict[str, str], list[str]]:
    """The table's figures and each row's causes, and the lines around the table (the heading without its `## `)."""
    lines = text.splitlines()
    rows = [index for index, line in enumerate(lines) if line.startswith("|")]
    table = [md_cells(lines[index]) for index in rows]
    assert not table or table[1] == ["---", "---", "---:", "---:", "---:", "---"]  # figures right-aligned
    figures: Figures = {}
    causes: dict[str, str] = {}
    row = ""
    for cells in table[2:]:  # after the header and the alignment line
        assert len(cells) == HEADER_CELLS, cells
        name, payer, before, after, change, cause = cells
        if name:
            row, causes[name] = name, cause
        figures[row, payer] = (before, after, change)
    around = [
        line.removeprefix("## ").removeprefix("- ") for index, line in enumerate(lines) if index not in rows and line
    ]
    return figures, causes, around


def from_text(text: str) -> tuple[Figures, dict[str, str], list[str]]:
    """The same, read from the terminal table: a row's name at two spaces, its figures at four (3 spaces or more
    between the cells), `Vzrok: …` with its continuations; the lines around the table joined as sentences."""
    lines = text.splitlines()
    rule = next((index for index, line in enumerate(lines) if line.startswith(" ─")), None)
    if rule is None:
        return {}, {}, [line for line in lines if line]
    end = lines.index("", len(lines) - 1 - lines[::-1].index(""))  # the blank line before the unchanged count
    figures: Figures = {}
    causes: dict[str, list[str]] = {}
    row = ""
    for line in lines[rule + 1 : end]:
        if not line:
            continue
        if not line.startswith("    "):
            row = line.strip()
        elif line.startswith("      "):
            causes[row].append(line.strip())
        elif line.strip().startswith(("Vzrok: ", "Cause: ")):
            causes[row] = [line.strip().split(": ", 1)[1]]
        else:
            payer, before, after, change = re.split(r" {3,}", line.strip())
            figures[row, payer] = (before, after, change)
    sentences = " ".join(line.strip() for line in [*lines[: rule - 2], *lines[end:]] if line)
    return figures, {row: " ".join(parts) for row, parts in causes.items()}, [sentences]


def assert_same_content(text: str, markdown: str) -> None:
    """Every changed figure and cause of the text is in the Markdown, and nothing else; the sentences too."""
    text_figures, text_causes, text_around = from_text(text)
    md_figures, md_causes, md_around = from_markdown(markdown)
    assert md_figures == text_figures
    assert md_causes == text_causes
    assert " ".join(md_around) == " ".join(text_around)


def both(*args: str) -> tuple[str, str]:
    return ok("diff", *args), ok("diff", *args, "--format", "markdown")


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_two_years_of_the_shipped_strategy(lang):
    text, markdown = both("2025", "2026", "--lang", lang)
    assert_golden(f"diff_2025_2026_{lang}.md", markdown)
    assert_same_content(text, markdown)
    figures, causes, _ = from_markdown(markdown)
    assert len(causes) == 13 and len(figures) == 13 * 5  # every row changed: its total and four municipalities
    heading = markdown.splitlines()[0]
    assert heading == {"sl": "## Primerjava 2025 → 2026", "en": "## Comparison 2025 → 2026"}[lang]
    number = {"sl": "| 194.630 | 198.521† | +3.891 |", "en": "| 194,630 | 198,521† | +3,891 |"}[lang]
    assert number in markdown


def test_no_changes():
    text, markdown = both("2025", "2025")
    assert_golden("diff_no_change_sl.md", markdown)
    assert_same_content(text, markdown)
    assert "|" not in markdown and "Ni sprememb." in markdown


def test_an_edited_table_says_where_it_does_not_reconcile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("allocate", "2025", "-f", "csv", "-o", "2025.csv").exit_code == 0
    published = (tmp_path / "2025.csv").read_text(encoding="utf-8")
    line = next(line for line in published.splitlines() if line.startswith("2,vezi/staff,"))
    (tmp_path / "edited.csv").write_text(published.replace(line, line.replace(",7679,", ",7697,")), encoding="utf-8")
    for lang in ("sl", "en"):
        text, markdown = both("2025.csv", "edited.csv", "--lang", lang)
        assert_same_content(text, markdown)
        assert "\n- Društvo VEZI / Stroški zaposlenih: " in markdown  # each place as an item of a list
        figures, _, _ = from_markdown(markdown)
        assert ("Društvo VEZI / Stroški zaposlenih", "Občina Divača") in figures


def test_a_key_what_if(write):
    """A key changed by --key: a banner, the keys' head, causes that name the key."""
    for lang in ("sl", "en"):
        args = ("-s", str(UPRAVA), "--key", "obseg-dela:sezana=70", "--key", "obseg-dela:komen=30", "--lang", lang)
        text, markdown = both("2025", "2025", *args)
        assert_same_content(text, markdown)
        assert "obseg-dela" in from_markdown(markdown)[2][1]  # the banner, after the heading


def test_added_row_key_change_and_adopted_amount(write, tmp_path):
    """Tables read back: the payers' shares changed, a line added (its figures missing before), an amount adopted."""
    strategy = STRATEGY_2025.read_text(encoding="utf-8").replace("share: 50.78", "share: 50.77")
    strategy = (
        strategy.replace("share: 15.32", "share: 15.33") + NEW_LINE + "adopted:\n  2026:\n    vezi/staff: 48210\n"
    )
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    assert run("allocate", "2026", "-f", "json", "-o", str(before)).exit_code == 0
    assert run("allocate", "2026", "-s", str(write(strategy)), "-f", "json", "-o", str(after)).exit_code == 0
    for lang in ("sl", "en"):
        text, markdown = both(str(before), str(after), "--lang", lang)
        assert_same_content(text, markdown)
        figures, causes, _ = from_markdown(markdown)
        added = [figure for (name, _), figure in figures.items() if name.endswith("Nova vrstica")]
        assert added and all(before == "—" for before, _, _ in added)  # not in the earlier table
        assert any("Občina Komen" in name for (_, name) in figures)  # a share that changed


def test_pipes_and_stars_in_names_are_escaped(write):
    """A `|` in a name would end its cell and shift every figure after it by a column."""
    strategy = write(MINIMAL.replace("Občina A", "Občina A | *zahod*").replace("short: S", "short: S | sever"))
    markdown = ok("diff", "2025", "2026", "-s", str(strategy), "-f", "markdown")
    table = [line for line in markdown.splitlines() if line.startswith("|")]
    assert all(len(md_cells(line)) == HEADER_CELLS for line in table)
    assert "Občina A \\| \\*zahod\\*" in markdown and "| S \\| sever / Stroški zaposlenih |" in markdown
    figures, _, _ = from_markdown(markdown)
    assert ("S | sever", "Občina A | *zahod*") in figures


def test_the_file_name_says_markdown(tmp_path):
    target = tmp_path / "pregled.md"
    assert run("diff", "2025", "2026", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == ok("diff", "2025", "2026", "-f", "markdown")

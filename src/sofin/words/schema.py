"""What a language of sofin.words has: its words, section by section (one a command)."""

from collections.abc import Callable
from typing import NamedTuple

# NamedTuples: a language is built once a run, and they cost a fraction of a dataclass at start-up. Their
# annotations are types, not text (no `from __future__ import annotations`): typing.NamedTuple compiles a
# text annotation into a ForwardRef, 277 compiles (6 ms) at every start.


class CheckWords(NamedTuple):
    meanings: dict[str, str]  # what each kind of finding means, for the table's column
    sentences: dict[str, str]  # the same as a sentence with {expected} and {found}, for the report
    discrepancy: dict[str, str]  # the noun in each plural form of the language
    reconciles: str  # with {file}: it adds up, no findings, not compared with sofin's allocation
    key_from_table: str
    key_from_strategy: str  # with {path}
    headers: tuple[str, str, str, str, str]
    whole_file: str
    grand_total: str
    report_title: str  # with {file}
    findings_heading: str
    corrected_heading: str
    corrected_note: str
    corrected_prevented_by: dict[str, str]  # why there are no corrected figures, by the finding that prevents them
    row: str
    total: str
    corrected_sheet: str  # the workbook's sheet of corrected figures (at most 31 characters)
    corrected_workbook_note: str  # what the workbook's marks on the corrected figures mean
    published: str  # a changed figure's comment in the workbook, with {figure}: what the table printed
    # Issue 23, item 6: a misread figure (`thousands`) as the file writes it, and the findings that follow from it.
    misread: str  # the found cell of a `thousands` finding, with {written} (as in the file) and {found} (as read)
    follows: str  # after a sum's or share's meaning, with {written} and {found} of the misread cell
    # Issue 23 item 9 (review): whether the table adds up ("usklajena": its figures add up to its totals),
    # told apart from how many figures differ from sofin's, in the summary and under headings of their own.
    summary: str  # with {file} and {clauses}: the clauses below, joined by "; "
    adds_up: str  # the table reconciles
    does_not_add_up: str  # with {sums}: a count in the `sum` forms
    sum: dict[str, str]  # a sum that does not add up, in each plural form, verb included (12 vsot se ne izide)
    adds_up_but: str  # with {count} (in the `discrepancy` forms): it adds up, other findings of its own
    also: str  # with {count}: after does_not_add_up, the table's findings other than its sums
    differs_in: str  # with {count} (in the printed section's `figure` forms): figures unlike sofin's
    agrees: str  # compared with sofin's allocation, every figure the same
    own_heading: str  # with {count}: the table's own findings
    sofin_heading: str  # with {count}: the findings that compare it with sofin's allocation
    sofin_sheet: str  # the workbook's sheet of those (at most 31 characters)
    sofin_headers: tuple[str, str, str, str, str]  # their columns: sofin's figure expected, the table's found
    key_from_shipped: str  # with {title}: the shipped strategy, named by its title
    # Issue 24 item 4 (check): after a finding's meaning, the key it is about by name (a table with keys).
    in_key: str  # with {key}
    # Issue 24 (review, findings 5 and 6): where the percents of a table's keys (plural) came from, as
    # key_from_* say for the payers' shares; and, for a keyed CSV checked with no year known, that its keys'
    # percents are the same in every year of the period, and (with -s) that it was not compared with sofin's.
    keys_from_table: str
    keys_from_strategy: str  # with {path}
    keys_from_shipped: str  # with {title}
    keys_every_year: str  # with {year} (the base year, whose percents were taken), {start}, {end}
    not_compared_without_year: str
    # issue 25 item 1: the column of the text report that says where a finding's figure is (FILE:LINE:COL).
    place: str
    # Issue 25 item 3 (--format junit): where a finding's figure is in the table's file, in a test case's name.
    junit_at: str  # with {line} and {column}
    junit_line: str  # with {line}, when the column is not known


class PlanWords(NamedTuple):
    title: str  # with {start}, {end}, {currency}
    society: str
    municipality: str
    period_total: str  # with {start}, {end}
    rounding: str
    rounding_note: str
    fair: str
    not_fair: str
    sheet: str  # the workbook's sheet, with {start}, {end} (at most 31 characters)
    # issue 26 item 2: the plan workbook's native chart
    xlsx_chart_title: str  # with {start}, {end}
    xlsx_chart_years: str  # the category axis
    xlsx_chart_projected: str  # the category axis when some years are projected, with {years}
    xlsx_chart_amount: str  # the value axis, with {currency}
    xlsx_chart_group: str  # the heading of the row the chart's group of municipalities sums
    pay_effect: str  # the title of the pay law's effect by year (staff amounts by the law minus the staff rate alone)
    pay_effect_row: str  # that effect's row
    # issue 23 item 2: the label of plan's CSV row of kind `projected`, 1 in a projected year and 0 in another
    projected_row: str
    # Issue 26: a chart of many municipalities names the largest; the rest are one group, with {count}.
    chart_others: str
    # issue 26 item 1: the plan's SVG chart (render/plan/svg.py): its title and description, with {start}, {end},
    # {currency}; {names} every municipality; the legend's entries of adopted and projected years.
    chart_title: str
    chart_desc: str  # with {start}, {end}, {currency}, {names}
    chart_group: str  # who the group of the rest is, with {group}, {names}
    chart_desc_projected: str  # with {years}
    chart_adopted: str
    chart_projected: str
    # issue 26 item 5: a scenario's chart says it is one: its <title>, with {title} the chart's own
    chart_scenario_title: str


class DiffWords(NamedTuple):
    title: str  # with {before}, {after}
    row: str
    total_before: str
    total_after: str
    change: str
    cause: str
    causes: dict[str, str]
    sources: dict[str, str]  # how an amount came about; indexed with {rate}
    lines_sum: str
    pay_step: str  # how the pay law moved an amount, with {schedule}, {factor}, {rate}
    pay_scenario: str  # after pay_step when before/target are a what-if (--pay)
    key_same: str
    key_changed: str  # with {name}, {before}, {after}
    unchanged: str  # with {count}
    no_change: str
    # Issue 23, item 5 (diff speaks plainly): a side that does not add up, row by row; the row total's line.
    not_reconciled: str  # with {name}: the side's; each mismatch then in check's sentences
    unreconciled_both: str  # the cause `unreconciled` when neither side adds up, with {before} and {after}
    projected_generic: str  # the footnote of marked figures whose rates the tables do not say, with {mark}
    row_total: str  # the line of a changed row's total, above its municipalities' figures
    # issue 25 item 6: the column of Markdown's table that names the municipality (or row_total) of a figure.
    payer: str


class ExplainWords(NamedTuple):
    title: str  # with {label}, {year}, {currency}
    amount: str  # with {amount}
    pay_grade: str  # with {grade}
    funded: str  # with {share}
    declared: str
    indexed: str  # with {previous}, {rate}, {exact}, {unit}
    adopted: str
    line_total: str  # with {year}, {sum}, {total}
    children_sum: str  # with {sum}, {total}
    split: str  # with {unit}
    exact: str  # with {total}, {share}, {exact}
    rounded: str  # with {figure}, {direction}, {half_up}
    directions: dict[str, str]
    row: str  # with {total}, {ups}, {size}, {rank}
    column: str  # with {label}, {total}, {ups}, {size}, {rank}
    flip_cost: str  # with {other}, {cost}
    flip_free: str  # with {other}
    flip_impossible: str  # with {other}
    whole: str
    as_half_up: str
    because: dict[str, str]  # which constraint decided the direction; "both" with {direction}
    fair: str
    # An item's path (society/line/N) and staff pay by the pay law (pay.py):
    item_amount: str  # with {amount}
    through_line: str  # an item is not split itself, with {line}
    months: tuple[str, ...]  # the twelve months, abbreviated as in "jan–jun 2.463,15"
    law: str  # what an item's pay law rests on, with {schedule}, {schedule_source}, {before}, {target}, {source}, {other}
    law_source: str  # where before and target come from, with {source}
    law_no_source: str  # the pay block names no source
    law_scenario: str  # before and target are a what-if of the command line (--pay)
    declared_law: str  # the first year's declared amount of an item with pay, with {year} (the next), {schedule}
    adopted_law: str  # an adopted amount of an item with pay, with {year}, {other}
    ends_law: str  # a line adopted as one amount after its items followed the pay law, with {year}
    by_law: str  # a year computed by the pay law, with {rate}, {basis}
    law_months: str  # with {year}, {periods}
    law_sums: str  # f(Y) and f(Y-1), with {year}, {previous}, {this}, {last}
    law_factor: str  # with {year}, {previous}, {factor}
    law_other: str  # O(Y-1) and O(Y), with {year}, {previous}, {before}, {after}, {rate}, {unit}
    law_formula: str  # A(Y) with the numbers, with {year}, {amount}, {other}, {this}, {last}, {rate}, {exact}, {unit}
    equals: str  # an exact value that ends, with {value}
    about: str  # a value cut short only to be shown, with {value}
    about_fraction: str  # the same, with the exact fraction, with {value}, {fraction}
    # Issue 23, item 11: what forced a figure that rounds against its own remainder (results.explain.Forced),
    # one sentence a kind, after "→ ". With {direction} and {other_way} (directions' words); "column": {label},
    # {total}; "row": {total}; "beneath": {where} (forced_where's), {sum}, {figure}; "partner_row": {label},
    # {total}, {partner} (a row's label), {partner_exact}, {partner_direction}, {ups}, {size}, {rank} ({direction}:
    # the way its group would round the partner instead);
    # "partner_column": the same, {partner} a payer's name and {label} the parent row of its column; "table": none;
    # "column_tie", "row_tie": as "column", "row" when its remainder ties there with one rounded the other way.
    forced: dict[str, str]
    forced_where: dict[str, str]  # where a figure rounds against its remainder: "row", "column", "row_column"
    # Review of issue 23, item 11: added to the forced sentence under --fair; and {go_up}, how "{ups} of
    # {size}" go up in row, column and the partner sentences: "one" when ups is 1, else "other".
    forced_fair: str
    go_up: dict[str, str]


class ErrorWords(NamedTuple):
    problem: dict[str, str]  # the noun in each plural form of the language
    summary: str  # the last line of an error report, with {count}
    document: str  # the field of a problem with the whole file
    command_line: str  # where a problem with what was typed is
    environment: str  # where a problem with an environment variable is
    csv_line: str  # the field of a problem with a CSV table's line, with {number}
    messages: dict[str, str]  # every problem's message by its key (problems.Message), with its parameters
    not_shown: str  # once on stderr, with {encoding}, when a terminal cannot show a character (ASCII only)
    # issue 25 item 4: the last line of an error report after check reported the other tables, with {count}
    summary_others_reported: str
    # Issue 23, item 1: --output's file name says the format.


class LedgerWords(NamedTuple):
    societies: str  # the account the lines are charged to (ASCII, no spaces: hledger reads it)
    payers: str  # the account the municipalities pay from (likewise)
    heading: str  # with {year}, {currency}, {unit}
    stamp: str  # with {version} and {sha256}
    expenses: str  # a municipality's co-financing expense, by society (ASCII, no spaces)
    payable: str  # what a municipality owes a society until it pays (likewise)
    instalment: str  # a payments transaction's description, with {payer}, {society}, {period}


class AllocateWords(NamedTuple):
    title: str  # with {year} and {currency}
    total: str
    key: str
    grand_total: str
    overview_sheet: str  # with {year}
    exact_sheet: str
    exact_title: str  # with {year}
    pays_title: str  # with {payer} and {year}
    society: str
    annual: str
    printed_by: str  # with {version}
    stamp: str  # a workbook's provenance, with {version} and {sha256}


class PaymentsWords(NamedTuple):
    title: str  # with {payer}, {year} and {schedule}
    schedules: dict[str, str]  # each Schedule's name
    quarter: str  # with {number}
    society: str
    annual: str
    total: str
    # Issue 23, item 12: why the instalments are not all equal, one line under the table. "total": the
    # municipality's total does not divide evenly, with {difference} (one unit, with {currency}), {annual},
    # {periods} (divided_by's), {remainder}; "contracts": only contracts do not, with {difference}, {periods}.
    # Then, when some contracts' extra units fall in later instalments than their first (review of issue 23,
    # item 12), a sentence naming them, with {contracts} (later's, joined by and_list), by why: "full", the
    # earlier totals are full with the contracts above; "needed", the contracts below need the room.
    uneven: dict[str, str]
    later: str  # one such contract, with {society} and {periods} (period names joined by and_list)
    and_list: str  # joins the last two of a list: "{first} and {last}"
    divided_by: dict[str, str]  # "by 4" and "by 12" as the sentences say it, by Schedule (quarterly, monthly)
    # issue 26 item 3: the printable page's due dates (`payments -f html`).
    due: str  # the label of the row of each instalment's due date
    due_date: str  # a due date, as a CLDR date pattern: day and month (the year is the title's; render/dates.py)


class ProjectionWords(NamedTuple):
    """Projected figures and scenarios, in every command's human formats."""

    mark: str  # beside a projected figure or row's label
    footnote: str  # what the marked figures rest on, with {mark} and {assumptions}
    assumption: str  # one rate that is not adopted, with {kind}, {year}, {rate}
    kinds: dict[str, str]  # each cost kind (staff, programme), lowercase, as in a sentence
    bases: dict[str, str]  # what a rate rests on (RateBasis: planned, adopted, scenario)
    adopted_source: str  # an adopted rate's source, with {source}
    scenario: str  # the banner of an output computed with what-ifs, with {what}
    scenario_share: str  # one --share, with {payer}, {share}
    scenario_rate: str  # one --rate, with {kind}, {year}, {rate}
    scenario_pay: str  # one --pay, with {path}, {before}, {target} (monthly pay, in the language's numbers)
    key_from: str  # plan's key from a year on, with {year}
    # The note of figures computed by the pay law: which lines and items, the schedule, where before/target come from.
    pay_footnote: str  # one a schedule, with {groups} (pay_group, one a source), {schedule}, {schedule_source}
    pay_group: str  # the lines whose before/target come from one source, with {parts} (pay_line each) and {source}
    pay_line: str  # a line, with {society}, {line}
    pay_items: str  # a line's items that follow the law, with {line} (pay_line) and {items} (their labels)
    pay_no_source: str  # pay_group's {source} when the pay block names none
    pay_what_if: str  # pay_group's {source} when before/target are a what-if of the command line (--pay)


# issue 23 item 10: what each figure rests on, in every format people read (render/basis.py)
class BasisWords(NamedTuple):
    note: str  # one note for the years a table shows, with {years} (2025, 2026–2029) and {groups}
    group: str  # the amounts of one basis when not all share it, with {parts} and {basis}
    rest: str  # the last group's {parts}: every amount not named before
    line: str  # a line whose every amount has one basis, with {society} and {line}
    item: str  # an item of a line whose amounts differ, with {society}, {line}, {item}
    declared: str  # the strategy's own amounts, with {year} and {source} (the strategy's name)
    adopted: str  # amounts the municipalities adopted, with {year}
    indexed: str  # last year's amount times (1 + r/100), with {rate} (rate_basis)
    pay: str  # by the pay law, then times (1 + r/100), with {rate} (rate_basis)
    rate_basis: str  # a rate and what it rests on, with {basis} (projection.bases), {rate}, {source} (adopted_source)


# Issue 23 item 9: the note under sofin's table when the strategy printed its own for the year.
class PrintedWords(NamedTuple):
    figure: dict[str, str]  # the noun in each plural form, as after "differs in" (sl: v 10 zneskih)
    same: str  # the two tables agree figure for figure, with {year}
    missing: str  # the printed table is not where the strategy says, with {year} and {source} (its path)
    differs: str  # with {year} and {count} (a number of figures); the printed table reconciles
    differs_unreconciled: str  # the same, when the printed table does not reconcile
    contracts: str  # which table the contracts take
    listing: str  # how to list the differing figures, with {command}


# issue 24 item 3: which key splits each line, in the formats people read and the CSV's notes (render/allocate/layout.py, render/section4.py)
class KeyWords(NamedTuple):
    column: str  # the header of the column naming each line's key
    legend: str  # the legend's heading, above one line a key, with {column} (the column's header)
    # issue 24 review (finding 5f): the heading where each line's key stands after its label (a narrow terminal)
    legend_after_labels: str
    default: str  # what the key `default` is, in words, after its name
    entry: str  # one key, with {name} (with default's words or a mix's parts) and {percents} (share each, joined)
    described: str  # the key `default` named with its words, with {name} and {what}
    mix: str  # a mix named with its parts, with {name} and {parts} (part each, joined by " + ")
    part: str  # one part of a mix, with {weight} (a percent) and {key}
    share: str  # one payer's percent, with {payer} (its name) and {percent}


# issue 24 item 4 diff/explain: diff, explain and the scenarios understand a strategy's several keys.
class KeysExplainWords(NamedTuple):
    scenario_key: str  # one --key in a scenario's banner, with {key}, {payer}, {percent}
    key_percent_changed: str  # diff's head: a named key's percent for a payer, with {key}, {name}, {before}, {after}
    key_renamed: str  # the cause `key` of a line whose key changed, with {before}, {after} (key names)
    key_percents: str  # the cause `key` of a line whose key's percents changed, with {key}
    line_key: str  # explain: the line's key, with {key}
    line_mix: str  # explain: the line's key that is a mix, with {key} and {parts} (mix_weight each, joined ", ")
    mix_weight: str  # a part of a mix and its weight, with {key}, {weight}
    mix_percent: str  # how a mix's percent for a payer is made, with {key}, {parts} (mix_part each), {percent}
    mix_part: str  # one part of that sum, with {weight}, {percent}, {key}
    mix_join: str  # between the parts of that sum
    outside: str  # a payer the line's key does not name, with {key}
    by_lines: str  # a total of a strategy with keys: the sum of its rows, each line split by its own key
    lines_exact: str  # a total's exact share for a payer, with {sum}, {exact}
    # Review of issue 24, finding 5: diff's head with keys; explain's figures fixed at 0 in a group.
    default_key_changed: (
        str  # the key default's percent for a payer (the payers' share), with {name}, {before}, {after}
    )
    line_key_changed: str  # a line split by another key, with {line}, {before}, {after}
    keys_same: str  # no key's percents changed, nor any line's key
    line_keys_same: str  # no line's key changed, where a table does not say its keys' percents (a CSV)
    keys_changed: str  # rows changed by a key the head cannot name
    fixed_zero: str  # after a group's "{ups} of {size}": its other figures exactly 0, never rounded, with {fixed}


# issue 25 item 5
class ShowWords(NamedTuple):
    # Never the file's name: git's textconv names each side a temporary file, and the title would differ.
    title: str  # a table that names no year nor currency (a CSV)
    currency_title: str  # a table that names its currency but no year, with {currency}


# issue 26 item 4: `sofin report YEAR`, the council's document (render/report.py)
class ReportWords(NamedTuple):
    title: str  # the document's title, with {year}
    contents: str  # the heading of the list of sections
    table: str  # the section of the year's table, with {year}
    changes: str  # the section of what changed, with {before} (the earlier side's name: a year or a file)
    changes_first: str  # that section's heading when there is nothing before the year
    # The first year of the period, compared with nothing, with {year}, {start}, {end}: and how --previous compares it.
    first_year: str
    plan: str  # the section of the period's plan, with {start}, {end}
    payments: str  # the section of the instalments, with {year} and {schedule} (payments.schedules')
    due: str  # when an instalment is due, with {day}
    assumptions: str  # the section of the assumptions and their sources
    year: str  # the assumptions table's first column
    in_kind: str  # the section of the premises given in kind
    no_in_kind: str  # that section when nothing is given in kind in the year, with {year}
    # issue 26 item 4 (review): staff amounts a planning rate projects that could follow the pay law; the
    # table --previous names, by its path as typed, under the changes' heading (which names the file alone)
    staff_without_pay_law: str
    previous_table: str  # with {path}


class CldrWords(NamedTuple):
    """CLDR's data for the language, as Babel has it (tests/test_local_numbers.py compares them): sofin formats
    numbers, picks plural forms and names months itself (issue 27), so a new language brings its own."""

    group: str  # the thousands separator: 194.630 (sl), 194,630 (en)
    decimal: str  # the decimal separator: 11.768,00 (sl), 11,768.00 (en)
    plural: Callable[[int], str]  # a count's plural form, CLDR's rule for integers: one, two, few, many or other
    months: tuple[str, ...]  # the twelve months' names, wide and stand-alone (the monthly payments' columns)
    months_short: tuple[str, ...]  # abbreviated, for a date pattern's MMM


class Words(NamedTuple):
    locale: str  # the language's code (BCP 47, CLDR): an HTML page's lang, a workbook's language
    cldr: CldrWords  # number symbols, plural rule, month names
    percent: str  # a key share, with {number}: 50,78 % or 50.78%
    all_municipalities: str  # the grand total row where rows are named in sentence case (plan, diff, explain, JSON)
    missing: str  # a figure that one side or the table does not have
    projection: ProjectionWords
    basis: BasisWords  # issue 23 item 10
    allocate: AllocateWords
    ledger: LedgerWords  # allocate's journal
    plan: PlanWords
    payments: PaymentsWords
    diff: DiffWords
    explain: ExplainWords
    check: CheckWords
    errors: ErrorWords
    printed: PrintedWords  # issue 23 item 9
    keys: KeyWords  # issue 24 item 3
    keys_explain: KeysExplainWords  # issue 24 item 4 diff/explain
    show: ShowWords  # issue 25 item 5
    report: ReportWords  # issue 26 item 4

"""A strategy's rules across its fields, on the data as written (Strategy's field validators call them):
its societies' and lines' years within the period, the payers' shares summing to 100 in every year,
the pay schedules its pay blocks name, the ids no payer may take, and the paths of adopted amounts.
Each returns every problem it finds, located, so that one mistake does not hide another.
"""

from decimal import Decimal
from typing import Any

from sofin.pay_schedules import shipped_schedule_names
from sofin.problems import Figure, Message
from sofin.societies import AmountPath
from sofin.strategy_keys import year_problems
from sofin.validation import FIRST_YEAR, HUNDRED, LAST_YEAR, RESERVED_IDS, Located, is_number, is_year, raw_entries


def items_of_lines_adopted_whole(adopted: dict[int, dict[str, Decimal]], known: dict[str, AmountPath]) -> Located:
    """A line adopted as a whole is one amount from then on (years.py): an item of it adopted in a
    later year would be silently ignored, so it is an error."""
    whole: dict[str, int] = {}
    errors: Located = []
    for year in sorted(adopted):
        for path in adopted[year]:
            line = known[path].line if path in known else None
            if line is not None and line in whole:
                message = Message("item_of_a_line_adopted_whole", path=path, line=line, year=whole[line])
                errors.append(((year, path), message))
        for path in adopted[year]:
            if path in known and known[path].line is None:
                whole.setdefault(path, year)
    return errors


def adopted_path_problems(
    amounts: dict[str, Decimal], known: dict[str, AmountPath], year: int
) -> list[tuple[str, Message]]:
    problems = []
    for path in amounts:
        if path not in known:
            problems.append((path, Message("adopted_path_unknown", path=path)))
        elif not known[path].runs:
            problems.append((path, Message("adopted_path_not_running", path=path, year=year)))
        elif known[path].first:
            problems.append((path, Message("adopted_in_first_year", path=path, year=year)))
        elif known[path].line in amounts:
            problems.append((path, Message("adopted_item_and_line", path=path, line=known[path].line)))
    return problems


def unknown_schedules(societies: Any, declared: set[str]) -> Located:
    """Every pay block's schedule is the shipped one or one of the strategy's pay_schedules."""
    named = [
        (where, pay["schedule"])
        for where, pay in _pay_blocks(societies)
        if isinstance(pay, dict) and isinstance(pay.get("schedule"), str)
    ]
    if not named:
        return []
    known = declared | set(shipped_schedule_names())
    return [
        ((*where, "schedule"), Message("unknown_schedule", id=schedule, known=tuple(sorted(known))))
        for where, schedule in named
        if schedule not in known
    ]


def reserved_ids(payers: Any) -> Located:
    """`default` and `mix` name keys in a strategy (issue 24): no payer may be named so."""
    return [
        ((index, "id"), Message("reserved_id", id=entry["id"]))
        for index, entry in raw_entries(payers)
        if entry.get("id") in RESERVED_IDS
    ]


def _pay_blocks(societies: Any) -> list[tuple[tuple[str | int, ...], Any]]:
    """Every `pay` written in the societies, with where it is."""
    blocks: list[tuple[tuple[str | int, ...], Any]] = []
    for s, society in raw_entries(societies):
        for n, line in raw_entries(society.get("lines")):
            if "pay" in line:
                blocks.append(((s, "lines", n, "pay"), line["pay"]))
            blocks += [
                ((s, "lines", n, "items", i, "pay"), item["pay"])
                for i, item in raw_entries(line.get("items"))
                if "pay" in item
            ]
    return blocks


def running_years(index: int, entry: dict[str, Any], period: tuple[int, int], base_year: int) -> Located:
    """A society's and its lines' from/until: within the period, running from the base year on, and
    a line within its society's years."""
    problems = _years_in_period((index,), entry, period, base_year)
    # A society's own years out of place are its problem; its lines are not compared with them.
    start, end = (None, None) if problems else (entry.get("from"), entry.get("until"))
    for number, line in raw_entries(entry.get("lines")):
        where = (index, "lines", number)
        problems += _years_in_period(where, line, period, base_year)
        if is_year(start) and is_year(line.get("from")) and line["from"] < start:
            problems.append(((*where, "from"), Message("line_starts_before_society", year=line["from"], start=start)))
        if is_year(end) and is_year(line.get("until")) and line["until"] > end:
            problems.append(((*where, "until"), Message("line_ends_after_society", year=line["until"], end=end)))
        if is_year(start) and is_year(line.get("until")) and line["until"] < start:
            problems.append(((*where, "until"), Message("line_ends_before_society", year=line["until"], start=start)))
        if is_year(end) and is_year(line.get("from")) and line["from"] > end:
            problems.append(((*where, "from"), Message("line_starts_after_society", year=line["from"], end=end)))
    return problems


def years_without_lines(value: Any, years: range) -> Located:
    """Every year sofin allocates needs a line that runs in it: a table has rows."""
    running: set[int] = set()
    for _, society in raw_entries(value):
        for _, line in raw_entries(society.get("lines")):
            start = max(_year_or(society.get("from"), years[0]), _year_or(line.get("from"), years[0]))
            end = min(_year_or(society.get("until"), years[-1]), _year_or(line.get("until"), years[-1]))
            running.update(range(start, end + 1))
    missing = [year for year in years if year not in running] if running else []
    return [((), Message("year_without_lines", year=year)) for year in missing]


def _year_or(value: Any, default: int) -> int:
    return value if is_year(value) else default


def _years_in_period(
    where: tuple[str | int, ...], entry: dict[str, Any], period: tuple[int, int], base_year: int
) -> Located:
    problems: Located = []
    for field in ("from", "until"):
        year = entry.get(field)
        if not is_year(year) or not FIRST_YEAR <= year <= LAST_YEAR:
            continue  # not a year at all: pydantic says so
        if not period[0] <= year <= period[1]:
            message = Message(f"{field}_outside_period", year=year, start=period[0], end=period[1])
            problems.append(((*where, field), message))
        elif field == "until" and year < base_year:
            problems.append(((*where, field), Message("until_before_base_year", year=year, base_year=base_year)))
    return problems


def share_years(index: int, share: Any, period: tuple[int, int], base_year: int) -> Located:
    """A share mapping's years: within the period, in order, the first at or before the base year."""
    if not isinstance(share, dict):
        return []
    years = [year for year in share if is_year(year)]
    # Whether the base year has a share is asked of a mapping by year only (else it says what it is not).
    no_base_year = Message("no_share_for_base_year", base_year=base_year) if len(years) == len(share) else None
    return year_problems((index, "share"), years, period, base_year, no_base_year)


def one_key_sums_to_hundred(shares: dict[int, Any]) -> Located:
    """Plain-number shares, one key for every year, sum to exactly 100; else one problem at the payers."""
    if not shares or not all(map(is_number, shares.values())):
        return []  # their own problems are reported
    total = sum((Decimal(share) for share in shares.values()), Decimal(0))
    return [] if total == HUNDRED else [((), Message("shares_not_hundred", total=Figure(total)))]


def yearly_keys_sum_to_hundred(shares: dict[int, Any], years: range) -> Located:
    """Each year's shares in force sum to exactly 100; a wrong year is reported at the entries that start it
    (in the first year, every entry in force: a plain number starts there). A later year in which no
    entry starts has the key of the year before: reported there, it is not repeated."""
    if not shares or not all(map(_is_written_share, shares.values())):
        return []  # their own problems are reported
    problems: Located = []
    for year in years:
        in_force = {index: _share_entry(share, year) for index, share in shares.items()}
        total = sum((Decimal(number) for _, number in in_force.values()), Decimal(0))
        if total == HUNDRED:
            continue
        starting = [(index, start) for index, (start, _) in in_force.items() if start == year or year == years[0]]
        problems += [
            (
                (index, "share") if start is None else (index, "share", start),
                Message("year_shares_not_hundred", year=year, total=Figure(total)),
            )
            for index, start in starting
        ]
    return problems


def _is_written_share(share: Any) -> bool:
    if isinstance(share, dict):
        return bool(share) and all(is_year(year) and is_number(number) for year, number in share.items())
    return is_number(share)


def _share_entry(share: Any, year: int) -> tuple[int | None, Any]:
    """The share in force in `year` as written: (the year its entry starts, None for a plain number; the number)."""
    if not isinstance(share, dict):
        return None, share
    start = max(entry for entry in share if entry <= year)
    return start, share[start]

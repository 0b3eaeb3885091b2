"""`sofin explain`, issue 23 item 11: a figure that rounds against its own remainder names the sum that forced it.

The checks here do not ask explain.py how it decided. Each group's largest-remainder roundings are
enumerated afresh (every set of `ups` figures that no figure left out beats), a figure is against its
remainder in a group when none of them rounds it as the table does, and every claim of a sentence is
checked on the table's own figures; the best table with the figure the other way comes from a solve
with that figure forced, to show which sum has to give.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin.allocate import allocate
from sofin.explain import explain
from sofin.load import load_strategy_file
from sofin.pipeline import explain_figure
from sofin.rounding import ROOT, controlled_round, round_with_forced
from sofin.years import year_lines

from .helpers import STRATEGY_2025, assert_golden, run, strategy_from_text
from .helpers.strategies import strategy_texts


def _rest(value: Decimal, unit: Decimal) -> Decimal:
    return value - value.quantize(unit, rounding=ROUND_FLOOR)


def _direction(exact: Decimal, rounded: Decimal) -> str:
    return "exact" if exact == rounded else "up" if rounded > exact else "down"


def ways_by_remainders(exacts: list[Decimal], total: Decimal, unit: Decimal) -> tuple[frozenset[str], ...]:
    """For each figure of a group that must add up to `total`: the ways the group's largest-remainder
    roundings round it (both when a tie across the edge lets it go either way), found by trying every
    set of figures that could go up."""
    # A row's enumeration is asked for once for each of its payers, and again for each figure it is a partner
    # of: the same group as written (its texts, each exponent kept) is enumerated once.
    return _ways_by_remainders(tuple(map(str, exacts)), str(total), str(unit))


@functools.cache
def _ways_by_remainders(written: tuple[str, ...], total_written: str, unit_written: str) -> tuple[frozenset[str], ...]:
    exacts, total, unit = [Decimal(text) for text in written], Decimal(total_written), Decimal(unit_written)
    floors = sum(exact.quantize(unit, rounding=ROUND_FLOOR) for exact in exacts)
    ups = int((total - floors) / unit)
    movable = [i for i, exact in enumerate(exacts) if _rest(exact, unit)]
    ways: list[set[str]] = [set() for _ in exacts]
    for chosen in itertools.combinations(movable, ups):
        left_out = [i for i in movable if i not in chosen]
        if (
            chosen
            and left_out
            and min(_rest(exacts[i], unit) for i in chosen) < max(_rest(exacts[i], unit) for i in left_out)
        ):
            continue  # a figure left out has a larger remainder than one that goes up: not by remainders
        for i in movable:
            ways[i].add("up" if i in chosen else "down")
    return tuple(map(frozenset, ways))


class _Table:
    """The allocation's figures as groups: a row's figures, and a payer's figures under a parent row."""

    def __init__(self, allocation):
        self.allocation = allocation
        self.unit = allocation.unit
        self.payers = range(len(allocation.payers))

    def row_ways(self, row, payer) -> frozenset[str]:
        return ways_by_remainders(list(row.exact), row.total, self.unit)[payer]

    def column_ways(self, row, payer) -> frozenset[str] | None:
        if not row.path:
            return None
        parent = self.allocation.row(row.path[:-1])
        siblings = self.allocation.children(parent.path)
        exacts = [sibling.exact[payer] for sibling in siblings]
        return ways_by_remainders(exacts, parent.allocation[payer], self.unit)[siblings.index(row)]

    def against(self, row, payer) -> tuple[str, ...]:
        way = _direction(row.exact[payer], row.allocation[payer])
        if way == "exact":
            return ()
        column = self.column_ways(row, payer)
        return tuple(
            name
            for name, ways in (("row", self.row_ways(row, payer)), ("column", column))
            if ways is not None and way not in ways
        )

    def swaps(self, cells, row, payer):
        """The figures of a group the group's remainders would round the other way instead of (row, payer)."""
        exact, way = row.exact[payer], _direction(row.exact[payer], row.allocation[payer])
        for other_row, other in cells:
            if (other_row, other) == (row, payer):
                continue
            other_way = _direction(other_row.exact[other], other_row.allocation[other])
            mine, theirs = _rest(exact, self.unit), _rest(other_row.exact[other], self.unit)
            if other_way not in ("exact", way) and (theirs > mine if way == "up" else theirs < mine):
                yield other_row, other

    def partners_in_column(self, row, payer):
        """Such figures in the column, that their own row rounds as they are by remainders alone."""
        siblings = self.allocation.children(row.path[:-1])
        for other_row, other in self.swaps([(sibling, payer) for sibling in siblings], row, payer):
            if self.row_ways(other_row, other) == {_direction(other_row.exact[other], other_row.allocation[other])}:
                yield other_row, other

    def partners_in_row(self, row, payer):
        """Such figures in the row, that their own column rounds as they are by remainders alone."""
        for other_row, other in self.swaps([(row, other) for other in self.payers], row, payer):
            ways = self.column_ways(other_row, other)
            if ways == {_direction(other_row.exact[other], other_row.allocation[other])}:
                yield other_row, other


def assert_forced_is_true(allocation, figure, row) -> None:
    """Whether the figure is against its remainder, and every claim of what forced it, on the table itself."""
    table = _Table(allocation)
    payer = [p.id for p in allocation.payers].index(figure.payer.id)
    against = table.against(row, payer)
    forced = figure.forced
    if not against:
        assert forced is None
        return
    assert forced is not None and forced.against == against
    way = figure.direction
    children = allocation.children(row.path)
    if forced.by in ("column", "row"):
        assert against == (("row",) if forced.by == "column" else ("column",))
        held = table.column_ways(row, payer) if forced.by == "column" else table.row_ways(row, payer)
        assert held is not None and way in held  # the group named rounds it so by its remainders ...
        assert forced.tie == (held == {"up", "down"})  # ... or ties there across the edge
        binding = row.path[:-1] if forced.by == "column" else row.path
        assert forced.constraint.path == binding
        bound = allocation.row(binding)
        assert forced.constraint.total == (bound.allocation[payer] if forced.by == "column" else bound.total)
        return
    # Neither group alone rounds it so: both against it, or a grand total's row (which has no column).
    assert against == ("row", "column") or not row.path
    if children:
        assert forced.by == "beneath"
        assert forced.beneath == tuple((child.label, child.allocation[payer]) for child in children)
        assert sum(amount for _, amount in forced.beneath) == figure.rounded
        return
    in_column, in_row = list(table.partners_in_column(row, payer)), list(table.partners_in_row(row, payer))
    if forced.by == "partner_row":
        partner = forced.partner
        assert (partner.path, [p.id for p in allocation.payers].index(partner.payer.id)) in [
            (r.path, p) for r, p in in_column
        ]
        assert partner.payer.id == figure.payer.id and partner.path[:-1] == row.path[:-1]
        assert forced.constraint.path == row.path[:-1] and partner.holds.path == partner.path
    elif forced.by == "partner_column":
        assert not in_column
        partner = forced.partner
        assert partner.path == row.path and (row.path, allocation.payers.index(partner.payer)) in [
            (r.path, p) for r, p in in_row
        ]
        assert forced.constraint.path == row.path and partner.holds.path == row.path[:-1]
    else:
        assert forced.by == "table" and not in_column and not in_row


def _paths(allocation) -> list[tuple[str, ...]]:
    return [row.path for row in allocation.rows]


class TestShippedStrategy:
    @pytest.mark.parametrize("year", range(2025, 2030))
    def test_every_figure_against_its_remainder_names_what_is_true(self, year):
        """Every row and payer of every year: against a remainder exactly when the enumeration says, and each
        claim true on the table."""
        against = 0
        for path in _paths(explain_figure(None, year, "/", None).allocation):
            explanation = explain_figure(None, year, "/".join(path) or "/", None)
            for figure in explanation.figures:
                assert_forced_is_true(explanation.allocation, figure, explanation.row)
                against += figure.forced is not None
        assert against  # every year has some: the test looks at real cases

    def test_komen_vezi_staff_2025_the_column_forced_it_down(self):
        """7.195,4976 has the row's 2nd largest remainder and 2 of 4 go up, yet it goes down. Rounded up as
        the row's remainders want (and Sežana's 23.850,3504, the smaller one that went up, down in its place),
        the row still adds up to 46.968 but Komen's figures under VEZI add up to 7.896, not 7.895. The best table
        with it up keeps 7.895 by rounding Komen's programme figure down instead, and costs 0,08 more."""
        explanation = explain_figure(None, 2025, "vezi/staff", "komen")
        (figure,) = explanation.figures
        allocation = explanation.allocation
        assert figure.forced.by == "column" and figure.forced.constraint.total == Decimal(7895)
        staff, programme, vezi = (allocation.row(p) for p in (("vezi", "staff"), ("vezi", "programme"), ("vezi",)))
        komen, sezana = 3, 0
        swapped = list(staff.allocation)
        swapped[komen] += 1
        swapped[sezana] -= 1
        assert sum(swapped) == staff.total  # the row is content
        assert swapped[komen] + programme.allocation[komen] == vezi.allocation[komen] + 1  # Komen's column is not
        assert swapped[sezana] + programme.allocation[sezana] == vezi.allocation[sezana] - 1  # nor Sežana's
        best = _solved_with(allocation, ("vezi", "staff"), komen, figure.other)
        changed = {
            (path, p)
            for path, row in best.items()
            for p, value in enumerate(row)
            if value != _figure(allocation, path, p)
        }
        assert (("vezi", "programme"), komen) in changed and best["vezi", "programme"][komen] < programme.exact[komen]
        assert best["vezi",][komen] == vezi.allocation[komen]  # Komen's VEZI figure held: its programme gave way
        assert (
            _error(allocation, best) - _error(allocation, _table_of(allocation)) == Decimal("0.08") == figure.flip_cost
        )

    def test_text_in_both_languages(self):
        sl = run("explain", "2025", "vezi/staff", "--payer", "komen").stdout
        assert "ostanek tega deleža je 2. največji" in sl and "zaokroženo: 7.195 (navzdol)" in sl
        assert (
            "→ proti ostanku v vrstici (sama vrstica bi ga zaokrožila navzgor); odloči stolpec: deleži občine pod"
            " „Društvo VEZI“ se morajo sešteti v 7.895, med njimi pa ga ostanek zaokroži navzdol" in sl
        )
        en = run("explain", "2025", "vezi/staff", "--payer", "komen", "--lang", "en").stdout
        assert "the column decides: the municipality's figures under 'Društvo VEZI' must add up to 7,895" in en

    def test_json_carries_it(self):
        document = json.loads(run("explain", "2025", "vezi/staff", "--payer", "sezana", "-f", "json").stdout)
        forced = document["figures"][0]["forced"]
        assert forced["by"] == "partner_row" and forced["against"] == ["row", "column"]
        assert forced["constraint"]["path"] == ["vezi"] and forced["constraint"]["total"] == "26170"
        assert forced["partner"]["path"] == ["vezi", "programme"] and forced["partner"]["direction"] == "down"
        assert forced["partner"]["holds"]["path"] == ["vezi", "programme"]

    def test_a_grand_total_is_forced_by_the_rows_beneath(self):
        """2026, Komen's grand total: 3rd largest remainder with 2 of 4 up, yet up; its societies' figures sum to it."""
        text = run("explain", "2026", "/", "--payer", "komen").stdout
        explanation = explain_figure(None, 2026, "/", "komen")
        societies = explanation.allocation.children(())
        figures = " + ".join(f"{s.allocation[3]:,.0f}".replace(",", ".") for s in societies)
        assert f"odločijo vrstice pod njo: znesek je vsota deležev občine v njih, {figures} = 30.414" in text

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_golden(self, lang):
        suffix = "" if lang == "sl" else "_en"
        text = run("explain", "2025", "vezi/staff", "--lang", lang).stdout
        assert_golden(f"explain_2025_vezi_staff{suffix}.txt", text)


def _crafted(shares: list[int], amounts: list[int]) -> str:
    """One society K of programme lines, payers A, B, C... with whole-percent shares, one year."""
    payers = "\n".join(
        f"  - {{id: {chr(97 + i)}, name: Občina {chr(65 + i)}, share: {s}}}" for i, s in enumerate(shares)
    )
    lines = "\n".join(
        f"      - {{id: l{n}, label: Vrstica {n}, kind: programme, amount: {a}}}"
        for n, a in enumerate(amounts, start=1)
    )
    return (
        "strategy: Test\nperiod: [2025, 2025]\nbase_year: 2025\ncurrency: EUR\nunit: 1\n"
        f"payers:\n{payers}\nindexation:\n  staff: {{default: 2}}\n  programme: {{default: 2}}\n"
        f"societies:\n  - id: k\n    name: Društvo K\n    short: K\n    lines:\n{lines}\n"
    )


class TestCraftedStrategies:
    """The kinds the shipped strategy does not show, on one society of three lines."""

    def _figure(self, write, shares, amounts, path, payer):
        strategy = write(_crafted(shares, amounts))
        explanation = explain_figure(strategy, 2025, path, payer)
        (figure,) = explanation.figures
        assert_forced_is_true(explanation.allocation, figure, explanation.row)
        return strategy, figure

    def test_a_partner_held_by_its_column(self, write):
        """35/30/35 of 264, 182, 171. Line 2 (182): A 63,7, B 54,6, C 63,7; 2 go up, so by the row A and C.
        A's column under K (92,4 + 63,7 + 59,85 in 216: 2 up, .85 and .7) would raise A too, yet A goes
        down: B's 54,6 took a unit of the row, held up by B's column (79,2 + 54,6 + 51,3 in 185: 1 up, .6)."""
        strategy, figure = self._figure(write, [35, 30, 35], [264, 182, 171], "k/l2", "a")
        assert (figure.rounded, figure.forced.by, figure.forced.partner.payer.id) == (63, "partner_column", "b")
        text = run("explain", "2025", "k/l2", "-p", "a", "-s", str(strategy)).stdout
        assert "odloči stolpec plačnika „Občina B“: deleži vrstice se morajo sešteti v 182, njegov delež (54,6)" in text
        assert "(pod „K“ 1 od 3 navzgor, njegov ostanek je 1. največji)" in text

    def test_a_tie_in_the_row(self, write):
        """Line 1 (264): A 92,4, B 79,2, C 92,4; one goes up, A or C: the row has no preference. A's column
        would round it down (2 of 3 up: .85 and .7), yet it goes up."""
        strategy, figure = self._figure(write, [35, 30, 35], [264, 182, 171], "k/l1", "a")
        assert (figure.rounded, figure.forced.by, figure.forced.tie) == (93, "row", True)
        text = run("explain", "2025", "k/l1", "-p", "a", "-s", str(strategy), "--lang", "en").stdout
        assert "the row decides: its figures must add up to 264, and among them its remainder equals that of" in text

    def test_a_tie_in_the_column(self, write):
        """61/14/25 of 204 and 4. Line 1: A 124,44, B 28,56, C 51; one goes up, by the row B. A's column under K
        (124,44 + 2,44 in 127) has A tied with line 2's A: the column does not prefer either."""
        _, figure = self._figure(write, [61, 14, 25], [204, 4], "k/l1", "a")
        assert (figure.rounded, figure.forced.by, figure.forced.tie) == (125, "column", True)

    def test_the_whole_table(self, write):
        """50/7/43 of 275, 163, 150. Line 2's B, 11,41, goes up against its row (A's 81,5 first) and its column
        (line 3's 10,5 first); A's 81,5 and line 3's B tie where they are held: no one group decides."""
        strategy, figure = self._figure(write, [50, 7, 43], [275, 163, 150], "k/l2", "b")
        assert (figure.rounded, figure.forced.by) == (12, "table")
        assert figure.flip_cost is not None and figure.flip_cost > 0  # the table's least error, not a tie
        text = run("explain", "2025", "k/l2", "-p", "b", "-s", str(strategy)).stdout
        assert "nobena posamezna vrstica ali stolpec ga ne določa: odloči najmanjša skupna napaka cele tabele" in text


class TestRandomStrategies:
    @settings(max_examples=25, deadline=None)
    @given(strategy_texts(), st.integers(2025, 2026))
    def test_every_claim_is_true(self, text, year):
        strategy = strategy_from_text(text)
        allocation = allocate(strategy, year_lines(strategy, year))
        no_flips = {payer.id: None for payer in allocation.payers}
        for row in allocation.rows:
            explanation = explain(allocation, row.path, None, no_flips)
            for figure in explanation.figures:
                assert_forced_is_true(allocation, figure, row)


# The table as a tree for the solver, to solve it with one figure forced the other way.


def _table_of(allocation) -> dict[tuple[str, ...], tuple[Decimal, ...]]:
    return {row.path: row.allocation for row in allocation.rows}


def _figure(allocation, path, payer) -> Decimal:
    return allocation.row(path).allocation[payer]


def _error(allocation, table) -> Decimal:
    return sum(
        (abs(value - exact) for row in allocation.rows for value, exact in zip(table[row.path], row.exact)), Decimal(0)
    )


def _solved_with(allocation, path, payer, figure) -> dict[tuple[str, ...], tuple[Decimal, ...]]:
    rows = allocation.rows
    index = {row.path: i for i, row in enumerate(rows)}
    parents = [ROOT if not row.path else index[row.path[:-1]] for row in rows]
    totals = [int(row.total) for row in rows]
    shares = [Fraction(p.share) / 100 for p in allocation.payers]
    solved = round_with_forced(parents, totals, shares, forced={(index[path], payer): int(figure)})
    return {row.path: tuple(Decimal(value) for value in solved.figures[i]) for i, row in enumerate(rows)}


def test_the_shipped_table_is_what_the_solver_gives():
    """The helper above rebuilds 2025's table as sofin solves it (unit 1): its forced solves are comparable."""
    strategy = load_strategy_file(STRATEGY_2025).strategy
    allocation = allocate(strategy, year_lines(strategy, 2025))
    rows = allocation.rows
    index = {row.path: i for i, row in enumerate(rows)}
    parents = [ROOT if not row.path else index[row.path[:-1]] for row in rows]
    solved = controlled_round(
        parents, [int(r.total) for r in rows], [Fraction(p.share) / 100 for p in allocation.payers]
    )
    assert tuple(tuple(Decimal(v) for v in row) for row in solved.figures) == tuple(row.allocation for row in rows)


class TestWording:
    """Review of item 11: quotes that do not nest, "goes up" for one, which way row and column round a
    figure they both decide, and --fair's period-wide rounding in the forced sentence."""

    def test_a_label_with_guillemets_is_quoted_with_other_marks(self):
        """Društvo »PO-MOČ« carries » itself: explain's sentences quote labels with „…“, never »…» nested."""
        text = run("explain", "2027", "po-moc/staff", "--payer", "hrpelje-kozina").stdout
        assert "pod „Društvo »PO-MOČ«“ se morajo sešteti" in text
        assert "»Društvo »" not in text and "«« " not in text

    @pytest.mark.parametrize("args", [("2025", "vezi/staff"), ("2028", "po-moc/staff"), ("2029", "rk-sezana")])
    def test_one_goes_up_more_go_up(self, args):
        text = run("explain", *args, "--lang", "en").stdout
        counts = re.findall(r"(\d+) of \d+ (goes|go) up", text)
        assert counts and any(ups == "1" for ups, _ in counts)
        assert all((verb == "goes") == (ups == "1") for ups, verb in counts)

    def test_row_and_column_both_say_which_way(self):
        """2028, PO-MOČ staff, Komen: the row (3 of 4 up, its remainder the 4th) and the column (1 of 2 up,
        its remainder the 2nd) both round it down."""
        document = json.loads(run("explain", "2028", "po-moc/staff", "--payer", "komen", "-f", "json").stdout)
        figure = document["figures"][0]
        assert figure["decided_by"] == "both" and figure["direction"] == "down"
        row, column = figure["constraints"]["row"], figure["constraints"]["column"]
        assert row["rank"] > row["ups"] and column["rank"] > column["ups"]  # neither takes it among its ups
        assert row["way"] == column["way"] == "down"
        sl = run("explain", "2028", "po-moc/staff", "--payer", "komen").stdout
        assert "→ vrstica in stolpec ga oba zaokrožita navzdol" in sl
        en = run("explain", "2028", "po-moc/staff", "--payer", "komen", "--lang", "en").stdout
        assert "→ the row and the column both round it down" in en

    def test_fair_binds_the_forced_figure_too(self):
        args = ("explain", "2027", "po-moc/staff", "--payer", "hrpelje-kozina")
        fair = run(*args, "--fair").stdout
        forced = next(line for line in fair.splitlines() if line.strip().startswith("→"))
        assert "odloči stolpec" in forced
        assert forced.endswith("ga veže tudi zaokroževanje kumulativnih zneskov obdobja")
        alone = run(*args).stdout
        assert "--fair" not in alone
        en = run(*args, "--fair", "--lang", "en").stdout
        assert "the period-wide rounding of the cumulative figures binds it too" in en
